"""Syntax from other tools that this site does not understand, found where it is written.

Pages copied from a Hugo, Jekyll or MkDocs site often keep their tool's own syntax:
`--8<--` snippet lines (pymdownx.snippets), Hugo shortcodes (`{{< … >}}`) and Jekyll Liquid
tags (`{% … %}`, `{{ … }}`). Here they would show as plain text, so each is a warning that
names the syntax; inside a link (Hugo's `relref`) the link could not work, so it is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .linking import Finding
from .links import parse, without_code_spans
from .memo import remembered

_SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}(\s|$)")
_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([\w./-]+)(.*?)[%>]\}\}")
_LIQUID_TAG = re.compile(r"(?<!\{)\{%-?\s*(\w+)(.*?)-?%\}(?!\})")
_LIQUID_VALUE = re.compile(r"\{\{-?\s*[\w.]+(\s*\|[^}]*)?\s*-?\}\}")
_REF = re.compile(r"""^\s*(?:rel)?ref\s+["']?([^"'\s]+)["']?\s*$""")
_IN_LINK = re.compile(r"\]\(\s*$")


@remembered
def _code_lines(body: str) -> set[int]:
    """Lines (from 0) inside fenced or indented code, where such syntax is shown on purpose."""
    lines: set[int] = set()
    for token in parse(body):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def foreign_syntax(body: str, path_to: Callable[[str], str | None]) -> Iterator[Finding]:
    """Every use of another tool's syntax in `body`. `path_to` turns the page a Hugo `relref`
    names into the path to type from this file, when that page exists."""
    if "8<" not in body and "{{" not in body and "{%" not in body:
        return  # none of the syntax below can be there
    code = _code_lines(body)
    for index, raw in enumerate(body.split("\n")):
        if index in code:
            continue
        line = without_code_spans(raw)
        number = index + 1
        if _SNIPPET.match(line):
            yield Finding(number, "`--8<--` includes another file (pymdownx.snippets), which "
                          "this site does not do: the line would show as plain text. Paste "
                          "the text itself here.", is_error=False)
            continue
        for match in _SHORTCODE.finditer(line):
            yield _shortcode(match, line, number, path_to)
        for match in _LIQUID_TAG.finditer(line):
            yield Finding(number, f"`{match.group(0)}` is a Jekyll (Liquid) tag, which this "
                          "site does not run: it would show as plain text. Remove it, or write "
                          "what it stands for in Markdown.", is_error=False)
        for match in _LIQUID_VALUE.finditer(line):
            yield Finding(number, f"`{match.group(0)}` is a Jekyll (Liquid) value, which this "
                          "site does not fill in: it would show as plain text. Write the text "
                          "or the address itself.", is_error=False)


def _shortcode(match: re.Match[str], line: str, number: int,
               path_to: Callable[[str], str | None]) -> Finding:
    name, rest = match.group(1), match.group(2)
    ref = _REF.match(f"{name} {rest}")
    if ref and name in ("ref", "relref"):
        path = path_to(ref.group(1))
        instead = f"`{path}`" if path else "the path of the page's file, like `../diensten/x.md`"
        in_link = bool(_IN_LINK.search(line[:match.start()]))
        effect = "the link would be broken" if in_link else "it would show as plain text"
        return Finding(number, f"`{match.group(0)}` is Hugo's `{name}` shortcode, which only "
                       f"Hugo understands, so {effect}. Write {instead} instead.",
                       is_error=in_link)
    advice = ("Put the video's address on a line of its own instead." if name in (
        "youtube", "vimeo") else "Remove it, or write what it stands for in Markdown.")
    return Finding(number, f"`{match.group(0)}` is a Hugo shortcode, which this site does not "
                   f"understand: it would show as plain text. {advice}", is_error=False)
