"""JSON Feed (https://jsonfeed.org/version/1.1) to raw entries. Pure.

feedparser 6 reads RSS and Atom but not JSON Feed; the format is small enough that the
standard library's json reads it, into the same `RawEntry` records.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from .records import MAX_ENTRIES, NotAFeed, ParsedFeed, RawEntry

VERSION_PREFIX = "https://jsonfeed.org/version/"


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    # Ids are strings by the spec, but numbers are common in the wild.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _moment(value: Any) -> datetime | None:
    """RFC 3339, as the spec asks; a date without a time zone is not trusted."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _entry(item: dict[str, Any], feed_url: str) -> RawEntry:
    summary, summary_is_html = "", False
    if _string(item.get("summary")):
        summary = item["summary"]
    elif _string(item.get("content_text")):
        summary = item["content_text"]
    elif _string(item.get("content_html")):
        summary, summary_is_html = item["content_html"], True
    link = _string(item.get("url")) or _string(item.get("external_url"))
    return RawEntry(
        id=_string(item.get("id")),
        title=_string(item.get("title")) or "",
        title_is_html=False,  # JSON Feed titles are plain text
        link=urljoin(feed_url, link) if link else None,
        date=_moment(item.get("date_published")) or _moment(item.get("date_modified")),
        summary=summary,
        summary_is_html=summary_is_html,
    )


def parse_json_feed(body: bytes, feed_url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise NotAFeed("the JSON feed is not UTF-8 text, as JSON Feed requires") from None
    except json.JSONDecodeError as exc:
        raise NotAFeed(f"the JSON feed is not valid JSON ({exc.msg} at line {exc.lineno})"
                       ) from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
            VERSION_PREFIX):
        raise NotAFeed("this is JSON, but not a JSON Feed (it has no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise NotAFeed("the JSON feed has no list of items")
    entries = tuple(_entry(item, feed_url) for item in items[:MAX_ENTRIES]
                    if isinstance(item, dict))
    return ParsedFeed(entries)
