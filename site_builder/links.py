"""Finding the links and images in a Markdown body, with the line each stands on.

Markdown links and images, links inside footnotes, and the addresses in HTML that writers
paste (`<a href>`, `<img src>`, `<iframe src>` ...), all with the line they stand on, so every
problem with one can be reported where the writer wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .memo import remembered

# Footnotes as the site's `footnotes` extension reads them: `[^1]` is a note, not a link.
PARSER = MarkdownIt("commonmark").enable("table").use(footnote_plugin)

# Admonitions, collapsible blocks and content tabs indent their body by four
# spaces; CommonMark would read that body as code and miss its links.
_BLOCK_OPENER = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s")

# The attributes of pasted HTML that hold an address, and whether it shows a picture.
HTML_ADDRESSES: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "img": ("src",), "iframe": ("src",),
    "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "embed": ("src",),
    "object": ("data",), "track": ("src",), "link": ("href",), "script": ("src",),
}
_PICTURES = {("img", "src"), ("video", "poster")}


@dataclass(frozen=True)
class Reference:
    """A link or an image in a body. `line` counts from the body's first line (1).
    `tag` names the HTML element when it was written as HTML ("" for Markdown)."""

    target: str
    text: str
    line: int
    is_image: bool
    tag: str = ""

    @property
    def is_local(self) -> bool:
        """True for a relative path inside the content (not a web address, mail or anchor)."""
        parts = urlsplit(self.target)
        return not (parts.scheme or parts.netloc or self.target.startswith(("#", "/")))

    @property
    def is_site_address(self) -> bool:
        """A path from the root of the site, as a browser's address bar shows it."""
        return self.target.startswith("/") and not self.target.startswith("//")

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def fragment(self) -> str:
        return unquote(urlsplit(self.target).fragment)

    @property
    def in_html(self) -> bool:
        return bool(self.tag)


def opens_block(line: str) -> bool:
    """Whether `line` starts an admonition, a collapsible block or a tab."""
    return _BLOCK_OPENER.match(line) is not None


def unindent_blocks(body: str) -> str:
    """The body with the bodies of admonitions, details and tabs moved to the margin (the
    lines stay where they are), so CommonMark reads them as Markdown."""
    lines = body.split("\n")
    out: list[str] = []
    inside = False
    for line in lines:
        if opens_block(line):
            out.append("")
            inside = True
            continue
        if inside and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
            continue
        inside = False
        out.append(line)
    return "\n".join(out)


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def without_code_spans(line: str) -> str:
    """`line` with its code spans (`like this`) blanked out, columns kept: what is shown as
    code is not read as syntax."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


@lru_cache(maxsize=2)  # the links, the videos and the foreign syntax of one body
def parse(body: str) -> tuple[Token, ...]:
    """The body's block tokens, as the site's Markdown reads it (see `unindent_blocks`)."""
    return tuple(PARSER.parse(unindent_blocks(body)))


class _HtmlAddresses(HTMLParser):
    """The addresses in a piece of HTML, with the line (from 0) each tag starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int, str, bool]] = []  # tag, address, line, text, pic
        self._open_link: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0] - 1
        for attribute in HTML_ADDRESSES.get(tag, ()):
            if attribute in values:
                is_picture = (tag, attribute) in _PICTURES
                text = values.get("alt", "") if is_picture else values.get("title", "")
                self.found.append((tag, values[attribute].strip(), line, text, is_picture))
                if tag == "a":
                    self._open_link = len(self.found) - 1

    def handle_data(self, data: str) -> None:
        if self._open_link is not None:
            tag, address, line, text, pic = self.found[self._open_link]
            self.found[self._open_link] = (tag, address, line, text + data, pic)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open_link = None


def html_references(html: str, first_line: int) -> Iterator[Reference]:
    """Every address in a piece of HTML that starts on `first_line` of the body."""
    parser = _HtmlAddresses()
    parser.feed(html)
    parser.close()
    for tag, address, line, text, is_picture in parser.found:
        yield Reference(address, " ".join(text.split()), first_line + line, is_picture, tag)


def _inline_references(token: Token) -> Iterator[Reference]:
    line = (token.map[0] if token.map else 0) + 1
    link_text: list[str] = []
    open_link: tuple[str, int] | None = None
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            yield Reference(str(child.attrGet("src") or ""), child.content, line, True)
        elif child.type == "link_open":
            open_link = (str(child.attrGet("href") or ""), line)
            link_text = []
        elif child.type == "link_close" and open_link:
            yield Reference(open_link[0], "".join(link_text), open_link[1], False)
            open_link = None
        elif child.type == "html_inline":
            yield from html_references(child.content, line)
        elif open_link is not None:
            link_text.append(child.content)


@remembered
def references(body: str) -> list[Reference]:
    """Every link and image in a Markdown body, in order."""
    found: list[Reference] = []
    for token in parse(body):
        if token.type == "inline":
            found.extend(_inline_references(token))
        elif token.type == "html_block" and token.map:
            found.extend(html_references(token.content, token.map[0] + 1))
    return found
