"""An old event's settings (a start, an end, a place, a sign-up link, in the many names
Hugo and Jekyll themes give them) turned into ours."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from .context import ImportContext
from .dates import When, parse_clock, parse_when
from .file_comments import file_comment
from .kinds import END_KEYS, PLACE_KEYS, START_KEYS
from .model import SourcePage
from .settings import SettingsReader, one_line

SIGNUP_KEYS = ("signup", "sign_up", "registration", "registration_url", "registration_link",
               "register", "register_url", "rsvp", "tickets", "ticket_url", "aanmelden",
               "inschrijven", "event_url")
_ONLINE_WORDS = {"online", "zoom", "teams", "webinar", "virtual", "livestream", "online event"}
_TBA = {"nl": "Nog niet bekend", "en": "To be announced"}


class EventSettings:
    def __init__(self, reader: SettingsReader) -> None:
        self.reader = reader
        self.context = reader.context
        self.out = reader.out

    def convert(self) -> None:
        reader = self.reader
        start = self._when(START_KEYS, ("start_time", "startTime", "time"))
        if start is None:  # the plan made it an event by its folder: the date is the start
            start = self._when(("date",), ("start_time", "startTime", "time"))
        assert start is not None, "the plan turns events without a start into pages"
        end = self._when(END_KEYS, ("end_time", "endTime"), day=start)
        if not start.has_time:
            start = start.with_time(9)
            end = end or start
            end = end if end.has_time else end.with_time(17)
            reader.needs_you("The old site gave only the day, no times: it now starts at 09:00 "
                             "and ends at 17:00. Write the right times after `start:` and "
                             "`end:`.", "start",
                             file_comment("no_times", self.context.lang))
        elif end is None or end.moment <= start.moment:
            end = When(start.moment + timedelta(hours=2), True, False, "")
            reader.needs_you("The old site gave no (valid) end: it now ends two hours after it "
                             "starts. Write the right end after `end:`.", "end",
                             file_comment("no_end", self.context.lang))
        elif not end.has_time:
            end = end.with_time(17)
        self.out.values["start"] = start.written
        self.out.values["end"] = end.written
        self._place()
        self._signup()
        reader.used.add("date")

    def _when(self, keys: tuple[str, ...], clock_keys: tuple[str, ...], day: When | None = None
              ) -> When | None:
        """A moment from a date setting and a separate time setting (`start_time: 10:00`);
        with only a time, on `day`."""
        _, value = self.reader.take(*keys)
        when = parse_when(value, self.context.zone)
        _, clock = self.reader.take(*clock_keys) if clock_keys else ("", None)
        hour_minute = parse_clock(clock)
        if when is None and day is not None and hour_minute:
            return day.with_time(*hour_minute)
        if when and not when.has_time and hour_minute:
            when = when.with_time(*hour_minute)
        return when

    def _place(self) -> None:
        _, value = self.reader.take(*PLACE_KEYS)
        _, online = self.reader.take("online", "virtual", "is_online")
        if isinstance(value, dict):
            value = ", ".join(one_line(v) for v in value.values() if isinstance(v, str | int)
                              and str(v).strip())
        place = one_line(value) if value else ""
        if place.casefold() in _ONLINE_WORDS or online is True:
            self.out.values["online"] = True
            if place.casefold() in _ONLINE_WORDS:
                self.reader.changed(f"Its place “{place}” is now `online: true`.")
                return
        if place:
            self.out.values["location"] = place
        elif online is not True:
            self.out.values["location"] = _TBA[self.context.lang]
            self.reader.needs_you(f"The old site gave no place: it now says "
                                  f"“{_TBA[self.context.lang]}”. Write the place after "
                                  "`location:`, or `online: true`.", "location",
                                  file_comment("no_place", self.context.lang))

    def _signup(self) -> None:
        key, value = self.reader.take(*SIGNUP_KEYS)
        if value is None:
            return
        text = one_line(value)
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", text):
            text = "mailto:" + text
        parts = urlsplit(text)
        if parts.scheme in ("http", "https", "mailto"):
            self.out.values["signup"] = text
            if key != "signup":
                self.reader.changed(f"Its `{key}` is now its sign-up link (`signup`).")
            if (parts.hostname or "").lower() in self.context.site.hosts:
                self.reader.needs_you(f"Its sign-up link ({text}) is on the old site: make sure "
                                      "it still works after the move, or change it.")
            return
        self.reader.needs_you(f"Its sign-up link “{text}” is an address on the old site, so it "
                              "is left out. Write the web page or email address where readers "
                              "sign up after `signup:`.")


def fallback_start(page: SourcePage, context: ImportContext) -> datetime | None:
    """The moment an event starts, for the plan's question "is this really an event?"."""
    for key in (*START_KEYS, "date"):
        when = parse_when(page.meta.get(key), context.zone)
        if when:
            return when.moment
    return None
