"""Running MkDocs (with Material) on one staged language.

The only module that talks to MkDocs: it derives a per-language configuration
from mkdocs.yml and turns MkDocs' warnings into problems.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..config import PLUGIN_NAME, SiteConfig
from ..i18n import LANGUAGE_NAMES, THEME_STRINGS, strings
from ..images import PICTURES_MANIFEST
from ..logs import Collector
from ..problems import ContentError, Problem
from ..site_markdown import site_extensions
from .build_cache import BuildCache
from .feed import FEED_FILE
from .links import build_link
from .mkdocs_steps import LanguageSteps
from .site_output import SiteOutput
from .staging import StagedLanguage, StagedPage

# Material prints an end-of-life notice on every build; staff cannot act on it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

STAGE_MARKER = ".site-builder-stage"
SANITISE_EXTENSION = "site_builder.sanitise"


def write_stage(staged: StagedLanguage, docs_dir: Path) -> None:
    """The docs folder MkDocs is given: the mark that site-builder staged it, with the
    addresses the plugin publishes pages at. The pages and files themselves are handed to
    MkDocs from memory (mkdocs_steps.py)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    marker = json.dumps({"urls": staged.urls}, sort_keys=True, ensure_ascii=False)
    (docs_dir / STAGE_MARKER).write_text(marker, encoding="utf-8")
    # The plugin reads the pictures' sizes from here when MkDocs loads its configuration.
    manifest = staged.files.get(PICTURES_MANIFEST)
    if manifest is not None:
        (docs_dir / PICTURES_MANIFEST).write_bytes(manifest)


def write_stage_files(staged: StagedLanguage, docs_dir: Path) -> None:
    """Every staged page and file on disk, as a plain `mkdocs build` of `docs_dir` reads
    them (the tests compare that build with site-builder's)."""
    write_stage(staged, docs_dir)
    for path, page in staged.pages.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text(), encoding="utf-8")
    for path, data in staged.files.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for path, source in staged.copies.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _plugins_for(raw_plugins: Any, lang: str) -> list[Any]:
    plugins = raw_plugins or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    adapted: list[Any] = []
    for entry in plugins:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        options = dict(options or {})
        if name == "blog":
            continue  # the news section is rendered by site_builder itself (website/news.py)
        if name == "search":
            options["lang"] = [lang]
        adapted.append({name: options})
    return adapted


def _markdown_extensions(raw: Any, lang: str) -> list[Any]:
    """mkdocs.yml's Markdown extensions, with the heading links titled in the page's
    language (Python-Markdown's toc says "Permanent link" otherwise), and the sanitising
    policy as the last step of every page: it cleans what the writers wrote (marked by
    pages.py), not site-builder's own parts."""
    adapted: list[Any] = []
    for entry in raw or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name == SANITISE_EXTENSION:
            continue
        options = dict(options or {})
        if name == "toc":
            options["permalink_title"] = strings(lang)["permalink"]
        adapted.append({name: options} if options else name)
    return [*adapted, {SANITISE_EXTENSION: {"marked_only": True}}]


def theme_values(site: SiteConfig, staged: StagedLanguage) -> dict[str, Any]:
    """What the theme's templates show besides the page: interface words, the organisation
    for the footer, the other languages, and where posts are published."""
    lang, default = staged.lang, site.languages[0]
    organisation = site.settings.organisation
    folders = site.settings.newsletter.archive
    return {
        "lang": lang, "feed": FEED_FILE, "footer": staged.footer,
        "t": strings(lang),
        # Material's own words, where its translation is missing or English (language.html).
        "theme_t": THEME_STRINGS.get(lang, {}),
        "organisation": {"name": organisation.name, "address": organisation.address_lines,
                         "email": organisation.email, "phone": organisation.phone,
                         "phone_link": organisation.phone_link},
        "newsletter": f"{folders[lang]}/" if lang in folders else None,
        "languages": [{"name": LANGUAGE_NAMES[other], "lang": other,
                       "url": build_link(other, "", lang, default) or "./"}
                      for other in site.languages if other != lang],
    }


def language_config(site: SiteConfig, staged: StagedLanguage, docs_dir: Path,
                    site_dir: Path) -> dict[str, Any]:
    """The settings that differ per language; everything else comes from mkdocs.yml."""
    lang, default = staged.lang, site.languages[0]
    raw = site.raw
    theme = copy.deepcopy(raw.get("theme") or {"name": "material"})
    if isinstance(theme, str):
        theme = {"name": theme}
    theme["language"] = lang
    extra = copy.deepcopy(raw.get("extra") or {})
    extra["alternate"] = [
        {"name": LANGUAGE_NAMES[other], "lang": other,
         "link": build_link(other, "", lang, default) or "./"}
        for other in site.languages
    ]
    extra[PLUGIN_NAME] = theme_values(site, staged)
    prefix = "" if lang == default else f"{lang}/"
    return {
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "site_url": site.site_url + prefix,
        "theme": theme,
        "plugins": _plugins_for(raw.get("plugins"), lang),
        "markdown_extensions": _markdown_extensions(
            site_extensions(raw.get("markdown_extensions"), lang), lang),
        "extra": extra,
        "nav": staged.nav,
    }


@contextmanager
def _source_date_epoch(value: str | None) -> Iterator[None]:
    """MkDocs reads its build date (sitemap `<lastmod>`, the gzip header's time) from this
    variable; set it for one build and put back what was there, so it never leaks."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs' warnings and errors while it runs, collected instead of printed."""
    logger = logging.getLogger("mkdocs")
    collect = Collector(logging.WARNING)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collect]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield collect.messages
    finally:
        logger.handlers[:], logger.propagate, _ = saved
        logger.setLevel(saved[2])


def run_mkdocs(site: SiteConfig, staged: StagedLanguage, docs_dir: Path, output: SiteOutput,
               *, source_date_epoch: str | None = None, cache: BuildCache | None = None,
               keep: Callable[[LanguageSteps], None] | None = None,
               convert_in_halves: bool = False) -> dict[str, int]:
    """Build one language through `output`; any MkDocs warning fails the build, since it
    means a broken page. `source_date_epoch` fixes the build date (see build_date.py) so
    builds are reproducible; `cache` saves the work that is the same as in earlier builds
    (mkdocs_steps.py); `keep` is given the finished build (for `render_page_again`);
    `convert_in_halves` converts the pages' Markdown in two processes at once.
    Returns how many pages were converted, rendered and reused."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # What plugins write into the site themselves (the search index) lands here first.
    plugin_dir = docs_dir.with_name(docs_dir.name + "-plugins")
    shutil.rmtree(plugin_dir, ignore_errors=True)
    steps = None
    with _mkdocs_messages() as messages:
        try:
            write_stage(staged, docs_dir)
            overrides = language_config(site, staged, docs_dir, plugin_dir)
            config = load_config(config_file=str(site.path), **overrides)
            with _source_date_epoch(source_date_epoch):
                steps = LanguageSteps(config, staged, output, cache, messages,
                                      hand_over=keep is None,
                                      convert_in_halves=convert_in_halves)
                steps.run()
        except MkDocsException as exc:
            messages.append(str(exc))
    if messages:
        shown = site.path.name
        raise ContentError(
            Problem(shown, None, f"building the {LANGUAGE_NAMES[staged.lang]} site failed: "
                    f"{message.strip()}")
            for message in messages
        )
    for path in sorted(plugin_dir.rglob("*")):
        if path.is_file():
            output.write(path.relative_to(plugin_dir).as_posix(), path.read_bytes())
    shutil.rmtree(plugin_dir, ignore_errors=True)
    if steps is None:
        return {}
    if keep is not None:
        keep(steps)
    return steps.counts


def render_page_again(steps: LanguageSteps, path: str, staged: StagedPage,
                      source_date_epoch: str | None) -> tuple[str, bytes] | None:
    """One page of a finished build, with new settings and text (mkdocs_steps.py); None
    when MkDocs has anything to say about it or skips it: then only a whole build will do."""
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_messages() as messages, _source_date_epoch(source_date_epoch):
        try:
            rendered = steps.render_again(path, staged)
        except MkDocsException:
            return None
    return None if messages else rendered
