"""The content model's small pure parts, as tables of input and exact output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

import pytest

from site_builder.config import load_config
from site_builder.links import references
from site_builder.loader import kind_of, load_content
from site_builder.problems import Problems
from site_builder.schema import AMSTERDAM, Kind, parse_local_datetime
from site_builder.website.links import build_link, md_link, page_url, relative_url
from site_builder.website.select import PublicView

from .conftest import REPO, SAMPLE_NOW, Result, write


@pytest.mark.parametrize("text, expected", [
    ("2026-03-14", datetime(2026, 3, 14, 0, 0, tzinfo=AMSTERDAM)),
    ("2026-03-14 13:30", datetime(2026, 3, 14, 13, 30, tzinfo=AMSTERDAM)),
    ("2026-07-01T09:15", datetime(2026, 7, 1, 9, 15, tzinfo=AMSTERDAM)),
    ("2026-07-01T09:15:00+00:00", datetime(2026, 7, 1, 11, 15, tzinfo=AMSTERDAM)),
])
def test_dates_are_read_as_dutch_time(text: str, expected: datetime) -> None:
    parsed = parse_local_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() is not None


def test_summer_and_winter_time_differ_by_an_hour() -> None:
    summer = parse_local_datetime("2026-07-01 12:00")
    winter = parse_local_datetime("2026-12-01 12:00")
    assert summer.utcoffset() == timedelta(hours=2)
    assert winter.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("text, message", [
    ("2026-02-30", "'2026-02-30' is not a date that exists"),
    ("14-03-2026", "'14-03-2026' is not a valid date"),
    ("morgen", "'morgen' is not a valid date"),
])
def test_wrong_dates_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_local_datetime(text)


@pytest.mark.parametrize("path, lang, kind", [
    ("diensten/coaching.md", "nl", Kind.SERVICE),
    ("diensten/index.md", "nl", Kind.PAGE),
    ("diensten/coaching/index.md", "nl", Kind.SERVICE),
    ("blog/posts/hallo/index.md", "nl", Kind.POST),
    ("over-ons/index.md", "nl", Kind.PAGE),
    ("services/coaching.md", "en", Kind.SERVICE),
    ("expertise/wmo.md", "en", Kind.EXPERTISE),
    ("blog/posts/hallo.md", "nl", Kind.POST),
    ("blog/index.md", "nl", Kind.PAGE),
    ("agenda/training.md", "nl", Kind.EVENT),
    ("events/training.md", "en", Kind.EVENT),
    ("over-ons.md", "nl", Kind.PAGE),
    ("agenda/training.md", "en", Kind.PAGE),
])
def test_the_folder_decides_the_kind(path: str, lang: str, kind: Kind) -> None:
    assert kind_of(PurePosixPath(path), lang) is kind


@pytest.mark.parametrize("body, expected", [
    ("[Diensten](diensten/index.md)", [("diensten/index.md", "Diensten", 1, False)]),
    ("Tekst\nmet [een link](a.md) op regel twee", [("a.md", "een link", 2, False)]),
    ("![Een foto](foto.png)", [("foto.png", "Een foto", 1, True)]),
    ("![](foto.png)", [("foto.png", "", 1, True)]),
    ('!!! tip "Let op"\n\n    Zie [de agenda](agenda/x.md).', [("agenda/x.md", "de agenda", 3,
                                                                   False)]),
    ("| a | b |\n|---|---|\n| [x](x.md) | y |", [("x.md", "x", 3, False)]),
    ("[ref]\n\n[ref]: doel.md", [("doel.md", "ref", 1, False)]),
    ("`[geen](link.md)`", []),
])
def test_links_and_images_are_found_with_their_line(body: str, expected: list) -> None:
    found = [(r.target, r.text, r.line, r.is_image) for r in references(body)]
    assert found == expected


@pytest.mark.parametrize("from_path, to_path, link", [
    ("index.md", "diensten/a.md", "diensten/a.md"),
    ("diensten/index.md", "diensten/a.md", "a.md"),
    ("blog/posts/x.md", "diensten/a.md", "../../diensten/a.md"),
])
def test_links_between_staged_files(from_path: str, to_path: str, link: str) -> None:
    assert md_link(from_path, to_path) == link


@pytest.mark.parametrize("docs_path, url", [
    ("index.md", ""), ("team.md", "team/"), ("diensten/index.md", "diensten/"),
    ("diensten/a.md", "diensten/a/"),
])
def test_page_urls_follow_mkdocs(docs_path: str, url: str) -> None:
    assert page_url(docs_path) == url


@pytest.mark.parametrize("from_url, to_url, link", [
    ("expertise/wmo/", "en/expertise/wmo-act/", "../../en/expertise/wmo-act/"),
    ("en/expertise/wmo-act/", "expertise/wmo/", "../../../expertise/wmo/"),
    ("", "en/", "en/"),
    ("en/", "", "../"),
])
def test_language_switch_links_are_relative(from_url: str, to_url: str, link: str) -> None:
    assert relative_url(from_url, to_url) == link


@pytest.mark.parametrize("target, url, build, link", [
    ("nl", "diensten/", "nl", "diensten/"),
    ("en", "services/", "nl", "en/services/"),
    ("nl", "diensten/", "en", "../diensten/"),
    ("en", "services/", "en", "services/"),
])
def test_links_across_language_builds(target: str, url: str, build: str, link: str) -> None:
    assert build_link(target, url, build, "nl") == link


def test_related_content_prefers_the_most_shared_topics(tmp_path: Path) -> None:
    content_dir = tmp_path / "content"
    write(content_dir / "people.yml", "ann:\n  name: Ann Smit\n")
    service = "---\ntitle: {title}\ncontact: ann\ntags: [{tags}]\n---\n"
    write(content_dir / "nl/diensten/a.md", service.format(title="A", tags="wmo, jeugd, werk"))
    write(content_dir / "nl/diensten/b.md", service.format(title="B", tags="wmo, jeugd"))
    write(content_dir / "nl/diensten/c.md", service.format(title="C", tags="wmo"))
    write(content_dir / "nl/diensten/d.md", service.format(title="D", tags="schulden"))
    write(content_dir / "nl/diensten/e.md", "---\ntitle: E\ncontact: ann\naudience: internal\n"
          "tags: [wmo, jeugd, werk]\n---\n")
    content = load_content(content_dir, ("nl",), "content", Problems())
    view = PublicView(content, "nl", SAMPLE_NOW)
    a = content.item("nl/diensten/a.md")
    assert [item.title for item in view.related(a)] == ["B", "C"]


def test_sample_content_loads_into_typed_objects() -> None:
    config = load_config(REPO / "mkdocs.yml")
    problems = Problems()
    content = load_content(config.content_dir, config.languages, "content", problems)
    assert problems.errors == []
    counts = {kind: len(list(content.of_kind(kind, "nl"))) for kind in Kind}
    assert counts[Kind.SERVICE] >= 6 and counts[Kind.EXPERTISE] >= 4
    assert counts[Kind.POST] >= 10 and counts[Kind.EVENT] >= 5
    assert len(list(content.of_kind(Kind.POST, "en"))) >= 3
    assert len(content.people) >= 5
    assert sum(1 for item in content.items if not item.is_public) >= 2
    for post in content.of_kind(Kind.POST):
        assert post.meta.date.tzinfo is not None


def test_post_address_uses_the_dutch_calendar_day(project: Path,
                                                   run: Callable[..., Result]) -> None:
    write(project / "content/nl/blog/posts/laat.md",
          "---\ntitle: Laat op de avond\ndate: 2026-07-01T23:30:00+00:00\n"
          "authors: [anouk-de-vries]\n---\nTekst.\n")
    assert run(project, "build").code == 0
    assert (project / "site/blog/2026/07/02/laat-op-de-avond/index.html").is_file()
    feed = (project / "site/rss.xml").read_text("utf-8")
    assert "https://www.zelfwijs.example/blog/2026/07/02/laat-op-de-avond/" in feed
