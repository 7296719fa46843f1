"""Languages a build need not stage again: their part of the last build is still right.

A writer's usual save changes the text of one file of one language. The other language's
pages are made of its own texts, of every file's settings (titles, dates and addresses
of all languages: the language switch, links between the languages), of the moment
(through which of the content's dates have passed), the templates, the newsletters it
archives, its partner news, the configuration and site_builder's code. When none of that
changed since the last build of the same site folder (`stage_key`), the language's files
of that build are taken over as they are, without staging or building it.

Other languages' pages still need to know its pages for their translations (hreflang.py):
an `Outline` of them is kept with the last build, made of the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check import ContentInputs
from ..check_reuse import folder_fingerprint
from ..config import SiteConfig
from ..model import Content
from .build_cache import code_fingerprint, digest
from .paths import TEMPLATES_DIR
from .site_output import unchanged
from .staging import StagedLanguage, StagedPage

# What the language switch of a page says: the page settings hreflang.py reads.
SWITCH_SETTINGS = ("alternates", "alternates_from")
# Plugins whose whole effect is known from the staged pages and the configuration.
KNOWN_PLUGINS = frozenset({"search", "material/search", "site_builder", "blog"})


@dataclass(frozen=True)
class Outline:
    """What other languages need of a staged language: where its pages are published, the
    item each shows and the language switch's settings."""

    urls: dict[str, str]
    switch: dict[str, dict[str, Any]]  # staged path -> the page's SWITCH_SETTINGS
    items: dict[str, str]  # staged path -> the source of the item it shows


@dataclass(frozen=True)
class LanguageInputs:
    """What the last build of a language was made of: `stage` the key of its inputs (None:
    not known), `fingerprint` of its staged pages (language_builds.py), and its outline."""

    stage: bytes | None
    fingerprint: bytes | None
    outline: Outline | None


def known_plugins_only(config: SiteConfig) -> bool:
    """Whether every MkDocs plugin of the site is one whose effect is known."""
    plugins = config.raw.get("plugins") or []
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in plugins]
    return all(name in KNOWN_PLUGINS for name in names)


def outline(staged: StagedLanguage) -> Outline:
    return Outline(
        dict(staged.urls),
        {path: {key: page.meta[key] for key in SWITCH_SETTINGS if key in page.meta}
         for path, page in staged.pages.items()},
        {path: item.source for path, item in staged.items.items()})


def outlined_language(lang: str, kept: Outline, content: Content) -> StagedLanguage | None:
    """A language of pages without text, for the translations of the others; None when an
    item it showed is gone."""
    items = {path: content.item(source) for path, source in kept.items.items()}
    if any(item is None for item in items.values()):
        return None
    return StagedLanguage(
        lang, pages={path: StagedPage(dict(switch), "") for path, switch in kept.switch.items()},
        urls=dict(kept.urls), items={path: item for path, item in items.items() if item})


def _owner(path: str, languages: tuple[str, ...]) -> str | None:
    first = path.split("/", 1)[0]
    return first if first in languages else None


def site_key(config: SiteConfig, inputs: ContentInputs, *, preview: bool) -> bytes | None:
    """The key of all the site is made of but its Markdown files; None when that is not
    known (a plugin of the site's own)."""
    if not known_plugins_only(config):
        return None
    try:
        config_text = config.path.read_bytes()
    except OSError:
        return None
    return digest(
        code_fingerprint(), inputs.key, inputs.between, preview, config_text, config.site_url,
        folder_fingerprint(config.root / TEMPLATES_DIR),
        folder_fingerprint(config.root / config.settings.newsletter.dir),
        folder_fingerprint(config.feeds_cache_dir))


def settings_key(site: bytes, inputs: ContentInputs) -> bytes:
    """The key of all the site is made of but the texts below the Markdown files' settings."""
    return digest(site, sorted(inputs.settings.items()))


def stage_key(site: bytes, inputs: ContentInputs, lang: str, languages: tuple[str, ...], *,
              epoch: str) -> bytes:
    """The key of everything `lang`'s part of the site is made of (`site` from site_key)."""
    own = [(path, text) for path, text in sorted(inputs.texts.items())
           if _owner(path, languages) in (lang, None)]
    others = [(path, settings) for path, settings in sorted(inputs.settings.items())
              if _owner(path, languages) not in (lang, None)]
    return digest(site, lang, epoch, own, others)


def files_unchanged(folder: Path, files: dict[str, Any]) -> bool:
    """Whether every file an earlier build left in `folder` is there as it left it."""
    return bool(files) and all(unchanged(str(folder / relative), record)
                               for relative, record in files.items())
