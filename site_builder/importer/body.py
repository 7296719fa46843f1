"""The text of a page while it is rewritten step by step, with notes that keep pointing at
the right line when a step adds or removes lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt

from .model import Note

_PARSER = MarkdownIt("commonmark")
# A `# Heading` on the first line with text: MkDocs' way of giving a page its title.
TITLE_HEADING = re.compile(r"\A(?:[ \t]*\n)*#[ \t]+(?P<text>[^\n]*?)[ \t]*#*[ \t]*"
                           r"(?:\{[^}\n]*\})?[ \t]*(?:\n|\Z)")


class Body:
    """Markdown text and the notes made about it; `substitute` is the only way to change it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.notes: list[Note] = []
        self._pending: list[Note] = []

    def note(self, line: int | None, text: str, *, needs_you: bool = False) -> None:
        """A note made while a step runs; `line` is a line of the step's new text."""
        self._pending.append(Note(text, line, needs_you))

    def substitute(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str], int], str],
                   skip_lines: frozenset[int] = frozenset()) -> None:
        """Replace every match of `pattern` by what `replace(match, line)` returns, where
        `line` is the line the replacement starts on in the new text. Matches that start on
        a line in `skip_lines` (code, for instance) stay as they are."""
        parts: list[str] = []
        changes: list[tuple[int, int, int]] = []  # (first old line, last old line, lines added)
        position, line, added = 0, 1, 0
        for match in pattern.finditer(self.text):
            line += self.text.count("\n", position, match.start())
            # The last line the match covers: a match that ends with its line's newline
            # does not cover the line after it.
            covered = line + self.text.count("\n", match.start(), max(match.end() - 1,
                                                                      match.start()))
            parts.append(self.text[position:match.start()])
            replacement = match.group(0) if line in skip_lines else replace(match, line + added)
            parts.append(replacement)
            delta = replacement.count("\n") - match.group(0).count("\n")
            if delta:
                changes.append((line, covered, delta))
            added += delta
            position, line = match.end(), line + match.group(0).count("\n")
        parts.append(self.text[position:])
        self.text = "".join(parts)

        def moved(old: int) -> int:
            shift = 0
            for first, last, delta in changes:
                if old > last:
                    shift += delta
                elif old >= first:
                    return first + shift
            return old + shift

        self.notes = [note.moved(moved) for note in self.notes] + self._pending
        self._pending = []

    def code_lines(self) -> frozenset[int]:
        """The lines (1-based) inside code blocks, where nothing is a link."""
        lines: set[int] = set()
        for token in _PARSER.parse(self.text):
            if token.type in ("fence", "code_block") and token.map:
                lines.update(range(token.map[0] + 1, token.map[1] + 1))
        return frozenset(lines)
