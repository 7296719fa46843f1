"""Languages staged at the same time, each in the process that builds it: they learn each
other's pages (for the translations), and one that fails stops the others with its own
error, not a hang and not a crash report."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.problems import ContentError, Problem
from site_builder.website.outline_exchange import OutlineExchange, Share
from site_builder.website.parallel import run_all
from site_builder.website.stage_reuse import Outline


@pytest.fixture(autouse=True)
def no_hanging() -> Iterator[None]:
    """A process left waiting for another would hang the test: fail it instead."""
    def too_long(*_: object) -> None:
        raise TimeoutError("a language process waited for the others for ever")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outline_of(lang: str) -> Outline:
    return Outline({f"{lang}/page.md": f"/{lang}/page/"}, {f"{lang}/page.md": {}},
                   {f"{lang}/page.md": f"{lang}/page.md"})


def language(exchange: OutlineExchange, lang: str,
             stage: Callable[[str, Share], Any]) -> Callable[[], Any]:
    def task() -> Any:
        with exchange.joined(lang) as share:
            return stage(lang, share)
    return task


def sharing(lang: str, share: Share) -> dict[str, Outline]:
    return share(outline_of(lang))


def test_each_language_learns_the_outlines_of_the_others(tmp_path: Path) -> None:
    languages = ["nl", "en", "de"]
    exchange = OutlineExchange(tmp_path / "outlines", languages)
    learned = run_all([language(exchange, lang, sharing) for lang in languages])
    for lang, outlines in zip(languages, learned, strict=True):
        assert outlines == {other: outline_of(other) for other in languages if other != lang}


def failing(lang: str, share: Share) -> dict[str, Outline]:
    if lang == "en":
        raise ContentError([Problem("content/en/about.md", 3, "a mistake in English")])
    return share(outline_of(lang))


@pytest.mark.parametrize("order", [["nl", "en"], ["en", "nl"]], ids=["in a forked process",
                                                                     "in this process"])
def test_a_language_that_fails_stops_the_others_with_its_own_error(
        tmp_path: Path, order: list[str]) -> None:
    exchange = OutlineExchange(tmp_path / "outlines", order)
    with pytest.raises(ContentError) as raised:
        run_all([language(exchange, lang, failing) for lang in order])
    assert raised.value.problems == [Problem("content/en/about.md", 3, "a mistake in English")]
