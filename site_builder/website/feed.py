"""RSS feeds (the blog per language, the newsletter archive), written with feedgen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime

from ..memo import remembered

FEED_FILE = "rss.xml"
FEED_LIMIT = 20


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    date: datetime
    description: str
    categories: tuple[str, ...] = ()


def rss_feed(entries: Sequence[FeedEntry], *, title: str, home_url: str, feed_url: str,
             description: str, lang: str) -> bytes:
    """`entries` newest first; the newest FEED_LIMIT are kept."""
    return _rss(tuple(astuple(entry) for entry in list(entries)[:FEED_LIMIT]), title,
                home_url, feed_url, description, lang)


@remembered
def _rss(entries: tuple[tuple[str, str, datetime, str, tuple[str, ...]], ...], title: str,
         home_url: str, feed_url: str, description: str, lang: str) -> bytes:
    """The feed of `entries` (the fields of FeedEntry's): the same for the same entries, so
    a build whose edit leaves a feed as it was does not even load feedgen."""
    # Imported here, for the startup time of the commands that only need FEED_FILE.
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.title(title)
    feed.link(href=home_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.description(description)
    feed.language(lang)
    feed.generator("site-builder")
    newest = datetime(2000, 1, 1, tzinfo=UTC)
    # feedgen puts each new entry first, so the oldest goes in first.
    for item in reversed([FeedEntry(*fields) for fields in entries]):
        entry = feed.add_entry()
        entry.title(item.title)
        entry.link(href=item.url)
        entry.guid(item.url, permalink=True)
        entry.pubDate(item.date)
        entry.description(item.description or item.title)
        for category in item.categories:
            entry.category(term=category)
        newest = max(newest, item.date)
    # The build date would change every byte of the feed on every build.
    feed.lastBuildDate(newest)
    return feed.rss_str(pretty=True)
