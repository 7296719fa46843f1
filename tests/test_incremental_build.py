"""Cached and incremental builds: after any edit, a build that reuses earlier work gives the
same site, byte for byte, as a clean build (pages, listings and their pages, feeds,
calendars, sitemaps, the search index), and it does reuse that work."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from site_builder.cli import main

from .conftest import SAMPLE_NOW, copy_project, write
from .test_deterministic_build import every_file

POSTS = "content/nl/blog/posts"


def build(project: Path, out: Path, *, cache: bool = True,
          now: datetime = SAMPLE_NOW) -> dict[str, bytes]:
    """`site-builder build` in `project` into `out` at `now`; every file it made."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        args = ["build", "--out", str(out)] + ([] if cache else ["--no-cache"])
        assert main(args, clock=lambda: now) == 0
    return every_file(out)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def post_text(project: Path) -> None:
    """The first paragraph: the post's page, its teaser on every card, the search index."""
    replace(project / POSTS / "academie-programma-2026.md", "Het nieuwe jaar is begonnen",
            "Het nieuwe jaar is goed begonnen")


def front_matter(project: Path) -> None:
    """A new title: a new address (the slug), so the pages that link to the post change."""
    replace(project / POSTS / "geldzorgen-bespreekbaar-maken.md",
            "title: Geldzorgen bespreekbaar maken", "title: Praten over geldzorgen")


def tags(project: Path) -> None:
    """Other topics: other related pages, on this post and on the pages it relates to."""
    replace(project / POSTS / "eenzaamheid-kleine-stappen.md",
            "tags: [eenzaamheid, participatie, zelfredzaamheid]",
            "tags: [mantelzorg, schulden]")


def new_post(project: Path) -> None:
    """One more post: every card moves one place on the news pages (pagination)."""
    write(project / POSTS / "open-dag.md", "---\ntitle: Open dag bij Zelfwijs\n"
          "description: Kom kennismaken op onze open dag.\ntags: [participatie]\n"
          "date: 2026-11-21\nauthors: [lotte-jansen]\ncategories: [Nieuws]\n---\n\n"
          "Op zaterdag staat de deur open. Iedereen is welkom.\n")


def translated_post_title(project: Path) -> None:
    """A new address for a Dutch post with an English translation: the English post's
    language switch and its search-engine alternates lead to the new one."""
    replace(project / POSTS / "tips-keukentafelgesprek.md",
            "title: ", "title: Nieuwe ")


def deleted_file(project: Path) -> None:
    (project / POSTS / "academie-programma-2026.md").unlink()


def template(project: Path) -> None:
    """The card of every listing, the home page and the related blocks."""
    replace(project / "templates/overrides/partials/sb-card.html",
            '<div class="sb-card__body">', '<div class="sb-card__body sb-card__body--new">')


def configuration(project: Path) -> None:
    """The organisation's phone number, in the footer of every page."""
    replace(project / "mkdocs.yml", 'phone: "+31 33 000 12 00"', 'phone: "+31 33 000 99 99"')


def picture(project: Path) -> None:
    """Another size for a picture that cards and pages show with its width and height."""
    path = project / "content/nl/images/horizon.png"
    Image.new("RGB", (320, 200), (200, 120, 40)).save(path)


EDITS = [post_text, front_matter, translated_post_title, tags, new_post, deleted_file,
         template, configuration, picture]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built once with the cache: its cache and site, to copy."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(project, project / "site")
    return project


def copy_built(built_once: Path, target: Path) -> Path:
    shutil.copytree(built_once, target, symlinks=True)
    return target


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_a_cached_build_after_an_edit_is_the_same_as_a_clean_build(
        built_once: Path, tmp_path: Path, edit: Callable[[Path], None]) -> None:
    project = copy_built(built_once, tmp_path / "project")
    before = build(project, project / "site")  # the cache knows this folder's site now
    edit(project)
    cached = build(project, project / "site")
    clean = build(project, tmp_path / "clean", cache=False)
    assert sorted(cached) == sorted(clean)
    assert [path for path in cached if cached[path] != clean[path]] == []
    assert folders(project / "site") == folders(tmp_path / "clean")
    assert cached != before, "the edit should change the site"
    if edit in (new_post, deleted_file):  # the news listing has a second page to move on
        assert "blog/page/2/index.html" in clean


def test_the_search_index_follows_an_edit(built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    post_text(project)
    cached = build(project, project / "site")
    index = cached["search/search_index.json"].decode("utf-8")
    assert "Het nieuwe jaar is goed begonnen" in index
    assert index.encode() == build(project, tmp_path / "clean", cache=False)[
        "search/search_index.json"]


def test_a_build_reuses_the_pages_an_edit_does_not_touch(built_once: Path,
                                                         tmp_path: Path) -> None:
    """Unchanged files of the previous build are taken over as they are (the same file on
    disk), changed ones are written anew."""
    project = copy_built(built_once, tmp_path / "project")
    site = project / "site"
    build(project, site)  # the copy's own first build: the cache knows this folder now
    contact, about = site / "contact/index.html", site / "en/about/index.html"
    post = site / "blog/2026/01/12/het-nieuwe-programma-van-de-zelfwijs-academie/index.html"
    before = {path: path.stat().st_ino for path in (contact, about, post)}
    post_text(project)
    build(project, site)
    assert contact.stat().st_ino == before[contact]
    assert about.stat().st_ino == before[about]
    assert post.stat().st_ino != before[post]
    assert "Het nieuwe jaar is goed begonnen" in post.read_text("utf-8")


def test_a_file_changed_in_the_built_site_is_made_again(built_once: Path,
                                                        tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    site = project / "site"
    build(project, site)
    page = site / "contact/index.html"
    right = page.read_bytes()
    with page.open("ab") as handle:  # edited in place, as an editor might
        handle.write(b"<!-- changed by hand -->")
    assert build(project, site)["contact/index.html"] == right


def test_the_cache_folder_is_safe_to_delete_or_break(built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    clean = every_file(built_once / "site")
    shutil.rmtree(project / ".cache/build")
    assert build(project, tmp_path / "after-delete") == clean
    (project / ".cache/build/cache.sqlite3").write_bytes(b"not a database at all")
    assert build(project, tmp_path / "after-damage") == clean


def damage_inside(database: Path) -> None:
    """Garbage over every page but the first (which says what the tables are): a file the
    cache opens without complaint and only finds broken when it reads its entries."""
    page = 4096
    size = database.stat().st_size
    garbage = random.Random(14).randbytes(size - page)
    with database.open("r+b") as handle:
        handle.seek(page)
        handle.write(garbage)


def test_a_cache_damaged_inside_is_removed_and_the_build_still_succeeds(
        built_once: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_built(built_once, tmp_path / "project")
    database = project / ".cache/build/cache.sqlite3"
    damage_inside(database)
    post_text(project)
    capsys.readouterr()
    cached = build(project, project / "site")
    said = capsys.readouterr().err
    assert "The build cache in .cache/build was damaged" in said  # where the writer runs
    assert "Traceback" not in said and said.count("was damaged") == 1
    assert cached == build(project, tmp_path / "clean", cache=False)
    with sqlite3.connect(database) as fresh:  # the next build finds a sound, new cache
        assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(
        built_once: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_built(built_once, tmp_path / "project")
    post_text(project)
    holder = sqlite3.connect(project / ".cache/build/cache.sqlite3", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")  # another program keeps it locked past the timeout
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("site_builder.website.build_cache.BUSY_TIMEOUT", 0.05)
            capsys.readouterr()
            cached = build(project, project / "site")
    finally:
        holder.rollback()
        holder.close()
    said = capsys.readouterr().err
    assert "could not be used" in said and "Traceback" not in said
    assert cached == build(project, tmp_path / "clean", cache=False)
    assert (project / ".cache/build/cache.sqlite3").is_file()  # not damaged: left as it was


def test_a_build_says_once_that_it_waits_for_a_cache_another_command_writes_to(
        built_once: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """As when the live preview is writing to the cache as a build starts: the build's
    processes wait for it, the build says so once, and then uses the cache."""
    project = copy_built(built_once, tmp_path / "project")
    post_text(project)
    (project / "templates/overrides/main.html").touch()  # both languages built again
    holder = subprocess.Popen(  # another command, writing to the cache for five seconds
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "db.execute('BEGIN IMMEDIATE')\nprint('writing', flush=True)\ntime.sleep(5)\n"
         "db.execute('ROLLBACK')", str(project / ".cache/build/cache.sqlite3")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "writing\n"
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("site_builder.website.build_cache.NOTICE_AFTER", 0.2)
            capfd.readouterr()
            cached = build(project, project / "site")
    finally:
        holder.wait(timeout=30)
    said = capfd.readouterr().err
    assert said.count("Waiting for the build cache in .cache/build: another site-builder "
                      "command (a build, or the live preview) is writing to it.") == 1, said
    assert "could not be used" not in said and "Traceback" not in said
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_the_cache_lives_in_the_configured_folder(built_once: Path) -> None:
    assert (built_once / ".cache/build/cache.sqlite3").is_file()
    assert not (built_once / "site/.cache").exists()


def old_sites(project: Path, wait: float = 60) -> list[Path]:
    """The copies of replaced sites beside `site/`, once their deletion had time to end."""
    deadline = time.monotonic() + wait
    while list(project.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(project.glob(".site.old-*"))


def test_the_replaced_site_is_kept_beside_the_site_for_the_next_build(
        built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    replaced = every_file(project / "site")
    files = build(project, project / "site")
    assert every_file(project / ".site.spare") == replaced
    assert old_sites(project) == []
    assert every_file(project / "site") == files


def test_a_build_brings_the_replaced_site_up_to_date_instead_of_making_a_new_one(
        built_once: Path, tmp_path: Path) -> None:
    """Its folders are the spare's own: none is made again for a change of one page."""
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    build(project, project / "site")  # the cache knows what the replaced site holds
    folder = (project / ".site.spare/contact").stat().st_ino
    post_text(project)
    cached = build(project, project / "site")
    assert (project / "site/contact").stat().st_ino == folder
    assert cached == build(project, tmp_path / "clean", cache=False)


def folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def test_a_deleted_page_leaves_no_empty_folder_behind(built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    build(project, project / "site")  # the spare is a site with the page
    deleted_file(project)
    build(project, project / "site")
    build(project, tmp_path / "clean", cache=False)
    assert folders(project / "site") == folders(tmp_path / "clean")


@pytest.mark.parametrize("left", ["by hand", "by a stopped build"])
def test_a_replaced_site_holding_a_file_no_build_made_is_not_built_upon(
        built_once: Path, tmp_path: Path, left: str) -> None:
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    build(project, project / "site")  # the cache knows what the replaced site holds
    stray = "notes.html" if left == "by hand" else "contact/index.html.site-builder-new"
    write(project / ".site.spare" / stray, "<html>not made by a build</html>")
    post_text(project)
    cached = build(project, project / "site")
    assert stray not in cached
    assert cached == build(project, tmp_path / "clean", cache=False)
    assert old_sites(project) == []


def test_a_page_changed_in_the_replaced_site_is_made_again(
        built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    build(project, project / "site")  # the cache knows what the replaced site holds
    (project / ".site.spare/contact/index.html").write_text("<html>half done</html>", "utf-8")
    cached = build(project, project / "site")
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_a_replaced_site_left_by_a_stopped_build_is_deleted_by_the_next(
        built_once: Path, tmp_path: Path) -> None:
    project = copy_built(built_once, tmp_path / "project")
    write(project / ".site.old-stopped/site/index.html", "<html>an old site</html>")
    build(project, project / "site")
    assert old_sites(project) == []


class StagedLanguages:
    """The languages the builds stage, sorted: each language is staged in the process that
    builds it, so they are written down in a file all of them append to."""

    def __init__(self, record: Path) -> None:
        self.record = record
        self.clear()

    def add(self, lang: str) -> None:
        with self.record.open("a", encoding="utf-8") as out:
            out.write(f"{lang} {os.getpid()}\n")

    def clear(self) -> None:
        self.record.write_text("", encoding="utf-8")

    def processes(self) -> set[str]:
        return {line.split()[1] for line in self.record.read_text(encoding="utf-8").splitlines()}

    def __call__(self) -> list[str]:
        return sorted(line.split()[0]
                      for line in self.record.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def staged_languages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> StagedLanguages:
    """The languages each build stages (the staging itself runs as always)."""
    import site_builder.website.build as site_build

    staged = StagedLanguages(tmp_path / "staged-languages.txt")
    stage = site_build.stage_language

    def recording(views: Any, lang: str, *args: Any, **kwargs: Any) -> Any:
        staged.add(lang)
        return stage(views, lang, *args, **kwargs)

    monkeypatch.setattr(site_build, "stage_language", recording)
    return staged


def test_a_text_edit_in_one_language_leaves_the_other_as_the_last_build_made_it(
        built_once: Path, tmp_path: Path, staged_languages: StagedLanguages) -> None:
    project = copy_built(built_once, tmp_path / "project")
    site = project / "site"
    build(project, site)
    english = site / "en/about/index.html"
    inode = english.stat().st_ino
    staged_languages.clear()
    post_text(project)
    cached = build(project, site)
    assert staged_languages() == ["nl"]
    assert english.stat().st_ino == inode
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_new_settings_in_one_language_stage_the_other_again(
        built_once: Path, tmp_path: Path, staged_languages: StagedLanguages) -> None:
    """A title is an address, a date a place in a list: the other language links to them."""
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    staged_languages.clear()
    translated_post_title(project)
    build(project, project / "site")
    assert staged_languages() == ["en", "nl"]


def test_a_build_after_events_have_ended_is_the_same_as_a_clean_one(
        built_once: Path, tmp_path: Path, staged_languages: StagedLanguages) -> None:
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    staged_languages.clear()
    later = SAMPLE_NOW + timedelta(days=400)
    cached = build(project, project / "site", now=later)
    assert staged_languages() == ["en", "nl"]
    assert cached == build(project, tmp_path / "clean", cache=False, now=later)


def test_a_language_whose_built_files_were_touched_is_built_again(
        built_once: Path, tmp_path: Path, staged_languages: StagedLanguages) -> None:
    project = copy_built(built_once, tmp_path / "project")
    site = project / "site"
    build(project, site)
    (site / "en/about/index.html").unlink()
    staged_languages.clear()
    post_text(project)
    cached = build(project, site)
    assert staged_languages() == ["en", "nl"]
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_each_language_is_staged_in_its_own_process_and_the_site_is_the_same(
        tmp_path: Path, staged_languages: StagedLanguages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged at the same time, the languages learn each other's pages for their language
    switch and search-engine alternates: the site is the one staging them in turn makes."""
    project = copy_project(tmp_path / "project")
    side_by_side = build(project, tmp_path / "side-by-side", cache=False)
    assert staged_languages() == ["en", "nl"]
    assert len(staged_languages.processes()) == 2
    staged_languages.clear()
    monkeypatch.setattr("site_builder.website.build.can_fork", lambda: False)
    assert build(project, tmp_path / "in-turn", cache=False) == side_by_side
    assert len(staged_languages.processes()) == 1


@pytest.fixture
def post_pages_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts whose page a build makes (the others are kept from an earlier build)."""
    from site_builder.website.news import NewsStager

    made: list[str] = []
    make = NewsStager._post_page

    def recording(self: NewsStager, post: Any, authors: Any) -> Any:
        made.append(post.source)
        return make(self, post, authors)

    monkeypatch.setattr(NewsStager, "_post_page", recording)
    return made


def test_a_text_edit_makes_again_only_the_post_pages_that_show_the_text(
        built_once: Path, tmp_path: Path, post_pages_made: list[str]) -> None:
    project = copy_built(built_once, tmp_path / "project")
    build(project, project / "site")
    post_pages_made.clear()
    post_text(project)  # a post that no other post shows among its related pages
    cached = build(project, project / "site")
    assert post_pages_made == ["nl/blog/posts/academie-programma-2026.md"]
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_a_post_page_shows_the_new_teaser_of_a_related_post(
        built_once: Path, tmp_path: Path, post_pages_made: list[str]) -> None:
    """A card without a description shows the first words of the text."""
    project = copy_built(built_once, tmp_path / "project")
    related = project / POSTS / "jongeren-en-achttien-worden.md"
    related.write_text("".join(line for line in related.read_text("utf-8").splitlines(True)
                               if not line.startswith("description:")), "utf-8")
    build(project, project / "site")
    post_pages_made.clear()
    replace(related, "---\n\n", "---\n\nEen nieuwe eerste zin over achttien worden. ")
    cached = build(project, project / "site")
    assert "nl/blog/posts/tips-keukentafelgesprek.md" in post_pages_made
    assert cached == build(project, tmp_path / "clean", cache=False)


def test_files_of_the_last_build_changed_during_a_build_stop_it_with_a_clear_error(
        built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """As when another program deletes a file of `site/` while the build is running."""
    project = copy_built(built_once, tmp_path / "project")
    site = project / "site"
    build(project, site)
    monkeypatch.setattr("site_builder.website.build.files_unchanged", lambda *args: True)
    (site / "en/about/index.html").unlink()
    before = every_file(site)
    post_text(project)
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["build"], clock=lambda: SAMPLE_NOW) == 1
    err = capsys.readouterr().err
    assert "site/en: error: files in this folder changed while the build was taking them " \
        "over" in err, err
    assert "Traceback" not in err
    assert every_file(site) == before
