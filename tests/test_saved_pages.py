"""The preview shows a saved page first, before it builds the whole site again: that page is
the page the whole build makes, and what it cannot show exactly waits for the whole build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.cancel import Superseded, stoppable
from site_builder.config import load_config
from site_builder.website.build import render_site
from site_builder.website.preview import PreviewServer, PreviewState

from .conftest import SAMPLE_NOW
from .test_deterministic_build import every_file
from .test_incremental_build import POSTS, replace
from .test_preview_updates import started_preview

POST = f"{POSTS}/academie-programma-2026.md"
POST_PAGE = "blog/2026/01/12/het-nieuwe-programma-van-de-zelfwijs-academie/index.html"


@pytest.fixture
def preview(tmp_path: Path):
    started = started_preview(tmp_path)
    yield started
    started[2].close()


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory: pytest.TempPathFactory):
    """One preview for the tests that only look (each puts its project back as it was)."""
    started = started_preview(tmp_path_factory.mktemp("preview"))
    yield started
    started[2].close()


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")


# A saved file, its page in the served folder, and what the writer added.
SAVES = [
    (POST, POST_PAGE, "Tot ziens in het nieuwe jaar!"),
    (POST, POST_PAGE, "## Aanmelden\n\nDat kan via [contact](../../contact.md)."),
    ("content/nl/diensten/schulden-en-geldzaken.md", "diensten/schulden-en-geldzaken/index.html",
     "We komen ook bij u thuis."),
    ("content/nl/agenda/netwerkmiddag-gemeenten.md", "agenda/netwerkmiddag-gemeenten/index.html",
     "Er is koffie en thee."),
    ("content/en/about.md", "en/about/index.html", "We also visit you at home."),
]


@pytest.mark.parametrize("saved, page, added", SAVES,
                         ids=["post", "post-with-a-heading", "service", "event", "english"])
def test_a_saved_page_shown_first_is_the_page_the_whole_build_makes(
        preview, saved: str, page: str, added: str) -> None:
    project, served, session, rebuild, _report = preview
    add_line(project / saved, added)
    assert session.show_first({project / saved})
    first = (served / page).read_bytes()
    assert added.splitlines()[-1].split("[")[0] in first.decode("utf-8")
    rebuild()
    assert (served / page).read_bytes() == first


def new_title(project: Path) -> Path:
    """A post's address comes from its title: the pages that link to it change too."""
    replace(project / POST, "title: Het nieuwe programma van de Zelfwijs Academie",
            "title: Het programma van de Zelfwijs Academie")
    return project / POST


def broken_link(project: Path) -> Path:
    add_line(project / POST, "Zie [de brochure](brochure-2026.md).")
    return project / POST


def card_template(project: Path) -> Path:
    path = project / "templates/overrides/partials/sb-card.html"
    replace(path, '<div class="sb-card__body">', '<div class="sb-card__body sb-card__new">')
    return path


def people(project: Path) -> Path:
    path = project / "content/people.yml"
    add_line(path, "")
    return path


def home_page(project: Path) -> Path:
    add_line(project / "content/nl/index.md", "Welkom!")
    return project / "content/nl/index.md"


def new_post(project: Path) -> Path:
    path = project / POSTS / "open-dag.md"
    path.write_text("---\ntitle: Open dag\ndescription: Kom kennismaken.\ndate: 2026-11-21\n"
                    "authors: [lotte-jansen]\n---\n\nIedereen is welkom.\n", "utf-8")
    return path


WAITS = [new_title, broken_link, card_template, people, home_page, new_post]


@pytest.mark.parametrize("edit", WAITS, ids=[edit.__name__ for edit in WAITS])
def test_a_save_that_may_change_more_than_its_page_waits_for_the_whole_build(
        shared_preview, edit: Callable[[Path], Path]) -> None:
    project, served, session, _rebuild, _report = shared_preview
    before = every_file(served)
    edited = [project / "content", project / "templates"]
    files = {path: path.read_bytes() for folder in edited for path in folder.rglob("*")
             if path.is_file()}
    try:
        assert not session.show_first({edit(project)})
        assert every_file(served) == before
    finally:
        for path in {path for folder in edited for path in folder.rglob("*")} - files.keys():
            if path.is_file():
                path.unlink()
        for path, data in files.items():
            path.write_bytes(data)


def test_pages_shown_first_are_put_back_when_the_whole_build_fails(preview) -> None:
    """The post reads well on its own, but another file now breaks the build: the preview
    shows the last version that built, the post included."""
    project, served, session, rebuild, report = preview
    before = every_file(served)
    add_line(project / POST, "Tot ziens in het nieuwe jaar!")
    assert session.show_first({project / POST})
    replace(project / "content/nl/contact.md", "title:", "titel:")
    rebuild()
    assert "unknown setting `titel`" in report.getvalue()
    assert every_file(served) == before


def test_a_build_that_a_newer_save_outdates_stops_and_changes_nothing(preview) -> None:
    project, served, session, _rebuild, _report = preview
    before = every_file(served)
    add_line(project / POST, "Tot ziens in het nieuwe jaar!")
    config = load_config(project / "mkdocs.yml")
    with stoppable(lambda: True), pytest.raises(Superseded):
        render_site(config, served, SAMPLE_NOW, preview=True, session=session)
    assert every_file(served) == before
    assert not list(served.rglob("*.site-builder-*"))


def test_a_save_during_a_build_stops_it_and_the_next_build_shows_both(preview,
                                                                      tmp_path: Path) -> None:
    """The server's build loop: a save while the whole site builds stops that build, without
    a reload; the next build has both saves, and equals a clean build."""
    project, served, _session, rebuild, report = preview
    server = PreviewServer(PreviewState(), builder=rebuild, host="127.0.0.1", port=0,
                           root=str(served))
    rebuild.server = server
    add_line(project / POST, "Eerste bewerking.")
    server.saved.add(str(project / POST))
    epoch = server._visible_epoch
    server._want_rebuild = True  # a second save came in while this build ran
    rebuild()
    assert server._wanted_epoch == server._visible_epoch > epoch  # shown first, no reload
    assert "Eerste bewerking." in (served / POST_PAGE).read_text("utf-8")
    assert report.getvalue().count("Preview updated") == 1  # only the first build
    add_line(project / "content/en/about.md", "Second edit.")
    server._want_rebuild = False
    rebuild()
    assert report.getvalue().count("Preview updated") == 2
    config = load_config(project / "mkdocs.yml")
    render_site(config, tmp_path / "clean", SAMPLE_NOW, preview=True, use_cache=False)
    assert every_file(served) == every_file(tmp_path / "clean")
    server.server_close()
