"""Dates as old sites write them (`2024-03-05 14:30:00 +0100`, `2024-09-02T10:00:00Z`, TOML
dates), turned into the Dutch time our settings use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser

from ..schema import AMSTERDAM

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


@dataclass(frozen=True)
class When:
    """A moment from the old site, in Dutch time."""

    moment: datetime
    has_time: bool
    had_zone: bool
    original: str

    @property
    def written(self) -> str:
        """As our settings write it: `2024-03-05 14:30`, or `2024-03-05` without a time."""
        return f"{self.moment:%Y-%m-%d %H:%M}" if self.has_time else f"{self.moment:%Y-%m-%d}"

    def with_time(self, hour: int, minute: int = 0) -> When:
        moment = self.moment.replace(hour=hour, minute=minute)
        return When(moment, True, self.had_zone, self.original)


def site_zone(name: Any) -> tzinfo:
    """The old site's own time zone setting (Jekyll's `timezone`, Hugo's `timeZone`)."""
    if isinstance(name, str) and name.strip():
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return AMSTERDAM


def parse_when(value: Any, zone: tzinfo = AMSTERDAM) -> When | None:
    """A date or a date with a time; without a zone it is the old site's zone. None when the
    value is not a date."""
    if isinstance(value, datetime):
        parsed, has_time, had_zone = value, True, value.tzinfo is not None
    elif isinstance(value, date):
        parsed, has_time, had_zone = datetime.combine(value, time()), False, False
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            parsed = date_parser.parse(text)
        except (ValueError, OverflowError):
            return None
        has_time, had_zone = bool(_HAS_TIME.search(text)), parsed.tzinfo is not None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    moment = parsed.astimezone(AMSTERDAM) if has_time else parsed.replace(tzinfo=AMSTERDAM)
    return When(moment, has_time, had_zone, str(value))


def parse_clock(value: Any) -> tuple[int, int] | None:
    """A time of day written on its own (`13:30`, `9.30`, `13:30 - 16:00` gives the first)."""
    if isinstance(value, time):
        return value.hour, value.minute
    found = re.search(r"(\d{1,2})[:.](\d{2})", str(value)) if value is not None else None
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    return (hour, minute) if hour < 24 and minute < 60 else None
