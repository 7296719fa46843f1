"""iCalendar (.ics) files for events, made with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..memo import remembered
from ..model import Item
from ..schema import EventMeta

if TYPE_CHECKING:
    # Imported where a calendar is made, for every command's startup time (icalendar takes
    # about 50 ms): a build finds most calendars remembered.
    import icalendar

# What a calendar shows of an event: source, title, description, start, end, place,
# online, address of its page.
EventFacts = tuple[str, str, str | None, datetime, datetime, str | None, bool, str]


def _event(facts: EventFacts, host: str) -> icalendar.Event:
    import icalendar

    source, title, description, start, end, location, online, page_url = facts
    event = icalendar.Event()
    event.add("uid", f"{source.removesuffix('.md').replace('/', '-')}@{host}")
    # DTSTAMP comes from the content, not the clock, so rebuilding changes no byte.
    event.add("dtstamp", start.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", title)
    if description:
        event.add("description", f"{description}\n\n{page_url}")
    else:
        event.add("description", page_url)
    place = location or ""
    if online:
        place = f"{place} (online)" if place else "Online"
    event.add("location", place)
    event.add("url", page_url)
    return event


def calendar_file(events: Iterable[tuple[Item, str]], site_url: str, name: str) -> bytes:
    """One calendar holding each (event, absolute page URL)."""
    facts = []
    for item, url in events:
        meta = item.meta
        assert isinstance(meta, EventMeta)
        facts.append((item.source, item.title, meta.description, meta.start, meta.end,
                      meta.location, meta.online, url))
    return _calendar(tuple(facts), site_url, name)


@remembered
def _calendar(events: tuple[EventFacts, ...], site_url: str, name: str) -> bytes:
    # Remembered: the time zone's rules (add_missing_timezones) take most of the time.
    import icalendar

    host = urlsplit(site_url).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{host}//site-builder//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for facts in events:
        calendar.add_component(_event(facts, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
