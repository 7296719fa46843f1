"""Changing where links lead in Markdown text, in place, leaving every other character.

The site and the email need some links written differently from how writers write them: a
picture in the shared folder, and links in HTML, which Markdown tools leave alone. The text
is changed where each link stands (its line, between the brackets or quotes), so lines stay
where they were and nothing else moves.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import unquote

from .links import Reference, references


def _pattern(written: str) -> re.Pattern[str]:
    return re.compile(r"(?<=[(<\"'=\s:])" + re.escape(written) + r"(?=[)>\"'\s]|$)")


def _spellings(ref: Reference) -> list[str]:
    """How the address may stand in the text: Markdown tools encode what they read."""
    spellings = [ref.target, unquote(ref.target), html.escape(ref.target, quote=True)]
    return list(dict.fromkeys(spellings))


def rewrite_targets(body: str, new_target: Callable[[Reference], str | None]) -> str:
    """`body` with each link or picture whose `new_target` is not None leading there."""
    lines = body.split("\n")
    for ref in references(body):
        new = new_target(ref)
        if new is None or new == ref.target:
            continue
        index = ref.line - 1
        for written in _spellings(ref):
            pattern = _pattern(written)
            if 0 <= index < len(lines) and pattern.search(lines[index]):
                lines[index] = pattern.sub(lambda _m, new=new: new, lines[index], count=1)
                break
            definition = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?" + re.escape(written))
            found = next((i for i, line in enumerate(lines) if definition.match(line)), None)
            if found is not None:
                lines[found] = pattern.sub(lambda _m, new=new: new, lines[found], count=1)
                break
    return "\n".join(lines)
