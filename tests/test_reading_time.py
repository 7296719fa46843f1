"""A post shows how long it takes to read: its words at 265 a minute (Material's figure),
rounded up. The words are the text a reader reads, as the site's Markdown shows it: the text
of admonitions, collapsible blocks, tabs and footnotes too, their titles included; not the
markup, code blocks or link addresses."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.website.excerpt import heading_count, reading_minutes, word_count

from .conftest import Result, write

TEN_WORDS = "Wij werken samen met inwoners, gemeenten en partners aan zelfredzaamheid. "


def words(body: str) -> int:
    return word_count.__wrapped__(body)  # type: ignore[attr-defined]  # not remembered


@pytest.mark.parametrize(("count", "minutes"), [(1, 1), (265, 1), (266, 2), (530, 2),
                                                (531, 3)])
def test_reading_time_is_265_words_a_minute_rounded_up(count: int, minutes: int) -> None:
    assert reading_minutes(" ".join(["woord"] * count)) == minutes


def test_text_words_are_counted_without_the_markup_around_them() -> None:
    assert words("**Samen** met [inwoners](https://www.example.org/lang/adres) en "
                 "`code`.\n") == 5


def test_the_text_of_an_admonition_is_read_after_a_blank_line_too() -> None:
    assert words('!!! tip ""\n\n    Bel ons gerust op werkdagen.\n') == 5


def test_a_title_counts_and_the_markup_does_not() -> None:
    assert words('!!! tip "Goed om te weten"\n    Bel ons.\n') == 6
    assert words("??? note\n    Bel ons.\n") == 3  # no title: the block shows its kind


def test_the_text_of_tabs_and_footnotes_is_read() -> None:
    assert words('=== "Inwoners"\n\n    Kom langs.\n\n=== "Gemeenten"\n\n    Bel ons.\n') == 6
    assert words("Zie de wet.[^1]\n\n[^1]: De Wmo uit 2015.\n") == 7


def test_code_blocks_are_not_read_as_words() -> None:
    assert words("Een voorbeeld:\n\n```\n!!! tip \"Geen titel\"\nprint('hallo wereld')\n```\n"
                 "\n    ingesprongen code hier\n") == 2


def test_headings_inside_an_admonition_count_for_a_long_page() -> None:
    assert heading_count("## Een\n\n!!! note\n\n    ## Twee\n\n    Tekst.\n") == 2


def test_a_post_shows_the_reading_time_of_the_text_in_its_admonitions(
        project: Path, run: Callable[..., Result]) -> None:
    inside = "    " + TEN_WORDS * 30  # 300 words: two minutes
    write(project / "content/nl/blog/posts/lange-tip.md",
          "---\ntitle: Een lange tip\ndescription: Een post die vooral uit een tip bestaat.\n"
          "date: 2026-10-01\nauthors: [joost-van-dijk]\ncategories: [Nieuws]\n---\n\n"
          f"Kort begin.\n\n!!! tip \"\"\n\n{inside}\n")
    assert run(project, "build").code == 0
    page = (project / "site/blog/2026/10/01/een-lange-tip/index.html").read_text("utf-8")
    assert re.search(r"· 2 min\. lezen", page)
