"""Partner news in newsletters: from the feed cache, plain text, https links only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import Result, write
from .feed_server import HOSTILE, RSS_20, FeedServer, serve, set_feeds


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


@pytest.fixture
def refreshed(project: Path, server: FeedServer, run: Callable[..., Result]) -> Path:
    plain_http = RSS_20.replace("https://gemeente.example/nieuws/minima",
                                "http://gemeente.example/nieuws/onveilig").replace(
        "Nieuwe regeling voor minima", "Alleen via http")
    feeds = [{"name": "Gemeente Voorbeeld", "url": server.add("/gemeente.xml", RSS_20)},
             {"name": "Zonder https", "url": server.add("/http.xml", plain_http)}]
    feeds += [{"name": f"Hostile {path}", "url": server.add(path, body, content_type)}
              for path, (body, content_type) in HOSTILE.items()]
    set_feeds(project, feeds)
    assert run(project, "feeds", "refresh").code == 0
    return project


def built_email(project: Path, run: Callable[..., Result], issue: str) -> str:
    result = run(project, "newsletter", "build", f"newsletters/{issue}.md", "--out", "out")
    assert result.code == 0, result.err
    return (project / "out" / issue / "email.html").read_text("utf-8") + (
        project / "out" / issue / "email.txt").read_text("utf-8")


def test_external_issue_shows_partner_news_from_the_cache(refreshed: Path,
                                                          run: Callable[..., Result]) -> None:
    output = built_email(refreshed, run, "2026-11-extern")
    assert "Uit het netwerk" in output
    assert "Nieuwe regeling voor minima" in output
    assert 'href="https://gemeente.example/nieuws/minima"' in output
    assert "Gemeente Voorbeeld" in output


def test_partner_news_without_an_https_link_stays_out_of_the_email(
    refreshed: Path, run: Callable[..., Result]
) -> None:
    output = built_email(refreshed, run, "2026-11-extern")
    assert "Alleen via http" not in output
    assert "http://gemeente.example" not in output


def test_no_active_content_from_a_feed_reaches_the_email(refreshed: Path,
                                                         run: Callable[..., Result]) -> None:
    output = built_email(refreshed, run, "2026-11-extern").lower()
    for marker in ("sb-xss", "javascript:", "onerror", "<iframe", "<script", "<svg"):
        assert marker not in output


def test_internal_issue_has_partner_news_only_when_it_asks(refreshed: Path,
                                                           run: Callable[..., Result]) -> None:
    assert "Uit het netwerk" not in built_email(refreshed, run, "2026-11-intern")
    issue = refreshed / "newsletters/2026-11-intern.md"
    issue.write_text(issue.read_text("utf-8").replace("lang: nl\n", "lang: nl\n"
                                                      "partner_news: true\n"), "utf-8")
    assert "Uit het netwerk" in built_email(refreshed, run, "2026-11-intern")


def test_building_a_newsletter_never_fetches(refreshed: Path, server: FeedServer,
                                             run: Callable[..., Result]) -> None:
    before = len(server.seen)
    built_email(refreshed, run, "2026-11-extern")
    write(refreshed / "newsletters/extra.md", "---\nsubject: Extra\naudience: external\n"
          "lang: nl\ndate: 2026-11-22\npreheader: x\n---\nHoi.\n")
    built_email(refreshed, run, "extra")
    assert len(server.seen) == before
