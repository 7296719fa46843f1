"""Independent work on both cores: the languages of a build, each in its own process, and
the reading and checking of the content files, half in each of two (and the converting of
the largest language's Markdown: mkdocs_steps.py).

The processes are forked (Linux), so each starts with everything in memory and nothing is
imported or sent twice; only its result comes back, pickled through a pipe. Elsewhere, and
in the live preview (its builds run beside its server's threads, and a save stops them),
the work runs one after the other in this process.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from . import memo
from .cancel import can_be_stopped
from .problems import ContentError

T = TypeVar("T")
J = TypeVar("J")
# Fewer jobs than this are done in this process: a fork and a pickled result cost more.
LEAST_TO_SHARE = 32


class Secondary(Exception):
    """A task stopped because another one failed: that other failure is the one to report."""


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


def _child(task: Callable[[], Any], write: int) -> None:
    """Run in the forked process: do the task, send back its result or its error, leave."""
    try:
        result: tuple[str, Any] = ("ok", task())
    except ContentError as exc:
        result = ("problems", exc.problems)
    except Secondary as exc:
        result = ("secondary", str(exc))
    except BaseException:
        result = ("crash", traceback.format_exc())
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        data = pickle.dumps(("crash", traceback.format_exc()))
    with os.fdopen(write, "wb") as pipe:
        pipe.write(data)
    os._exit(0)


def _collect(pid: int, read: int) -> Any:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("a build process stopped without a result")
    status, value = pickle.loads(data)
    if status == "problems":
        raise ContentError(value)
    if status == "secondary":
        raise Secondary(value)
    if status == "crash":
        raise RuntimeError(f"a build process failed:\n{value}")
    return value


def run_all(tasks: Sequence[Callable[[], T]], *, parallel: bool = True) -> list[T]:
    """Every task's result, in order; the first task runs here, the others in forked
    processes when `parallel` and the platform allow it. Raises the first task's error
    (but one that only follows from another's: `Secondary`)."""
    if not parallel or len(tasks) < 2 or not can_fork():
        return [task() for task in tasks]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for task in tasks[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read)
            _child(task, write)
        os.close(write)
        children.append((pid, read))
    results: list[Any] = []
    failures: list[BaseException] = []
    try:
        results.append(tasks[0]())
    except BaseException as exc:  # the children are still waited for
        failures.append(exc)
    for pid, read in children:
        try:
            results.append(_collect(pid, read))
        except BaseException as exc:
            failures.append(exc)
    if failures:
        raise next((exc for exc in failures if not isinstance(exc, Secondary)), failures[0])
    return results


def in_halves(work: Callable[[Sequence[J]], list[T]], jobs: Sequence[J]) -> list[T]:
    """`work(jobs)`, its results in the order of the jobs: every other job is done by a
    forked process, at the same time as this one does the rest, and what that process
    added to the memo (memo.py) is kept here, as if this process had made it. Only on Linux,
    and not in a build the live preview may stop: that stays where its stop reaches it."""
    if len(jobs) < LEAST_TO_SHARE or not can_fork() or can_be_stopped():
        return work(jobs)
    before = memo.pending()

    def other_half() -> tuple[list[T], tuple[dict[bytes, bytes], set[bytes]]]:
        return work(jobs[1::2]), memo.handed_back(before)

    mine, (theirs, remembered) = run_all([lambda: work(jobs[0::2]), other_half])
    memo.take_back(remembered)
    results: list[Any] = [None] * len(jobs)
    results[0::2], results[1::2] = mine, theirs
    return results
