"""Audience is a security boundary: internal items never reach anything public."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Result, write

CANARY = "KANARIE-7f3a-alleen-intern"


def internal_files(project: Path) -> list[Path]:
    return [p for p in (project / "content").rglob("*.md")
            if "audience: internal" in p.read_text(encoding="utf-8")]


def every_built_file(site: Path) -> dict[Path, str]:
    return {p: p.read_bytes().decode("utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file()}


def test_canary_in_internal_items_appears_nowhere_in_the_public_site(
    project: Path, run: Callable[..., Result]
) -> None:
    internal = internal_files(project)
    assert len(internal) >= 2, "the sample content has an internal post and an internal event"
    write(project / "content/nl/diensten/intern-overleg.md", "---\ntitle: Intern overleg "
          f"{CANARY}\naudience: internal\ncontact: anouk-de-vries\ntags: [wmo]\n---\n")
    for path in internal:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"\n{CANARY}\n", encoding="utf-8")

    assert run(project, "build").code == 0
    files = every_built_file(project / "site")
    assert any(p.name == "search_index.json" for p in files)
    assert any(p.suffix == ".ics" for p in files)
    leaks = [str(p) for p, text in files.items() if CANARY in text]
    assert leaks == []


def test_internal_item_is_not_in_the_calendar_or_the_feed(
    project: Path, run: Callable[..., Result]
) -> None:
    assert run(project, "build").code == 0
    site = project / "site"
    internal_titles = []
    for path in internal_files(project):
        first = next(line for line in path.read_text(encoding="utf-8").splitlines()
                     if line.startswith("title:"))
        internal_titles.append(first.removeprefix("title:").strip().strip('"'))
    for public_file in ("agenda/agenda.ics", "rss.xml", "sitemap.xml",
                        "search/search_index.json"):
        text = (site / public_file).read_text(encoding="utf-8")
        for title in internal_titles:
            assert title not in text, (title, public_file)


def test_public_page_linking_an_internal_page_fails_the_build_naming_both(
    project: Path, run: Callable[..., Result]
) -> None:
    internal = write(project / "content/nl/intern/werkrooster.md",
                     "---\ntitle: Werkrooster\naudience: internal\n---\nAlleen voor ons.\n")
    page = project / "content/nl/contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Rooster](intern/werkrooster.md)\n",
                    encoding="utf-8")
    result = run(project, "build")
    assert result.code == 1
    assert "content/nl/contact.md:" in result.err
    assert str(internal.relative_to(project)) in result.err
    assert not (project / "site").exists()


def test_internal_page_may_link_to_public_and_internal_pages(
    project: Path, run: Callable[..., Result]
) -> None:
    write(project / "content/nl/intern/werkrooster.md",
          "---\ntitle: Werkrooster\naudience: internal\n---\n[Contact](../contact.md)\n")
    write(project / "content/nl/intern/teamdag.md",
          "---\ntitle: Teamdag\naudience: internal\n---\n[Rooster](werkrooster.md)\n")
    assert run(project, "check").code == 0
