"""Independent work on both cores: the languages of a build, each in its own process, and
the reading and checking of the content files, half in each of two (and the converting of
the largest language's Markdown: mkdocs_steps.py).

The processes are forked (Linux), so each starts with everything in memory and nothing is
imported or sent twice; only its result comes back, pickled through a pipe. Elsewhere, and
in the live preview (its builds run beside its server's threads, and a save stops them),
the work runs one after the other in this process.

A forked process holds all its parent held when it was forked: a process that only needs a
little of it is forked before the rest is made, and waits for its input (`Waiting`): the
languages' MkDocs builds, which need their staged pages but not the checked site.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from . import memo
from .cancel import can_be_stopped
from .problems import ContentError

T = TypeVar("T")
J = TypeVar("J")
# Fewer jobs than this are done in this process: a fork and a pickled result cost more.
LEAST_TO_SHARE = 32


class Secondary(Exception):
    """A task stopped because another one failed: that other failure is the one to report."""


class NothingGiven(Exception):
    """A waiting process was given nothing to do: the process that was to give it its input
    stopped first (its own error is the one to report)."""


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
    except NothingGiven:
        result = ("nothing", None)
    except KeyboardInterrupt:  # Ctrl+C reaches every process: it stops the command
        result = ("interrupted", None)
    except BaseException:
        result = ("crash", traceback.format_exc())
    with os.fdopen(write, "wb") as pipe:
        try:
            # Written as it is made (and read so): a large result is never whole twice.
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the parent stopped
        except Exception:  # cut short: the parent cannot read it, and says so
            traceback.print_exc()
    os._exit(0)


def _collect(pid: int, read: int) -> Any:
    with os.fdopen(read, "rb") as pipe:
        if not pipe.peek(1):
            status, value = "gone", None
        else:
            try:
                status, value = pickle.load(pipe)
            except Exception:  # EOFError too: cut short
                status, value = "unreadable", None
    os.waitpid(pid, 0)
    if status == "gone":
        raise RuntimeError("a build process stopped without a result")
    if status == "unreadable":
        raise RuntimeError("a build process failed: it could not send back its result "
                           "(its error is printed above)")
    if status == "problems":
        raise ContentError(value)
    if status == "secondary":
        raise Secondary(value)
    if status == "nothing":
        raise NothingGiven
    if status == "interrupted":
        raise KeyboardInterrupt
    if status == "crash":
        raise RuntimeError(f"a build process failed:\n{value}")
    return value


def run_all(tasks: Sequence[Callable[[], T]], *, parallel: bool = True,
            first_here: bool = True) -> list[T]:
    """Every task's result, in order; the first task runs here (unless not `first_here`),
    the others in forked processes when `parallel` and the platform allow it. Raises the
    first task's error (but one that only follows from another's: `Secondary`)."""
    if not parallel or (len(tasks) < 2 and first_here) or not can_fork():
        return [task() for task in tasks]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for task in tasks[1:] if first_here else tasks:
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
        if first_here:
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


_GIVING: set[int] = set()  # this process's ends of the pipes to waiting processes


class Waiting(Generic[J, T]):
    """A process forked now, that does `work` with the input it is given later, by this
    process or one forked from it (`give`), and sends back its result (`result`).

    Forked before the input is made, it does not hold what its parent makes meanwhile (a
    forked process shares its parent's memory, but each counts it as its own). Only on
    Linux: elsewhere, use `run_all`."""

    def __init__(self, work: Callable[[J], T]) -> None:
        give_read, self._give = os.pipe()
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the child
            for other in [*_GIVING, self._give, read]:
                os.close(other)  # only a giver holds them: a failed one's process then ends
            _GIVING.clear()
            _child(lambda: work(_received(give_read)), write)
        os.close(give_read)
        os.close(write)
        self._read: int | None = read
        _GIVING.add(self._give)

    def give(self, value: J) -> None:
        """Send the input: the waiting process starts its work. Once only."""
        try:
            with os.fdopen(self._give, "wb", closefd=False) as pipe:
                # Written as it is made (and read so): no copy of it whole, at either end.
                pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # it stopped: its result says why
        finally:
            self.stay_out()

    def stay_out(self) -> None:
        """In a process that gives nothing: let go of the pipe, or the waiting process would
        wait for this one to end before it knows nothing is coming."""
        if self._give in _GIVING:
            _GIVING.discard(self._give)
            os.close(self._give)

    def result(self) -> T:
        """The work's result, or its error; NothingGiven when no process gave its input.
        Once only, in the process that made it."""
        self.stay_out()
        read, self._read = self._read, None
        assert read is not None, "a waiting process's result is taken once"
        return _collect(self.pid, read)  # type: ignore[no-any-return]

    def abandon(self) -> None:
        """Let the process end without a result wanted: at once if it was given nothing, else
        when its work is done (an error elsewhere stopped what it was part of)."""
        if self._read is not None:
            with contextlib.suppress(BaseException):
                self.result()


def _received(read: int) -> Any:
    """The input given to a waiting process; NothingGiven when every giver let go first."""
    with os.fdopen(read, "rb") as pipe:
        try:
            return pickle.load(pipe)
        except EOFError:
            raise NothingGiven from None


def stay_out_of_all() -> None:
    """In a forked process that gives no waiting process anything."""
    for give in list(_GIVING):
        _GIVING.discard(give)
        os.close(give)


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
