"""iCalendar (.ics) files for events, made with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlsplit

import icalendar

from ..model import Item
from ..schema import EventMeta


def _event(item: Item, page_url: str, host: str) -> icalendar.Event:
    meta = item.meta
    assert isinstance(meta, EventMeta)
    event = icalendar.Event()
    event.add("uid", f"{item.source.removesuffix('.md').replace('/', '-')}@{host}")
    # DTSTAMP comes from the content, not the clock, so rebuilding changes no byte.
    event.add("dtstamp", meta.start.astimezone(UTC))
    event.add("dtstart", meta.start)
    event.add("dtend", meta.end)
    event.add("summary", item.title)
    if meta.description:
        event.add("description", f"{meta.description}\n\n{page_url}")
    else:
        event.add("description", page_url)
    place = meta.location or ""
    if meta.online:
        place = f"{place} (online)" if place else "Online"
    event.add("location", place)
    event.add("url", page_url)
    return event


def calendar_file(events: Iterable[tuple[Item, str]], site_url: str, name: str) -> bytes:
    """One calendar holding each (event, absolute page URL)."""
    host = urlsplit(site_url).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{host}//site-builder//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item, url in events:
        calendar.add_component(_event(item, url, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
