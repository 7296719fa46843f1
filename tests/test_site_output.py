"""The built sample site: every public item has its page, in the right language, linked up."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import pytest

from site_builder.config import load_config
from site_builder.loader import load_content
from site_builder.problems import Problems
from site_builder.schema import Kind

from .conftest import REPO, SAMPLE_NOW


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, str(values[name]), values))


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file a relative link on `page` leads to, or None for external and special links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir() or link.endswith("/"):
        target = target / "index.html"
    return target


def sample_content():
    config = load_config(REPO / "mkdocs.yml")
    return load_content(config.content_dir, config.languages, "content", Problems())


def published_posts(lang: str):
    return [p for p in sample_content().of_kind(Kind.POST, lang)
            if p.is_public and p.is_published(SAMPLE_NOW)]


@pytest.mark.parametrize("lang, prefix", [("nl", ""), ("en", "en/")])
def test_every_published_post_has_a_page(sample_site: Path, lang: str, prefix: str) -> None:
    posts = published_posts(lang)
    assert len(posts) >= (10 if lang == "nl" else 3)
    for post in posts:
        page = sample_site / prefix / post.url / "index.html"
        assert page.is_file(), f"{post.source} has no page at {page}"
        assert post.title in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, prefix", [("nl", ""), ("en", "en/")])
def test_every_published_post_is_listed_in_the_blog(sample_site: Path, lang: str,
                                                     prefix: str) -> None:
    blog = sample_site / prefix / "blog"
    listing = "".join(p.read_text(encoding="utf-8") for p in blog.glob("**/index.html")
                      if "/20" not in p.as_posix().removeprefix(blog.as_posix()))
    for post in published_posts(lang):
        assert post.title in listing or post.title.replace("'", "&#39;") in listing


def test_dutch_pages_say_lang_nl_and_english_pages_lang_en(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        relative = page.relative_to(sample_site).as_posix()
        expected = "en" if relative.startswith("en/") else "nl"
        assert parse(page).html_lang == expected, relative


def test_interface_strings_follow_the_page_language(sample_site: Path) -> None:
    dutch = (sample_site / "index.html").read_text(encoding="utf-8")
    english = (sample_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Zoeken" in dutch and "Search" not in dutch
    assert "Search" in english and "Zoeken" not in english


def test_language_switch_leads_to_the_counterpart(sample_site: Path) -> None:
    page = sample_site / "diensten" / "ervaringsdeskundige-ondersteuning" / "index.html"
    switch = {attrs.get("hreflang"): link for tag, link, attrs in parse(page).links
              if tag == "a" and "md-select__link" in (attrs.get("class") or "")}
    assert resolve(sample_site, page, switch["en"]) == (
        sample_site / "en" / "services" / "peer-support" / "index.html")
    assert resolve(sample_site, page, switch["nl"]) == page


def test_language_switch_without_counterpart_leads_home(sample_site: Path) -> None:
    page = next((sample_site / "agenda").glob("training-geldzorgen-bespreken/index.html"))
    switch = {attrs.get("hreflang"): link for tag, link, attrs in parse(page).links
              if tag == "a" and "md-select__link" in (attrs.get("class") or "")}
    assert resolve(sample_site, page, switch["en"]) == sample_site / "en" / "index.html"


def test_every_internal_link_and_asset_resolves(sample_site: Path) -> None:
    broken = []
    for page in sample_site.rglob("*.html"):
        for _tag, link, _attrs in parse(page).links:
            target = resolve(sample_site, page, link)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(sample_site)} -> {link}")
    assert broken == []


def test_every_event_has_a_calendar_file_that_parses(sample_site: Path) -> None:
    ics_links = []
    for page in (sample_site / "agenda").glob("*/index.html"):
        ics_links += [resolve(sample_site, page, link) for _t, link, _a in parse(page).links
                      if link.endswith(".ics")]
    assert len(ics_links) >= 5
    for path in ics_links:
        assert path is not None and path.is_file()
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        event = calendar.walk("VEVENT")[0]
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Amsterdam"


def test_event_page_shows_dutch_date_place_and_sign_up(sample_site: Path) -> None:
    html = (sample_site / "agenda" / "training-eigen-regie" / "index.html").read_text("utf-8")
    assert "donderdag 3 december 2026, 13:30 tot 17:00" in html
    assert "Aanmelden" in html
    assert "Zet in je agenda" in html


def test_agenda_separates_upcoming_from_past(sample_site: Path) -> None:
    html = (sample_site / "agenda" / "index.html").read_text("utf-8")
    upcoming, past = html.split('id="geweest"')
    assert "Training Eigen regie" in upcoming or "eigen-regie" in upcoming
    assert "inspiratiemiddag" in past.lower()


def test_service_page_shows_its_contact_person(sample_site: Path) -> None:
    html = (sample_site / "diensten" / "advies-aan-gemeenten" / "index.html").read_text("utf-8")
    assert "Contactpersoon" in html
    assert re.search(r'href="tel:\+31\d+"', html)
    assert re.search(r'href="mailto:[^"]+@zelfwijs\.example"', html)


def test_related_content_links_items_that_share_a_topic(sample_site: Path) -> None:
    html = (sample_site / "diensten" / "schulden-en-geldzaken" / "index.html").read_text("utf-8")
    related = html.split('id="sb-related-title"', 1)[1]
    assert related.count("<li>") >= 1


@pytest.mark.parametrize("prefix, lang", [("", "nl"), ("en/", "en")])
def test_feed_parses_and_lists_the_published_posts(sample_site: Path, prefix: str,
                                                   lang: str) -> None:
    feed = feedparser.parse((sample_site / prefix / "rss.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang
    titles = {entry.title for entry in feed.entries}
    assert titles == {post.title for post in published_posts(lang)}
    assert all(entry.link.startswith("https://www.zelfwijs.example/") for entry in feed.entries)


def test_sitemap_lists_pages_of_its_language(sample_site: Path) -> None:
    dutch = (sample_site / "sitemap.xml").read_text("utf-8")
    english = (sample_site / "en" / "sitemap.xml").read_text("utf-8")
    assert "https://www.zelfwijs.example/diensten/" in dutch
    assert "https://www.zelfwijs.example/en/services/" in english


def test_robots_txt_names_the_sitemap_of_each_language(sample_site: Path) -> None:
    robots = (sample_site / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://www.zelfwijs.example/sitemap.xml" in robots
    assert "Sitemap: https://www.zelfwijs.example/en/sitemap.xml" in robots


def test_search_index_exists_for_both_languages(sample_site: Path) -> None:
    for prefix, word in (("", "ervaringsdeskundige"), ("en/", "experience")):
        index = (sample_site / prefix / "search" / "search_index.json").read_text("utf-8")
        assert word in index.lower()


def test_not_found_page_exists(sample_site: Path) -> None:
    assert (sample_site / "404.html").is_file()
    assert (sample_site / "en" / "404.html").is_file()


def test_pages_load_nothing_from_another_host(sample_site: Path) -> None:
    loaded = re.compile(r'<(?:script|img|iframe|link[^>]*rel="(?:stylesheet|preconnect|icon)")'
                        r'[^>]*(?:src|href)="(?:https?:)?//', re.I)
    offenders = [p for p in sample_site.rglob("*.html") if loaded.search(p.read_text("utf-8"))]
    assert offenders == []
    css = "".join(p.read_text("utf-8") for p in sample_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_drafts_and_scheduled_posts_are_left_out(sample_site: Path) -> None:
    content = sample_content()
    unpublished = [p for p in content.of_kind(Kind.POST) if not p.is_published(SAMPLE_NOW)]
    assert unpublished, "the sample content should show a draft and a scheduled post"
    text = "".join(p.read_text("utf-8", errors="replace") for p in sample_site.rglob("*")
                   if p.is_file() and p.suffix in {".html", ".xml", ".json"})
    for post in unpublished:
        assert post.title not in text, post.source


def test_footer_links_to_privacy_and_accessibility(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text("utf-8")
    footer = html.split('<footer', 1)[1]
    assert "privacy/" in footer and "toegankelijkheid/" in footer
