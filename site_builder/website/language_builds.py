"""Building the staged languages with MkDocs: both at once, with the build cache.

`LanguageBuilds` is `site-builder build`: each language in its own process (parallel.py),
into a new folder, reusing the files of the previous build of the same target where they are
the same. `PreviewSession` is `site-builder serve`: it keeps the served folder and the cache
open between saves and updates only the files that changed, in place, in this process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..config import SiteConfig
from .build_cache import BuildCache
from .mkdocs_run import run_mkdocs
from .parallel import run_all
from .site_output import Record, SiteOutput
from .staging import StagedLanguage

Manifest = dict[str, Record]


def language_folder(root: Path, lang: str, default: str) -> Path:
    """The default language at the root of the site, the others in their own folder."""
    return root if lang == default else root / lang


@dataclass
class LanguageBuilds:
    config: SiteConfig
    staged: dict[str, StagedLanguage]
    epochs: dict[str, str]  # SOURCE_DATE_EPOCH per language (build_date.py)
    cache_dir: Path | None  # None: no cache, as on a fresh machine

    @property
    def default(self) -> str:
        return self.config.languages[0]

    def run(self, new_site: Path, stage_root: Path, *, earlier: Path) -> dict[str, Manifest]:
        """Build every language into `new_site`; `earlier` is the previous build's folder."""
        previous: dict[str, Manifest] = {}
        if self.cache_dir is not None:
            cache = BuildCache(self.cache_dir)
            previous = {lang: cache.manifest(language_folder(earlier, lang, self.default))
                        for lang in self.staged}
            cache.close()
        tasks: list[Callable[[], Manifest]] = [
            partial(self._one, lang, stage_root / lang,
                    SiteOutput(language_folder(new_site, lang, self.default),
                               [(language_folder(earlier, lang, self.default),
                                 previous.get(lang, {}))]))
            for lang in self.staged]
        return dict(zip(self.staged, run_all(tasks), strict=True))

    def _one(self, lang: str, docs_dir: Path, output: SiteOutput) -> Manifest:
        """One language, in its own process: its own connection to the cache."""
        cache = BuildCache(self.cache_dir) if self.cache_dir is not None else None
        try:
            run_mkdocs(self.config, self.staged[lang], docs_dir, output,
                       source_date_epoch=self.epochs[lang], cache=cache)
            if cache is not None:
                cache.flush()
        finally:
            if cache is not None:
                cache.close()
        return output.manifest

    def remember(self, target: Path, manifests: dict[str, Manifest]) -> None:
        """Where the files of this build now are, for the next build to reuse."""
        if self.cache_dir is None:
            return
        cache = BuildCache(self.cache_dir)
        for lang, manifest in manifests.items():
            cache.set_manifest(language_folder(target, lang, self.default), manifest)
        cache.close()


@dataclass
class PreviewSession:
    """The live preview's served folder, updated in place after every save."""

    folder: Path
    cache_dir: Path | None
    work: Path
    manifests: dict[str, Manifest] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    _cache: BuildCache | None = None

    def update(self, config: SiteConfig, staged: dict[str, StagedLanguage],
               epochs: dict[str, str]) -> None:
        """Build every language; only when all built are their changed files moved in."""
        if self._cache is None and self.cache_dir is not None:
            self._cache = BuildCache(self.cache_dir)
        default = config.languages[0]
        built = config.root / str(config.raw.get("site_dir") or "site")
        outputs: dict[str, SiteOutput] = {}
        try:
            for lang, language in staged.items():
                served = language_folder(self.folder, lang, default)
                earlier = [(served, self.manifests.get(lang, {}))]
                if self._cache is not None:  # the last `site-builder build`, for a quick start
                    site = language_folder(built, lang, default)
                    earlier.append((site, self._cache.manifest(site.resolve())))
                outputs[lang] = output = SiteOutput(served, earlier, in_place=True)
                self.counts[lang] = run_mkdocs(config, language, self.work / lang, output,
                                               source_date_epoch=epochs[lang],
                                               cache=self._cache)
        except BaseException:
            for output in outputs.values():
                output.discard()
            raise
        for lang, output in outputs.items():
            output.commit()
            self.manifests[lang] = output.manifest
        if self._cache is not None:
            self._cache.flush()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
