"""The content model: every output (site pages, feeds, calendars, newsletters) renders these."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import PurePosixPath

from slugify import slugify

from .schema import (
    AMSTERDAM,
    Audience,
    CommonMeta,
    EventMeta,
    Kind,
    PostMeta,
)

# content/shared/: pictures and downloads for every language, published with each of them.
SHARED_DIR = "shared"


@dataclass(frozen=True)
class Person:
    """Someone in the people registry: a blog author, a contact person, a team member."""

    id: str
    name: str
    role: dict[str, str] = field(default_factory=dict)
    bio: dict[str, str] = field(default_factory=dict)
    email: str | None = None
    phone: str | None = None
    avatar: str | None = None  # path relative to content/; None means initials are drawn

    @property
    def initials(self) -> str:
        words = [w for w in self.name.split() if w[:1].isupper()]
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper() if words else "?"

    def role_in(self, lang: str) -> str:
        return self.role.get(lang) or next(iter(self.role.values()), "")

    def bio_in(self, lang: str) -> str:
        return self.bio.get(lang) or next(iter(self.bio.values()), "")

    @property
    def phone_link(self) -> str | None:
        if not self.phone:
            return None
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class KeyLines:
    """For files with settings: the line of a setting, for messages (1 when unknown)."""

    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


@dataclass(frozen=True)
class Item(KeyLines):
    """One Markdown file of content, validated."""

    kind: Kind
    lang: str
    source: str  # path relative to content/, with forward slashes: "nl/diensten/coaching.md"
    meta: CommonMeta
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The notes `import` left in the settings for a person (line, note): drafts.py.
    to_check: tuple[tuple[int, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def is_public(self) -> bool:
        return self.meta.audience is Audience.PUBLIC

    @cached_property
    def docs_path(self) -> str:
        """Path inside this language's part of the site: the source without its language folder."""
        return str(PurePosixPath(*PurePosixPath(self.source).parts[1:]))

    @cached_property
    def url(self) -> str:
        """URL relative to this language's home, as MkDocs (and the blog plugin) will make it."""
        if isinstance(self.meta, PostMeta):
            blog = self.docs_path.split("/posts/", 1)[0]
            # The blog plugin dates the URL by the Dutch calendar day the post is staged with.
            return f"{blog}/{self.meta.date.astimezone(AMSTERDAM):%Y/%m/%d}/{self.slug}/"
        path = PurePosixPath(self.docs_path)
        if path.stem == "index":
            parent = str(path.parent)
            return "" if parent == "." else parent + "/"
        return str(path.with_suffix("")) + "/"

    @cached_property
    def slug(self) -> str:
        explicit = getattr(self.meta, "slug", None)
        return explicit or slugify(self.meta.title)

    @property
    def sort_date(self) -> datetime | None:
        if isinstance(self.meta, PostMeta):
            return self.meta.date
        if isinstance(self.meta, EventMeta):
            return self.meta.start
        return None

    @property
    def is_draft(self) -> bool:
        return self.meta.draft

    def is_published(self, now: datetime, *, include_drafts: bool = False) -> bool:
        """Drafts (of every kind) and posts dated in the future stay out of a build (a future
        date schedules); the preview (`include_drafts`) shows both."""
        if include_drafts:
            return True
        if self.meta.draft:
            return False
        return not isinstance(self.meta, PostMeta) or self.meta.date <= now


@dataclass(frozen=True)
class UncheckedFile(KeyLines):
    """A file whose settings did not validate: its links and people are still checked,
    so one run reports every problem in it."""

    source: str
    lang: str
    settings: dict
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, read and validated once."""

    languages: tuple[str, ...]
    people: dict[str, Person]
    items: tuple[Item, ...]
    # Files that exist but could not be read: links to them are not reported as broken too.
    unreadable: frozenset[str] = frozenset()
    unchecked: tuple[UncheckedFile, ...] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def item(self, source: str) -> Item | None:
        return self._by_source.get(source)

    @cached_property
    def _by_source(self) -> dict[str, Item]:
        return {item.source: item for item in self.items}

    def of_kind(self, kind: Kind, lang: str | None = None) -> Iterator[Item]:
        for item in self.items:
            if item.kind is kind and (lang is None or item.lang == lang):
                yield item

    def site_url_of(self, item: Item) -> str:
        """URL of an item relative to the root of the whole site (all languages)."""
        prefix = "" if item.lang == self.default_language else f"{item.lang}/"
        return prefix + item.url
