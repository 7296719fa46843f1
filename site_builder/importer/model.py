"""What an import reads (the old site and its pages) and what it decides (notes per file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from ..schema import Kind


class Generator(StrEnum):
    JEKYLL = "jekyll"
    HUGO = "hugo"
    MKDOCS = "mkdocs"

    @property
    def label(self) -> str:
        return {"jekyll": "Jekyll", "hugo": "Hugo", "mkdocs": "MkDocs"}[self.value]


@dataclass(frozen=True)
class SourceSite:
    """The old site: which generator made it and where its parts are."""

    generator: Generator
    root: Path  # the folder the user named
    pages_root: Path  # where the Markdown lives: the root (Jekyll), content/ (Hugo), docs/ (MkDocs)
    # Where a site address like /images/x.png is looked up: static/ (Hugo), the root (Jekyll)...
    asset_roots: tuple[Path, ...]
    base_path: str = ""  # the path the old site lived under, like "/blog" ("" at the root)
    hosts: frozenset[str] = frozenset()  # the old site's own host names: links to them are ours
    settings: dict[str, Any] = field(default_factory=dict)  # its parsed configuration
    shown_root: str = ""  # the root as the user can see it, for messages

    def shown(self, path: Path) -> str:
        return f"{self.shown_root}/{path.relative_to(self.root).as_posix()}"


@dataclass
class SourcePage:
    """One Markdown file of the old site, read but not yet converted."""

    path: Path
    shown: str  # where it is, as the user can open it
    rel: PurePosixPath  # path below the site's pages_root
    kind: Kind
    meta: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_line: int  # line of the body's first line in the old file
    slug: str  # the name the old site used for its address (file name, bundle folder, slug)
    name_date: date | None = None  # a Jekyll post's date, from its file name
    urls: tuple[str, ...] = ()  # the old site's addresses of this page, normalised
    # For pages: the folder below the language folder.
    folder: PurePosixPath = field(default_factory=PurePosixPath)
    is_index: bool = False  # a folder's index page (index.md, Hugo's _index.md)


@dataclass(frozen=True)
class Skipped:
    """A file of the old site that is not imported, and why (in plain words)."""

    shown: str
    reason: str


@dataclass(frozen=True)
class Note:
    """Something the import changed, or something a person must do, in plain words.
    `line` is a line of the new file when the note is about one place."""

    text: str
    line: int | None = None
    needs_you: bool = False

    def moved(self, line_map: Callable[[int], int]) -> Note:
        return self if self.line is None else Note(self.text, line_map(self.line), self.needs_you)


@dataclass(frozen=True)
class Target:
    """Where an old page goes: a path relative to content/, whether it is written as a draft,
    and whether a file is there already (then it is left alone)."""

    output: str
    draft: bool
    exists: bool = False
