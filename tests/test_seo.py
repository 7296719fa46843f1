"""Link previews and search engines: every page of the built site says what it is (Open Graph,
Twitter card, a full canonical address), and posts, events and the home page carry schema.org
data, with full addresses that exist in the site."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.i18n import LOCALES
from site_builder.loader import load_content
from site_builder.problems import Problems
from site_builder.schema import AMSTERDAM, Kind
from site_builder.website import structured_data
from site_builder.website.select import PublicView

from .conftest import REPO, SAMPLE_NOW
from .page_head import SITE_URL, built_file, read_head

ORGANISATION = structured_data.Organisation(name="Stichting Zelfwijs", url=SITE_URL)
DEFAULT_PICTURE = {"nl": f"{SITE_URL}images/nieuws-standaard.png",
                   "en": f"{SITE_URL}en/nl/images/nieuws-standaard.png"}


def sample_view(lang: str) -> PublicView:
    config = load_config(REPO / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    return PublicView(content, lang, SAMPLE_NOW)


def page_of(site: Path, lang: str, url: str) -> Path:
    return site / ("" if lang == "nl" else f"{lang}/") / url / "index.html"


def content_pages(site: Path) -> list[Path]:
    return sorted(page for page in site.rglob("index.html")
                  if "search" not in page.relative_to(site).parts)


def lang_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "nl"


def iso(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat()


# -- every page -------------------------------------------------------------------------------

def test_every_page_has_a_full_canonical_address_that_is_its_own(sample_site: Path) -> None:
    pages = content_pages(sample_site)
    assert len(pages) > 60
    for page in pages:
        head = read_head(page)
        assert head.canonical is not None, page
        assert built_file(sample_site, head.canonical) == page
        assert head.og("og:url") == head.canonical


def test_every_page_has_a_title_text_and_picture_for_link_previews(sample_site: Path) -> None:
    for page in content_pages(sample_site):
        head = read_head(page)
        lang = lang_of(sample_site, page)
        assert head.og("og:title") and head.og("og:description"), page
        assert head.og("og:site_name") == "Stichting Zelfwijs"
        assert head.og("og:locale") == LOCALES[lang]
        assert head.names["description"] == [head.og("og:description")]
        picture = head.og("og:image")
        assert built_file(sample_site, picture).is_file(), f"{page}: {picture}"
        assert head.names["twitter:card"] == ["summary_large_image"]
        assert head.names["twitter:image"] == [picture]
        assert head.names["twitter:title"] == [head.og("og:title")]


def test_pages_of_a_translated_pair_name_each_others_locale(sample_site: Path) -> None:
    dutch = read_head(sample_site / "diensten" / "ervaringsdeskundige-ondersteuning"
                      / "index.html")
    english = read_head(sample_site / "en" / "services" / "peer-support" / "index.html")
    assert dutch.properties["og:locale:alternate"] == ["en_GB"]
    assert english.properties["og:locale:alternate"] == ["nl_NL"]
    # The second page of the news has no English counterpart.
    assert "og:locale:alternate" not in read_head(
        sample_site / "blog" / "page" / "2" / "index.html").properties


def test_a_page_without_a_picture_shares_the_sites_default_picture(sample_site: Path) -> None:
    assert read_head(sample_site / "team" / "index.html").og("og:image") == (
        DEFAULT_PICTURE["nl"])
    assert read_head(sample_site / "en" / "team" / "index.html").og("og:image") == (
        DEFAULT_PICTURE["en"])


def test_a_page_with_a_picture_shares_it_with_its_size_and_description(
        sample_site: Path) -> None:
    head = read_head(sample_site / "index.html")
    assert head.og("og:image") == f"{SITE_URL}images/samen-cirkels.png"
    assert (head.og("og:image:width"), head.og("og:image:height")) == ("1200", "630")
    assert head.og("og:image:alt").startswith("Vijf gekleurde cirkels")


def test_english_pages_without_a_description_are_described_in_english(
        sample_site: Path) -> None:
    english_home = read_head(sample_site / "en" / "index.html").og("og:description")
    assert english_home.startswith("Zelfwijs helps people")
    for page in ("team", "blog", "network"):
        head = read_head(sample_site / "en" / page / "index.html")
        assert head.og("og:description") == english_home, page


def test_only_the_home_page_posts_and_events_carry_schema_org_data(sample_site: Path) -> None:
    head = read_head(sample_site / "diensten" / "advies-aan-gemeenten" / "index.html")
    assert head.og("og:type") == "website"
    assert head.json_ld == []


# -- the home page ------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix, lang", [("", "nl"), ("en/", "en")])
def test_home_page_describes_the_organisation_from_mkdocs_yml(sample_site: Path, prefix: str,
                                                               lang: str) -> None:
    head = read_head(sample_site / prefix / "index.html")
    assert head.og("og:title") == "Stichting Zelfwijs"
    organisation = head.of_type("Organization")
    assert organisation["name"] == "Stichting Zelfwijs"
    assert organisation["url"] == SITE_URL
    assert built_file(sample_site, organisation["logo"]).name == "logo.svg"
    assert built_file(sample_site, organisation["logo"]).is_file()
    assert organisation["address"] == {"@type": "PostalAddress",
                                       "streetAddress": "Voorbeeldlaan 10",
                                       "postalCode": "3811 AA", "addressLocality": "Amersfoort"}
    assert organisation["email"] == "info@zelfwijs.example"
    assert organisation["telephone"] == "+31 33 000 12 00"
    website = head.of_type("WebSite")
    assert website["url"] == f"{SITE_URL}{prefix}"
    assert website["inLanguage"] == lang
    assert website["publisher"] == {"@id": organisation["@id"]}


# -- posts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_post_is_an_article_with_its_date_authors_and_picture(sample_site: Path,
                                                                    lang: str) -> None:
    view = sample_view(lang)
    assert len(view.posts) >= 3
    for post in view.posts:
        page = page_of(sample_site, lang, post.url)
        head = read_head(page)
        url = head.canonical
        authors = [view.content.people[a].name for a in post.meta.authors]
        assert head.og("og:type") == "article"
        assert head.og("article:published_time") == iso(post.meta.date)
        assert head.properties["article:author"] == authors
        article = head.of_type("BlogPosting")
        # The title exactly as written: the template prints the JSON without HTML escaping.
        assert article["headline"] == post.title
        assert article["url"] == article["mainEntityOfPage"] == url
        assert article["datePublished"] == iso(post.meta.date)
        assert [a["name"] for a in article["author"]] == authors
        assert {a["@type"] for a in article["author"]} == {"Person"}
        assert article["image"] == [head.og("og:image")]
        assert built_file(sample_site, article["image"][0]).is_file()
        assert article["publisher"]["@type"] == "Organization"
        assert article["publisher"]["name"] == "Stichting Zelfwijs"
        assert article["inLanguage"] == lang


# -- events --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_event_carries_its_times_place_organiser_and_sign_up(sample_site: Path,
                                                                   lang: str) -> None:
    view = sample_view(lang)
    events = view.of_kind(Kind.EVENT)
    assert len(events) >= 2
    for item in events:
        head = read_head(page_of(sample_site, lang, item.url))
        event = head.of_type("Event")
        meta = item.meta
        assert event["name"] == item.title
        assert event["url"] == head.canonical
        assert event["startDate"] == iso(meta.start)
        assert event["endDate"] == iso(meta.end)
        assert event["startDate"][-6:] in ("+01:00", "+02:00")  # Dutch time, with its offset
        places = event["location"] if isinstance(event["location"], list) else [
            event["location"]]
        kinds = [place["@type"] for place in places]
        if meta.location and meta.online:
            assert event["eventAttendanceMode"].endswith("/MixedEventAttendanceMode")
            assert kinds == ["Place", "VirtualLocation"]
        elif meta.online:
            assert event["eventAttendanceMode"].endswith("/OnlineEventAttendanceMode")
            assert kinds == ["VirtualLocation"]
        else:
            assert event["eventAttendanceMode"].endswith("/OfflineEventAttendanceMode")
            assert kinds == ["Place"]
            assert places[0]["address"]
        assert event["organizer"]["name"] == "Stichting Zelfwijs"
        if meta.signup and meta.signup.startswith("https://"):
            assert event["offers"]["url"] == meta.signup
        assert built_file(sample_site, event["image"][0]).is_file()


# -- the data itself (pure) ------------------------------------------------------------------------

def test_json_ld_cannot_close_its_script_whatever_a_title_says() -> None:
    title = "</script><script>alert('hoi')</script> & <!-- meer"
    text = structured_data.script_text({"headline": title})
    assert not set("<>&'") & set(text)
    assert json.loads(text) == {"headline": title}


@pytest.mark.parametrize("lines, expected", [
    (["Voorbeeldlaan 10", "3811 AA Amersfoort"],
     {"streetAddress": "Voorbeeldlaan 10", "postalCode": "3811 AA",
      "addressLocality": "Amersfoort"}),
    (["Postbus 12", "3800AB Amersfoort", "Nederland"],
     {"streetAddress": "Postbus 12", "postalCode": "3800AB", "addressLocality": "Amersfoort",
      "addressCountry": "Nederland"}),
    (["Rue de la Loi 16", "1000 Brussel"],
     {"streetAddress": "Rue de la Loi 16", "postalCode": "1000", "addressLocality": "Brussel"}),
    (["Stadhuis, kamer 3"], {"streetAddress": "Stadhuis, kamer 3"}),
], ids=["dutch", "with-country", "belgian", "no-postcode"])
def test_an_address_is_read_into_its_parts(lines: list[str], expected: dict[str, str]) -> None:
    assert structured_data.postal_address(lines) == {"@type": "PostalAddress", **expected}


def _event(location: str | None, online: bool, signup: str | None) -> dict:
    start = datetime(2026, 12, 3, 13, 30, tzinfo=AMSTERDAM)
    return structured_data.event(
        url=f"{SITE_URL}agenda/training/", name="Training", description="", lang="nl",
        start=start, end=start.replace(hour=17, minute=0), location=location, online=online,
        signup=signup, image=None, organizer=ORGANISATION)


def test_an_event_in_a_place_names_the_venue_and_its_address() -> None:
    event = _event("Zelfwijs, Voorbeeldlaan 10, 3811 AA Amersfoort", False,
                   "https://www.zelfwijs.example/aanmelden/")
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {
        "@type": "Place", "name": "Zelfwijs",
        "address": {"@type": "PostalAddress", "streetAddress": "Voorbeeldlaan 10",
                    "postalCode": "3811 AA", "addressLocality": "Amersfoort"}}
    assert event["offers"] == {"@type": "Offer", "url": "https://www.zelfwijs.example/aanmelden/"}
    assert event["startDate"] == "2026-12-03T13:30:00+01:00"
    assert event["endDate"] == "2026-12-03T17:00:00+01:00"


def test_an_online_event_is_joined_through_its_sign_up_page() -> None:
    event = _event(None, True, "https://www.zelfwijs.example/webinar/")
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation",
                                 "url": "https://www.zelfwijs.example/webinar/"}


def test_an_event_with_sign_up_by_email_offers_its_own_page() -> None:
    event = _event("Buurthuis De Linde", True, "mailto:academie@zelfwijs.example")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["location"] == [
        {"@type": "Place", "name": "Buurthuis De Linde",
         "address": {"@type": "PostalAddress", "streetAddress": "Buurthuis De Linde"}},
        {"@type": "VirtualLocation", "url": f"{SITE_URL}agenda/training/"}]
    assert "offers" not in event
