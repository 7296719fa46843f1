"""Where each part of a built email comes from, so a broken rule is reported at the Markdown
file and line a writer can fix, not at a line of generated HTML.

Each piece of Markdown rendered into the email (the intro, an item's text) is wrapped in a
pair of HTML comments naming it. The rules (rules.py) find the piece an element is in and
the line of the Markdown that wrote it; the comments are removed before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..linking import Origin
from ..model import KeyLines

_START = "sb-origin:"
_END = "/sb-origin"
_MARKS = re.compile(r"<!--(?:sb-origin:\d+|/sb-origin)-->")


@dataclass(frozen=True)
class Fragment:
    origin: Origin
    lines: tuple[str, ...]  # the Markdown, as written
    address_lines: Mapping[str, int] = field(default_factory=dict)  # address in email → line


class Fragments:
    """The pieces of Markdown in one email."""

    def __init__(self) -> None:
        self._all: list[Fragment] = []

    def mark(self, html: str, fragment: Fragment) -> str:
        start, end = self.marks(fragment)
        return f"{start}{html}{end}"

    def marks(self, fragment: Fragment) -> tuple[str, str]:
        """The comments to put around what `fragment` made, for a template to place."""
        self._all.append(fragment)
        return f"<!--{_START}{len(self._all) - 1}-->", f"<!--{_END}-->"

    def place(self, index: int, element) -> tuple[str, int]:
        """The file and line of the Markdown that made `element`."""
        fragment = self._all[index]
        origin = fragment.origin
        for address in (element.get("href"), element.get("src")):
            if address and address in fragment.address_lines:
                return origin.shown, origin.first_line + fragment.address_lines[address] - 1
        text = " ".join((element.text_content() or "").split())[:40]
        for needle in (f"<{element.tag}", element.get("style"), element.get("alt"), text):
            if not needle:
                continue
            for number, line in enumerate(fragment.lines):
                if needle.lower() in line.lower():
                    return origin.shown, origin.first_line + number
        return origin.shown, origin.first_line


def settings_fragment(origin: Origin, item: KeyLines, shown: Mapping[str, str | None],
                      addresses: Mapping[str, str | None]) -> Fragment:
    """An item's settings as an email shows them (its title in a teaser, its picture): each
    value at the line of its key in the file, so a rule a title or a picture breaks is
    reported there. `shown` and `addresses` map a key (`title`, `image.alt`) to its value,
    `addresses` for values the email links to or loads."""
    lines = [""] * max([*item.key_lines.values(), 1])
    for key, value in {**shown, **addresses}.items():
        if value and key in item.key_lines:
            lines[item.key_lines[key] - 1] = f"{key}: {value}"
    address_lines = {value: item.key_lines[key] for key, value in addresses.items()
                     if value and key in item.key_lines}
    return Fragment(origin, tuple(lines), address_lines)


def fragment_of(document) -> dict[object, int]:
    """For each element of a parsed email, the piece of Markdown it is in (if any)."""
    inside: list[int] = []
    found: dict[object, int] = {}
    for element in document.iter():
        if not isinstance(element.tag, str):  # a comment
            text = (element.text or "").strip()
            if text.startswith(_START):
                inside.append(int(text[len(_START):]))
            elif text == _END and inside:
                inside.pop()
            continue
        if inside:
            found[element] = inside[-1]
    return found


def strip_marks(html: str) -> str:
    return _MARKS.sub("", html)
