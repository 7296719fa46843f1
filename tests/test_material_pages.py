"""Pages written for MkDocs and Material elsewhere build here: a `# Heading` title, Material's
page and blog post settings, page bundles; and no Markdown file is left out in silence."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.loader import load_content
from site_builder.problems import Problems, likely_meant

from .conftest import SAMPLE_NOW, Result, copy_project, write

# Long enough for a table of contents: the site shows one only on long pages.
LONG_TEXT = "".join(f"\n## Deel {n}\n\n" + "Wij werken samen met inwoners en gemeenten. " * 30
                    + "\n" for n in (1, 2, 3))

MATERIAL_PAGE = """---
hide:
  - navigation
  - toc
search:
  exclude: true
icon: material/account-group
status: new
description: Zo werken wij samen met inwoners en gemeenten.
---

# Onze werkwijze

Wij werken **samen** met inwoners.

## Het eerste gesprek

We luisteren eerst.

## Daarna

We maken samen een plan.
"""

MATERIAL_POST = """---
date:
  created: 2026-10-01
  updated: 2026-10-15
authors: [anouk-de-vries]
categories: [Nieuws]
slug: onze-werkwijze-uitgelegd
readtime: 4
pin: true
links:
  - werkwijze.md
  - Contact: contact.md
  - Diensten:
      - diensten/advies-aan-gemeenten.md
description: Een uitleg van onze werkwijze.
---

# Onze werkwijze uitgelegd

Zo werken we.
"""


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample project plus pages written the MkDocs and Material way, built once."""
    project = copy_project(tmp_path_factory.mktemp("material") / "project")
    content = project / "content/nl"
    write(content / "werkwijze.md", MATERIAL_PAGE + LONG_TEXT)
    write(content / "lang-verhaal.md", "# Lang verhaal\n" + LONG_TEXT)
    write(content / "zonder-instellingen.md", "# Zonder instellingen\n\nGewoon een pagina.\n")
    write(content / "ons-verhaal/index.md", "# Ons verhaal\n\nHoe het begon.\n")
    write(content / "diensten/formulierenhulp/index.md", "---\ncontact: anouk-de-vries\n"
          "hide: [navigation]\n"
          "description: Hulp bij formulieren.\n---\n\n# Formulierenhulp\n\nWe helpen.\n")
    write(content / "blog/posts/werkwijze-uitgelegd.md", MATERIAL_POST)
    write(project / "templates/overrides/met-kader.html", '{% extends "main.html" %}\n'
          '{% block content %}<div class="met-kader">{{ super() }}</div>{% endblock %}\n')
    write(content / "oud.markdown", "# Oud\n\nNIET-GELEZEN-KANARIE\n")
    write(content / "sjabloon.md", "---\ntemplate: met-kader.html\n---\n# Met kader\n\nTekst.\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert main(["build"], clock=lambda: SAMPLE_NOW) == 0
    yield project


def h1_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text).strip()
            for text in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)]


def test_the_first_heading_is_the_title_and_is_shown_once(material_site: Path) -> None:
    html = (material_site / "site/werkwijze/index.html").read_text("utf-8")
    assert re.search(r"<title>Onze werkwijze \W Stichting Zelfwijs</title>", html)
    assert h1_texts(html) == ["Onze werkwijze"]
    home = (material_site / "site/index.html").read_text("utf-8")
    assert 'href="werkwijze/"' in home  # in the menu, under its heading's title


def test_a_page_without_settings_builds_with_its_heading_as_title(material_site: Path) -> None:
    html = (material_site / "site/zonder-instellingen/index.html").read_text("utf-8")
    assert h1_texts(html) == ["Zonder instellingen"]
    assert "Gewoon een pagina." in html


def test_hide_toc_leaves_out_the_table_of_contents(material_site: Path) -> None:
    hidden = (material_site / "site/werkwijze/index.html").read_text("utf-8")
    shown = (material_site / "site/lang-verhaal/index.html").read_text("utf-8")
    assert 'data-md-type="toc" hidden' in hidden
    assert 'data-md-type="toc" hidden' not in shown
    assert 'href="#deel-1"' in shown


def test_hide_navigation_leaves_out_the_side_menu(material_site: Path) -> None:
    services = material_site / "site/diensten"
    hidden = (services / "formulierenhulp/index.html").read_text("utf-8")
    shown = (services / "advies-aan-gemeenten/index.html").read_text("utf-8")
    assert 'data-md-type="navigation" hidden' in hidden
    assert 'data-md-type="navigation" hidden' not in shown


def test_search_exclude_keeps_the_page_out_of_the_search_index(material_site: Path) -> None:
    index = json.loads((material_site / "site/search/search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("werkwijze/")]
    assert [loc for loc in locations if loc.startswith("zonder-instellingen/")]


def test_icon_and_status_show_in_the_navigation(material_site: Path) -> None:
    html = (material_site / "site/contact/index.html").read_text("utf-8")
    entry = re.search(r'<a href="\.\./werkwijze/" class="md-nav__link">.*?</a>', html, re.S)
    assert entry is not None
    assert "<svg" in entry.group(0)
    assert "md-status md-status--new" in entry.group(0)


def test_a_page_can_name_its_own_template(material_site: Path) -> None:
    assert '<div class="met-kader">' in (material_site / "site/sjabloon/index.html").read_text(
        "utf-8")
    assert '<div class="met-kader">' not in (material_site / "site/contact/index.html"
                                             ).read_text("utf-8")


def test_page_bundles_are_read_as_their_folder_says(material_site: Path) -> None:
    site = material_site / "site"
    assert (site / "ons-verhaal/index.html").is_file()
    assert 'href="ons-verhaal/"' in (site / "index.html").read_text("utf-8")
    assert "Formulierenhulp" in (site / "diensten/index.html").read_text("utf-8")
    assert "Anouk de Vries" in (site / "diensten/formulierenhulp/index.html").read_text("utf-8")


def test_material_blog_post_settings_are_read(material_site: Path) -> None:
    config = load_config(material_site / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    post = content.item("nl/blog/posts/werkwijze-uitgelegd.md")
    assert post is not None
    assert post.title == "Onze werkwijze uitgelegd"
    assert (post.meta.date.date().isoformat(), post.meta.updated.date().isoformat()) == (
        "2026-10-01", "2026-10-15")
    assert (post.meta.readtime, post.meta.pin, post.slug) == (4, True,
                                                              "onze-werkwijze-uitgelegd")
    assert [(link.title, link.target) for link in post.meta.links] == [
        (None, "werkwijze.md"), ("Contact", "contact.md"), ("Diensten", None)]
    assert post.meta.links[2].links[0].target == "diensten/advies-aan-gemeenten.md"
    assert (material_site / "site/blog/2026/10/01/onze-werkwijze-uitgelegd/index.html"
            ).is_file()


SERVICE = "content/nl/diensten/advies-aan-gemeenten.md"


def add_setting(project: Path, relative: str, setting: str) -> int:
    """Put a setting at the top of a file's settings block, instead of the file's own; its
    line."""
    path = project / relative
    key = setting.split(":", 1)[0] + ":"
    lines = [line for line in path.read_text("utf-8").split("\n") if not line.startswith(key)]
    path.write_text("\n".join(lines).replace("---\n", f"---\n{setting}\n", 1), "utf-8")
    return 2


@pytest.mark.parametrize("setting, severity, message", [
    ("descriptoin: Tekst", "error", "unknown setting `descriptoin`. Did you mean `description`?"),
    ("stauts: new", "error", "unknown setting `stauts`. Did you mean `status`?"),
    ("layout: page", "warning", "unknown setting `layout` is ignored. Known settings: "),
    ("weight: 3", "warning", "unknown setting `weight` is ignored. Known settings: "),
    ("comments: true", "warning", "`comments` is ignored: comments need a comment service"),
    ("date: 2026-01-01", "warning", "`date` is a setting of blog posts, not of services, so "
     "it is ignored here."),
    ("subtitle: Voor gemeenten", None, ""),
    ("hide: toc", None, ""),
    ("search: {boost: 2}", None, ""),
    ("hide: [tok]", "error", "`hide.0` must be one of 'navigation', 'toc', 'footer', 'path', "
     "'tags' or 'feedback'; found 'tok'. Did you mean `toc`?"),
    ("search: {exclude: misschien}", "error", "`search.exclude` must be `true` or `false`"),
    ("search: {exclud: true}", "error", "unknown setting `search.exclud`. Did you mean "
     "`exclude`?"),
    ("search: true", "error", "`search` must have settings indented below it (like "
     "`exclude: true`)"),
    ("template: bestaat-niet.html", "error", "the template 'bestaat-niet.html' does not exist"),
    ("icon: material/acount-group", "error", "there is no icon 'material/acount-group'. Did "
     "you mean `material/account-group`?"),
    ("status: nieuw", "error", "the status 'nieuw' is not defined. Use one of `deprecated`, "
     "`new`, or describe it in mkdocs.yml under `extra:`"),
])
def test_material_page_settings_are_checked(
    project: Path, run: Callable[..., Result], setting: str, severity: str | None, message: str
) -> None:
    line = add_setting(project, SERVICE, setting)
    result = run(project, "check")
    rows = [row for row in result.err.splitlines() if row.startswith(f"{SERVICE}:")]
    if severity is None:
        assert result.code == 0, result.err
        assert rows == []
        return
    assert result.code == (1 if severity == "error" else 0), result.err
    assert any(row.startswith(f"{SERVICE}:{line}: {severity}: {message}") for row in rows), (
        result.err)
    if severity == "warning":
        assert "Did you mean" not in result.err


@pytest.mark.parametrize("settings, message", [
    ("readtime: 0", "`readtime` must be at least 1; found '0'."),
    ("pin: ja", "`pin` must be `true` or `false`; found 'ja'."),
    ("links: [contact.md, bestaat-niet.md]", "the link 'bestaat-niet.md' in `links` leads to "
     "a page that does not exist (content/nl/bestaat-niet.md)."),
    ("links: [blog/posts/nieuwe-urenregistratie.md]", "this public post links to the "
     "internal page content/nl/blog/posts/nieuwe-urenregistratie.md in `links`."),
])
def test_material_blog_post_settings_are_checked(
    project: Path, run: Callable[..., Result], settings: str, message: str
) -> None:
    post = "content/nl/blog/posts/wat-betekent-eigen-regie.md"
    line = add_setting(project, post, settings)
    result = run(project, "check")
    assert result.code == 1
    assert f"{post}:{line}: error: {message}" in result.err


def test_updated_before_created_is_an_error(project: Path, run: Callable[..., Result]) -> None:
    post = write(project / "content/nl/blog/posts/omgekeerd.md", "---\ntitle: Omgekeerd\n"
                 "date:\n  created: 2026-10-10\n  updated: 2026-10-01\n"
                 "authors: [anouk-de-vries]\n---\nTekst.\n")
    result = run(project, "check")
    assert result.code == 1
    assert (f"{post.relative_to(project)}:3: error: `date`: `updated` is earlier than "
            "`created`") in result.err


@pytest.mark.parametrize("word, choices, meant", [
    ("descriptoin", ["description", "tags"], "description"),
    ("titel", ["title", "tags"], "title"),
    ("tagz", ["tags", "title"], "tags"),
    ("autors", ["authors", "audience"], "authors"),
    ("intern", ["public", "internal"], "internal"),
    ("subtitle", ["title", "tags"], None),
    ("status", ["start", "end"], None),
    ("layout", ["location", "online"], None),
    ("kleur", ["color", "title"], None),
    ("tan", ["tag", "tab"], None),
])
def test_did_you_mean_only_when_it_is_likely_right(word: str, choices: list[str],
                                                   meant: str | None) -> None:
    assert likely_meant(word, choices) == meant


@pytest.mark.parametrize("relative, message", [
    ("nl/diensten/_index.md", "`_index.md` is Hugo's name for a section's front page; here it "
     "is `index.md`. Rename it to `index.md`"),
    ("nl/_drafts/idee.md", "a folder whose name starts with `_` or `.` (`_drafts`) is left out "
     "of the site"),
    ("nl/.verborgen.md", "a file whose name starts with `_` or `.` (`.verborgen.md`)"),
    ("over-ons.md", "it is outside the language folders. Move it into content/nl/ or "
     "content/en/."),
    ("de/ueber-uns.md", "it is outside the language folders."),
    ("nl/oud-bericht.markdown", "content files end in `.md`. Rename it to `oud-bericht.md`."),
    ("nl/README.md", "MkDocs would take a README.md as the front page of its folder"),
])
def test_no_markdown_file_is_left_out_in_silence(
    project: Path, run: Callable[..., Result], relative: str, message: str
) -> None:
    write(project / "content" / relative, "---\ntitle: Ergens\n---\n\nTekst.\n")
    result = run(project, "check")
    assert result.code == 0, result.err
    assert f"content/{relative}: warning: this file is not read: {message}" in result.err


def test_a_markdown_file_that_is_not_read_is_not_published(material_site: Path) -> None:
    site = material_site / "site"
    assert not [p for p in site.rglob("*") if p.is_file()
                and b"NIET-GELEZEN-KANARIE" in p.read_bytes()]


@pytest.mark.parametrize("relative, example", [
    ("content/nl/diensten/zonder-titel.md", "title: Schuldhulp in de wijk"),
    ("content/en/services/without-title.md", "title: Debt support in the neighbourhood"),
])
def test_examples_in_messages_are_in_the_language_of_the_file(
    project: Path, run: Callable[..., Result], relative: str, example: str
) -> None:
    write(project / relative, "---\ncontact: anouk-de-vries\n---\n\nTekst zonder kop.\n")
    result = run(project, "check")
    assert result.code == 1
    assert (f"{relative}:1: error: `title` is missing. Add a line like `{example}` to the "
            f"settings, or start the text with the title as a heading, like "
            f"`# {example.removeprefix('title: ')}`.") in result.err
