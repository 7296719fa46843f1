"""Drafts of every kind: `new` writes them, the preview shows them marked, and nothing of a
draft, nor anything half-written, reaches the public site or a newsletter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.drafts import PLACEHOLDER_TEXT
from site_builder.loader import load_content
from site_builder.newsletter.issue import Issue, IssueMeta
from site_builder.newsletter.select import select
from site_builder.problems import Problems
from site_builder.website.build import render_site

from .conftest import SAMPLE_NOW, Result, copy_project, write
from .test_site_output import parse, resolve

KINDS = ("page", "service", "expertise", "post", "event")
CANARY = "CONCEPTKANARIE"


def switch_links(page: Path) -> dict[str, str]:
    return {attrs.get("hreflang"): link for tag, link, attrs in parse(page).links
            if tag == "a" and "md-select__link" in (attrs.get("class") or "")}


@pytest.fixture(scope="module")
def drafts_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample project plus, made with `new`, one draft of every kind in each language,
    and a finished English page whose counterpart is a Dutch draft."""
    project = copy_project(tmp_path_factory.mktemp("drafts") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        for lang in ("nl", "en"):
            for kind in KINDS:
                assert main(["new", kind, f"{CANARY} {kind} {lang}", "--lang", lang],
                            clock=lambda: SAMPLE_NOW) == 0
        write(project / "content/en/ready.md", "---\ntitle: Ready\ndescription: A page that "
              f"is ready.\ncounterpart: nl/{CANARY.lower()}-page-nl.md\n---\n\nFinished text.\n")
        assert main(["build"], clock=lambda: SAMPLE_NOW) == 0
        config = load_config(project / "mkdocs.yml")
        render_site(config, project / "preview", SAMPLE_NOW, preview=True)
    yield project


def test_new_writes_every_kind_as_a_draft(drafts_project: Path) -> None:
    made = [p for p in (drafts_project / "content").rglob("*.md") if CANARY.lower() in p.name]
    assert len(made) == 2 * len(KINDS)
    for path in made:
        assert "\ndraft: true  # " in path.read_text("utf-8"), path


@pytest.mark.parametrize("lang, comment, body", [
    ("nl", "# een of twee zinnen: te zien in overzichten", PLACEHOLDER_TEXT["nl"]),
    ("en", "# one or two sentences: shown in overviews", PLACEHOLDER_TEXT["en"]),
])
def test_new_writes_its_guidance_in_the_language_of_the_file(
    drafts_project: Path, lang: str, comment: str, body: str
) -> None:
    for path in (drafts_project / "content" / lang).rglob(f"{CANARY.lower()}-*.md"):
        text = path.read_text("utf-8")
        assert comment in text, path
        assert text.rstrip().endswith(body), path


def test_nothing_of_a_draft_reaches_the_public_site(drafts_project: Path) -> None:
    site = drafts_project / "site"
    files = {p: p.read_bytes().decode("utf-8", errors="replace")
             for p in site.rglob("*") if p.is_file()}
    for kind in ("search/search_index.json", "sitemap.xml", "rss.xml", "agenda/agenda.ics",
                 "en/events/agenda.ics", "index.html"):
        assert site / kind in files, kind
    leaks = sorted(str(p.relative_to(site)) for p, text in files.items()
                   if CANARY in text or CANARY.lower() in text
                   or any(placeholder in text for placeholder in PLACEHOLDER_TEXT.values()))
    assert leaks == []


def test_the_preview_shows_a_draft_of_every_kind_marked(drafts_project: Path) -> None:
    preview = drafts_project / "preview"
    pages = {p: p.read_text("utf-8") for p in preview.rglob("index.html")
             if CANARY.lower() in str(p.relative_to(preview))}
    assert len(pages) == 2 * len(KINDS)
    for page, html in pages.items():
        marked = "Concept: nog niet gepubliceerd" if "/en/" not in f"/{page}" else (
            "Draft: not published yet")
        assert marked in html, page


def test_a_draft_counterpart_sends_the_language_switch_home(drafts_project: Path) -> None:
    site = drafts_project / "site"
    page = site / "en" / "ready" / "index.html"
    assert resolve(site, page, switch_links(page)["nl"]) == site / "index.html"


@pytest.mark.parametrize("kind", KINDS)
def test_removing_draft_from_an_untouched_file_is_an_error(
    project: Path, run: Callable[..., Result], kind: str
) -> None:
    path = project / run(project, "new", kind, "Nog niet af").out.strip()
    lines = path.read_text("utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith("draft:")), "utf-8")
    shown = str(path.relative_to(project))
    description = next(i for i, line in enumerate(lines, 1) if line.startswith("description:"))
    text = len(lines) - 2  # the last line of text, with the settings one line shorter

    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert f"{shown}:{description}: error: `description` is empty" in result.err
        assert (f"{shown}:{text}: error: this is still the example text that `site-builder "
                "new` wrote") in result.err
    assert not (project / "site").exists()


def test_a_finished_file_is_published_once_draft_is_removed(
    project: Path, run: Callable[..., Result]
) -> None:
    path = project / run(project, "new", "service", "Hulp bij formulieren").out.strip()
    text = path.read_text("utf-8")
    finished = (text.replace('description: ""', "description: We helpen met formulieren.")
                .replace(PLACEHOLDER_TEXT["nl"], "Kom langs op het spreekuur.")
                .replace("draft: true", "draft: false"))
    path.write_text(finished, "utf-8")
    assert run(project, "build").code == 0
    assert "Hulp bij formulieren" in (project / "site/diensten/index.html").read_text("utf-8")
    assert (project / "site/diensten/hulp-bij-formulieren/index.html").is_file()


def test_public_link_to_a_draft_is_an_error_naming_both_files(
    project: Path, run: Callable[..., Result]
) -> None:
    draft = project / run(project, "new", "service", "Nieuwe dienst").out.strip()
    page = project / "content/nl/contact.md"
    page.write_text(page.read_text("utf-8") + "\nZie [de nieuwe dienst](diensten/"
                    "nieuwe-dienst.md).\n", "utf-8")
    line = len(page.read_text("utf-8").rstrip("\n").split("\n"))
    result = run(project, "check")
    assert result.code == 1
    assert (f"content/nl/contact.md:{line}: error: the link 'diensten/nieuwe-dienst.md' leads "
            f"to {draft.relative_to(project)}, which is a draft") in result.err


def test_a_draft_may_link_to_another_draft(project: Path, run: Callable[..., Result]) -> None:
    run(project, "new", "service", "Nieuwe dienst")
    page = project / run(project, "new", "page", "Nieuwe pagina").out.strip()
    page.write_text(page.read_text("utf-8") + "\n[Dienst](diensten/nieuwe-dienst.md)\n",
                    "utf-8")
    assert run(project, "check").code == 0


def test_the_home_page_cannot_be_a_draft(project: Path, run: Callable[..., Result]) -> None:
    home = project / "content/en/index.md"
    home.write_text(home.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8")
    result = run(project, "check")
    assert result.code == 1
    assert "content/en/index.md:2: error: the home page cannot be a draft" in result.err


def test_a_newsletter_never_features_a_draft_event(project: Path) -> None:
    event = project / "content/nl/agenda/netwerkmiddag-gemeenten.md"
    event.write_text(event.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1),
                     "utf-8")
    config = load_config(project / "mkdocs.yml")
    content = load_content(config.content_dir, config.languages, "content", Problems())
    meta = IssueMeta.model_validate({"subject": "Nieuws", "audience": "internal", "lang": "nl",
                                     "date": "2026-11-20"})
    chosen = select(Issue(Path("n.md"), "n.md", meta, "Intro", 8), content, [])
    assert chosen.events
    assert "nl/agenda/netwerkmiddag-gemeenten.md" not in [e.source for e in chosen.events]


def test_a_newsletter_link_to_a_draft_is_an_error(project: Path,
                                                  run: Callable[..., Result]) -> None:
    run(project, "new", "event", "Nieuwe training")
    issue = project / "newsletters/2026-11-extern.md"
    issue.write_text(issue.read_text("utf-8") + "\nKom naar de [training]"
                     "(agenda/nieuwe-training.md).\n", "utf-8")
    result = run(project, "newsletter", "check", "newsletters/2026-11-extern.md")
    assert result.code == 1
    assert ("the link 'agenda/nieuwe-training.md' leads to "
            "content/nl/agenda/nieuwe-training.md, which is a draft") in result.err
