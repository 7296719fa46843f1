"""Building the staged languages with MkDocs: both at once, with the build cache.

`LanguageBuilds` is `site-builder build`: each language in its own process (parallel.py),
into a new folder, reusing the files of the previous build of the same target where they are
the same. Languages staged in processes of their own (which hold the whole checked site) are
built in processes forked before the site was read (`builders`), given a `LanguageJob`: the
largest process of a cold build is then the one that stages the largest language, not the
one that stages and builds it. `PreviewSession` is `site-builder serve`: it keeps the served
folder and the cache open between saves and updates only the files that changed, in place,
in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from .. import memo
from ..check import shown_path
from ..config import SiteConfig
from ..parallel import Waiting, run_all, stay_out_of_all
from ..problems import ContentError, Problem
from .build_cache import (
    BuildCache,
    Uncacheable,
    code_fingerprint,
    digest,
    theme_files,
)
from .mkdocs_run import language_config, run_mkdocs
from .mkdocs_steps import LanguageSteps
from .outline_exchange import OutlineExchange, Share
from .saved_pages import LastBuild, pages_first
from .site_output import Record, SiteOutput
from .stage_reuse import LanguageInputs, Outline, known_plugins_only, outline
from .staging import StagedLanguage

Manifest = dict[str, Record]
Previous = tuple[LanguageInputs | None, Manifest]  # what the last build of a folder left


def language_fingerprint(site: SiteConfig, staged: StagedLanguage, epoch: str | None
                         ) -> bytes | None:
    """Everything one language's MkDocs build reads: when it is the same as for the files
    an earlier build left, those files are the build (None: not known for this site)."""
    raw = site.raw
    if not known_plugins_only(site):
        return None
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    custom = theme.get("custom_dir")
    overrides = language_config(site, staged, Path("docs"), Path("site"))
    try:
        return digest(
            code_fingerprint(), site.path.read_bytes(), overrides,
            theme_files(site.root / custom) if custom else b"", epoch or "",
            [(path, page.settings_digest, page.body)
             for path, page in sorted(staged.pages.items())],
            [(path, digest(data)) for path, data in sorted(staged.files.items())],
            [(path, str(source), source.stat().st_size, source.stat().st_mtime_ns)
             for path, source in sorted(staged.copies.items())])
    except (Uncacheable, OSError):
        return None


def _reuse_all(output: SiteOutput, previous: Manifest) -> bool:
    """Link every file of an earlier build of the same inputs; False if one is not as it was
    (and then nothing is half done: the caller builds the language)."""
    return all(output.reuse(relative, record[0]) for relative, record in previous.items())


def _do_all(work: list[Callable[[], None]], exchange: OutlineExchange | None = None
            ) -> tuple[dict[bytes, bytes], set[bytes]]:
    """The `work`, in a forked process; returns what it remembered (memo.py), for the
    process that forked this one to keep."""
    stay_out_of_all()
    if exchange is not None:
        exchange.stay_out()
    before = memo.pending()
    for one in work:
        one()
    return memo.handed_back(before)


def language_folder(root: Path, lang: str, default: str) -> Path:
    """The default language at the root of the site, the others in their own folder."""
    return root if lang == default else root / lang


def previous_builds(cache_dir: Path, target: Path, languages: tuple[str, ...]
                    ) -> dict[str, Previous]:
    """What the last build into `target` left of each language, as the cache knows it."""
    cache = BuildCache(cache_dir)
    try:
        found = {lang: cache.manifest(language_folder(target, lang, languages[0]))
                 for lang in languages}
    finally:
        cache.close()
    return {lang: (inputs if isinstance(inputs, LanguageInputs) else None, files)
            for lang, (inputs, files) in found.items()}


Built = tuple[LanguageInputs | None, Manifest, dict[str, int]]  # and what MkDocs did


@dataclass
class LanguageJob:
    """One language's MkDocs build: all it needs, to be sent to the process that runs it."""

    lang: str
    staged: StagedLanguage
    outline: Outline
    docs_dir: Path
    site_dir: Path
    earlier: Path  # the previous build's folder of this language
    previous: Previous | None
    epoch: str  # SOURCE_DATE_EPOCH (build_date.py)
    stage_key: bytes | None
    in_halves: bool  # its Markdown converted in two processes at once
    spare: Manifest | None  # the spare folder built into in place; None: a new folder
    cache_dir: Path | None  # None: no cache


def build_language(config: SiteConfig, job: LanguageJob) -> Built:
    """A staged language built by MkDocs into its folder, reusing what the previous build
    and the cache hold."""
    before, files = job.previous or (None, {})
    if job.cache_dir is None:
        output = SiteOutput(job.site_dir)
        counts = run_mkdocs(config, job.staged, job.docs_dir, output,
                            source_date_epoch=job.epoch, convert_in_halves=job.in_halves)
        return None, output.manifest, counts
    fingerprint = language_fingerprint(config, job.staged, job.epoch)
    inputs = LanguageInputs(job.stage_key, fingerprint, job.outline)
    output = _site_output(job.site_dir, job.earlier, files, job.spare)
    if fingerprint is not None and before is not None and \
            fingerprint == before.fingerprint and _reuse_all(output, files):
        output.commit()
        return inputs, output.manifest, {"unchanged": len(files)}
    cache = BuildCache(job.cache_dir)
    try:
        counts = run_mkdocs(config, job.staged, job.docs_dir, output,
                            source_date_epoch=job.epoch, cache=cache,
                            convert_in_halves=job.in_halves)
        cache.flush()
    finally:
        cache.close()
    output.commit()
    return inputs, output.manifest, counts


def _site_output(site_dir: Path, earlier: Path, files: Manifest, spare: Manifest | None
                 ) -> SiteOutput:
    if spare is None:
        return SiteOutput(site_dir, [(earlier, files)])
    return SiteOutput(site_dir, [(site_dir, spare), (earlier, files)], in_place=True)


@dataclass
class LanguageBuilds:
    config: SiteConfig
    staged: dict[str, StagedLanguage]  # the languages to build
    epochs: dict[str, str]  # SOURCE_DATE_EPOCH per language (build_date.py)
    cache_dir: Path | None  # None: no cache, as on a fresh machine
    previous: dict[str, Previous] = field(default_factory=dict)  # by the cache
    stage_keys: dict[str, bytes | None] = field(default_factory=dict)  # stage_reuse.py
    # Languages whose last build is taken over whole: their inputs are as they were.
    kept: frozenset[str] = frozenset()
    # What the folder built into holds, by language, when it is the spare (spare_site.py):
    # it is brought up to date in place. None: a new, empty folder.
    spare: dict[str, Manifest] | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Given, the languages not in `staged` (nor kept) are staged by it, each in a process of
    # its own, at the same time (outline_exchange.py), and built in their `builders`:
    # processes forked before the content was read (one forked later holds all of it).
    stage: Callable[[str, Share], StagedLanguage] | None = None
    builders: dict[str, Waiting[LanguageJob, Built]] = field(default_factory=dict)
    # The language with the most pages: its Markdown is converted in two processes at once,
    # as it would otherwise be built long after the others (one core idle meanwhile).
    largest: str | None = None

    @property
    def default(self) -> str:
        return self.config.languages[0]

    def run(self, new_site: Path, stage_root: Path, *, earlier: Path,
            beside: Sequence[Callable[[], None]] = (),
            held: tuple[dict[bytes, bytes], set[bytes]] | None = None
            ) -> dict[str, tuple[LanguageInputs | None, Manifest]]:
        """Build every language into `new_site`; `earlier` is the previous build's folder.
        Each work `beside` is done at the same time, in a process of its own. What this
        process remembered and `held` back (memo.hold_back) is kept with what the languages'
        staging remembered, while they are built."""
        languages = [lang for lang in self.config.languages
                     if lang in self.staged or lang in self.kept or self.stage is not None]
        to_stage = [lang for lang in languages
                    if lang not in self.staged and lang not in self.kept]
        exchange = OutlineExchange(stage_root.parent / "outlines", to_stage) \
            if to_stage else None
        tasks: list[Callable[[], Any]] = []
        for lang in languages:
            where = (stage_root / lang, language_folder(new_site, lang, self.default),
                     language_folder(earlier, lang, self.default), self.previous.get(lang))
            if lang in to_stage:
                assert exchange is not None
                tasks.append(partial(self._stage_for, lang, *where, exchange))
            else:
                tasks.append(partial(self._one, lang, *where, exchange))
        tasks.extend(partial(_do_all, [work], exchange) for work in beside)
        # Staged elsewhere, a language is built in its builder: this process only waits.
        everything = run_all(tasks, first_here=not to_stage)
        done = everything[:len(languages)]
        if to_stage:  # what this process held back, and the others remembered, kept at once
            for remembered in [held, *everything[len(languages):]]:
                if remembered is not None:
                    memo.take_back(remembered)
            for lang, result in zip(languages, done, strict=True):
                if lang in to_stage:
                    memo.take_back(result)
            if self.cache_dir is not None:
                memo.save()  # while the builders work
        built: list[Built] = [self.builders[lang].result() if lang in to_stage else result
                              for lang, result in zip(languages, done, strict=True)]
        results = {}
        for lang, (inputs, manifest, counts) in zip(languages, built, strict=True):
            results[lang] = (inputs, manifest)
            self.counts[lang] = counts
        return results

    def _one(self, lang: str, docs_dir: Path, site_dir: Path, earlier: Path,
             previous: Previous | None, exchange: OutlineExchange | None = None) -> Built:
        """One language staged already, in its own process (with its own connection to the
        cache)."""
        stay_out_of_all()
        if exchange is not None:
            exchange.stay_out()
        before, files = previous or (None, {})
        if lang in self.kept:
            output = _site_output(site_dir, earlier, files, self._spare(lang))
            if not _reuse_all(output, files):  # changed since this build looked at them
                raise ContentError([Problem(
                    shown_path(earlier), None, "files in this folder changed while the build "
                    "was taking them over (was another program writing there?). Nothing "
                    "was replaced: run the build again.")])
            output.commit()
            return before, output.manifest, {"unchanged": len(files)}
        # The other languages' pages are built elsewhere: their memory serves this one.
        staged = self.staged[lang]
        self.staged = {lang: staged}
        return build_language(self.config, self._job(lang, staged, docs_dir, site_dir,
                                                      earlier, previous))

    def _stage_for(self, lang: str, docs_dir: Path, site_dir: Path, earlier: Path,
                   previous: Previous | None, exchange: OutlineExchange
                   ) -> tuple[dict[bytes, bytes], set[bytes]]:
        """Stage `lang` in this process and give it to its builder. Returns what staging
        remembered (memo.py), for the process that forked this one to keep in the cache:
        writing it from here took this process, the build's largest, 4-6 MiB higher."""
        builder = self.builders[lang]
        for other in self.builders.values():
            if other is not builder:
                other.stay_out()
        assert self.stage is not None
        before = memo.pending()
        with exchange.joined(lang) as share:
            staged = self.stage(lang, share)
        builder.give(self._job(lang, staged, docs_dir, site_dir, earlier, previous))
        return memo.handed_back(before)

    def _job(self, lang: str, staged: StagedLanguage, docs_dir: Path, site_dir: Path,
             earlier: Path, previous: Previous | None) -> LanguageJob:
        # The content items are for describing the pages, done by now: not sent along.
        return LanguageJob(lang, replace(staged, items={}), outline(staged), docs_dir,
                           site_dir, earlier, previous, self.epochs[lang],
                           self.stage_keys.get(lang), lang == self.largest,
                           self._spare(lang), self.cache_dir)

    def _spare(self, lang: str) -> Manifest | None:
        return None if self.spare is None else self.spare.get(lang, {})

    def remember(self, target: Path,
                 results: dict[str, tuple[LanguageInputs | None, Manifest]]) -> None:
        """Where the files of this build now are, for the next build to reuse."""
        if self.cache_dir is None:
            return
        cache = BuildCache(self.cache_dir)
        for lang, (inputs, manifest) in results.items():
            cache.set_manifest(language_folder(target, lang, self.default), inputs, manifest)
        cache.close()


@dataclass
class PreviewSession:
    """The live preview's served folder, updated in place after every save; a saved page
    can be shown before the rest is built (saved_pages.py)."""

    folder: Path
    cache_dir: Path | None
    work: Path
    manifests: dict[str, Manifest] = field(default_factory=dict)
    fingerprints: dict[str, bytes | None] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    last: LastBuild | None = None  # the last build that succeeded
    _cache: BuildCache | None = None
    # The served files that saved pages shown first replaced, as they were: put back when
    # the build that follows fails (the preview shows the last version that built).
    _replaced: dict[str, dict[Path, bytes | None]] = field(default_factory=dict)

    def update(self, config: SiteConfig, staged: dict[str, StagedLanguage],
               epochs: dict[str, str], last: LastBuild | None = None) -> None:
        """Build every language whose inputs changed; only when all built are their changed
        files moved in. `last` is what this build read, for the saved pages of the next
        save."""
        if self._cache is None and self.cache_dir is not None:
            self._cache = BuildCache(self.cache_dir)
        default = config.languages[0]
        built = config.root / str(config.raw.get("site_dir") or "site")
        outputs: dict[str, SiteOutput] = {}
        fingerprints: dict[str, bytes | None] = {}
        steps: dict[str, LanguageSteps] = {}
        try:
            for lang, language in staged.items():
                fingerprint = fingerprints[lang] = language_fingerprint(config, language,
                                                                        epochs[lang])
                if fingerprint is not None and fingerprint == self.fingerprints.get(lang) \
                        and not self._replaced.get(lang) and self.last is not None \
                        and lang in self.last.steps:
                    self.counts[lang] = {"unchanged": len(self.manifests.get(lang, {}))}
                    steps[lang] = self.last.steps[lang]
                    continue
                served = language_folder(self.folder, lang, default)
                earlier = [(served, self.manifests.get(lang, {}))]
                if self._cache is not None:  # the last `site-builder build`, for a quick start
                    site = language_folder(built, lang, default)
                    earlier.append((site, self._cache.manifest(site.resolve())[1]))
                outputs[lang] = output = SiteOutput(served, earlier, in_place=True)
                self.counts[lang] = run_mkdocs(config, language, self.work / lang, output,
                                               source_date_epoch=epochs[lang],
                                               cache=self._cache,
                                               keep=partial(steps.__setitem__, lang))
        except BaseException:
            for output in outputs.values():
                output.discard()
            raise
        for lang, output in outputs.items():
            output.commit()
            self.manifests[lang] = output.manifest
            self.fingerprints[lang] = fingerprints[lang]
        self._replaced.clear()
        if last is not None:
            last.steps = steps
        self.last = last
        if self._cache is not None:
            self._cache.flush()

    def show_first(self, saved: set[Path]) -> bool:
        """Put the pages of the `saved` files in the served folder now, before the build
        that follows; False when there are none to show (saved_pages.py)."""
        if self.last is None:
            return False
        default = self.last.config.languages[0]
        pages = pages_first(self.last, saved)
        for page in pages:
            target = language_folder(self.folder, page.lang, default) / page.path
            replaced = self._replaced.setdefault(page.lang, {})
            if target not in replaced:
                replaced[target] = target.read_bytes() if target.exists() else None
            _replace(target, page.html)
        return bool(pages)

    def undo_first(self) -> None:
        """The served files as the last build left them, after a build that failed."""
        for replaced in self._replaced.values():
            for target, data in replaced.items():
                if data is None:
                    target.unlink(missing_ok=True)
                else:
                    _replace(target, data)
        self._replaced.clear()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def _replace(target: Path, data: bytes) -> None:
    """Write a served file whole: a reader gets the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.with_name(target.name + ".site-builder-first")
    new.write_bytes(data)
    os.replace(new, target)
