"""Partner news on the site: the network page in each language, built from the cache only,
and never a script, iframe, event handler or javascript: link from a feed in any output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from site_builder.cli import main

from .conftest import SAMPLE_NOW, copy_project
from .feed_server import FORMATS, HOSTILE, RSS_20, FeedServer, serve, set_feeds

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet"}
# Scripts are code (Material's and the project's own), the same in every build: they are
# searched for payloads, not for words like "javascript:" that code may hold.
CODE_SUFFIXES = (".js", ".map")
UNSAFE_TEXT = re.compile(r"sb-xss|javascript:|vbscript:|onerror|onload|<iframe|data:text/html",
                         re.IGNORECASE)


class _Page(HTMLParser):
    """Tags, attributes and links of one built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._network_depth = 0
        self.network_links: list[str] = []
        self.network_text: list[str] = []
        self.scripts: list[str] = []  # each script's attributes and code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag == "script":
            self.scripts.append(f"{sorted(values.items())} ")
        if "sb-network" in (values.get("class") or "").split():
            self._network_depth = 1
        elif self._network_depth and tag not in ("br", "img"):
            self._network_depth += 1
        if self._network_depth and tag == "a":
            self.network_links.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._network_depth:
            self._network_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] == "script" and self.cdata_elem == "script":
            self.scripts[-1] += data
        if self._network_depth:
            self.network_text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def active_content(site: Path, baseline: Path) -> list[str]:
    """Every place in the built site where content from a feed could run: what must be empty.
    `baseline` is the same site built without partner news: each page must have the same
    scripts as there (an injected inline script has no marker to search for)."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        where = path.relative_to(site).as_posix()
        if path.suffix in (".gz", ".png", ".jpg", ".ico", ".woff", ".woff2"):
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if "sb-xss" in text:
            found.append(f"{where}: a payload marker")
        if not path.name.endswith(CODE_SUFFIXES):
            found += [f"{where}: {m.group()!r}" for m in UNSAFE_TEXT.finditer(text)]
        if path.suffix != ".html":
            continue
        same_page = baseline / where
        if same_page.is_file() and scripts(path) != scripts(same_page):
            found.append(f"{where}: other scripts than without partner news")
        for tag, attrs in parse(path).tags:
            if tag in ACTIVE_TAGS - {"script"}:
                found.append(f"{where}: <{tag}>")
            if tag == "script" and re.match(r"\w+:|//", str(attrs.get("src") or "")):
                found.append(f"{where}: a script from elsewhere: {attrs['src']}")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"{where}: <{tag} {name}=...>")
                if name in ("href", "src", "action", "formaction", "srcdoc") and re.match(
                        r"\s*(javascript|vbscript|data):", value or "", re.IGNORECASE):
                    found.append(f"{where}: <{tag} {name}={value}>")
    return found


def scripts(page: Path) -> list[str]:
    return parse(page).scripts


def build(project: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert main(["build"], clock=lambda: SAMPLE_NOW) == 0
    return project / "site"


def refresh(project: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert main(["feeds", "refresh"], clock=lambda: SAMPLE_NOW) == 0


# -- one site with every format and every hostile feed, built once --------------------------

@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FeedServer, int]]:
    """(built site, server, requests the server had seen before the build)."""
    for server in serve():
        project = copy_project(tmp_path_factory.mktemp("network") / "project")
        feeds: list[dict[str, Any]] = [
            {"name": f"Partner {fmt}", "url": server.add(path, body, content_type)}
            for fmt, (path, body, content_type, _, _) in sorted(FORMATS.items())]
        dutch = RSS_20.replace("Nieuwe regeling", "Alleen in het Nederlands").replace(
            "/nieuws/minima", "/nieuws/alleen-nl")
        feeds.append({"name": "Alleen Nederlands", "lang": "nl",
                      "url": server.add("/nl.xml", dutch)})
        feeds += [{"name": f"Hostile {path}", "url": server.add(path, body, content_type)}
                  for path, (body, content_type) in HOSTILE.items()]
        set_feeds(project, feeds)
        refresh(project)
        before_build = len(server.seen)
        yield build(project), server, before_build


def network_page(site: Path, lang: str = "nl") -> Path:
    return site / ("netwerk/index.html" if lang == "nl" else "en/network/index.html")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_network_page_shows_news_from_every_feed_format(network, lang: str) -> None:
    text = " ".join(parse(network_page(network[0], lang)).network_text)
    for _, _, _, title, _ in FORMATS.values():
        assert title in text


def test_network_page_lists_the_newest_first(network) -> None:
    text = " ".join(parse(network_page(network[0])).network_text)
    order = ["Nieuwe regeling voor minima", "Peer support across Europe",
             "Webinar over zelfregie", "Onderzoek naar schulden bij jongeren"]
    assert sorted(order, key=text.index) == order


def test_network_page_shows_source_and_date(network) -> None:
    text = " ".join(" ".join(parse(network_page(network[0])).network_text).split())
    assert "Partner rss-2.0 · 20 november 2026" in text


def test_english_page_leaves_out_a_dutch_only_feed(network) -> None:
    assert "Alleen in het Nederlands" in network_page(network[0], "nl").read_text("utf-8")
    assert "Alleen in het Nederlands" not in network_page(network[0], "en").read_text("utf-8")


@pytest.mark.parametrize("lang, label, href", [("nl", "Uit het netwerk", "netwerk/"),
                                               ("en", "From the network", "network/")])
def test_network_page_is_in_the_navigation(network, lang: str, label: str, href: str) -> None:
    home = network[0] / ("index.html" if lang == "nl" else "en/index.html")
    html = home.read_text(encoding="utf-8")
    assert re.search(rf'href="{href}"[^>]*>\s*(<[^>]+>\s*)*{label}', html)


def test_language_switch_leads_to_the_other_network_page(network) -> None:
    links = [attrs.get("href") for tag, attrs in parse(network_page(network[0])).tags
             if tag == "a" and attrs.get("hreflang") == "en"]
    assert links and all(link.endswith("en/network/") for link in links)


def test_a_title_like_script_appears_as_text(network) -> None:
    page = network_page(network[0])
    assert "Why &lt;script&gt; tags matter" in page.read_text(encoding="utf-8")
    assert "Why <script> tags matter" in " ".join(parse(page).network_text)


def test_network_links_are_all_http(network) -> None:
    links = parse(network_page(network[0])).network_links
    assert len(links) >= len(FORMATS)
    assert all(link.startswith(("https://", "http://")) for link in links)


def test_an_item_whose_link_was_unsafe_is_shown_without_a_link(network) -> None:
    text = " ".join(parse(network_page(network[0])).network_text)
    assert "Script in the summary" in text and "Safe words end." in text


def test_network_page_adds_no_script_to_the_page(network) -> None:
    assert scripts(network_page(network[0])) == scripts(network[0] / "team/index.html")


def test_hostile_feeds_leave_no_active_content_in_any_output(network, sample_site) -> None:
    assert active_content(network[0], sample_site) == []


def test_partner_news_is_kept_out_of_the_search_index(network) -> None:
    index = json.loads((network[0] / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("netwerk/")]


def test_the_build_never_touches_the_network(network) -> None:
    _, server, before_build = network
    assert len(server.seen) == before_build


def test_network_page_without_news_says_so(sample_site: Path) -> None:
    # The shipped feeds are on .example hosts and were never refreshed: there is no cache.
    assert "Er is nog geen nieuws uit het netwerk" in network_page(sample_site).read_text(
        encoding="utf-8")
    assert "There is no news from the network yet" in network_page(
        sample_site, "en").read_text(encoding="utf-8")


# -- after each kind of feed trouble, the site builds and nothing active gets through -------

def _formats(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": fmt, "url": server.add(path, body, content_type)}
            for fmt, (path, body, content_type, _, _) in FORMATS.items()]


def _not_modified(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": "Same", "url": server.add("/same.xml", RSS_20, etag='"1"',
                                               last_modified="Fri, 20 Nov 2026 07:00:00 GMT")}]


def _hanging(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": "Slow", "url": server.hang("/slow.xml")},
            {"name": "Fine", "url": server.add("/fine.xml", RSS_20)}]


def _missing(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": "Gone", "url": server.url("/gone.xml")}]


def _wrong_encoding(server: FeedServer) -> list[dict[str, Any]]:
    body = RSS_20.replace("Nieuwe regeling", "Café regeling").encode("latin-1")
    return [{"name": "Latin", "url": server.add("/latin.xml", body,
                                                "application/rss+xml; charset=utf-8")}]


def _ill_formed(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": "Broken", "url": server.add("/broken.xml", RSS_20.replace(
        "</channel></rss>", "<item><title>Half & half</title></item>"))}]


def _hostile(server: FeedServer) -> list[dict[str, Any]]:
    return [{"name": path, "url": server.add(path, body, content_type)}
            for path, (body, content_type) in HOSTILE.items()]


SCENARIOS: dict[str, Callable[[FeedServer], list[dict[str, Any]]]] = {
    "every format": _formats, "304 on the second refresh": _not_modified,
    "a feed that hangs": _hanging, "a 404": _missing, "a wrong encoding": _wrong_encoding,
    "an ill-formed feed": _ill_formed, "hostile feeds": _hostile,
}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_site_builds_without_active_content_after(project: Path, server: FeedServer,
                                                  sample_site: Path, scenario: str) -> None:
    set_feeds(project, SCENARIOS[scenario](server), timeout=1)
    refresh(project)
    refresh(project)  # the second one meets 304s, timeouts and errors with a cache in place
    site = build(project)
    assert network_page(site).is_file() and network_page(site, "en").is_file()
    assert active_content(site, sample_site) == []


def test_home_page_shows_partner_news_when_there_is_any(network) -> None:
    home = (network[0] / "index.html").read_text("utf-8")
    block = home.split('class="sb-block sb-block--network"', 1)[1].split("</section>", 1)[0]
    assert block.count('class="sb-network__item"') == 3
    assert 'href="netwerk/"' in block
