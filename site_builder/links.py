"""Finding the links and images in a Markdown body, with the line each stands on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable("table")

# Admonitions, collapsible blocks and content tabs indent their body by four
# spaces; CommonMark would read that body as code and miss its links.
_BLOCK_OPENER = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s")


@dataclass(frozen=True)
class Reference:
    """A link or an image in a body. `line` counts from the body's first line (1)."""

    target: str
    text: str
    line: int
    is_image: bool

    @property
    def is_local(self) -> bool:
        """True for a relative path inside the content (not a web address, mail or anchor)."""
        parts = urlsplit(self.target)
        return not (parts.scheme or parts.netloc or self.target.startswith(("#", "/")))

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)


def _unindent_blocks(body: str) -> str:
    lines = body.split("\n")
    out: list[str] = []
    inside = False
    for line in lines:
        if _BLOCK_OPENER.match(line):
            out.append("")
            inside = True
            continue
        if inside and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
            continue
        inside = False
        out.append(line)
    return "\n".join(out)


def references(body: str) -> list[Reference]:
    """Every link and image in a Markdown body, in order."""
    found: list[Reference] = []
    for token in _PARSER.parse(_unindent_blocks(body)):
        if token.type != "inline" or not token.children:
            continue
        line = (token.map[0] if token.map else 0) + 1
        link_text: list[str] = []
        open_link: tuple[str, int] | None = None
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                found.append(Reference(str(child.attrGet("src") or ""), child.content, line, True))
            elif child.type == "link_open":
                open_link = (str(child.attrGet("href") or ""), line)
                link_text = []
            elif child.type == "link_close" and open_link:
                found.append(Reference(open_link[0], "".join(link_text), open_link[1], False))
                open_link = None
            elif open_link is not None:
                link_text.append(child.content)
    return found
