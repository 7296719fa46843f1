"""The privacy gate: no page makes a reader's browser contact another host without a click,
and no page sets a cookie. Read from the built files (HTML, CSS, JavaScript) and watched in
Chromium while the pages load."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.website.built_site import BuiltSite, read_built_site
from site_builder.website.privacy import third_party_loads

from .browser import Browser, serve_folder
from .conftest import write
from .site_pages import AUDITED_PAGES, AuditedPage

SITE_URL = "https://www.zelfwijs.example/"
PAGE = '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<title>Proef</title>\n{head}\n</head>\n' \
       '<body>\n<main>\n<h1>Proef</h1>\n{body}\n</main>\n</body>\n</html>\n'


def site_of(path: str, text: str) -> BuiltSite:
    """A built site in memory with one file."""
    return BuiltSite(frozenset({path}), {path: text}, SITE_URL)


def page(head: str = "", body: str = "") -> str:
    return PAGE.format(head=head, body=body)


def test_sample_site_loads_nothing_from_another_host(sample_site: Path) -> None:
    assert third_party_loads(read_built_site(sample_site, SITE_URL)) == []


@pytest.mark.parametrize("path, text, expected", [
    ("index.html", page(head='<link rel="stylesheet" '
                         'href="https://fonts.googleapis.com/css2?family=Roboto">'),
     "site/index.html:5: error: <link> loads `https://fonts.googleapis.com/css2?family=Roboto`"
     " from another host; serve it from the site itself."),
    ("index.html", page(body='<iframe src="https://www.youtube.com/embed/abc"></iframe>'),
     "site/index.html:10: error: <iframe> loads `https://www.youtube.com/embed/abc`"),
    ("index.html", page(body='<img src="//cdn.example.net/a.png" alt="A">'),
     "site/index.html:10: error: <img> loads `//cdn.example.net/a.png`"),
    ("index.html", page(body='<script src="https://www.googletagmanager.com/gtag/js">'
                         "</script>"),
     "site/index.html:10: error: <script> loads `https://www.googletagmanager.com/gtag/js`"),
    ("index.html", page(head='<link rel="preconnect" href="https://fonts.gstatic.com">'),
     "site/index.html:5: error: <link> loads `https://fonts.gstatic.com`"),
    ("index.html", page(body='<div style="background: url(https://img.example.net/b.jpg)">'
                         "</div>"),
     "site/index.html:10: error: a style attribute loads `https://img.example.net/b.jpg`"),
    ("index.html", page(head="<style>\nbody { color: red; }\n"
                         "@import url('https://fonts.googleapis.com/css?family=Lato');\n"
                         "</style>"),
     "site/index.html:7: error: a <style> block loads "
     "`https://fonts.googleapis.com/css?family=Lato`"),
    ("assets/extra.css", "/* fonts */\n@font-face {\n  font-family: X;\n"
                         "  src: url(\"https://fonts.gstatic.com/x.woff2\");\n}\n",
     "site/assets/extra.css:4: error: the stylesheet loads `https://fonts.gstatic.com/x.woff2`"),
    ("assets/extra.css", '@import "https://cdn.example.net/theme.css";\n',
     "site/assets/extra.css:1: error: the stylesheet loads `https://cdn.example.net/theme.css`"),
    ("assets/track.js", "var s = document.createElement('script');\n"
                         "s.src = 'https://plausible.io/js/script.js';\n",
     "site/assets/track.js:2: error: the script holds the address "
     "`https://plausible.io/js/script.js` of another host"),
    ("index.html", page(body='<pre class="mermaid">graph LR; A-->B</pre>'),
     "site/index.html:10: error: this page makes the theme load a script or data from another "
     "host (on a page with a Mermaid diagram"),
], ids=["font-stylesheet", "video-iframe", "protocol-relative-image", "tracking-script",
        "preconnect", "style-attribute", "style-block-import", "css-font-face",
        "css-import", "script-loader", "theme-mermaid"])
def test_scan_reports_each_load_from_another_host(path: str, text: str, expected: str) -> None:
    problems = [str(p) for p in third_party_loads(site_of(path, text))]
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected)


@pytest.mark.parametrize("body", [
    '<a href="https://www.youtube.com/watch?v=abc"><img src="video.png" alt="Video"></a>',
    '<img src="https://www.zelfwijs.example/logo.png" alt="Logo">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Punt">',
    '<link rel="alternate" hreflang="en" href="https://www.zelfwijs.example/en/">',
    '<svg xmlns="http://www.w3.org/2000/svg"><title>Icoon</title></svg>',
], ids=["video-as-link", "own-host", "data-uri", "alternate-link", "namespace"])
def test_scan_allows_links_a_reader_chooses_and_own_files(body: str) -> None:
    assert third_party_loads(site_of("index.html", page(body=body))) == []


@pytest.mark.parametrize("page", AUDITED_PAGES, ids=lambda page: page.id)
def test_page_contacts_no_other_host_and_sets_no_cookie(browser: Browser, sample_server: str,
                                                        page: AuditedPage) -> None:
    visit = browser.visit(sample_server + page.path, audit=False, settle=True)
    assert visit.status == page.status, f"{page.path} answered {visit.status}"
    assert visit.other_hosts == []
    assert visit.cookies == []


def test_browser_gate_sees_a_third_party_font_and_a_cookie(browser: Browser,
                                                          tmp_path: Path) -> None:
    write(tmp_path / "index.html", page(
        head='<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">',
        body='<script>document.cookie = "bezoeker=1; path=/";</script>'))
    with serve_folder(tmp_path) as base_url:
        visit = browser.visit(base_url, audit=False, settle=True)
    assert visit.other_hosts == ["https://fonts.googleapis.com/css2?family=Roboto"]
    assert [(c["name"], c["value"]) for c in visit.cookies] == [("bezoeker", "1")]
