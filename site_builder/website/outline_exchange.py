"""Languages staged at the same time, each in its own process, tell each other their pages.

A page names its translations in the other languages (hreflang.py), so a language cannot
be finished before the others are staged. Staging them one after the other in one process
cost a third of a cold build; staged in their own processes (parallel.py), each language
writes the `Outline` of its pages (all the others need of it) into a file, signals the
others through a pipe of its own, and reads theirs. A process that fails closes its pipe
without signalling: the others stop at once (`PartnerStopped`) instead of waiting for it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..parallel import Secondary
from .stage_reuse import Outline

Share = Callable[[Outline], dict[str, Outline]]


class PartnerStopped(Secondary):
    """Another language's process stopped before it could share its pages: its own error
    says why, and is the one to report."""


class OutlineExchange:
    """Made before the processes are forked, so that each inherits every pipe."""

    def __init__(self, folder: Path, languages: Sequence[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.languages = tuple(languages)
        self._pipes = {lang: os.pipe() for lang in self.languages}
        self._open: set[int] = {fd for pipe in self._pipes.values() for fd in pipe}

    def _close(self, fd: int) -> None:
        if fd in self._open:
            self._open.discard(fd)
            os.close(fd)

    def stay_out(self) -> None:
        """In a process that stages no language: let go of every pipe, or a failed
        language's partners would wait for this process to end before they stop."""
        for fd in list(self._open):
            self._close(fd)

    @contextmanager
    def joined(self, lang: str) -> Iterator[Share]:
        """Within, `lang`'s process can share its outline for the others'."""
        own_read = self._pipes[lang][0]
        for other, (_, write) in self._pipes.items():
            if other != lang:
                self._close(write)  # only a pipe's own language writes to it
        self._close(own_read)
        try:
            yield lambda outline: self._share(lang, outline)
        finally:
            self.stay_out()

    def _share(self, lang: str, outline: Outline) -> dict[str, Outline]:
        mine = self.folder / f"{lang}.outline"
        mine.write_bytes(pickle.dumps(outline, protocol=pickle.HIGHEST_PROTOCOL))
        write = self._pipes[lang][1]
        try:
            os.write(write, b"." * (len(self.languages) - 1))  # one signal for each other
        except BrokenPipeError:  # every other language's process has stopped already
            raise PartnerStopped("the other languages' pages could not be made") from None
        self._close(write)
        outlines = {}
        for other in self.languages:
            if other == lang:
                continue
            if os.read(self._pipes[other][0], 1) != b".":
                raise PartnerStopped(f"the pages in {other!r} could not be made")
            outlines[other] = pickle.loads((self.folder / f"{other}.outline").read_bytes())
        return outlines
