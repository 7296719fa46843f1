"""Deterministic builds: the same content at the same clock gives the same bytes, in every file
(sitemaps and their .gz, feeds, search index, calendars), so a deploy changes only what
changed and a daily scheduled build of unchanged content changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from site_builder.schema import Kind
from site_builder.website.build_date import content_date
from site_builder.website.select import PublicView

from .conftest import SAMPLE_NOW, copy_project
from .test_site_output import sample_content

CLOCK = "2026-11-23 12:00"  # SAMPLE_NOW, as SITE_BUILDER_NOW spells it


def build_in_new_process(project: Path, out: Path, **environment: str) -> None:
    """`site-builder build` as CI runs it: its own process, its own environment."""
    env = {**os.environ, "SITE_BUILDER_NOW": CLOCK, **environment}
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--out", str(out)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def every_file(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    # Everything but the content and the clock differs between the two builds: the folder,
    # Python's hash seed (set order), the time zone, and a build date left in the
    # environment (as if the second build ran on another day).
    first, second = tmp_path / "first-site", tmp_path / "second-site"
    build_in_new_process(copy_project(tmp_path / "one"), first, PYTHONHASHSEED="1",
                         TZ="Europe/Amsterdam")
    build_in_new_process(copy_project(tmp_path / "two"), second, PYTHONHASHSEED="2",
                         TZ="America/New_York", SOURCE_DATE_EPOCH="1700000000")
    one, two = every_file(first), every_file(second)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []
    for path in ("sitemap.xml", "sitemap.xml.gz", "rss.xml", "search/search_index.json",
                 "agenda/agenda.ics", "en/sitemap.xml.gz", "en/rss.xml"):
        assert path in one, f"{path} was not built"


def nl_content_date(now: datetime) -> datetime:
    return content_date(PublicView(sample_content(), "nl", now))


def test_sitemap_dates_come_from_the_content_not_from_the_day_of_the_build(
        sample_site: Path) -> None:
    day = nl_content_date(SAMPLE_NOW).astimezone(UTC).date()
    assert day != SAMPLE_NOW.date()
    sitemap = (sample_site / "sitemap.xml").read_text("utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {day.isoformat()}
    gz_header_time = int.from_bytes((sample_site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gz_header_time == int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def test_build_date_moves_only_when_the_schedule_changes_the_site() -> None:
    content = sample_content()
    upcoming_changes = [p.meta.date for p in content.of_kind(Kind.POST, "nl")
                        if p.is_public and not p.meta.draft and p.meta.date > SAMPLE_NOW]
    upcoming_changes += [e.meta.end for e in content.of_kind(Kind.EVENT, "nl")
                         if e.is_public and e.meta.end > SAMPLE_NOW]
    next_change = min(upcoming_changes)
    assert nl_content_date(next_change - timedelta(seconds=1)) == nl_content_date(SAMPLE_NOW)
    assert nl_content_date(next_change) == next_change
