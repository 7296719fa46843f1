"""Results of pure functions of text, kept within a run and between runs.

Reading a front matter, finding the links of a body, its teaser and word count, or writing
an event's calendar give the same result for the same input every time; a build of a large
site would otherwise do all of that again for every file on every run. `@remembered`
functions keep their results by a hash of their name, their arguments and site_builder's own
code (a result of older code is never used), in memory and, when a command `attach`es the
build cache, in `.cache/build/` for the next run. Only successful results are kept: a function
that raises is simply called again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .website.build_cache import BuildCache

P = ParamSpec("P")
R = TypeVar("R")
KIND = "memo"


def _kind() -> str:
    """Results kept by this version of the code: the keys of an older one (which include
    its fingerprint) are never asked for again, and a build that reads all it kept would
    read those too, for the two weeks they stay, after every upgrade."""
    from .website.build_cache import code_fingerprint

    return f"{KIND}-{code_fingerprint().hex()[:16]}"


class _Memo:
    def __init__(self) -> None:
        self.values: dict[bytes, bytes] = {}
        self.new: set[bytes] = set()
        self.used: set[bytes] = set()
        self.folder: Path | None = None
        self.one_by_one = False
        self._cache: BuildCache | None = None
        self._opened_by: tuple[int, int] | None = None  # process and thread

    def attach(self, folder: Path, *, few: bool = False) -> None:
        """Use what earlier runs kept in the build cache in `folder`: all of it read at once,
        or, for a command that asks for `few` results, each when it is first asked for."""
        if self.folder == folder and (few or not self.one_by_one):
            return
        self.save()
        self._close()
        self.folder = folder
        self.one_by_one = few
        if not few:
            from .website.build_cache import BuildCache

            cache = BuildCache(folder)
            try:
                self.values.update(cache.all(_kind()))
            finally:
                cache.close()

    def kept(self, key: bytes) -> bytes | None:
        """The result kept under `key`, from this run or an earlier one."""
        value = self.values.get(key)
        if value is None and self.folder is not None and self.one_by_one:
            # One query each is quick for a few results, but slow for a build's thousands.
            value = self._read(key)
            if value is not None:
                self.values[key] = value
        if value is not None:
            self.used.add(key)
        return value

    def _read(self, key: bytes) -> bytes | None:
        from .website.build_cache import BuildCache

        # A connection is used only by the process and thread that opened it (SQLite).
        here = (os.getpid(), threading.get_ident())
        if self._cache is None or self._opened_by != here:
            assert self.folder is not None
            self._cache, self._opened_by = BuildCache(self.folder), here
        return self._cache.get_raw(_kind(), key)

    def _close(self) -> None:
        if self._cache is not None and self._opened_by == (os.getpid(),
                                                           threading.get_ident()):
            self._cache.close()
        self._cache = self._opened_by = None

    def forget(self) -> None:
        """Let go of what is in memory (after `save`); the next `attach` reads it again."""
        self._close()
        self.values.clear()
        self.new.clear()
        self.used.clear()
        self.folder = None
        for keys in _KEYS:
            keys.clear()

    def save(self) -> None:
        """Keep this run's new results for the next run."""
        if self.folder is None or not (self.new or self.used):
            return
        from .website.build_cache import BuildCache

        cache = BuildCache(self.folder)
        try:
            cache.keep(_kind(), {key: self.values[key] for key in self.new}, self.used)
        finally:
            cache.close()
        self.new.clear()
        self.used.clear()


MEMO = _Memo()
_KEYS: list[dict[Any, bytes]] = []  # each remembered function's arguments -> key


def remembered(function: Callable[P, R]) -> Callable[P, R]:
    """Keep `function`'s results (its arguments: text, numbers, tuples of them)."""
    name = f"{function.__module__}.{function.__qualname__}"
    keys: dict[Any, bytes] = {}  # arguments -> key, within this run: hashing text takes time
    _KEYS.append(keys)

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from .website.build_cache import code_fingerprint, digest

        arguments = (args, tuple(sorted(kwargs.items())))
        try:
            key = keys[arguments]
        except (KeyError, TypeError):
            key = digest(name, code_fingerprint(), args, sorted(kwargs.items()))
            with contextlib.suppress(TypeError):  # arguments that cannot be a dict's key
                keys[arguments] = key
        kept = _unpickled(MEMO.kept(key))
        if kept is not _MISSING:
            return kept  # type: ignore[no-any-return]
        result = function(*args, **kwargs)
        MEMO.values[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        MEMO.new.add(key)
        return result

    return wrapper


def recalled(key: bytes) -> Any | None:
    """The value kept under `key` by `keep`, in this run or an earlier one; None if none."""
    kept = _unpickled(MEMO.kept(key))
    return None if kept is _MISSING else kept


_MISSING = object()


def _unpickled(kept: bytes | None) -> Any:
    """A kept result, or _MISSING when there is none or it cannot be read (a cache file
    changed by something else): it is then made again."""
    if kept is None:
        return _MISSING
    try:
        return pickle.loads(kept)
    except Exception:
        return _MISSING


def keep(key: bytes, value: Any) -> None:
    """Keep `value` (not None) under `key`, a hash of everything it was made of."""
    MEMO.values[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    MEMO.new.add(key)


def known(key: bytes) -> bool:
    """Whether `note(key)` was called, in this run or an earlier one: for a check whose
    success the caller keys by everything it depends on."""
    return MEMO.kept(key) is not None


def note(key: bytes) -> None:
    MEMO.values[key] = b""
    MEMO.new.add(key)


def pending() -> frozenset[bytes]:
    """The keys of this run's new results so far (see `handed_back`)."""
    return frozenset(MEMO.new)


def handed_back(before: frozenset[bytes]) -> tuple[dict[bytes, bytes], set[bytes]]:
    """In a forked process: the results it made since `before` and the keys of those it
    used, for the process that forked it to keep (`take_back`) as if it had made them."""
    return {key: MEMO.values[key] for key in MEMO.new - before}, set(MEMO.used)


def hold_back() -> tuple[dict[bytes, bytes], set[bytes]]:
    """This run's new results so far, no longer counted as new here: processes forked now
    do not keep them again, and this one can keep them (`take_back`, then `save`) while
    those work, instead of before."""
    held = handed_back(frozenset())
    MEMO.new.clear()
    MEMO.used.clear()
    return held


def take_back(results: tuple[dict[bytes, bytes], set[bytes]]) -> None:
    new, used = results
    MEMO.values.update(new)
    MEMO.new.update(new)
    MEMO.used.update(used)


def forget() -> None:
    MEMO.forget()


def attach(folder: Path, *, few: bool = False) -> None:
    MEMO.attach(folder, few=few)


def save() -> None:
    MEMO.save()


__all__ = ["Any", "attach", "forget", "known", "note", "remembered", "save"]
