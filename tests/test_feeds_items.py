"""Partner news as readers see it: plain text, http(s) links, no duplicates, newest first."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from site_builder.config import FeedSource
from site_builder.feeds import PartnerItem, partner_news
from site_builder.feeds.cache import cache_file, write_cached
from site_builder.feeds.items import plain_text, safe_link, select_items, shorten
from site_builder.feeds.records import CachedFeed, RawEntry

DAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def entry(title: str = "Title", link: str | None = "https://partner.example/a",
          date: datetime | None = DAY, summary: str = "", id: str | None = None,
          html: bool = True) -> RawEntry:
    return RawEntry(id=id, title=title, title_is_html=html, link=link, date=date,
                    summary=summary, summary_is_html=html)


def cached(source: FeedSource, *entries: RawEntry) -> CachedFeed:
    return CachedFeed(source.name, source.url, None, None, DAY, tuple(entries))


def source(name: str = "Partner", lang: str | None = None, limit: int = 10) -> FeedSource:
    return FeedSource(name=name, url=f"https://{name.lower()}.example/feed", lang=lang,
                      limit=limit)


@pytest.mark.parametrize("html, text", [
    ("<p>Hello <b>world</b></p>", "Hello world"),
    ("<p>one</p><p>two</p>", "one two"),
    ("caf&eacute; &amp; &#233;&#xE9; &lt;b&gt;", "café & éé <b>"),
    ("before<script>alert('x')</script>after", "beforeafter"),
    ("a <iframe src='https://evil.example'>fallback</iframe> b", "a b"),
    ("a <style>p { color: red }</style> b", "a b"),
    ("a <svg onload='alert(1)'><text>drawn</text></svg> b", "a b"),
    ("a <object data='x'>fallback</object><embed src='y'> b", "a b"),
    ("<img src='x' onerror='alert(1)'>Caption", "Caption"),
    ("a <!-- a comment --> b", "a b"),
    ("  lots \n\n of\t\twhite   space ", "lots of white space"),
    ("un<script>closed", "un"),
    ("zero\u200bwidth and \u202edirection", "zerowidth and direction"),
    ("5 < 6 and 7 > 3", "5 < 6 and 7 > 3"),
])
def test_html_becomes_plain_text(html: str, text: str) -> None:
    assert plain_text(html, is_html=True) == text


def test_plain_text_is_kept_as_written() -> None:
    assert plain_text("Why <script> tags   matter", is_html=False) == "Why <script> tags matter"


@pytest.mark.parametrize("text, width, short", [
    ("short enough", 20, "short enough"),
    ("one two three four five", 14, "one two three…"),
    ("one two, three four", 10, "one two…"),
    ("averyveryverylongwordwithoutspaces", 10, "averyvery…"),
])
def test_shorten_cuts_between_words(text: str, width: int, short: str) -> None:
    assert shorten(text, width) == short
    assert len(shorten(text, width)) <= width


@pytest.mark.parametrize("link, safe", [
    ("https://partner.example/news/1", "https://partner.example/news/1"),
    ("http://partner.example", "http://partner.example/"),
    ("HTTPS://partner.example/a?b=c#d", "https://partner.example/a?b=c#d"),
    ("  https://partner.example/x  ", "https://partner.example/x"),
    ('https://partner.example/a b"c<d>', "https://partner.example/a%20b%22c%3Cd%3E"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("java\u200bscript:alert(1)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None),
    ("vbscript:msgbox(1)", None),
    ("mailto:someone@partner.example", None),
    ("ftp://partner.example/file", None),
    ("//partner.example/no-scheme", None),
    ("/relative/path", None),
    ("https://", None),
    ("https://trusted.example@evil.example/", None),
    ("https://[::1", None),
    ("", None),
    (None, None),
])
def test_only_http_and_https_links_pass(link: str | None, safe: str | None) -> None:
    assert safe_link(link) == safe


def test_a_title_like_script_stays_text_when_the_feed_says_text() -> None:
    feed = source()
    items = select_items([(feed, cached(feed, entry("Why <script> tags matter", html=False)))],
                         "nl", None)
    assert items[0].title == "Why <script> tags matter"


def test_an_unsafe_link_is_dropped_but_the_item_stays() -> None:
    feed = source()
    items = select_items([(feed, cached(feed, entry(link="javascript:alert(1)")))], "nl", None)
    assert [(i.title, i.link) for i in items] == [("Title", None)]


def test_items_are_sorted_newest_first_with_undated_last() -> None:
    feed = source()
    data = cached(feed, entry("old", "https://p.example/1", DAY - timedelta(days=2)),
                  entry("undated", "https://p.example/2", None),
                  entry("new", "https://p.example/3", DAY))
    assert [i.title for i in select_items([(feed, data)], "nl", None)] == [
        "new", "old", "undated"]


def test_an_entry_repeated_in_a_feed_is_shown_once_by_id() -> None:
    feed = source()
    data = cached(feed, entry("first", "https://p.example/1", id="x"),
                  entry("again", "https://p.example/2", id="x"))
    assert len(select_items([(feed, data)], "nl", None)) == 1


def test_an_entry_repeated_in_a_feed_is_shown_once_by_link() -> None:
    feed = source()
    data = cached(feed, entry("first", "https://p.example/1", id="a"),
                  entry("again", "https://p.example/1", id="b"))
    assert len(select_items([(feed, data)], "nl", None)) == 1


def test_the_same_link_from_two_partners_is_shown_once() -> None:
    one, two = source("One"), source("Two")
    items = select_items([(one, cached(one, entry(link="https://p.example/x"))),
                          (two, cached(two, entry(link="https://p.example/x")))], "nl", None)
    assert len(items) == 1


def test_the_same_id_in_two_feeds_is_two_items() -> None:
    # JSON Feed ids like "1" are only unique within their feed.
    one, two = source("One"), source("Two")
    items = select_items([(one, cached(one, entry("a", "https://one.example/1", id="1"))),
                          (two, cached(two, entry("b", "https://two.example/1", id="1")))],
                         "nl", None)
    assert sorted(i.title for i in items) == ["a", "b"]


def test_each_feed_gives_at_most_its_limit() -> None:
    feed = source(limit=2)
    data = cached(feed, *(entry(f"n{n}", f"https://p.example/{n}", DAY - timedelta(hours=n))
                          for n in range(5)))
    assert [i.title for i in select_items([(feed, data)], "nl", None)] == ["n0", "n1"]


def test_the_total_limit_keeps_the_newest() -> None:
    one, two = source("One"), source("Two")
    items = select_items([
        (one, cached(one, entry("one-old", "https://p.example/1", DAY - timedelta(days=3)))),
        (two, cached(two, entry("two-new", "https://p.example/2", DAY))),
    ], "nl", 1)
    assert [i.title for i in items] == ["two-new"]


def test_a_feed_with_a_language_only_shows_in_that_language() -> None:
    dutch, both = source("Dutch", lang="nl"), source("Both")
    feeds = [(dutch, cached(dutch, entry("nl-only", "https://p.example/1"))),
             (both, cached(both, entry("everyone", "https://p.example/2")))]
    assert [i.title for i in select_items(feeds, "en", None)] == ["everyone"]
    assert sorted(i.title for i in select_items(feeds, "nl", None)) == ["everyone", "nl-only"]


def test_since_keeps_only_dated_items_from_then_on() -> None:
    feed = source()
    data = cached(feed, entry("before", "https://p.example/1", DAY - timedelta(days=1)),
                  entry("after", "https://p.example/2", DAY),
                  entry("undated", "https://p.example/3", None))
    assert [i.title for i in select_items([(feed, data)], "nl", None, since=DAY)] == ["after"]


def test_an_entry_without_title_takes_its_summary() -> None:
    feed = source()
    items = select_items([(feed, cached(feed, entry("", summary="<p>Only a summary</p>")))],
                         "nl", None)
    assert (items[0].title, items[0].summary) == ("Only a summary", "")


def test_an_entry_with_nothing_to_show_is_left_out() -> None:
    feed = source()
    assert select_items([(feed, cached(feed, entry("<script>x</script>")))], "nl", None) == []


def test_long_summaries_are_shortened() -> None:
    feed = source()
    items = select_items([(feed, cached(feed, entry(summary="word " * 200)))], "nl", None)
    assert len(items[0].summary) <= 300 and items[0].summary.endswith("…")


def test_partner_items_are_frozen() -> None:
    item = PartnerItem("t", None, None, "s", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.title = "changed"  # type: ignore[misc]


def test_partner_news_reads_the_cache_of_each_configured_feed(tmp_path: Path) -> None:
    feed = source()
    write_cached(tmp_path, feed, cached(feed, entry("cached title")))
    assert [i.title for i in partner_news(tmp_path, [feed], "nl", 5)] == ["cached title"]


def test_partner_news_leaves_out_feeds_no_longer_configured(tmp_path: Path) -> None:
    gone, kept = source("Gone"), source("Kept")
    write_cached(tmp_path, gone, cached(gone, entry("old partner")))
    assert partner_news(tmp_path, [kept], "nl", 5) == []


def test_partner_news_ignores_a_damaged_cache_file(tmp_path: Path) -> None:
    feed = source()
    cache_file(tmp_path, feed).write_text("{ not json", encoding="utf-8")
    assert partner_news(tmp_path, [feed], "nl", 5) == []


def test_partner_news_without_a_cache_folder_is_empty(tmp_path: Path) -> None:
    assert partner_news(tmp_path / "missing", [source()], "nl", 5) == []
