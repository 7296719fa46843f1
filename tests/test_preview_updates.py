"""The live preview after a save: it renders again only what the edit affects, in place in
the served folder, and the folder is then exactly what a clean preview build makes."""

from __future__ import annotations

import gc
import io
import os
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.problems import ContentError
from site_builder.website.build import render_site
from site_builder.website.language_builds import PreviewSession
from site_builder.website.preview import make_rebuilder

from .conftest import SAMPLE_NOW, copy_project
from .test_deterministic_build import every_file
from .test_incremental_build import POSTS, deleted_file, new_post, replace, template


def started_preview(folder: Path):
    """A project in `folder`, its served folder after the first build, the session and the
    rebuild a save triggers, and what the rebuilds report."""
    project = copy_project(folder / "project")
    served = folder / "served"
    served.mkdir()
    config = load_config(project / "mkdocs.yml")
    session = PreviewSession(served, config.build_cache_dir, folder / "work")
    report = io.StringIO()
    rebuild = make_rebuilder(project / "mkdocs.yml", served, lambda: SAMPLE_NOW, report,
                             session=session)
    rebuild()
    assert "Preview updated" in report.getvalue()
    return project, served, session, rebuild, report


@pytest.fixture
def preview(tmp_path: Path):
    started = started_preview(tmp_path)
    yield started
    started[2].close()


def clean_preview(project: Path, target: Path) -> dict[str, bytes]:
    config = load_config(project / "mkdocs.yml")
    render_site(config, target, SAMPLE_NOW, preview=True, use_cache=False)
    return every_file(target)


@pytest.mark.parametrize("edit", [new_post, deleted_file, template])
def test_the_preview_after_a_save_is_what_a_clean_preview_build_makes(preview, tmp_path: Path,
                                                                      edit) -> None:
    project, served, _session, rebuild, _report = preview
    edit(project)
    rebuild()
    expected = clean_preview(project, tmp_path / "clean")
    shown = every_file(served)
    assert sorted(shown) == sorted(expected)
    assert [path for path in shown if shown[path] != expected[path]] == []


def test_a_save_renders_only_the_pages_it_changes(preview) -> None:
    """An edit further down a post changes that post's page and the search index: nothing
    else is rendered, and the other language is not built at all."""
    project, served, session, rebuild, _report = preview
    page = project / POSTS / "academie-programma-2026.md"
    page.write_text(page.read_text("utf-8") + "\nTot ziens in het nieuwe jaar!\n", "utf-8")
    rebuild()
    assert session.counts["nl"]["converted"] == 1
    assert session.counts["nl"]["rendered"] == 1
    assert session.counts["en"] == {"unchanged": len(session.manifests["en"])}
    post = served / "blog/2026/01/12/het-nieuwe-programma-van-de-zelfwijs-academie/index.html"
    assert "Tot ziens in het nieuwe jaar!" in post.read_text("utf-8")
    assert "Tot ziens in het nieuwe jaar!" in (served / "search/search_index.json").read_text(
        "utf-8")


def test_a_save_that_breaks_the_content_changes_nothing_served(preview) -> None:
    project, served, _session, rebuild, report = preview
    before = every_file(served)
    replace(project / POSTS / "academie-programma-2026.md", "title:", "titel:")
    rebuild()
    assert "unknown setting `titel`" in report.getvalue()
    assert every_file(served) == before


def test_a_page_that_fails_to_build_leaves_the_served_folder_as_it_was(preview,
                                                                       monkeypatch) -> None:
    """A build that fails halfway (here: MkDocs refusing the English build) moves nothing in:
    the Dutch files it had written wait beside the served ones, and are thrown away."""
    project, served, session, _rebuild, _report = preview
    before = every_file(served)
    new_post(project)
    from site_builder.website import language_builds

    real = language_builds.run_mkdocs

    def english_fails(config, staged, *args, **kwargs):
        if staged.lang == "en":
            raise ContentError([])
        return real(config, staged, *args, **kwargs)

    monkeypatch.setattr(language_builds, "run_mkdocs", english_fails)
    config = load_config(project / "mkdocs.yml")
    (project / "content/en/about.md").write_text(
        (project / "content/en/about.md").read_text("utf-8") + "\nMore.\n", "utf-8")
    with pytest.raises(ContentError):
        render_site(config, served, SAMPLE_NOW, preview=True, session=session)
    assert every_file(served) == before
    assert not list(served.rglob("*.site-builder-new"))


def test_a_rebuild_leaves_no_garbage_behind(preview) -> None:
    """What a build leaves in reference cycles is collected after it: a preview left
    running all day does not grow with every save."""
    project, _served, _session, rebuild, _report = preview
    page = project / POSTS / "academie-programma-2026.md"
    page.write_text(page.read_text("utf-8") + "\nTot ziens in het nieuwe jaar!\n", "utf-8")
    rebuild()
    assert gc.collect() < 500


def test_the_first_preview_build_reads_the_content_on_both_cores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the server starts no save can stop the first build: it reads the content
    files half in each of two processes, as `build` does (later builds stay in one, where
    a save can stop them)."""
    import site_builder.loader as loader

    readers = tmp_path / "readers.txt"
    load = loader.load_item

    def recording(*args: object, **kwargs: object) -> object:
        with readers.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_item", recording)
    started = started_preview(tmp_path)
    started[2].close()
    assert len(set(readers.read_text(encoding="utf-8").split())) == 2
