"""What one language's MkDocs build reads: pages, generated files and copied files, in memory.

The stagers fill a `StagedLanguage`; `mkdocs_run.write_stage` writes it to disk. Pages carry
their data for the theme's templates in their front matter (under `sb`), so a page type is a
template override selected per page, not HTML assembled in Python.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model import Item
from .excerpt import heading_count, word_count

# Material's page settings that hide parts of the layout.
HIDE_NAVIGATION, HIDE_TOC = "navigation", "toc"
# A page needs a table of contents when it is long: this many `##` headings and words.
LONG_PAGE_HEADINGS, LONG_PAGE_WORDS = 3, 600


def hidden_parts(item: Item, *, hide_navigation: bool) -> list[str]:
    """What of Material's layout a page hides: the side menu where its section has no depth,
    the table of contents unless the page is long; the writer's own `hide` adds to that."""
    hide = {str(part) for part in getattr(item.meta, "hide", ()) or ()}
    if hide_navigation:
        hide.add(HIDE_NAVIGATION)
    if heading_count(item.body) < LONG_PAGE_HEADINGS or word_count(item.body) < LONG_PAGE_WORDS:
        hide.add(HIDE_TOC)
    return sorted(hide)


@dataclass(frozen=True)
class StagedPage:
    meta: dict[str, Any]
    body: str

    @cached_property
    def settings_digest(self) -> bytes:
        """The settings hashed (build_cache.meta_digest): once, for the language's
        fingerprint and the page's key in the build cache alike."""
        from .build_cache import meta_digest

        return meta_digest(self.meta)

    def text(self) -> str:
        header = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True)
        return f"---\n{header}---\n\n{self.body.strip()}\n"


@dataclass
class StagedLanguage:
    """Everything one language's MkDocs build reads: pages, generated files, copied files."""

    lang: str
    pages: dict[str, StagedPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    # Pictures, published resized by the build (images/): path in the site -> source.
    pictures: dict[str, str] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    footer: list[dict[str, str]] = field(default_factory=list)
    # Pages whose address is not the one MkDocs derives from their staged path (posts are
    # staged where their relative links work, and published under their dated address).
    urls: dict[str, str] = field(default_factory=dict)
    # The content item each page shows (item pages, posts, the home page), by staged path:
    # what seo.py describes to search engines and link previews.
    items: dict[str, Item] = field(default_factory=dict)


@dataclass(frozen=True)
class PageReuse:
    """What lets a staged page be kept between builds (memo.py): `key`, a hash of all the
    site is made of but the Markdown texts (stage_reuse.settings_key), and each Markdown
    file's text, hashed, by its source. A page made of the same key and the same texts of
    the items it shows is the same page."""

    key: bytes
    texts: Mapping[str, bytes]

    def page_key(self, role: str, item: Item, shown: Sequence[Item] = ()) -> bytes | None:
        """The key of `item`'s page of `role` showing the `shown` items (their cards);
        None when a text is not known."""
        from .build_cache import digest

        texts = [(other.source, self.texts.get(other.source)) for other in (item, *shown)]
        if any(text is None for _, text in texts):
            return None
        return digest("staged-page", role, self.key, item.lang, texts)


def md_text(value: object) -> str:
    """Keep titles literal inside Markdown link text."""
    return "".join("\\" + ch if ch in "[]*_`<>" else ch for ch in str(value))


def make_environment(templates_dir: Path) -> Environment:
    """Jinja for the Markdown parts the stagers write (contact cards, event facts...)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir / "site")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # these templates write Markdown; values go through md_text
    )
    env.filters["md_text"] = md_text
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env
