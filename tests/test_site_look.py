"""The public site is the organisation's own website: a landing home page, the sections in the
header, listings as cards with pictures, no table of contents or page-flip footer where nobody
reads a long text, the organisation in the footer, its logo and page titles."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.schema import Kind
from site_builder.website.news import POSTS_PER_PAGE

from .conftest import SAMPLE_NOW
from .test_site_output import published_posts, resolve, sample_content


class _Page(HTMLParser):
    """The parts of a built page the tests look at: elements with classes, headings, links."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: tuple[int, list[str]] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join("".join(self._heading[1]).split())))
            self._heading = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._heading[1].append(data)
        if self._in_title:
            self.title += data

    def with_class(self, name: str, tag: str | None = None) -> list[dict[str, str]]:
        return [attrs for t, attrs in self.tags
                if name in attrs.get("class", "").split() and (tag is None or t == tag)]


def page(site: Path, path: str) -> tuple[_Page, str]:
    html = (site / path / "index.html" if not path.endswith(".html") else site / path
            ).read_text("utf-8")
    parsed = _Page()
    parsed.feed(html)
    return parsed, html


def hidden_sidebars(parsed: _Page) -> set[str]:
    return {attrs["data-md-type"] for tag, attrs in parsed.tags
            if "md-sidebar" in attrs.get("class", "") and "hidden" in attrs}


LANDING_AND_LISTINGS = ["", "diensten/", "expertise/", "blog/", "blog/page/2/", "agenda/",
                        "team/", "nieuwsbrief/", "en/", "en/services/", "en/blog/", "en/events/"]


@pytest.mark.parametrize("path", LANDING_AND_LISTINGS)
def test_landing_and_listing_pages_have_no_side_menus_or_table_of_contents(
        sample_site: Path, path: str) -> None:
    parsed, _ = page(sample_site, path)
    assert hidden_sidebars(parsed) == {"navigation", "toc"}


@pytest.mark.parametrize("path", [*LANDING_AND_LISTINGS, "diensten/schulden-en-geldzaken/"])
def test_no_page_has_a_page_flip_footer(sample_site: Path, path: str) -> None:
    _, html = page(sample_site, path)
    assert "md-footer__link" not in html


def test_a_service_page_has_a_side_menu_of_its_section_but_a_short_page_no_contents(
        sample_site: Path) -> None:
    parsed, _ = page(sample_site, "diensten/schulden-en-geldzaken/")
    assert hidden_sidebars(parsed) == {"toc"}


@pytest.mark.parametrize("prefix, sections", [
    ("", ["Diensten", "Expertise", "Nieuws", "Agenda", "Over ons", "Contact"]),
    ("en/", ["Services", "Expertise", "News", "Events", "About us", "Contact"]),
])
def test_header_shows_the_top_level_sections(sample_site: Path, prefix: str,
                                             sections: list[str]) -> None:
    _, html = page(sample_site, prefix)
    tabs = html.split('class="md-tabs__list"', 1)[1].split("</ul>", 1)[0]
    names = [" ".join(name.split()) for name in re.findall(
        r'class="md-tabs__link">(.*?)</a>', tabs, re.S)]
    assert names == sections


def test_archive_and_categories_are_on_the_news_page_not_in_the_menu(sample_site: Path) -> None:
    _, home = page(sample_site, "")
    menu = home.split('class="md-tabs__list"', 1)[1].split("</nav>", 1)[0]
    assert "archive" not in menu and "category" not in menu
    _news, html = page(sample_site, "blog/")
    topics = html.split('class="sb-topics"', 1)[1].split("</nav>", 1)[0]
    assert 'href="archive/2026/"' in topics
    assert 'href="category/praktijk/"' in topics
    assert (sample_site / "blog/archive/2026/index.html").is_file()
    assert (sample_site / "blog/category/praktijk/index.html").is_file()


def test_partner_news_is_not_in_the_menu_while_there_is_none(sample_site: Path) -> None:
    _, html = page(sample_site, "")
    menu = re.split(r'class="md-nav md-nav--primary[^"]*"', html, maxsplit=1)[1]
    assert "netwerk/" not in menu


def test_home_page_is_a_landing_page_with_hero_and_blocks(sample_site: Path) -> None:
    parsed, html = page(sample_site, "")
    assert parsed.headings[0] == (1, "Zelf de regie, met iemand naast je")
    hero = html.split('class="sb-hero', 1)[1].split("</section>", 1)[0]
    actions = re.findall(r'<a class="md-button[^"]*" href="([^"]+)">', hero)
    assert actions == ["diensten/", "contact/"]
    blocks = [attrs["class"].split()[1] for attrs in parsed.with_class("sb-block", "section")]
    assert blocks == ["sb-block--services", "sb-block--news", "sb-block--events",
                      "sb-block--newsletter"]  # no partner news in the sample's cache
    services = html.split("sb-block--services", 1)[1].split("</section>", 1)[0]
    view_services = [i for i in sample_content().of_kind(Kind.SERVICE, "nl") if i.is_public]
    assert services.count('class="sb-card ') == len(view_services)
    assert services.count('class="sb-card__icon"') == len(view_services)
    news = html.split("sb-block--news", 1)[1].split("</section>", 1)[0]
    assert news.count("<img ") == news.count('class="sb-card ') == 3
    assert news.count("<time ") == 3
    assert 'action="https://www.zelfwijs.example/aanmelden/"' in html


def test_home_page_blocks_follow_the_home_pages_settings(project: Path, run) -> None:
    home = project / "content/nl/index.md"
    home.write_text(home.read_text("utf-8").replace(
        "blocks: [services, news, events, newsletter, network]", "blocks: [events, news]"),
        "utf-8")
    assert run(project, "build").code == 0
    parsed, _ = page(project / "site", "")
    blocks = [attrs["class"].split()[1] for attrs in parsed.with_class("sb-block", "section")]
    assert blocks == ["sb-block--events", "sb-block--news"]


def test_a_home_block_that_does_not_exist_is_an_error_at_its_line(project: Path, run) -> None:
    home = project / "content/nl/index.md"
    home.write_text(home.read_text("utf-8").replace(
        "blocks: [services, news, events, newsletter, network]", "blocks: [services, nieuws]"),
        "utf-8")
    result = run(project, "check")
    assert result.code == 1
    line = home.read_text("utf-8").splitlines().index("blocks: [services, nieuws]") + 1
    assert f"content/nl/index.md:{line}: error: `blocks.1` must be one of" in result.err
    assert "found 'nieuws'" in result.err


@pytest.mark.parametrize("prefix, lang", [("", "nl"), ("en/", "en")])
def test_every_post_card_has_a_picture_and_a_date(sample_site: Path, prefix: str,
                                                  lang: str) -> None:
    posts = published_posts(lang)
    pages = 1 + (len(posts) - 1) // POSTS_PER_PAGE
    cards = []
    for number in range(1, pages + 1):
        path = f"{prefix}blog/" + (f"page/{number}/" if number > 1 else "")
        _, html = page(sample_site, path)
        cards += html.split('<article class="sb-card sb-card--post')[1:]
    assert len(cards) == len(posts)
    for card in cards:
        card = card.split("</article>", 1)[0]
        assert "<img " in card and 'width="' in card and 'height="' in card
        assert "<time datetime=" in card


def test_news_is_paginated_and_every_page_links_to_every_other(sample_site: Path) -> None:
    posts = published_posts("nl")
    assert len(posts) > POSTS_PER_PAGE
    first, _ = page(sample_site, "blog/")
    second, html = page(sample_site, "blog/page/2/")
    assert 'href="../../"' in html  # page 2 leads back to page 1
    assert len(first.with_class("sb-card", "article")) == POSTS_PER_PAGE
    assert len(second.with_class("sb-card", "article")) == len(posts) - POSTS_PER_PAGE


@pytest.mark.parametrize("path, lang", [("diensten/", "nl"), ("team/", "nl"),
                                        ("en/services/", "en"), ("agenda/", "nl")])
def test_headings_do_not_skip_a_level(sample_site: Path, path: str, lang: str) -> None:
    parsed, _ = page(sample_site, path)
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_footer_carries_the_organisation(sample_site: Path) -> None:
    _, html = page(sample_site, "")
    footer = html.split("<footer", 1)[1]
    assert re.search(r"<address>\s*Voorbeeldlaan 10<br>3811 AA Amersfoort\s*</address>", footer)
    assert 'href="tel:+31330001200"' in footer
    assert 'href="mailto:info@zelfwijs.example"' in footer
    assert 'href="privacy/"' in footer and 'href="toegankelijkheid/"' in footer
    assert 'href="nieuwsbrief/"' in footer
    assert 'href="en/" hreflang="en"' in footer


def test_contact_page_shows_the_address_with_its_line_breaks(sample_site: Path) -> None:
    _, html = page(sample_site, "contact/")
    assert re.search(r"<address>Voorbeeldlaan 10<br>3811 AA Amersfoort</address>", html)


def test_header_has_the_logo_and_the_site_a_favicon(sample_site: Path) -> None:
    _, html = page(sample_site, "diensten/")
    assert re.search(r'class="md-header__button md-logo"[^>]*>\s*<img src="\.\./assets/logo\.svg"'
                     r' alt="" width="48" height="48">', html)
    assert '<link rel="icon" href="../assets/favicon.svg">' in html
    assert (sample_site / "assets/logo.svg").read_text("utf-8").startswith("<svg")


@pytest.mark.parametrize("path, title", [
    ("", "Stichting Zelfwijs"),
    ("diensten/", "Diensten – Stichting Zelfwijs"),
    ("contact/", "Contact – Stichting Zelfwijs"),
    ("en/", "Stichting Zelfwijs"),
])
def test_page_titles_name_the_page_and_the_organisation(sample_site: Path, path: str,
                                                        title: str) -> None:
    parsed, _ = page(sample_site, path)
    assert parsed.title.strip() == title


def test_post_byline_comes_before_the_article_text(sample_site: Path) -> None:
    post = max(published_posts("nl"), key=lambda p: p.meta.date)
    _, html = page(sample_site, post.url)
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1]
    byline = article.index('class="sb-byline"')
    first_paragraph = article.index(post.body.strip().split("\n", 1)[0][:40])
    assert byline < first_paragraph
    assert "Door <span class=\"sb-byline__author\">" in article
    assert re.search(r"\d+ min\. lezen", article)


def test_event_page_has_its_facts_and_sign_up_above_the_text(sample_site: Path) -> None:
    _, html = page(sample_site, "agenda/training-eigen-regie/")
    facts = html.index('class="sb-event"')
    assert facts < html.index("<h2")
    assert 'href="https://www.zelfwijs.example/academie/aanmelden/eigen-regie-2026-12"' in html
    assert resolve(sample_site, sample_site / "agenda/training-eigen-regie/index.html",
                   "../training-eigen-regie.ics") is not None


def test_newsletter_web_version_is_a_page_of_the_site(sample_site: Path) -> None:
    parsed, html = page(sample_site, "nieuwsbrief/2026-11-extern/")
    assert [h for h in parsed.headings if h[0] == 1] == [(1, "Nieuws van Zelfwijs – november 2026")]
    assert html.count("<main") == 1
    assert 'class="md-tabs"' in html and "<footer" in html
    assert "Beste lezer" not in html and "Bekijk deze nieuwsbrief in je browser" not in html
    assert parsed.with_class("sb-card", "article"), "news and events appear as the site's cards"


def test_upcoming_events_are_on_the_home_page_until_they_end(sample_site: Path) -> None:
    events = sorted((e for e in sample_content().of_kind(Kind.EVENT, "nl")
                     if e.is_public and e.meta.end >= SAMPLE_NOW), key=lambda e: e.meta.start)
    _, html = page(sample_site, "")
    block = html.split("sb-block--events", 1)[1].split("</section>", 1)[0]
    assert [e.title for e in events[:3]] == [
        t.replace("&#39;", "'") for t in re.findall(r'class="sb-card__title"><a [^>]+>([^<]+)<',
                                                     block)]


def test_a_call_to_action_to_a_missing_page_is_an_error_at_its_line(project: Path, run) -> None:
    home = project / "content/nl/index.md"
    home.write_text(home.read_text("utf-8").replace("link: contact.md", "link: kontakt.md"),
                    "utf-8")
    result = run(project, "check")
    assert result.code == 1
    line = home.read_text("utf-8").splitlines().index("      link: kontakt.md") + 1
    assert (f"content/nl/index.md:{line}: error: the button 'Neem contact op' leads to "
            "'kontakt.md', which is not a page of this site. Did you mean `contact.md`?"
            ) in result.err


def test_a_mistyped_title_gives_one_message_not_three(project: Path,
                                                       run) -> None:
    contact = project / "content/nl/contact.md"
    contact.write_text(contact.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    result = run(project, "check")
    assert result.code == 1
    assert "content/nl/contact.md:2: error: unknown setting `titel`" in result.err
    assert "the button 'Neem contact op'" not in result.err
    assert "`title` is missing" not in result.err  # the "did you mean" says it already


def test_an_icon_that_material_does_not_have_is_an_error(project: Path, run) -> None:
    service = project / "content/nl/diensten/advies-aan-gemeenten.md"
    service.write_text(service.read_text("utf-8").replace(
        "icon: material/scale-balance", "icon: material/weegschaal"), "utf-8")
    result = run(project, "check")
    assert result.code == 1
    assert ("content/nl/diensten/advies-aan-gemeenten.md:3: error: there is no icon "
            "'material/weegschaal'.") in result.err
