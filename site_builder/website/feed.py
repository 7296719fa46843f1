"""RSS feeds of the blog, one per language, written with feedgen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from ..model import Item
from ..schema import PostMeta

FEED_FILE = "rss.xml"
FEED_LIMIT = 20


def rss_feed(
    posts: Sequence[tuple[Item, str]],
    *,
    title: str,
    home_url: str,
    feed_url: str,
    description: str,
    lang: str,
) -> bytes:
    """`posts` are (post, absolute URL), newest first."""
    feed = FeedGenerator()
    feed.title(title)
    feed.link(href=home_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.description(description)
    feed.language(lang)
    feed.generator("site-builder")
    newest = datetime(2000, 1, 1, tzinfo=UTC)
    for item, url in reversed(list(posts)[:FEED_LIMIT]):
        meta = item.meta
        assert isinstance(meta, PostMeta)
        entry = feed.add_entry()
        entry.title(item.title)
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.pubDate(meta.date)
        entry.description(meta.description or item.title)
        for category in meta.categories:
            entry.category(term=category)
        newest = max(newest, meta.date)
    # The build date would change every byte of the feed on every build.
    feed.lastBuildDate(newest)
    return feed.rss_str(pretty=True)
