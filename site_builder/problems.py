"""Problems a user can cause, and the one exception that carries them.

Every check collects problems instead of stopping at the first one, so a
writer sees everything that needs fixing in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# The exit status of a command that ran but could not finish its work (a send with messages
# failed, still queued or of unknown fate; an erasure that could not complete). 1 and 2 are
# for wrong input and usage (cli.py); a scheduler tells the three apart.
EXIT_NOT_DONE = 3


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, with its place: `path:line: error: message`."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{place}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class ContentError(Exception):
    """Raised when the input has errors; carries all of them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """A collector that checks append to; `raise_if_errors` ends a stage."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, path: str | Path, line: int | None, message: str) -> None:
        self._items.append(Problem(str(path), line, message, Severity.ERROR))

    def warning(self, path: str | Path, line: int | None, message: str) -> None:
        self._items.append(Problem(str(path), line, message, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if not p.is_error]

    def __iter__(self):
        return iter(sorted(self._items, key=lambda p: (p.path, p.line or 0, p.message)))

    def __len__(self) -> int:
        return len(self._items)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self._items)


def likely_meant(word: str, choices: Iterable[str]) -> str | None:
    """The one choice `word` is most likely a slip of the keyboard for, or None.

    Likely means: a few typing slips away (a swapped, missing, extra or wrong letter;
    one per four letters, at least one), or the start of exactly one choice. A suggestion
    that is only vaguely alike (`subtitle` for `title`) misleads more than it helps, and
    so does a tie between two choices."""
    # Imported only for a suggestion, for every command's startup time.
    from rapidfuzz.distance import OSA

    choices = [str(choice) for choice in choices]
    typed = word.strip().lower()
    if not typed:
        return None
    allowed = max(1, len(typed) // 4)
    distances = sorted((OSA.distance(typed, choice.lower()), choice) for choice in choices)
    close = [(distance, choice) for distance, choice in distances if distance <= allowed]
    if close and (len(close) == 1 or close[0][0] < close[1][0]):
        return close[0][1]
    starting = [choice for choice in choices if choice.lower().startswith(typed)]
    if len(typed) >= 3 and len(starting) == 1:
        return starting[0]
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean `x`?' when `word` is likely a slip for one choice, else ''."""
    match = likely_meant(word, choices)
    return f" Did you mean `{match}`?" if match else ""


def did_you_mean_path(path: str, choices: Iterable[str]) -> str:
    """Like did_you_mean, but compares file names, so a shared folder does not count as
    likeness; suggests the whole path."""
    by_name: dict[str, str] = {}
    for choice in choices:
        by_name.setdefault(choice.rsplit("/", 1)[-1], choice)
    match = difflib.get_close_matches(path.rsplit("/", 1)[-1], list(by_name), n=1, cutoff=0.6)
    return f" Did you mean `{by_name[match[0]]}`?" if match else ""


def did_you_mean_id(word: str, choices: Iterable[str]) -> str:
    """did_you_mean, and also an id that starts with what was written (`anouk`)."""
    choices = list(choices)
    starting = [choice for choice in choices if choice.startswith(word)]
    if len(starting) == 1:
        return f" Did you mean `{starting[0]}`?"
    return did_you_mean(word, choices)
