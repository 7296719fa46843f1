"""site-builder takes MkDocs' build steps itself (pages from memory, a page cache, the
navigation rendered once per set of addresses): what it builds is what MkDocs' own
`build()` makes of the same staged files, byte for byte."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from site_builder.check import checked_content, image_catalogue
from site_builder.config import load_config
from site_builder.problems import ContentError
from site_builder.website.build import stage_site
from site_builder.website.build_cache import BuildCache, meta_digest
from site_builder.website.build_date import source_date_epoch
from site_builder.website.mkdocs_render import MarkdownConverter
from site_builder.website.mkdocs_run import language_config, run_mkdocs, write_stage_files
from site_builder.website.mkdocs_steps import dict_first_getattr, staged_markdown
from site_builder.website.select import PublicView
from site_builder.website.site_output import SiteOutput
from site_builder.website.staging import StagedPage

from .conftest import SAMPLE_NOW, copy_project, write
from .test_deterministic_build import every_file


def page_title_in_navigation(project: Path) -> None:
    """A navigation template of the site's own that shows the page: the navigation of
    pages outside it can then not be rendered once for all."""
    path = project / "templates/overrides/partials/logo.html"  # the drawer shows the logo
    path.write_text(path.read_text("utf-8") + "<!-- {{ page.title }} -->\n", "utf-8")


@pytest.mark.parametrize("templates", [None, page_title_in_navigation],
                         ids=["the sample's templates", "the page's title in the navigation"])
def test_site_builder_builds_what_mkdocs_builds_from_the_same_staged_files(
        tmp_path: Path, monkeypatch, templates: Callable[[Path], None] | None) -> None:
    project = copy_project(tmp_path / "project")
    if templates is not None:
        templates(project)
    # One Markdown converter renders every page: nothing of one page (footnotes, tabs, heading
    # ids, stashed HTML) may show up on the next, as MkDocs' converter per page guarantees.
    for name in ("veelgestelde-vragen", "werkwijze"):
        write(project / f"content/nl/{name}.md", f"---\ntitle: {name.capitalize()}\n"
              "description: Een pagina om de opbouw te toetsen.\n---\n\n"
              "## Aanpak\n\nEen zin met een voetnoot.[^1] En nog een.[^uitleg]\n\n"
              "[^1]: De eerste noot.\n[^uitleg]: De tweede noot.\n\n"
              '=== "Wmo"\n\n    Over de Wmo.\n\n=== "Jeugdwet"\n\n    Over de Jeugdwet.\n\n'
              '<div class="sb-note" markdown>\n**Let op:** tekst in HTML.\n</div>\n\n'
              "## Aanpak\n\nDezelfde kop nog eens.\n")
    # The preview shows drafts and scheduled posts too: every kind of page there is.
    config, staged, views = staged_sample(project, preview=True)
    cache = BuildCache(tmp_path / "cache")
    for lang, language in staged.items():
        epoch = source_date_epoch(views[lang])
        docs = tmp_path / "docs" / lang
        write_stage_files(language, docs)
        theirs = tmp_path / "mkdocs" / lang
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        mkdocs_build(load_mkdocs_config(config_file=str(config.path),
                                        **language_config(config, language, docs, theirs)))
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
        expected = every_file(theirs)
        earlier: list = []
        for run in ("without cache", "filling the cache", "from the cache"):
            ours = tmp_path / run / lang
            # The last run takes its pages from the cache and its files from the run before.
            output = SiteOutput(ours, earlier)
            run_mkdocs(config, language, tmp_path / "stage" / run / lang, output,
                       source_date_epoch=epoch, cache=None if run == "without cache" else cache)
            cache.flush()
            earlier = [(ours, output.manifest)]
            made = every_file(ours)
            assert sorted(made) == sorted(expected), run
            assert [path for path in made if made[path] != expected[path]] == [], run
        assert "SOURCE_DATE_EPOCH" not in os.environ
    cache.close()


def test_a_page_text_already_in_the_form_mkdocs_reads_is_not_copied() -> None:
    body = "## Aanpak\n\nTekst.\n"
    assert staged_markdown(StagedPage({}, body)) is body
    assert staged_markdown(StagedPage({}, "\n\n  Tekst.  \n\n")) == "Tekst.\n"
    assert staged_markdown(StagedPage({}, " \n")) == ""


def staged_sample(project: Path, *, preview: bool = False
                  ) -> tuple[Any, dict[str, Any], dict[str, PublicView]]:
    """The project's configuration, its staged languages and the views they were made of."""
    config = load_config(project / "mkdocs.yml")
    images = image_catalogue(config)
    content, _ = checked_content(config, SAMPLE_NOW, images=images)
    views = {lang: PublicView(content, lang, SAMPLE_NOW, preview) for lang in config.languages}
    return config, stage_site(config, content, views, SAMPLE_NOW, images), views


def test_a_build_and_the_preview_make_the_same_site_and_leave_the_staged_pages_as_they_were(
        tmp_path: Path) -> None:
    """`site-builder build` gives MkDocs each page's settings as staged, not a sorted copy
    (memory and time on big sites), and sorts them only for a page it renders; the live
    preview keeps copies, to render a saved page again. Either way the staged settings stay
    as they were (they are hashed into the page's key) and the site is the same."""
    project = copy_project(tmp_path / "project")
    for keep in (None, lambda steps: None):
        config, staged, views = staged_sample(project)
        language, epoch = staged["nl"], source_date_epoch(views["nl"])
        before = {path: (page, list(page.meta), page.settings_digest)
                  for path, page in language.pages.items()}
        run_mkdocs(config, language, tmp_path / "stage" / str(keep is None), SiteOutput(
            tmp_path / "site" / str(keep is None)), source_date_epoch=epoch, keep=keep)
        assert {path: (page, list(page.meta), meta_digest(page.meta))
                for path, page in language.pages.items()} == before
    assert every_file(tmp_path / "site/True") == every_file(tmp_path / "site/False")


@pytest.fixture
def converting_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file each page's Markdown conversion writes its process's number to."""
    log = tmp_path / "converted-in"
    render = MarkdownConverter.render

    def recorded(self: MarkdownConverter, page: Any, files: Any) -> None:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        render(self, page, files)

    monkeypatch.setattr(MarkdownConverter, "render", recorded)
    return log


def test_a_language_converted_in_two_processes_is_the_same_site(
        tmp_path: Path, converting_processes: Path) -> None:
    """The largest language of a build has its pages' Markdown converted half in a forked
    process, so both cores work until the end: the same site, and the cache filled alike."""
    config, staged, views = staged_sample(copy_project(tmp_path / "project"))
    language, epoch = staged["nl"], source_date_epoch(views["nl"])
    cache = BuildCache(tmp_path / "cache")
    built = {}
    for run, in_halves, used in (("alone", False, None), ("in halves", True, None),
                                 ("in halves, cached", True, cache),
                                 ("from the cache", True, cache)):
        converting_processes.unlink(missing_ok=True)
        counts = run_mkdocs(config, language, tmp_path / "stage" / run,
                            SiteOutput(tmp_path / run), source_date_epoch=epoch, cache=used,
                            convert_in_halves=in_halves)
        cache.flush()
        built[run] = every_file(tmp_path / run)
        processes = set(converting_processes.read_text().split()) \
            if converting_processes.exists() else set()
        assert len(processes) == {"alone": 1, "from the cache": 0}.get(run, 2), run
        assert counts["converted"] == (0 if run == "from the cache" else len(language.pages))
    cache.close()
    assert built["in halves"] == built["alone"]
    assert built["in halves, cached"] == built["alone"]
    assert built["from the cache"] == built["alone"]


def test_what_mkdocs_says_about_a_page_converted_in_two_processes_is_said_once(
        tmp_path: Path) -> None:
    config, staged, views = staged_sample(copy_project(tmp_path / "project"))
    language, epoch = staged["nl"], source_date_epoch(views["nl"])
    # Side by side in the pages' order: one converted in each process.
    for name in ("kapot-a", "kapot-b"):
        language.pages[f"{name}.md"] = StagedPage({"title": "Kapot"},
                                                  f"Zie [dit]({name}-bestaat-niet.md).\n")
    said = {}
    for in_halves in (False, True):
        with pytest.raises(ContentError) as failed:
            run_mkdocs(config, language, tmp_path / "stage" / str(in_halves),
                       SiteOutput(tmp_path / str(in_halves)), source_date_epoch=epoch,
                       convert_in_halves=in_halves)
        said[in_halves] = [problem.message for problem in failed.value.problems]
    assert said[True] == said[False]
    assert len(said[True]) == 2
    assert "kapot-a-bestaat-niet.md" in said[True][0]
    assert "kapot-b-bestaat-niet.md" in said[True][1]


def test_templates_read_a_dicts_keys_as_jinja_does_without_its_detour() -> None:
    """`x.name` on a plain dict is its key, taken first (no failed attribute lookup): the
    same values as Jinja's own lookup, a dict's methods and missing keys included."""
    source = ("{{ d.title }}|{{ d.items is callable }}|{{ d.missing is undefined }}|"
              "{{ d.nested.url }}|{{ o.real }}|{% for k, v in d.items() %}{{ k }}{% endfor %}")
    values = {"d": {"title": "Aanpak", "nested": {"url": "/a/"}, "items": "geen methode"},
              "o": 3}
    jinja_own = jinja2.Environment().from_string(source).render(values)
    env = jinja2.Environment()
    dict_first_getattr(env)
    assert env.from_string(source).render(values) == jinja_own
    strict = jinja2.Environment(undefined=jinja2.StrictUndefined)
    dict_first_getattr(strict)
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        strict.from_string("{{ d.missing }}").render(values)
