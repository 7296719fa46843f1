"""Broken input: exit status 1, a `path:line:` message a writer can act on, no traceback,
and the previous site left as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, write

SERVICE = "content/nl/diensten/advies-aan-gemeenten.md"


def replace_in(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def break_yaml(project: Path) -> tuple[str, int, str]:
    replace_in(project, SERVICE, "title: Advies aan gemeenten", "title: [Advies aan gemeenten")
    return SERVICE, 2, "not valid YAML"


def drop_title(project: Path) -> tuple[str, int, str]:
    replace_in(project, SERVICE, "title: Advies aan gemeenten\n", "")
    return SERVICE, 1, "`title` is missing"


def impossible_date(project: Path) -> tuple[str, int, str]:
    post = "content/nl/blog/posts/wat-betekent-eigen-regie.md"
    text = (project / post).read_text(encoding="utf-8")
    old = re.search(r"^date: .*$", text, re.M).group(0)
    replace_in(project, post, old, "date: 2026-02-30")
    line = line_of(project, post, "date: 2026-02-30")
    return post, line, "'2026-02-30' is not a date that exists"


def unknown_author(project: Path) -> tuple[str, int, str]:
    post = "content/nl/blog/posts/wat-betekent-eigen-regie.md"
    text = (project / post).read_text(encoding="utf-8")
    old = re.search(r"^authors: \[([a-z-]+)", text, re.M).group(1)
    replace_in(project, post, f"authors: [{old}", "authors: [anouk-de-vris")
    return post, line_of(project, post, "authors:"), "Did you mean `anouk-de-vries`?"


def misspelt_key(project: Path) -> tuple[str, int, str]:
    replace_in(project, SERVICE, "description:", "descriptoin:")
    return SERVICE, line_of(project, SERVICE, "descriptoin:"), "Did you mean `description`?"


def broken_link(project: Path) -> tuple[str, int, str]:
    write_at_end(project, SERVICE, "Zie ook [onze werkwijze](../werkwijze.md).")
    return SERVICE, line_of(project, SERVICE, "werkwijze.md"), "does not exist"


def image_without_alt(project: Path) -> tuple[str, int, str]:
    write_at_end(project, SERVICE, "![](../images/horizon.png)")
    return SERVICE, line_of(project, SERVICE, "horizon.png)"), "has no alt text"


def not_utf8(project: Path) -> tuple[str, int, str]:
    path = project / SERVICE
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-8") + "\nCafé\n".encode("cp1252"))
    return SERVICE, path.read_bytes().count(b"\n"), "not saved as UTF-8"


def public_links_internal(project: Path) -> tuple[str, int, str]:
    write_at_end(project, SERVICE,
                 "Lees [het interne bericht](../blog/posts/nieuwe-urenregistratie.md).")
    return SERVICE, line_of(project, SERVICE, "nieuwe-urenregistratie"), (
        "links to the internal page content/nl/blog/posts/nieuwe-urenregistratie.md")


def write_at_end(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n",
                    encoding="utf-8")


BREAKAGES = [break_yaml, drop_title, impossible_date, unknown_author, misspelt_key, broken_link,
             image_without_alt, not_utf8, public_links_internal]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__ for b in BREAKAGES])
def test_broken_input_fails_with_a_message_that_says_where_and_what(
    project: Path, run: Callable[..., Result], breakage: Callable[[Path], tuple[str, int, str]]
) -> None:
    assert run(project, "build").code == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    path, line, words = breakage(project)

    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1, result.err
        expected = f"{path}:{line}: error: "
        matching = [row for row in result.err.splitlines() if row.startswith(expected)]
        assert matching, f"no line starting {expected!r} in:\n{result.err}"
        assert any(words in row for row in matching), result.err
        assert "Traceback" not in result.err + result.out

    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_the_internal_item_must_exist_for_the_audience_test(project: Path) -> None:
    internal = project / "content/nl/blog/posts/nieuwe-urenregistratie.md"
    assert "audience: internal" in internal.read_text(encoding="utf-8")


def test_all_problems_are_reported_in_one_run(project: Path, run: Callable[..., Result]) -> None:
    drop_title(project)
    unknown_author(project)
    write_at_end(project, "content/nl/over-ons.md", "[Oud](oud.md) en ![](images/horizon.png)")
    result = run(project, "check")
    assert result.code == 1
    assert result.err.count(": error: ") == 4


def test_unknown_key_without_a_close_match_is_only_a_warning(
    project: Path, run: Callable[..., Result]
) -> None:
    replace_in(project, SERVICE, "description:", "kleur: groen\ndescription:")
    result = run(project, "check")
    assert result.code == 0
    line = line_of(project, SERVICE, "kleur:")
    assert f"{SERVICE}:{line}: warning: unknown setting `kleur` is ignored" in result.err


def test_event_ending_before_it_starts_is_an_error(project: Path,
                                                    run: Callable[..., Result]) -> None:
    event = write(project / "content/nl/agenda/omgekeerd.md", "---\ntitle: Omgekeerd\n"
                  "start: 2027-01-10 15:00\nend: 2027-01-10 13:00\nlocation: Amersfoort\n---\n")
    result = run(project, "check")
    assert result.code == 1
    assert "`end` must be later than `start`" in result.err
    assert str(event.relative_to(project)) in result.err


def test_failed_build_leaves_no_half_written_site(project: Path,
                                                  run: Callable[..., Result]) -> None:
    break_yaml(project)
    result = run(project, "build")
    assert result.code == 1
    assert not (project / "site").exists()
    assert not list(project.glob(".site-builder-*"))


def test_a_file_with_broken_settings_still_gets_its_links_and_people_checked(
    project: Path, run: Callable[..., Result]
) -> None:
    post = write(project / "content/nl/blog/posts/kapot.md",
                 "---\ntitle: Kapot\ndate: 2026-13-01\nauthors: [anouk]\n---\n"
                 "Zie [de dienst](../../diensten/bestaatniet.md).\n")
    result = run(project, "check")
    shown = str(post.relative_to(project))
    assert result.code == 1
    assert f"{shown}:3: error: `date`: '2026-13-01' is not a date that exists" in result.err
    assert (f"{shown}:4: error: 'anouk' is not in the people registry (content/people.yml). "
            "Did you mean `anouk-de-vries`?") in result.err
    assert f"{shown}:6: error: the link '../../diensten/bestaatniet.md' leads to a page" in (
        result.err)
    assert "Did you mean `nl/diensten/" not in result.err


def test_a_mistake_in_a_persons_settings_is_one_error_not_one_per_page_naming_them(
        project: Path, run: Callable[..., Result]) -> None:
    replace_in(project, "content/people.yml", "email: ruben.bakker@zelfwijs.example",
               "email: ruben.bakker")
    result = run(project, "check")
    assert result.code == 1
    assert result.err.count(": error: ") == 1, result.err
    line = line_of(project, "content/people.yml", "email: ruben.bakker")
    assert f"content/people.yml:{line}: error: `email`: value is not a valid email address" \
        in result.err
