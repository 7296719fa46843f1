"""Languages done right: translations named for search engines with full, symmetric addresses
(in the sitemaps), a "not found" page per language, and every interface word on a Dutch page
in Dutch (on an English page in English)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import material
import pytest

from site_builder.i18n import LANGUAGE_NAMES, STRINGS, THEME_STRINGS
from site_builder.model import Item
from site_builder.schema import Kind, PageMeta
from site_builder.website.hreflang import alternates
from site_builder.website.links import page_url
from site_builder.website.staging import StagedLanguage, StagedPage

from .page_head import SITE_URL, built_file, read_head
from .test_seo import content_pages, lang_of, sample_view

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGE_FILES = Path(material.__file__).parent / "templates" / "partials" / "languages"


def read_sitemap(path: Path) -> dict[str, dict[str, str]]:
    """Each page's address in a sitemap, with its hreflang alternates."""
    tree = lxml.etree.parse(str(path))
    pages = {}
    for entry in tree.iter(f"{SITEMAP}url"):
        loc = entry.findtext(f"{SITEMAP}loc").strip()
        pages[loc] = {link.get("hreflang"): link.get("href")
                      for link in entry.iter(f"{XHTML}link") if link.get("rel") == "alternate"}
    return pages


@pytest.fixture(scope="module")
def sitemaps(sample_site: Path) -> dict[str, dict[str, dict[str, str]]]:
    return {"nl": read_sitemap(sample_site / "sitemap.xml"),
            "en": read_sitemap(sample_site / "en" / "sitemap.xml")}


# -- translations for search engines ----------------------------------------------------------

def test_sitemaps_name_translations_with_full_addresses_and_x_default(
        sample_site: Path, sitemaps: dict[str, dict[str, dict[str, str]]]) -> None:
    named = 0
    for lang, pages in sitemaps.items():
        for loc, links in pages.items():
            if not links:
                continue
            named += 1
            assert links[lang] == loc
            assert set(links) == {"nl", "en", "x-default"}
            assert links["x-default"] == links["nl"]
            for href in links.values():
                assert href.startswith(SITE_URL), href
                assert built_file(sample_site, href).is_file(), href
    assert named >= 50


def test_a_page_and_its_translation_name_each_other(
        sitemaps: dict[str, dict[str, dict[str, str]]]) -> None:
    for lang, pages in sitemaps.items():
        for loc, links in pages.items():
            for other, href in links.items():
                if other in (lang, "x-default"):
                    continue
                assert sitemaps[other][href] == links, f"{loc} names {href}, not back"


def test_every_counterpart_written_in_the_content_is_a_translation_in_the_sitemaps(
        sitemaps: dict[str, dict[str, dict[str, str]]]) -> None:
    dutch, english = sample_view("nl"), sample_view("en")
    pairs = 0
    for item in dutch.items + english.items:
        other = dutch.content.item(item.meta.counterpart or "")
        if other is None or not (dutch.shows(other) or english.shows(other)):
            continue
        address = f"{SITE_URL}{dutch.content.site_url_of(item)}"
        assert sitemaps[item.lang][address][other.lang] == (
            f"{SITE_URL}{dutch.content.site_url_of(other)}")
        pairs += 1
    assert pairs >= 20


@pytest.mark.parametrize("dutch, english", [
    ("", "en/"), ("blog/", "en/blog/"), ("agenda/", "en/events/"), ("team/", "en/team/"),
    ("diensten/", "en/services/"), ("nieuwsbrief/", "en/newsletter/"),
    ("netwerk/", "en/network/")])
def test_generated_pages_are_each_others_translations(
        sitemaps: dict[str, dict[str, dict[str, str]]], dutch: str, english: str) -> None:
    assert sitemaps["nl"][SITE_URL + dutch]["en"] == SITE_URL + english
    assert sitemaps["en"][SITE_URL + english]["nl"] == SITE_URL + dutch


def test_pages_without_a_translation_name_none(
        sitemaps: dict[str, dict[str, dict[str, str]]]) -> None:
    assert sitemaps["nl"][f"{SITE_URL}blog/page/2/"] == {}
    assert sitemaps["nl"][f"{SITE_URL}nieuwsbrief/2026-11-extern/"] == {}


def test_every_alternate_link_in_a_head_has_the_sitemap_material_fetches_beside_it(
        sample_site: Path) -> None:
    # Material's JavaScript fetches `sitemap.xml` next to every <link rel="alternate">: a
    # page-level hreflang link would make it fetch <page>/sitemap.xml, which does not exist.
    for page in [*content_pages(sample_site), sample_site / "404.html"]:
        for link in read_head(page).alternates:
            assert "hreflang" not in link, page
            sitemap = urljoin(urljoin(SITE_URL, page.relative_to(sample_site).as_posix()),
                              link["href"])
            assert (sample_site / urljoin(sitemap, "sitemap.xml").removeprefix(
                SITE_URL)).is_file(), f"{page}: {link}"


# -- not found ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, prefix", [("nl", ""), ("en", "en/")])
def test_not_found_page_speaks_its_language_and_offers_search_and_the_way_home(
        sample_site: Path, lang: str, prefix: str) -> None:
    document = lxml.html.fromstring((sample_site / prefix / "404.html").read_bytes())
    assert document.get("lang") == lang
    assert document.findtext(".//h1").strip() == STRINGS[lang]["not_found_title"]
    actions = document.find_class("sb-notfound__actions")[0]
    search, home = actions.find("label"), actions.find("a")
    assert search.get("for") == "__search" and search.text == STRINGS[lang]["search"]
    # Served at any address, so the way home starts at the server's root.
    assert home.get("href") == f"/{prefix}" and home.text == STRINGS[lang]["home"]
    assert document.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not document.xpath("//link[@rel='canonical']")


# -- interface words --------------------------------------------------------------------------

# Words an interface may show in either language; and the names of the languages, which the
# language switch shows in their own language.
SAME_IN_BOTH = {"in"} | set(LANGUAGE_NAMES.values())
# Words other tools write unless told otherwise: Python-Markdown's toc titles heading links.
TOOL_WORDS = {"en": {"Permanent link"}}


def material_translation(lang: str) -> dict[str, str]:
    text = (LANGUAGE_FILES / f"{lang}.html").read_text("utf-8")
    return {key: value for key, value in re.findall(r'"([a-z.]+)": "([^"]*)"', text)
            if not key.startswith("search.config") and key not in ("language", "direction")}


def native_words(lang: str) -> set[str]:
    """The interface words that really are in `lang`: ours, and Material's; Material's source
    language is English, so in another language a word it left as in English does not count
    ("Header", "Footer", "Metadata" in its Dutch file)."""
    material = material_translation(lang)
    if lang != "en":
        english = material_translation("en")
        material = {key: value for key, value in material.items() if english.get(key) != value}
    return set(STRINGS[lang].values()) | set(THEME_STRINGS[lang].values()) | set(
        material.values()) | TOOL_WORDS.get(lang, set())


def foreign_words(lang: str) -> set[str]:
    """Interface words of the other languages that are not words of `lang` too."""
    others = set()
    for other in STRINGS:
        if other != lang:
            others |= native_words(other) | set(material_translation(other).values())
    return others - native_words(lang) - SAME_IN_BOTH


def page_words(page: Path) -> set[str]:
    """What a page shows or says as interface: text, labels, titles, placeholders, and the
    search's messages (Material's `__config`)."""
    document = lxml.html.fromstring(page.read_bytes())
    words = {" ".join(text.split()) for text in document.xpath("//body//text()")}
    for name in ("aria-label", "title", "placeholder"):
        words |= {" ".join(value.split()) for value in document.xpath(f"//@{name}")}
    config = document.get_element_by_id("__config", None)
    if config is not None:
        words |= set(json.loads(config.text)["translations"].values())
    return words - {""}


def test_foreign_words_are_what_the_issue_found() -> None:
    assert {"Header", "Footer", "Metadata", "Tabs", "Search",
            "Permanent link"} <= foreign_words("nl")
    assert {"Zoeken", "Paginakop", "Nieuws"} <= foreign_words("en")
    assert not {"Nederlands", "English", "Paginakop", "Zoeken"} & foreign_words("nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_interface_words_on_every_page_are_in_the_pages_language(sample_site: Path,
                                                                  lang: str) -> None:
    foreign = foreign_words(lang)
    pages = [page for page in content_pages(sample_site) if lang_of(sample_site, page) == lang]
    pages.append(sample_site / ("" if lang == "nl" else "en") / "404.html")
    wrong = {f"{page.relative_to(sample_site)}: {word!r}"
             for page in pages for word in page_words(page) & foreign}
    assert sorted(wrong) == []


def test_material_words_the_issue_found_in_english_are_dutch_now(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text("utf-8")
    for english in ('aria-label="Header"', 'aria-label="Footer"', 'aria-label="Tabs"',
                    "1 overeenkomende document", "Permanent link", "Metadata"):
        assert english not in html
    words = page_words(sample_site / "index.html")
    assert {"Paginakop", "Hoofdmenu", "1 pagina gevonden"} <= words


# -- which pages translate each other (pure) -----------------------------------------------------

def _page(source: str, counterpart: str | None = None) -> Item:
    lang = source.split("/", 1)[0]
    return Item(Kind.PAGE, lang, source, PageMeta(title=source, counterpart=counterpart),
                "Tekst.", 4)


def _staged(*items: Item) -> dict[str, StagedLanguage]:
    staged = {lang: StagedLanguage(lang) for lang in ("nl", "en")}
    for item in items:
        staged[item.lang].pages[item.docs_path] = StagedPage({"title": item.title}, "")
        staged[item.lang].items[item.docs_path] = item
    return staged


def _absolute(lang: str, url: str) -> str:
    return SITE_URL + ("" if lang == "nl" else f"{lang}/") + url


def _translations(staged: dict[str, StagedLanguage]) -> dict[str, dict[str, str]]:
    found = alternates(staged, ("nl", "en"), _absolute)
    return {f"{lang}/{path}": {entry["lang"]: entry["url"] for entry in entries}
            for (lang, path), entries in found.items()}


def test_a_counterpart_named_on_one_side_makes_both_pages_translations() -> None:
    found = _translations(_staged(_page("nl/over.md", "en/about.md"), _page("en/about.md")))
    expected = {"nl": _absolute("nl", page_url("over.md")),
                "en": _absolute("en", page_url("about.md")),
                "x-default": _absolute("nl", page_url("over.md"))}
    assert found == {"nl/over.md": expected, "en/about.md": expected}


def test_counterparts_that_disagree_name_no_translations() -> None:
    # nl/a names en/x, but en/x names nl/b: which Dutch page is the translation is unclear.
    found = _translations(_staged(_page("nl/a.md", "en/x.md"), _page("nl/b.md"),
                                  _page("en/x.md", "nl/b.md")))
    assert found["nl/a.md"] == {}
    assert found["nl/b.md"]["en"] == _absolute("en", "x/")
    assert found["en/x.md"]["nl"] == _absolute("nl", "b/")


def test_two_pages_claiming_one_translation_name_none() -> None:
    found = _translations(_staged(_page("nl/a.md", "en/x.md"), _page("nl/b.md", "en/x.md"),
                                  _page("en/x.md")))
    assert found == {"nl/a.md": {}, "nl/b.md": {}, "en/x.md": {}}


def test_a_counterpart_that_is_not_published_is_not_named() -> None:
    found = _translations(_staged(_page("nl/over.md", "en/about.md")))
    assert found == {"nl/over.md": {}}
