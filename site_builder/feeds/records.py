"""What the feed cache holds: entries as partners published them, and each feed's HTTP state;
and what reading one answer of a feed gives.

These records are untrusted text. Only `items.py` turns them into what readers see, so a
better cleaner never needs a new fetch, and no other module has to be careful with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CACHE_VERSION = 1
# A partner that publishes thousands of entries still only needs its newest ones kept.
MAX_ENTRIES = 200


def _text(value: Any) -> str | None:
    """A string from JSON, or None: the cache is a file anyone could edit."""
    return value if isinstance(value, str) else None


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(frozen=True)
class RawEntry:
    """One entry of a partner feed, as published: HTML and all, not yet safe to show."""

    id: str | None
    title: str
    title_is_html: bool
    link: str | None
    date: datetime | None  # timezone-aware
    summary: str
    summary_is_html: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_is_html": self.title_is_html,
            "link": self.link,
            "date": self.date.isoformat() if self.date else None,
            "summary": self.summary,
            "summary_is_html": self.summary_is_html,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RawEntry:
        return cls(
            id=_text(data.get("id")),
            title=_text(data.get("title")) or "",
            # Unknown means HTML: stripping tags from text loses little, the reverse shows markup.
            title_is_html=data.get("title_is_html") is not False,
            link=_text(data.get("link")),
            date=_moment(data.get("date")),
            summary=_text(data.get("summary")) or "",
            summary_is_html=data.get("summary_is_html") is not False,
        )


@dataclass(frozen=True)
class CachedFeed:
    """The last good answer of one feed, and what to send for a conditional GET next time."""

    name: str
    url: str
    etag: str | None
    modified: str | None  # the Last-Modified header, verbatim
    fetched: datetime | None  # when the server last answered well (200 with a feed, or 304)
    entries: tuple[RawEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": CACHE_VERSION,
            "name": self.name,
            "url": self.url,
            "etag": self.etag,
            "modified": self.modified,
            "fetched": self.fetched.isoformat() if self.fetched else None,
            "entries": [entry.to_json() for entry in self.entries],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CachedFeed | None:
        """None for anything that is not a cache file of this version."""
        if data.get("version") != CACHE_VERSION or not isinstance(data.get("entries"), list):
            return None
        return cls(
            name=_text(data.get("name")) or "",
            url=_text(data.get("url")) or "",
            etag=_text(data.get("etag")),
            modified=_text(data.get("modified")),
            fetched=_moment(data.get("fetched")),
            entries=tuple(RawEntry.from_json(e) for e in data["entries"] if isinstance(e, dict)),
        )


class NotAFeed(Exception):
    """An answer that could not be read as a feed; `reason` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedFeed:
    """One answer of a feed, read."""

    entries: tuple[RawEntry, ...]
    warning: str | None = None  # set when a malformed feed's entries are used anyway
