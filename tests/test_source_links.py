"""`check` finds at the Markdown line what a visitor of the built site would meet: site
addresses resolved against the pages the build will make, `#anchors` against the target
page's headings, links in HTML and in footnotes; each problem once, with the path to type.
`check` and `build` agree, in our words, never MkDocs's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from site_builder.anchors import AnchorIndex
from site_builder.check import link_resolver, newsletter_issues
from site_builder.config import load_config
from site_builder.linking import Origin
from site_builder.loader import load_content
from site_builder.problems import Problems
from site_builder.website.site_map import SiteMap

from .conftest import SAMPLE_NOW, Result, write

SERVICE = "content/nl/diensten/advies-aan-gemeenten.md"


def append(project: Path, relative: str, text: str) -> int:
    """Add `text` as the last paragraph of a file; returns the line it starts on."""
    path = project / relative
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text + "\n", encoding="utf-8")
    return before.count("\n") + 1


def errors_at(result: Result, relative: str, line: int) -> list[str]:
    return [row for row in result.err.splitlines() if row.startswith(f"{relative}:{line}: ")]


def check_and_build(run: Callable[..., Result], project: Path) -> tuple[Result, Result]:
    return run(project, "check"), run(project, "build")


def test_site_address_to_a_page_that_will_not_exist_fails_at_its_line_once(
        project: Path, run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, "Lees meer over [schulden](/diensten/schulden/).")
    check, build = check_and_build(run, project)
    for result in (check, build):
        assert result.code == 1
        rows = errors_at(result, SERVICE, line)
        assert rows == [f"{SERVICE}:{line}: error: the site address '/diensten/schulden/' is "
                        "not a page of the site: no page or file will be at /diensten/schulden/."
                        " Did you mean `schulden-en-geldzaken.md`?"], result.err
        assert "Doc file" not in result.err  # never MkDocs's own words
    assert not (project / "site").exists()


LINKS_THAT_WORK = [
    "/diensten/schulden-en-geldzaken/", "/diensten/schulden-en-geldzaken",
    "/diensten/", "/agenda/", "/agenda/#binnenkort", "/blog/", "/team/", "/netwerk/",
    "/nieuwsbrief/", "/nieuwsbrief/2026-11-extern/", "/en/services/peer-support/",
    "/images/horizon.png", "/rss.xml", "/agenda/agenda.ics", "/",
    "index.md", "../agenda/index.md", "../team.md", "../netwerk/index.md",
    "schulden-en-geldzaken.md#geld-en-werk", "#hoe-werken-we",
]


def test_links_to_pages_the_build_makes_pass(project: Path,
                                             run: Callable[..., Result]) -> None:
    append(project, SERVICE, "\n\n".join(f"Zie [hier verder]({link})." for link in
                                           LINKS_THAT_WORK))
    result = run(project, "check")
    assert result.code == 0, result.err
    assert "warning" not in result.err


def test_missing_anchor_on_another_page_fails_at_its_line_with_the_anchors_it_has(
        project: Path, run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, "Zie [de kosten](schulden-en-geldzaken.md#prijzen).")
    check, build = check_and_build(run, project)
    for result in (check, build):
        assert result.code == 1
        rows = errors_at(result, SERVICE, line)
        assert len(rows) == 1, result.err
        assert ("the link 'schulden-en-geldzaken.md#prijzen' leads to the anchor `#prijzen`, "
                "but the page it leads to (/diensten/schulden-en-geldzaken/) has no heading "
                "with that anchor.") in rows[0]
        assert "`#geld-en-werk`" in rows[0]


def test_missing_anchor_on_the_same_page_fails(project: Path,
                                               run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, "Terug naar [het voorbeeld](#een-voorbeelt).")
    result = run(project, "check")
    assert result.code == 1
    rows = errors_at(result, SERVICE, line)
    assert len(rows) == 1
    assert "this page has no heading with that anchor. Did you mean `#een-voorbeeld`?" in rows[0]


def test_explicit_heading_id_is_an_anchor(project: Path, run: Callable[..., Result]) -> None:
    append(project, SERVICE, "## Tarieven {#prijzen}\n\nZie [de tarieven](#prijzen).")
    assert run(project, "check").code == 0


def test_anchor_of_a_repeated_heading_is_numbered_as_on_the_site(
        project: Path, run: Callable[..., Result]) -> None:
    append(project, SERVICE, "## Vragen\n\nEen.\n\n## Vragen\n\nTwee: [terug](#vragen_1).")
    assert run(project, "check").code == 0


def test_broken_link_suggests_the_relative_path_to_type(project: Path,
                                                        run: Callable[..., Result]) -> None:
    post = "content/nl/blog/posts/wat-betekent-eigen-regie.md"
    line = append(project, post, "Zie [schulden](../../diensten/schulden-geldzaken.md).")
    result = run(project, "check")
    assert result.code == 1
    rows = errors_at(result, post, line)
    assert rows and "Did you mean `../../diensten/schulden-en-geldzaken.md`?" in rows[0], (
        result.err)


def test_links_inside_html_are_checked(project: Path, run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, '<div class="sb-card" markdown>\n'
                  '<a href="bestaat-niet.md">Weg</a>\n</div>')
    check, build = check_and_build(run, project)
    for result in (check, build):
        assert result.code == 1
        assert errors_at(result, SERVICE, line + 1), result.err


def test_links_inside_html_work_on_the_built_site(project: Path,
                                                  run: Callable[..., Result]) -> None:
    append(project, SERVICE, '<p><a href="schulden-en-geldzaken.md#geld-en-werk">Geld</a> '
           '<a href="/agenda/">Agenda</a> <img src="../images/horizon.png" alt="Horizon"></p>')
    assert run(project, "build").code == 0
    page = (project / "site/diensten/advies-aan-gemeenten/index.html").read_text("utf-8")
    assert '<a href="/diensten/schulden-en-geldzaken/#geld-en-werk">Geld</a>' in page
    assert '<a href="/agenda/">Agenda</a>' in page
    assert '<img src="/images/horizon.png" alt="Horizon">' in page
    assert run(project, "check", "--built").code == 0


def test_footnote_is_not_a_link_and_its_links_are_checked(project: Path,
                                                          run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, "Gemeenten vragen hierom[^wet].\n\n"
                  "[^wet]: Zie de toelichting bij [de Wmo](../expertise/wmo.md).")
    result = run(project, "check")
    assert result.code == 1
    rows = [row for row in result.err.splitlines() if ": error: " in row]
    assert rows == [f"{SERVICE}:{line + 2}: error: the link '../expertise/wmo.md' leads to a "
                    "page that does not exist (content/nl/expertise/wmo.md). Did you mean "
                    "`../expertise/wmo-en-jeugdwet.md`?"], result.err


def test_footnotes_work_on_the_site(project: Path, run: Callable[..., Result]) -> None:
    append(project, SERVICE, "Gemeenten vragen hierom[^wet].\n\n[^wet]: Sinds 2015.")
    assert run(project, "build").code == 0
    page = (project / "site/diensten/advies-aan-gemeenten/index.html").read_text("utf-8")
    assert '<sup id="fnref:wet"><a class="footnote-ref" href="#fn:wet">1</a></sup>' in page
    assert 'title="Terug naar voetnoot 1 in de tekst"' in page
    assert run(project, "check", "--built").code == 0


def test_picture_from_the_other_languages_folder_fails_at_check_not_in_mkdocs(
        project: Path, run: Callable[..., Result]) -> None:
    # MkDocs refused this with its own message; now check says what to do.
    line = append(project, SERVICE, "![Horizon](../../en/images/horizon.png)")
    check, build = check_and_build(run, project)
    for result in (check, build):
        assert result.code == 1
        assert errors_at(result, SERVICE, line) == [
            f"{SERVICE}:{line}: error: the file '../../en/images/horizon.png' is in the folder "
            "of another language, which this language's site cannot use. Move it into "
            "content/shared/ to use it in every language."]


def test_file_outside_the_language_and_shared_folders_fails_at_check(
        project: Path, run: Callable[..., Result]) -> None:
    write(project / "content/beelden/logo.txt", "logo")
    line = append(project, SERVICE, "[Het logo](../../beelden/logo.txt)")
    check, build = check_and_build(run, project)
    for result in (check, build):
        assert result.code == 1
        assert errors_at(result, SERVICE, line), result.err
        assert "is outside the language folders" in result.err
        assert "Doc file" not in result.err


def test_link_to_a_folder_says_what_to_write(project: Path,
                                             run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, "Zie [alle diensten](../diensten/).")
    result = run(project, "check")
    assert result.code == 1
    assert "leads to a folder, not to a page or a file" in errors_at(result, SERVICE, line)[0]


def test_site_address_outside_the_site_path_fails(project: Path,
                                                  run: Callable[..., Result]) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "site_url: https://www.zelfwijs.example/", "site_url: https://www.zelfwijs.example/org/"),
        encoding="utf-8")
    line = append(project, SERVICE, "Zie [diensten](/diensten/) en [hier](/org/diensten/).")
    result = run(project, "check")
    assert result.code == 1
    rows = errors_at(result, SERVICE, line)
    assert rows == [f"{SERVICE}:{line}: error: the site address '/diensten/' leads outside the "
                    "site, which lives at /org/. Start it with /org/."], result.err


# -- the map of the site, against a real build --------------------------------------------

def sample_map(project: Path, now: datetime = SAMPLE_NOW) -> SiteMap:
    config = load_config(project / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    return link_resolver(config, content, now, newsletter_issues(config, Problems())).site


def test_site_map_lists_every_page_and_file_of_the_built_sample(project: Path,
                                                                sample_site: Path) -> None:
    """When the site gets a new kind of page, this fails until site_map.py knows it."""
    pages = sample_map(project)
    built_pages = {str(p.parent.relative_to(sample_site)) + "/" for p in
                   sample_site.rglob("index.html")}
    built_pages = {"" if p == "./" else p for p in built_pages}
    assert set(pages.pages) == built_pages
    built_files = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*")
                   if p.is_file() and p.name != "index.html"
                   and not p.relative_to(sample_site).as_posix().startswith(
                       ("assets/", "en/assets/", "search/", "en/search/"))}
    assert pages.files == built_files


def test_anchors_are_the_ids_the_site_gives(project: Path, sample_site: Path) -> None:
    pages = sample_map(project)
    config = load_config(project / "mkdocs.yml")
    anchors = AnchorIndex(config.raw.get("markdown_extensions"))
    page = pages.page("diensten/schulden-en-geldzaken/")
    built = (sample_site / "diensten/schulden-en-geldzaken/index.html").read_text("utf-8")
    ids = anchors.ids(page)
    assert ids
    for anchor in ids - {"sb-related-title"}:
        assert f'id="{anchor}"' in built


def test_an_issue_intro_links_like_the_top_of_its_language(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    links = link_resolver(config, content, SAMPLE_NOW, [])
    origin = Origin("newsletters/x.md", 8, "nl/index.md", "nl")
    findings, targets = links.check(origin, "[a](diensten/schulden-en-geldzaken.md) [b](/team/)")
    assert findings == []
    assert [t.absolute(config.site_url) for t in targets.values()] == [
        "https://www.zelfwijs.example/diensten/schulden-en-geldzaken/",
        "https://www.zelfwijs.example/team/"]


def test_a_path_that_leaves_the_language_and_comes_back_gets_the_path_to_type(
        project: Path, run: Callable[..., Result]) -> None:
    # MkDocs builds each language on its own and refused this with its own message.
    line = append(project, SERVICE, "Zie [schulden](../../nl/diensten/schulden-en-geldzaken.md).")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert errors_at(result, SERVICE, line) == [
            f"{SERVICE}:{line}: error: the link '../../nl/diensten/schulden-en-geldzaken.md' "
            "leaves the nl folder and comes back into it, which the site cannot follow. Write "
            "`schulden-en-geldzaken.md`."]
