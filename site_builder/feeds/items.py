"""Partner news as readers may see it: the one gate between partners' feeds and our outputs.

A feed is input from outside. Only what a reader needs passes: a title and a summary as
plain text (tags dropped, with the content of script, style, iframe and the like; entities
decoded; whitespace collapsed; shortened on a word boundary), a link only when it is http or
https, a date, and the source's name from mkdocs.yml. No HTML from a feed survives, so
whatever renders a `PartnerItem` (the site, an email, a text part) only has to escape text
as it always does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..config import FeedSource
from .cache import read_cached
from .records import CachedFeed, RawEntry

TITLE_LENGTH = 160
SUMMARY_LENGTH = 300
ELLIPSIS = "…"

# Elements whose content is code, styling or embedded media, never text for a reader.
# (Void elements such as <embed> have no content, so they are not listed.)
_HIDDEN = frozenset({"script", "style", "iframe", "object", "noscript", "template", "svg",
                     "math", "head", "title", "textarea", "select", "audio", "video",
                     "canvas", "frameset", "noframes", "applet"})
# Elements that separate words: "<p>one</p><p>two</p>" reads "one two", not "onetwo".
_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "tr", "td", "th", "table", "blockquote", "pre", "hr", "section",
                     "article", "header", "footer", "figure", "figcaption", "dl", "dt", "dd"})
# Control characters, zero-width characters and direction overrides: invisible, and the
# last can make a title read differently from what it says.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
# Characters that may not stand in a URL as they are; encoded, not trusted.
_URL_ESCAPES = {ch: f"%{ord(ch):02X}" for ch in ' "<>\\^`{|}'}


@dataclass(frozen=True)
class PartnerItem:
    """One piece of partner news, safe to show: every field is plain text."""

    title: str
    link: str | None  # an absolute http(s) URL, or None when the feed gave no usable one
    date: datetime | None  # timezone-aware; None when the feed gave none
    source: str  # the feed's name in mkdocs.yml
    summary: str  # may be empty


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # decodes &amp;, &#233; and the like
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(value: str, *, is_html: bool) -> str:
    """The text a reader would read, on one line. Pure."""
    if is_html:
        parser = _TextOnly()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    return " ".join(_INVISIBLE.sub("", value).split())


def shorten(text: str, width: int) -> str:
    """At most `width` characters, cut between words, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - len(ELLIPSIS) + 1]
    space = cut.rfind(" ")
    # One very long word is cut inside it rather than dropped whole.
    cut = cut[:space] if space > width // 2 else cut[: width - len(ELLIPSIS)]
    return cut.rstrip(" ,.;:!?-–—(") + ELLIPSIS


def safe_link(value: str | None) -> str | None:
    """The link if it is an absolute http or https URL, else None. `javascript:`, `data:`,
    relative and scheme-less links never reach a reader. Pure."""
    if not value:
        return None
    value = _INVISIBLE.sub("", value).strip()
    try:
        parts = urlsplit("".join(_URL_ESCAPES.get(ch, ch) for ch in value))
        hostname = parts.hostname
    except ValueError:  # a malformed port or IPv6 address
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None
    # user:password@ in a link is a classic way to make one host look like another.
    if "@" in parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query,
                       parts.fragment))


def _item(entry: RawEntry, source: str) -> PartnerItem | None:
    title = shorten(plain_text(entry.title, is_html=entry.title_is_html), TITLE_LENGTH)
    summary = shorten(plain_text(entry.summary, is_html=entry.summary_is_html), SUMMARY_LENGTH)
    if not title:
        if not summary:
            return None  # nothing to show
        title, summary = shorten(summary, TITLE_LENGTH), ""
    return PartnerItem(title, safe_link(entry.link), entry.date, source, summary)


def _newest_first(item: PartnerItem) -> tuple[bool, float, str, str]:
    # Undated items go last; equal dates are ordered by source and title, so builds repeat.
    when = -item.date.timestamp() if item.date else 0.0
    return (item.date is None, when, item.source.casefold(), item.title.casefold())


def feed_items(cached: CachedFeed, source: FeedSource, since: datetime | None = None
               ) -> list[PartnerItem]:
    """One feed's items: safe, without duplicates, newest first, at most `source.limit`."""
    items: list[PartnerItem] = []
    seen_ids: set[str] = set()
    seen_links: set[str] = set()
    for entry in cached.entries:
        item = _item(entry, source.name)
        if item is None or (since is not None and (item.date is None or item.date < since)):
            continue
        # A feed that repeats an entry (same id or same link) shows it once.
        if (entry.id and entry.id in seen_ids) or (item.link and item.link in seen_links):
            continue
        if entry.id:
            seen_ids.add(entry.id)
        if item.link:
            seen_links.add(item.link)
        items.append(item)
    return sorted(items, key=_newest_first)[: source.limit]


def select_items(feeds: Iterable[tuple[FeedSource, CachedFeed | None]], lang: str,
                 limit: int | None, since: datetime | None = None) -> list[PartnerItem]:
    """Partner news for one language from cached feeds: each feed limited, the same link
    from two partners shown once, newest first, at most `limit` in all. Pure."""
    chosen: list[PartnerItem] = []
    for source, cached in feeds:
        if cached is not None and source.lang in (None, lang):
            chosen.extend(feed_items(cached, source, since))
    unique: list[PartnerItem] = []
    links: set[str] = set()
    for item in sorted(chosen, key=_newest_first):
        if item.link and item.link in links:
            continue
        if item.link:
            links.add(item.link)
        unique.append(item)
    return unique if limit is None else unique[:limit]


def partner_news(cache_dir: Path, feeds: Sequence[FeedSource], lang: str,
                 limit: int | None = None, *, since: datetime | None = None
                 ) -> list[PartnerItem]:
    """Partner news for `lang` from the feed cache (never the network): newest first, at
    most `limit` (None: all), only items dated at or after `since` when it is given.

    `feeds` are the configured feeds (`config.settings.feeds`); a feed with no cache yet
    simply has no items. Feeds removed from mkdocs.yml are not shown, even if cached.
    """
    return select_items(((source, read_cached(cache_dir, source)) for source in feeds),
                        lang, limit, since)
