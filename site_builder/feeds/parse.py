"""From the bytes a partner's server sent to raw entries: RSS 0.9x/1.0/2.0 and Atom through
feedparser, JSON Feed through `jsonfeed`. Pure: no network, no files.

Nothing here makes the text safe; `items.py` does that when the cache is read.
"""

from __future__ import annotations

import io
import xml.sax
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from .jsonfeed import parse_json_feed
from .records import MAX_ENTRIES, NotAFeed, ParsedFeed, RawEntry


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """`headers` are the response headers (lower-case names); `url` resolves relative links."""
    content_type = headers.get("content-type", "").lower()
    if "json" in content_type or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return parse_json_feed(body, url)
    return _parse_xml_feed(body, headers, url)


def _parse_xml_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    response_headers = {**headers, "content-location": url}
    # A byte stream, never a string: feedparser would take a string for a URL or a path.
    # Its sanitizer is off: it keeps the text inside the elements it drops (an iframe's
    # fallback, an svg's text), while items.py drops those elements with all they hold, and
    # the cache keeps what the partner sent, so a better cleaner needs no new fetch.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=response_headers,
                              sanitize_html=False)
    # Only Atom says whether a title or summary is text or HTML; for RSS feedparser guesses,
    # so there it is taken as HTML: tags are dropped rather than shown to readers.
    typed = str(parsed.get("version", "")).startswith("atom")
    entries = tuple(_entry(e, typed) for e in parsed.entries[:MAX_ENTRIES])
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    problem = _bozo_reason(error) if error is not None else None
    if not entries and isinstance(error, xml.sax.SAXParseException):
        raise NotAFeed(f"{problem}, and no items could be read from it")
    if not entries and not parsed.get("version"):
        raise NotAFeed("this is not a feed: the address sent something that is not RSS, "
                       "Atom or JSON Feed (perhaps a web page)")
    return ParsedFeed(entries, problem)


def _bozo_reason(exc: Any) -> str:
    """feedparser's complaint about a malformed feed, in words a writer can pass on."""
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return f"the feed declares the wrong character encoding ({exc})"
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return f"the feed's character encoding is unknown ({exc})"
    if isinstance(exc, feedparser.NonXMLContentType):
        return f"the server says the feed is not XML ({exc})"
    if isinstance(exc, xml.sax.SAXParseException):
        return (f"the feed is not well-formed XML ({exc.getMessage()} at line "
                f"{exc.getLineNumber()})")
    return f"the feed is malformed ({exc})"


def _moment(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _text_and_kind(detail: Any, typed: bool, fallback: Any = None) -> tuple[str, bool]:
    """(value, is_html) from one of feedparser's `*_detail` dicts. Any type but a declared
    plain text counts as HTML: stripping tags from text loses little; showing HTML as text
    shows markup."""
    if isinstance(detail, Mapping) and isinstance(detail.get("value"), str):
        declared = str(detail.get("type", "")).lower()
        return detail["value"], not (typed and declared == "text/plain")
    return (fallback, True) if isinstance(fallback, str) else ("", False)


def _entry(entry: Mapping[str, Any], typed: bool) -> RawEntry:
    title, title_is_html = _text_and_kind(entry.get("title_detail"), typed, entry.get("title"))
    summary, summary_is_html = _text_and_kind(entry.get("summary_detail"), typed)
    if not summary and entry.get("content"):
        summary, summary_is_html = _text_and_kind(entry["content"][0], typed)
    link = entry.get("link")
    entry_id = entry.get("id")
    return RawEntry(
        id=entry_id if isinstance(entry_id, str) and entry_id else None,
        title=title,
        title_is_html=title_is_html,
        link=link if isinstance(link, str) and link else None,
        date=_moment(entry),
        summary=summary,
        summary_is_html=summary_is_html,
    )

