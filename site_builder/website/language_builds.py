"""Building the staged languages with MkDocs: both at once, with the build cache.

`LanguageBuilds` is `site-builder build`: each language in its own process (parallel.py),
into a new folder, reusing the files of the previous build of the same target where they are
the same. `PreviewSession` is `site-builder serve`: it keeps the served folder and the cache
open between saves and updates only the files that changed, in place, in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..check import shown_path
from ..config import SiteConfig
from ..parallel import run_all
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
from .stage_reuse import LanguageInputs, known_plugins_only, outline
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


def _do_all(work: list[Callable[[], None]], exchange: OutlineExchange | None = None) -> None:
    if exchange is not None:
        exchange.stay_out()
    for one in work:
        one()


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
    # Given, the languages not in `staged` (nor kept) are staged by it, each in the process
    # that builds it, at the same time (outline_exchange.py).
    stage: Callable[[str, Share], StagedLanguage] | None = None
    # The language with the most pages: its Markdown is converted in two processes at once,
    # as it would otherwise be built long after the others (one core idle meanwhile).
    largest: str | None = None

    @property
    def default(self) -> str:
        return self.config.languages[0]

    def _output(self, lang: str, site_dir: Path, earlier: Path, files: Manifest
                ) -> SiteOutput:
        if self.spare is None:
            return SiteOutput(site_dir, [(earlier, files)])
        return SiteOutput(site_dir, [(site_dir, self.spare.get(lang, {})), (earlier, files)],
                          in_place=True)

    def run(self, new_site: Path, stage_root: Path, *, earlier: Path,
            beside: Sequence[Callable[[], None]] = ()
            ) -> dict[str, tuple[LanguageInputs | None, Manifest]]:
        """Build every language into `new_site`; `earlier` is the previous build's folder.
        The work `beside` is done at the same time, in a process of its own."""
        languages = [lang for lang in self.config.languages
                     if lang in self.staged or lang in self.kept or self.stage is not None]
        to_stage = [lang for lang in languages
                    if lang not in self.staged and lang not in self.kept]
        exchange = OutlineExchange(stage_root.parent / "outlines", to_stage) \
            if to_stage else None
        tasks: list[Callable[[], Any]] = [
            partial(self._one, lang, stage_root / lang,
                    language_folder(new_site, lang, self.default),
                    language_folder(earlier, lang, self.default), self.previous.get(lang),
                    exchange)
            for lang in languages]
        if beside:
            tasks.append(partial(_do_all, list(beside), exchange))
        built = run_all(tasks)[:len(languages)]
        results = {}
        for lang, (inputs, manifest, counts) in zip(languages, built, strict=True):
            results[lang] = (inputs, manifest)
            self.counts[lang] = counts
        return results

    def _one(self, lang: str, docs_dir: Path, site_dir: Path, earlier: Path,
             previous: Previous | None, exchange: OutlineExchange | None = None
             ) -> tuple[LanguageInputs | None, Manifest, dict[str, int]]:
        """One language, in its own process (with its own connection to the cache)."""
        before, files = previous or (None, {})
        if lang not in self.staged and lang not in self.kept:
            assert self.stage is not None and exchange is not None
            with exchange.joined(lang) as share:
                self.staged = {lang: self.stage(lang, share)}
        elif exchange is not None:
            exchange.stay_out()
        if lang in self.kept:
            output = self._output(lang, site_dir, earlier, files)
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
        in_halves = lang == self.largest
        if self.cache_dir is None:
            output = SiteOutput(site_dir)
            counts = run_mkdocs(self.config, staged, docs_dir, output,
                                source_date_epoch=self.epochs[lang],
                                convert_in_halves=in_halves)
            return None, output.manifest, counts
        fingerprint = language_fingerprint(self.config, staged, self.epochs[lang])
        inputs = LanguageInputs(self.stage_keys.get(lang), fingerprint, outline(staged))
        output = self._output(lang, site_dir, earlier, files)
        if fingerprint is not None and before is not None and \
                fingerprint == before.fingerprint and _reuse_all(output, files):
            output.commit()
            return inputs, output.manifest, {"unchanged": len(files)}
        cache = BuildCache(self.cache_dir)
        try:
            counts = run_mkdocs(self.config, staged, docs_dir, output,
                                source_date_epoch=self.epochs[lang], cache=cache,
                                convert_in_halves=in_halves)
            cache.flush()
        finally:
            cache.close()
        output.commit()
        return inputs, output.manifest, counts

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
