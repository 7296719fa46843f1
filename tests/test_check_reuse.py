"""The last check of the content is used again only while nothing it depends on changed:
the files (a save that keeps a file's size and time included), the site's settings, and
which of the content's dates have passed."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from site_builder.check import checked_content
from site_builder.check_reuse import (
    SiteCheck,
    between,
    folder_fingerprint,
    reused_check,
    settings_block,
)
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.model import Content
from site_builder.problems import ContentError, Problem, Severity
from site_builder.schema import AMSTERDAM

from .conftest import SAMPLE_NOW, copy_project
from .test_incremental_build import POSTS, replace


class CountedCheck:
    """A check that says how often it ran."""

    def __init__(self, problems: tuple[Problem, ...] = ()) -> None:
        self.runs = 0
        self.problems = problems

    def __call__(self) -> SiteCheck:
        self.runs += 1
        return SiteCheck(Content(("nl",), {}, ()), self.problems, frozenset())


def test_the_same_key_at_a_moment_between_the_same_dates_uses_the_kept_check(
        tmp_path: Path) -> None:
    check = CountedCheck()
    for hours in (0, 1, 24):
        reused_check(tmp_path, tmp_path, ["key"], SAMPLE_NOW + timedelta(hours=hours), check)
    assert check.runs == 1


def test_another_key_checks_again(tmp_path: Path) -> None:
    check = CountedCheck()
    reused_check(tmp_path, tmp_path, ["key"], SAMPLE_NOW, check)
    reused_check(tmp_path, tmp_path, ["another key"], SAMPLE_NOW, check)
    assert check.runs == 2


def test_a_check_with_errors_is_not_kept(tmp_path: Path) -> None:
    check = CountedCheck((Problem("a.md", 1, "broken", Severity.ERROR),))
    reused_check(tmp_path, tmp_path, ["key"], SAMPLE_NOW, check)
    reused_check(tmp_path, tmp_path, ["key"], SAMPLE_NOW, check)
    assert check.runs == 2


def test_moments_are_alike_when_no_date_of_the_content_lies_between_them() -> None:
    dates = [SAMPLE_NOW, SAMPLE_NOW + timedelta(days=7)]
    assert between(dates, SAMPLE_NOW + timedelta(days=1)) == between(
        dates, SAMPLE_NOW + timedelta(days=6))
    assert between(dates, SAMPLE_NOW - timedelta(seconds=1)) != between(dates, SAMPLE_NOW)
    assert between(dates, SAMPLE_NOW) != between(dates, SAMPLE_NOW + timedelta(seconds=1))


def test_a_save_that_keeps_the_size_and_time_of_a_file_still_counts(tmp_path: Path) -> None:
    """Markdown is judged by its text: a filesystem's clock ticks slower than a script."""
    page = tmp_path / "nl" / "contact.md"
    page.parent.mkdir()
    page.write_text("title: Bel ons\n", "utf-8")
    before = folder_fingerprint(tmp_path)
    stat = page.stat()
    page.write_text("title: Mail ons\n", "utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert folder_fingerprint(tmp_path) != before


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_reused_check_sees_an_edit(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    checked_content(config, SAMPLE_NOW, reuse=True)
    replace(project / POSTS / "academie-programma-2026.md",
            "title: Het nieuwe programma van de Zelfwijs Academie",
            "title: Het programma van de Zelfwijs Academie")
    content, _ = checked_content(config, SAMPLE_NOW, reuse=True)
    assert "Het programma van de Zelfwijs Academie" in [item.title for item in content.items]


def test_a_reused_check_finds_an_error_made_since(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    checked_content(config, SAMPLE_NOW, reuse=True)
    replace(project / "content/nl/contact.md", "title:", "titel:")
    with pytest.raises(ContentError, match="unknown setting `titel`"):
        checked_content(config, SAMPLE_NOW, reuse=True)


def test_a_reused_check_is_not_used_at_a_moment_before_a_date_it_passed(project: Path) -> None:
    """A link to the scheduled post is fine once the post is out, and an error before: a
    check made after its date is not used for a moment before it."""
    post = project / POSTS / "academie-programma-2026.md"
    post.write_text(post.read_text("utf-8") + "\nLees ook [onze groet](nieuwjaar-2027.md).\n",
                    "utf-8")
    config = load_config(project / "mkdocs.yml")
    checked_content(config, datetime(2027, 1, 12, tzinfo=AMSTERDAM), reuse=True)
    with pytest.raises(ContentError, match=r"academie-programma-2026\.md"):
        checked_content(config, SAMPLE_NOW, reuse=True)


ADVICE = "content/nl/diensten/advies-aan-gemeenten.md"
POST = f"{POSTS}/wat-betekent-eigen-regie.md"


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")


def full_check(project: Path) -> tuple[object, ...]:
    config = load_config(project / "mkdocs.yml")
    try:
        content, warnings = checked_content(config, SAMPLE_NOW)
    except ContentError as error:
        return ("errors", error.problems)
    return content, warnings


def reused(project: Path) -> tuple[object, ...]:
    config = load_config(project / "mkdocs.yml")
    try:
        content, warnings = checked_content(config, SAMPLE_NOW, reuse=True)
    except ContentError as error:
        return ("errors", error.problems)
    return content, warnings


def test_after_a_text_edit_only_the_edited_file_is_read_again(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reused(project)
    add_line(project / POST, "Een nieuwe alinea over eigen regie.")

    def read_everything(*args: object) -> None:
        raise AssertionError("every file was read again")

    monkeypatch.setattr("site_builder.check.load_content", read_everything)
    content, _ = reused(project)
    assert "Een nieuwe alinea over eigen regie." in next(
        item.body for item in content.items if item.source.endswith("wat-betekent-eigen-regie.md"))


def test_a_text_edit_checked_alone_finds_what_a_whole_check_finds(project: Path) -> None:
    reused(project)
    add_line(project / POST, "Lees ook [onze diensten](../../diensten/bestaat-niet.md) "
             "en [advies](../../diensten/advies-aan-gemeenten.md#een-voorbeeld).")
    assert reused(project) == full_check(project)


def test_a_warning_in_an_edited_file_comes_and_goes_with_the_edit(project: Path) -> None:
    reused(project)
    original = (project / POST).read_text("utf-8")
    add_line(project / POST, "Geschreven door {{ page.author }}.")
    after_edit = reused(project)
    assert after_edit == full_check(project)
    assert any("{{ page.author }}" in warning.message for warning in after_edit[1])
    (project / POST).write_text(original, "utf-8")
    after_undo = reused(project)
    assert after_undo == full_check(project)
    assert not any("{{ page.author }}" in warning.message for warning in after_undo[1])


def test_removing_a_heading_another_page_links_to_is_found_in_that_page(project: Path) -> None:
    add_line(project / POST, "Zie [een voorbeeld](../../diensten/advies-aan-gemeenten.md"
             "#een-voorbeeld).")
    reused(project)
    replace(project / ADVICE, "## Een voorbeeld", "Een voorbeeld:")
    found = reused(project)
    assert found == full_check(project)
    assert found[0] == "errors"
    assert any("wat-betekent-eigen-regie.md" in problem.path and "een-voorbeeld" in
               problem.message for problem in found[1])


def test_a_settings_edit_checks_every_file_again(project: Path) -> None:
    """A title is shown by other pages' links and lists: not a text-only edit."""
    reused(project)
    replace(project / ADVICE, "title: Advies aan gemeenten", "title: Advies voor gemeenten")
    found = reused(project)
    assert found == full_check(project)
    assert "Advies voor gemeenten" in [item.title for item in found[0].items]


def test_the_settings_block_of_a_file_ends_at_the_line_that_closes_it() -> None:
    text = b"---\ntitle: Bel ons\nsummary: |\n  ----\n...\n\nTekst\n---\nMeer tekst\n"
    assert settings_block(text) == b"---\ntitle: Bel ons\nsummary: |\n  ----\n...\n"
    assert settings_block(b" --- \r\ntitle: x\r\n---\r\nTekst") == b" --- \r\ntitle: x\r\n---\r\n"


def test_a_file_without_a_closed_settings_block_counts_whole_as_settings() -> None:
    for text in (b"Tekst zonder instellingen\n", b"---\ntitle: nooit gesloten\n"):
        assert settings_block(text) == text


def test_an_edit_of_the_text_below_the_settings_leaves_their_hash(tmp_path: Path) -> None:
    page = tmp_path / "nl" / "contact.md"
    page.parent.mkdir()

    def hashes(text: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
        page.write_text(text, "utf-8")
        texts: dict[str, bytes] = {}
        settings: dict[str, bytes] = {}
        folder_fingerprint(tmp_path, texts, settings)
        return texts, settings

    texts, settings = hashes("---\ntitle: Bel ons\n---\n\nWe zijn er.\n")
    new_texts, new_settings = hashes("---\ntitle: Bel ons\n---\n\nWe zijn er elke dag.\n")
    assert new_settings == settings and new_texts != texts
    assert hashes("---\ntitle: Mail ons\n---\n\nWe zijn er elke dag.\n")[1] != settings


def build(project: Path) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        return main(["build"], clock=lambda: SAMPLE_NOW)


def refuse_to_read_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_everything(*args: object) -> None:
        raise AssertionError("every file was read again")

    monkeypatch.setattr("site_builder.check.load_content", read_everything)


def test_a_build_keeps_its_check_for_the_next_command(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build keeps it while its pages are built, in a process of its own."""
    assert build(project) == 0
    refuse_to_read_everything(monkeypatch)
    monkeypatch.chdir(project)  # messages name paths from where the command runs
    content, _ = reused(project)
    assert content.items


def test_a_build_stopped_before_its_pages_still_keeps_its_check(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl+C while the pages are being staged

    monkeypatch.setattr("site_builder.website.build.SiteStager.language", stopped)
    assert build(project) != 0
    monkeypatch.undo()
    refuse_to_read_everything(monkeypatch)
    monkeypatch.chdir(project)
    content, _ = reused(project)
    assert content.items
