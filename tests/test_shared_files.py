"""One folder, content/shared/, for pictures and downloads that both languages use: checked
like the rest, built into both languages' sites, and usable from newsletters."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .conftest import Result, write
from .test_source_links import append, errors_at

NL_SERVICE = "content/nl/diensten/schulden-en-geldzaken.md"
EN_SERVICE = "content/en/services/money-and-debt-support.md"


def share_picture(project: Path) -> None:
    folder = project / "content/shared"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / "content/nl/images/keukentafel.png", folder / "keukentafel.png")
    write(folder / "downloads/budgetplan.pdf", "%PDF-1.4\n% Zelfwijs budgetplan\n")


def test_a_picture_in_the_shared_folder_builds_for_both_languages(
        project: Path, run: Callable[..., Result]) -> None:
    share_picture(project)
    append(project, NL_SERVICE, "![Twee mensen aan een keukentafel](../../shared/keukentafel.png)"
           "\n\n[Download het budgetplan](../../shared/downloads/budgetplan.pdf)")
    append(project, EN_SERVICE, "![Two people at a kitchen table](../../shared/keukentafel.png)")
    result = run(project, "build")
    assert result.code == 0, result.err
    site = project / "site"
    for copy in ("shared/keukentafel.png", "en/shared/keukentafel.png",
                 "shared/downloads/budgetplan.pdf"):
        assert (site / copy).is_file(), copy
    nl = (site / "diensten/schulden-en-geldzaken/index.html").read_text("utf-8")
    en = (site / "en/services/money-and-debt-support/index.html").read_text("utf-8")
    assert 'src="../../shared/keukentafel.png"' in nl
    assert 'href="../../shared/downloads/budgetplan.pdf"' in nl
    assert 'src="../../shared/keukentafel.png"' in en  # en/shared/ from en/services/...
    assert run(project, "check", "--built").code == 0


def test_a_shared_picture_can_be_an_items_image(project: Path,
                                                run: Callable[..., Result]) -> None:
    share_picture(project)
    path = project / NL_SERVICE
    text = path.read_text("utf-8")
    path.write_text(text.replace("---\n", "---\nimage:\n  src: ../../shared/keukentafel.png\n"
                                 "  alt: Twee mensen aan een keukentafel\n", 1), "utf-8")
    append(project, "content/nl/over-ons.md", "Meer over ons [budgetplan]"
           "(../shared/downloads/budgetplan.pdf).")
    assert run(project, "build").code == 0
    page = (project / "site/diensten/schulden-en-geldzaken/index.html").read_text("utf-8")
    assert 'src="../../shared/keukentafel.png"' in page


def test_a_missing_shared_file_is_an_error_at_its_line(project: Path,
                                                       run: Callable[..., Result]) -> None:
    share_picture(project)
    line = append(project, NL_SERVICE, "![Een folder](../../shared/folder.png)")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert errors_at(result, NL_SERVICE, line) == [
            f"{NL_SERVICE}:{line}: error: the file '../../shared/folder.png' does not exist "
            "(looked for content/shared/folder.png). Check the name and the folder."]


def test_a_misspelt_shared_file_gets_the_path_to_type(project: Path,
                                                      run: Callable[..., Result]) -> None:
    share_picture(project)
    line = append(project, NL_SERVICE, "![Keukentafel](../../shared/keukentafels.png)")
    result = run(project, "check")
    assert "Did you mean `../../shared/keukentafel.png`?" in errors_at(
        result, NL_SERVICE, line)[0]


def test_an_unused_shared_file_is_a_warning(project: Path, run: Callable[..., Result]) -> None:
    share_picture(project)
    append(project, NL_SERVICE, "![Keukentafel](../../shared/keukentafel.png)")
    result = run(project, "check")
    assert result.code == 0, result.err
    assert ("content/shared/downloads/budgetplan.pdf: warning: no page, post or newsletter "
            "uses this file, yet it is published with the site. Link to it, or delete it."
            ) in result.err.splitlines()
    assert "keukentafel.png: warning" not in result.err


def test_a_shared_file_used_by_a_newsletter_is_used(project: Path,
                                                    run: Callable[..., Result]) -> None:
    share_picture(project)
    append(project, NL_SERVICE, "![Keukentafel](../../shared/keukentafel.png)")
    write(project / "newsletters/2026-12-extern.md",
          "---\nsubject: December\naudience: external\nlang: nl\ndate: 2026-11-22\n"
          "preheader: Het budgetplan\n---\n\nDownload [het budgetplan]"
          "(../shared/downloads/budgetplan.pdf).\n")
    result = run(project, "check")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    built = run(project, "newsletter", "build", "newsletters/2026-12-extern.md", "--out", "out")
    assert built.code == 0, built.err
    html = (project / "out/2026-12-extern/email.html").read_text("utf-8")
    assert 'href="https://www.zelfwijs.example/shared/downloads/budgetplan.pdf"' in html
