"""`site-builder feeds refresh` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.feeds import partner_news

from .conftest import Result
from .feed_server import FORMATS, RSS_20, FeedServer, serve, set_feeds

BROKEN_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Zorg & welzijn</title><link>https://broken.example/1</link></item>
<item><title>Second item</title><link>https://broken.example/2</link></item>
</channel>"""  # an unescaped & and a missing </rss>

LATIN1_DECLARED_UTF8 = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                        "<title>Wrong</title><item><title>Café in het buurthuis</title>"
                        "<link>https://wrong.example/cafe</link></item></channel></rss>"
                        ).encode("latin-1")

HTML_PAGE = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


def news(project: Path, lang: str = "nl") -> list:
    config = load_config(project / "mkdocs.yml")
    return partner_news(config.feeds_cache_dir, config.settings.feeds, lang)


def refresh(run, project: Path) -> Result:
    return run(project, "feeds", "refresh")


def one_feed(project: Path, url: str, timeout: float = 1.0) -> None:
    set_feeds(project, [{"name": "Partner", "url": url}], timeout)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_refresh_reads_every_feed_format(project: Path, run, server: FeedServer,
                                         fmt: str) -> None:
    path, body, content_type, title, link = FORMATS[fmt]
    one_feed(project, server.add(path, body, content_type))
    result = refresh(run, project)
    assert result.code == 0, result.err
    assert result.err == ""
    assert [(i.title, i.link) for i in news(project)] == [(title, link)]


def test_refresh_prints_one_progress_line_per_feed(project: Path, run,
                                                   server: FeedServer) -> None:
    set_feeds(project, [{"name": f"Partner {n}", "url": server.add(f"/{n}.xml", RSS_20)}
                        for n in range(3)])
    lines = refresh(run, project).out.splitlines()
    assert sorted(line.split("] ", 1)[1] for line in lines[:3]) == [
        "Partner 0: 1 item", "Partner 1: 1 item", "Partner 2: 1 item"]
    assert lines[3].startswith("Refreshed 3 feed(s) into .cache/feeds/: 3 fine")


def test_second_refresh_is_a_conditional_get_answered_with_304(project: Path, run,
                                                              server: FeedServer) -> None:
    modified = "Fri, 20 Nov 2026 07:00:00 GMT"
    one_feed(project, server.add("/rss.xml", RSS_20, etag='"v1"', last_modified=modified))
    refresh(run, project)
    second = refresh(run, project)
    first_request, second_request = server.requests_for("/rss.xml")
    assert "if-none-match" not in first_request.headers
    assert second_request.headers["if-none-match"] == '"v1"'
    assert second_request.headers["if-modified-since"] == modified
    assert second_request.status == 304
    assert "unchanged since the last refresh, 1 item" in second.out
    assert [i.title for i in news(project)] == ["Nieuwe regeling voor minima"]


def test_a_changed_feed_replaces_the_cached_items(project: Path, run,
                                                 server: FeedServer) -> None:
    url = server.add("/rss.xml", RSS_20, etag='"v1"')
    one_feed(project, url)
    refresh(run, project)
    server.add("/rss.xml", RSS_20.replace("Nieuwe regeling", "Andere regeling"), etag='"v2"')
    refresh(run, project)
    assert [i.title for i in news(project)] == ["Andere regeling voor minima"]


def test_a_hanging_feed_times_out_and_keeps_its_last_items(project: Path, run,
                                                          server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", RSS_20))
    refresh(run, project)
    server.hang("/rss.xml")
    started = time.monotonic()
    result = refresh(run, project)
    assert time.monotonic() - started < 5
    assert result.code == 0
    assert "warning: feed 'Partner'" in result.err
    assert "no answer within 1 s (timeout); kept its 1 item from the refresh of" in result.err
    assert [i.title for i in news(project)] == ["Nieuwe regeling voor minima"]


def test_a_feed_that_trickles_in_is_cut_off_at_the_timeout(project: Path, run,
                                                          server: FeedServer) -> None:
    # Each byte comes well within the timeout, so only a deadline for the whole feed ends it.
    one_feed(project, server.add("/rss.xml", RSS_20, drip=True))
    started = time.monotonic()
    result = refresh(run, project)
    assert time.monotonic() - started < 5
    assert "the feed did not arrive within 1 s (timeout)" in result.err


def test_a_missing_feed_is_reported_in_plain_words(project: Path, run,
                                                  server: FeedServer) -> None:
    one_feed(project, server.url("/gone.xml"))
    result = refresh(run, project)
    assert result.code == 0
    assert ("warning: feed 'Partner' (" + server.url("/gone.xml") + "): the feed is not there "
            "(HTTP 404 Not Found): the partner may have moved it; it has no items yet."
            ) in result.err


def test_a_feed_that_goes_missing_keeps_its_last_items(project: Path, run,
                                                      server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", RSS_20))
    refresh(run, project)
    del server.routes["/rss.xml"]
    assert "HTTP 404" in refresh(run, project).err
    assert [i.title for i in news(project)] == ["Nieuwe regeling voor minima"]


def test_a_server_error_is_reported(project: Path, run, server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", "oops", "text/plain", status=503))
    assert "the partner's server has a problem (HTTP 503" in refresh(run, project).err


def test_a_refused_connection_is_reported(project: Path, run, server: FeedServer) -> None:
    url = server.url("/rss.xml")
    server.stop()
    one_feed(project, url)
    result = refresh(run, project)
    assert result.code == 0
    assert "the server refused the connection" in result.err


def test_a_redirect_is_followed(project: Path, run, server: FeedServer) -> None:
    server.add("/new.xml", RSS_20)
    one_feed(project, server.add("/old.xml", "", status=301, location=server.url("/new.xml")))
    assert refresh(run, project).err == ""
    assert [i.title for i in news(project)] == ["Nieuwe regeling voor minima"]


def test_a_feed_with_a_wrong_declared_encoding_is_used_with_a_warning(
        project: Path, run, server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", LATIN1_DECLARED_UTF8,
                                 "application/rss+xml; charset=utf-8"))
    result = refresh(run, project)
    assert result.code == 0
    assert "the feed declares the wrong character encoding" in result.err
    assert "its 1 item are used anyway" in result.err
    assert [i.title for i in news(project)] == ["Café in het buurthuis"]


def test_an_ill_formed_feed_with_items_is_used_with_a_warning(project: Path, run,
                                                             server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", BROKEN_RSS))
    result = refresh(run, project)
    assert result.code == 0
    assert "the feed is not well-formed XML (not well-formed (invalid token) at line 2)" in (
        result.err)
    assert sorted(i.title for i in news(project)) == ["Second item", "Zorg & welzijn"]


def test_an_ill_formed_feed_without_items_keeps_the_last_ones(project: Path, run,
                                                              server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", RSS_20))
    refresh(run, project)
    server.add("/rss.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti")
    result = refresh(run, project)
    assert "is not well-formed XML" in result.err
    assert "kept its 1 item" in result.err
    assert [i.title for i in news(project)] == ["Nieuwe regeling voor minima"]


def test_a_web_page_is_not_a_feed(project: Path, run, server: FeedServer) -> None:
    one_feed(project, server.add("/", HTML_PAGE, "text/html; charset=utf-8"))
    assert "this is not a feed" in refresh(run, project).err
    assert news(project) == []


def test_invalid_json_is_not_a_feed(project: Path, run, server: FeedServer) -> None:
    one_feed(project, server.add("/feed.json", '{"version": ', "application/feed+json"))
    assert "the JSON feed is not valid JSON" in refresh(run, project).err


def test_twenty_feeds_with_hanging_ones_take_about_one_timeout(project: Path, run,
                                                               server: FeedServer) -> None:
    # 8 of 20 hang. One after another, the hanging ones alone would take 8 timeouts of 1 s;
    # in parallel the refresh takes about one. Half the sum is a generous bound that a
    # refresh that waits on feeds one by one cannot meet.
    feeds, hanging, timeout = [], 8, 1.0
    for n in range(20):
        url = server.hang(f"/slow{n}.xml") if n < hanging else server.add(f"/ok{n}.xml", RSS_20)
        feeds.append({"name": f"Partner {n}", "url": url})
    set_feeds(project, feeds, timeout)
    started = time.monotonic()
    result = refresh(run, project)
    elapsed = time.monotonic() - started
    assert elapsed < hanging * timeout / 2, f"refresh took {elapsed:.1f} s"
    assert result.err.count("(timeout)") == hanging
    assert "12 fine, 0 used with a warning, 8 failed" in result.out


def test_no_feeds_says_how_to_add_them(project: Path, run) -> None:
    set_feeds(project, [])
    result = refresh(run, project)
    assert result.code == 0
    assert "list them under `feeds:`" in result.out


def test_the_cache_is_one_json_file_per_feed_in_the_cache_folder(project: Path, run,
                                                                server: FeedServer) -> None:
    one_feed(project, server.add("/rss.xml", RSS_20, etag='"v1"'))
    refresh(run, project)
    files = list((project / ".cache/feeds").glob("*.json"))
    assert [f.name.startswith("partner-") for f in files] == [True]
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert (data["name"], data["etag"], len(data["entries"])) == ("Partner", '"v1"', 1)
