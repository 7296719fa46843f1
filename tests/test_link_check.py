"""`site-builder check --built [DIR]`: every internal link, #anchor and asset of the built site
resolves, or the command fails with one `path:line: error: message` per broken link."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.website.built_site import BuiltSite
from site_builder.website.linkcheck import broken_links

from .conftest import Result

SITE_URL = "https://www.zelfwijs.example/"
FILES = {
    "index.html": '<html>\n<body>\n<h1 id="welkom">Welkom</h1>\n</body>\n</html>\n',
    "diensten/index.html": '<html>\n<body>\n<h2 id="aanbod">Aanbod</h2>\n<a name="oud"></a>\n'
                           "</body>\n</html>\n",
    "assets/logo.png": "",
    "rss.xml": "",
}


def check(markup: str, site_url: str = SITE_URL) -> list[str]:
    """The link check's messages for a site of FILES plus the page `nieuws/index.html`
    holding `markup` on its line 3."""
    texts = {**FILES, "nieuws/index.html": f"<html>\n<body>\n{markup}\n</body>\n</html>\n"}
    return [str(p) for p in broken_links(BuiltSite(frozenset(texts), texts, site_url))]


@pytest.mark.parametrize("link", [
    "../diensten/", "../diensten", "../diensten/index.html", "../diensten/#aanbod",
    "../diensten/#oud", "../#welkom", "#eigen", "#", "?q=zoek", "/diensten/", "/",
    "../rss.xml", "https://www.zelfwijs.example/aanmelden/", "https://elders.example/x",
    "mailto:info@zelfwijs.example", "tel:+31330001200",
])
def test_link_that_resolves_or_leaves_the_site_passes(link: str) -> None:
    assert check(f'<h1 id="eigen">Nieuws</h1><a href="{link}">x</a>') == []


@pytest.mark.parametrize("markup, message", [
    ('<a href="../bestaat-niet/">x</a>',
     "site/nieuws/index.html:3: error: link `../bestaat-niet/` is broken: there is no page "
     "`bestaat-niet/index.html` in the built site."),
    ('<a href="../diensten/#geen-kop">x</a>',
     "site/nieuws/index.html:3: error: link `../diensten/#geen-kop` leads to `#geen-kop`, but "
     '`diensten/index.html` has no element with id="geen-kop".'),
    ('<a href="#nergens">x</a>',
     "site/nieuws/index.html:3: error: link `#nergens` leads to `#nergens`, but "
     '`nieuws/index.html` has no element with id="nergens".'),
    ('<img src="../assets/weg.png" alt="Weg">',
     "site/nieuws/index.html:3: error: image `../assets/weg.png` is broken: there is no file "
     "`assets/weg.png` in the built site."),
    ('<img src="../assets/logo.png" srcset="../assets/logo.png 1x, ../assets/logo@2x.png 2x" '
     'alt="Logo">',
     "site/nieuws/index.html:3: error: image `../assets/logo@2x.png` is broken"),
    ('<script src="/assets/app.js"></script>',
     "site/nieuws/index.html:3: error: script `/assets/app.js` is broken: there is no file "
     "`assets/app.js` in the built site."),
    ('<link rel="stylesheet" href="../assets/site.css">',
     "site/nieuws/index.html:3: error: linked file `../assets/site.css` is broken"),
    ('<a href="../../buiten/">x</a>',
     "site/nieuws/index.html:3: error: link `../../buiten/` leads outside the site."),
], ids=["page", "anchor-on-other-page", "anchor-on-same-page", "image", "srcset", "script",
        "stylesheet", "outside"])
def test_broken_link_is_reported_with_page_line_and_link(markup: str, message: str) -> None:
    problems = check(markup)
    assert len(problems) == 1, problems
    assert problems[0].startswith(message)


def test_root_absolute_links_follow_the_path_of_site_url() -> None:
    # Material's 404 page links to `/<path of site_url>/...`.
    site_url = "https://www.zelfwijs.example/org/"
    assert check('<a href="/org/diensten/">x</a>', site_url) == []
    assert check('<a href="/diensten/">x</a>', site_url) == [
        "site/nieuws/index.html:3: error: link `/diensten/` leads outside the site."]


# -- the command, on the real sample site --------------------------------------------------

@pytest.fixture
def built_project(project: Path, sample_site: Path) -> Path:
    """A project whose site/ is a copy of the built sample site, ready to be broken."""
    shutil.copytree(sample_site, project / "site")
    return project


def add_to_page(page: Path, markup: str) -> int:
    """Put `markup` on its own line at the end of the page's article; returns that line."""
    html = page.read_text("utf-8")
    before, marker, after = html.partition("</article>")
    assert marker, f"{page} has no article"
    page.write_text(f"{before}\n{markup}\n{marker}{after}", encoding="utf-8")
    return before.count("\n") + 2


def test_sample_site_passes(run: Callable[..., Result], built_project: Path) -> None:
    result = run(built_project, "check", "--built")
    assert result.code == 0, result.err
    assert "Every link in site/ resolves" in result.out


def test_folder_can_be_named(run: Callable[..., Result], project: Path,
                             sample_site: Path) -> None:
    result = run(project, "check", "--built", str(sample_site))
    assert result.code == 0, result.err


@pytest.mark.parametrize("markup, message", [
    ('<a href="../bestaat-niet/">Kapot</a>',
     "error: link `../bestaat-niet/` is broken: there is no page `bestaat-niet/index.html` "
     "in the built site."),
    ('<a href="../over-ons/#geen-kop">Kapot</a>',
     "error: link `../over-ons/#geen-kop` leads to `#geen-kop`, but `over-ons/index.html` has "
     'no element with id="geen-kop".'),
    ('<img src="../assets/images/weg.png" alt="Weg">',
     "error: image `../assets/images/weg.png` is broken: there is no file "
     "`assets/images/weg.png` in the built site."),
], ids=["broken-link", "broken-anchor", "missing-asset"])
def test_broken_link_fails_the_check(run: Callable[..., Result], built_project: Path,
                                     markup: str, message: str) -> None:
    line = add_to_page(built_project / "site" / "diensten" / "index.html", markup)
    result = run(built_project, "check", "--built")
    assert result.code == 1
    assert f"site/diensten/index.html:{line}: {message}" in result.err.splitlines()


def test_third_party_font_fails_the_check(run: Callable[..., Result],
                                          built_project: Path) -> None:
    line = add_to_page(built_project / "site" / "index.html", '<link rel="stylesheet" '
                       'href="https://fonts.googleapis.com/css2?family=Roboto">')
    result = run(built_project, "check", "--built")
    assert result.code == 1
    assert (f"site/index.html:{line}: error: <link> loads "
            "`https://fonts.googleapis.com/css2?family=Roboto` from another host; serve it "
            "from the site itself.") in result.err.splitlines()


def test_missing_site_fails_with_advice(run: Callable[..., Result], project: Path) -> None:
    result = run(project, "check", "--built")
    assert result.code == 1
    assert "site: error: there is no built site here" in result.err
