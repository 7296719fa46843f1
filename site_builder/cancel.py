"""Stopping a build nobody waits for any more: the preview's build of the whole site, when
the writer saves again before it is done.

A build started with `stoppable(should_stop)` asks at each file and page (`checkpoint`)
whether it should stop, and stops by raising `Superseded`. Every other build runs to the end:
outside `stoppable` a checkpoint does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SHOULD_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("should_stop", default=None)


class Superseded(BaseException):
    """A newer save wants a new build. A BaseException, as KeyboardInterrupt is, so that no
    `except Exception` on the way out keeps the build going."""


@contextmanager
def stoppable(should_stop: Callable[[], bool]) -> Iterator[None]:
    token = _SHOULD_STOP.set(should_stop)
    try:
        yield
    finally:
        _SHOULD_STOP.reset(token)


def can_be_stopped() -> bool:
    """Whether the work going on is a build a newer save may stop: it stays in the process
    the stop reaches (parallel.py)."""
    return _SHOULD_STOP.get() is not None


def checkpoint() -> None:
    should_stop = _SHOULD_STOP.get()
    if should_stop is not None and should_stop():
        raise Superseded
