"""Work done on both cores. The content files are read and checked half in each of two
processes: the results come in the order of the files, what the other process remembered
is kept, and the messages are the ones one process gives. Languages are staged at the same
time, each in the process that builds it: they learn each other's pages (for the
translations), and one that fails stops the others with its own error, not a hang and not
a crash report."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from site_builder import memo
from site_builder.cancel import stoppable
from site_builder.parallel import NothingGiven, Waiting, in_halves, run_all, stay_out_of_all
from site_builder.problems import ContentError, Problem
from site_builder.website import build_cache
from site_builder.website.build_cache import BuildCache
from site_builder.website.outline_exchange import OutlineExchange, Share
from site_builder.website.stage_reuse import Outline

from .conftest import Result, write


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


def with_process(jobs: Sequence[int]) -> list[tuple[int, int]]:
    return [(job, os.getpid()) for job in jobs]


def test_work_in_halves_comes_back_in_the_order_of_the_jobs() -> None:
    done = in_halves(with_process, list(range(100)))
    assert [job for job, _ in done] == list(range(100))
    assert len({process for _, process in done}) == 2


def test_a_build_the_preview_may_stop_does_all_its_work_in_its_own_process() -> None:
    with stoppable(lambda: False):  # a newer save would stop it: the stop must reach it
        done = in_halves(with_process, list(range(100)))
    assert {process for _, process in done} == {os.getpid()}


CALLS: list[int] = []


@memo.remembered
def squared(number: int) -> int:
    CALLS.append(number)
    return number * number


def squares(jobs: Sequence[int]) -> list[int]:
    return [squared(job) for job in jobs]


def test_what_the_other_process_remembered_is_kept_here() -> None:
    memo.forget()
    CALLS.clear()
    jobs = list(range(1000, 1100))
    assert in_halves(squares, jobs) == [job * job for job in jobs]
    assert len(CALLS) == 50  # this process's half; the other half was done over there
    assert squares(jobs) == [job * job for job in jobs]
    assert len(CALLS) == 50  # nothing made again: all of it is remembered here
    memo.forget()


def refusing(jobs: Sequence[int]) -> list[int]:
    if 51 in jobs:
        raise ContentError([Problem("content/nl/blog/posts/p51.md", 2, "job 51 is wrong")])
    return list(jobs)


def test_an_error_in_the_other_half_is_the_error_raised() -> None:
    with pytest.raises(ContentError) as raised:
        in_halves(refusing, list(range(100)))
    assert raised.value.problems == [Problem("content/nl/blog/posts/p51.md", 2,
                                             "job 51 is wrong")]


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


def many_posts_some_wrong(project: Path) -> None:
    """Forty more posts: every seventh links to a page that does not exist, every eleventh
    names an author nobody knows, and one has a date that is not a date."""
    for number in range(40):
        link = "[de brochure](../../diensten/brochure.md)" if number % 7 == 0 else "tekst"
        author = "onbekende-auteur" if number % 11 == 0 else "joost-van-dijk"
        date = "2026-13-40" if number == 23 else f"2026-0{1 + number % 9}-1{number % 10}"
        write(project / f"content/nl/blog/posts/bericht-{number:02}.md",
              f"---\ntitle: Bericht {number}\ndescription: Een bericht.\ndate: {date}\n"
              f"authors: [{author}]\ncategories: [Nieuws]\n---\n\nEen zin met {link}.\n")


def test_content_checked_in_halves_gets_the_messages_one_process_gives(
        project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    many_posts_some_wrong(project)
    in_halves_result = run(project, "check")
    monkeypatch.setattr("site_builder.parallel.can_fork", lambda: False)
    one_process = run(project, "check")
    assert in_halves_result.code == one_process.code == 1
    assert in_halves_result.err == one_process.err
    for wrong in ("bericht-00.md:9", "bericht-11.md:5", "bericht-23.md:4"):
        assert wrong in one_process.err, one_process.err


def test_a_cache_connection_never_crosses_into_a_forked_process(tmp_path: Path) -> None:
    """SQLite forbids using (or closing) a connection in a process forked after it was
    opened; doing so damaged the cache when a build ran after a newsletter command in the
    same process. The connection is closed before the fork and each process opens its own."""
    cache = BuildCache(tmp_path)
    cache.put("page", b"key", "value")
    cache.flush()
    before = cache.db

    def in_the_forked_process() -> tuple[bool, str | None]:
        return cache.db is before, cache.get("page", b"key")

    assert run_all([lambda: None, in_the_forked_process])[1] == (False, "value")
    with pytest.raises(sqlite3.ProgrammingError):  # closed here before the fork
        before.execute("SELECT 1")
    assert cache.get("page", b"key") == "value"  # and opened again when needed
    cache.close()


def test_a_connection_of_another_thread_is_left_untouched_by_a_forked_process(
        tmp_path: Path) -> None:
    caches: list[BuildCache] = []

    def open_elsewhere() -> None:
        caches.append(BuildCache(tmp_path))
        caches[0].put("page", b"key", "value")
        caches[0].flush()

    elsewhere = threading.Thread(target=open_elsewhere)
    elsewhere.start()
    elsewhere.join()
    theirs = caches[0].db  # this thread may not close it: it stays open across the fork

    def in_the_forked_process() -> tuple[bool, bool, str | None]:
        return (caches[0].db is theirs, theirs in build_cache._INHERITED,
                caches[0].get("page", b"key"))

    assert run_all([lambda: None, in_the_forked_process])[1] == (False, True, "value")


def test_a_large_result_comes_back_whole_from_a_forked_process() -> None:
    big = [f"pagina {n} " * 50 for n in range(20_000)]  # ~10 MB: many pipe buffers
    assert run_all([lambda: None, lambda: big])[1] == big


def test_a_result_that_cannot_be_sent_back_is_an_error_that_says_so(
        capfd: pytest.CaptureFixture[str]) -> None:
    def unsendable() -> object:
        return [f"pagina {n}" for n in range(100_000)] + [lambda: None]  # a lambda: no

    with pytest.raises(RuntimeError, match="could not send back its result"):
        run_all([lambda: None, unsendable])
    assert "Can't pickle local object" in capfd.readouterr().err  # said, not lost


def test_a_process_that_dies_without_a_result_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="stopped without a result"):
        run_all([lambda: None, lambda: os._exit(1)])


def test_ctrl_c_in_a_forked_process_stops_the_command_as_it_would_here() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_all([interrupted], first_here=False)


# -- processes forked early, given their work later ---------------------------------------

MADE_LATER: list[str] = []


def doubled(value: int) -> tuple[int, int]:
    return value * 2, os.getpid()


def test_a_waiting_process_works_on_what_it_is_given_later() -> None:
    waiting = Waiting(doubled)
    waiting.give(21)
    result, process = waiting.result()
    assert result == 42
    assert process != os.getpid()


def test_a_waiting_process_holds_nothing_made_after_it_was_forked() -> None:
    MADE_LATER.clear()
    waiting = Waiting(lambda given: (given, list(MADE_LATER)))
    MADE_LATER.append("het hele gecontroleerde site-model")
    waiting.give("alleen dit")
    assert waiting.result() == ("alleen dit", [])


def test_a_waiting_process_can_be_given_its_input_by_another_forked_process() -> None:
    waiting = Waiting(doubled)
    run_all([lambda: waiting.give(50)], first_here=False)
    assert waiting.result()[0] == 100


def test_a_large_input_reaches_a_waiting_process_whole() -> None:
    big = [f"pagina {n} " * 50 for n in range(20_000)]  # ~10 MB: many pipe buffers
    waiting = Waiting(lambda given: given == big)
    waiting.give(big)
    assert waiting.result() is True


def test_a_waiting_process_whose_giver_failed_ends_with_nothing_given() -> None:
    waiting = Waiting(doubled)

    def fails_before_giving() -> None:
        raise ContentError([Problem("content/nl/over-ons.md", 4, "een fout")])

    with pytest.raises(ContentError):
        run_all([fails_before_giving], first_here=False)
    with pytest.raises(NothingGiven):  # at once: nobody else holds its pipe any more
        waiting.result()


def test_a_forked_process_that_gives_nothing_does_not_keep_a_waiting_process_waiting() -> None:
    waiting = Waiting(doubled)

    def elsewhere() -> None:
        stay_out_of_all()
        waiting_for_ever = threading.Event()
        waiting_for_ever.wait(timeout=60)  # longer than the test may take

    started = os.fork()
    if started == 0:  # pragma: no cover - runs in the child
        try:
            elsewhere()
        finally:
            os._exit(0)
    try:
        with pytest.raises(NothingGiven):
            waiting.result()
    finally:
        os.kill(started, signal.SIGTERM)
        os.waitpid(started, 0)


def test_an_error_in_a_waiting_process_is_raised_where_its_result_is_taken() -> None:
    def refuses(_: object) -> None:
        raise ContentError([Problem("mkdocs.yml", None, "building the Dutch site failed")])

    waiting = Waiting(refuses)
    waiting.give("pagina's")
    with pytest.raises(ContentError) as raised:
        waiting.result()
    assert raised.value.problems == [Problem("mkdocs.yml", None,
                                             "building the Dutch site failed")]


def test_an_abandoned_waiting_process_ends_and_is_reaped() -> None:
    waiting = Waiting(doubled)
    waiting.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(waiting.pid, os.WNOHANG)
    waiting.abandon()  # twice is harmless


HOLDING_HOOK = """
import gc
import json
import os
from pathlib import Path

from site_builder.model import Content, Item

MARKER = "Alleen in deze test: {marker}"


def on_post_build(config):
    gc.unfreeze()  # a build hides what it made from the collector: count all of it
    alive = gc.get_objects()
    held = {{"process": os.getpid(),
             "content": sum(isinstance(one, Content) and any(
                 item.meta.title == MARKER for item in one.items) for one in alive),
             "items": sum(isinstance(one, Item) and one.meta.title == MARKER
                          for one in alive)}}
    folder = Path(config.config_file_path).parent / "held"
    folder.mkdir(exist_ok=True)
    (folder / f"{{config.theme['language']}}.json").write_text(json.dumps(held))
"""


def test_each_language_is_built_by_a_process_that_holds_none_of_the_checked_content(
        project: Path, run: Callable[..., Result]) -> None:
    """MkDocs needs a language's staged pages, not the whole site as read and checked: a
    build process forked after the check would hold all of it, and be the largest."""
    marker = uuid.uuid4().hex  # what earlier tests read may still be in this process
    write(project / "content/nl/blog/posts/alleen-in-deze-test.md",
          f"---\ntitle: 'Alleen in deze test: {marker}'\ndescription: Een bericht.\n"
          "date: 2026-03-02\nauthors: [joost-van-dijk]\ncategories: [Nieuws]\n---\n\n"
          "Een zin.\n")
    write(project / "count_held.py", HOLDING_HOOK.format(marker=marker))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - count_held.py\n", "utf-8")
    result = run(project, "build")
    assert result.code == 0, result.err
    held = {lang: json.loads((project / "held" / f"{lang}.json").read_text())
            for lang in ("nl", "en")}
    assert held["nl"]["process"] != held["en"]["process"] != os.getpid()
    assert {lang: (found["content"], found["items"]) for lang, found in held.items()} == \
        {"nl": (0, 0), "en": (0, 0)}
