"""The plain-text part of an email, from the same parse of the Markdown as its HTML.

It walks Python-Markdown's element tree, the parsed document before it is written out as
HTML, with one method per element: headings underlined, lists indented as deep as they are
nested, code as written, links as `text (url)`, tables row by row. Python-Markdown keeps a
few things aside while parsing (HTML written in the Markdown, entities like `&copy;`, fenced
code); those are cleaned by the sanitising policy first, like the HTML part, and read as
HTML. So every word of the HTML part is in the text, and no entity is left.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import lxml.html
import markdown
from markdown.util import AMP_SUBSTITUTE, AtomicString

from .. import sanitise

TEXT_WIDTH = 72
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_HARD_BREAK = "\u2028"
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.I)  # as markdown.serializers
_LINK_START = re.compile(r"^<a\b[^>]*>$", re.I)
_LINK_END = re.compile(r"^</a\s*>$", re.I)
BLOCK_TAGS = frozenset({
    "p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "div", "pre", "blockquote",
    "hr", "dl", "dt", "dd", "details", "summary", "figure", "figcaption", "section", "article",
    "aside", "header", "footer", "address", "li", "tr", "tbody", "thead", "tfoot", "caption",
})
UNDERLINES = {"h1": "=", "h2": "-"}

Element = Any  # an xml.etree element from Python-Markdown, or an lxml one from raw HTML


def _tag(element: Element) -> str:
    """The element's name; "" for comments and processing instructions (lxml)."""
    return element.tag if isinstance(element.tag, str) else ""


class PlainText:
    """Renders a parsed Markdown tree as readable plain text."""

    def __init__(self, md: markdown.Markdown, width: int = TEXT_WIDTH):
        self.md = md
        self.width = width  # narrower inside a list item or a quote
        self.open_links: list[str] = []

    def render(self, root: Element) -> str:
        text = "\n\n".join(self.flow(root))
        # Not .strip(): a code block at the start keeps its indent.
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n").rstrip() + "\n"

    # -- what Python-Markdown kept aside --------------------------------------------------
    def _stashed(self, index: int) -> list[Element | str]:
        """A piece kept aside (raw HTML, an entity, fenced code), cleaned and parsed."""
        raw = self.md.htmlStash.rawHtmlBlocks[index]
        if not isinstance(raw, str):
            return [raw]  # an element md_in_html parsed itself
        # A link written in HTML comes in two pieces, `<a href=...>` and `</a>`: its address
        # goes after its words, as for a Markdown link.
        if _LINK_START.match(raw):
            href = lxml.html.fragment_fromstring(sanitise.clean(raw + "</a>")).get("href")
            self.open_links.append(href or "")
            return []
        if _LINK_END.match(raw):
            href = self.open_links.pop() if self.open_links else ""
            return [f" ({href})"] if href and not href.startswith("#") else []
        cleaned = sanitise.clean(raw)
        if "<" not in cleaned:
            return [html.unescape(cleaned)]  # an entity, or text
        return list(lxml.html.fragments_fromstring(cleaned))

    def _pieces(self, text: str | None, code: bool = False) -> Iterator[Element | str]:
        """Text with its placeholders replaced by what they stand for."""
        if not text:
            return
        position = 0
        for match in _PLACEHOLDER.finditer(text):
            yield self._plain(text[position:match.start()], code)
            yield from self._stashed(int(match.group(1)))
            position = match.end()
        yield self._plain(text[position:], code)

    @staticmethod
    def _plain(text: str, code: bool) -> str:
        if code:
            return html.unescape(text.replace(AMP_SUBSTITUTE, "&"))
        # Python-Markdown writes out an `&` that starts an entity (`&#X22;`) as it is, so
        # the reader of the HTML sees its character: so does the reader of the text.
        text = text.replace(AMP_SUBSTITUTE, "&")
        return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)

    def _nodes(self, element: Element) -> Iterator[Element | str]:
        """The element's content in order: text (placeholders resolved) and child elements."""
        # Python-Markdown stores code escaped (`&amp;&amp;`), marked as an AtomicString.
        code = _tag(element) == "code" and isinstance(element.text, AtomicString)
        yield from self._pieces(element.text, code)
        for child in element:
            if _tag(child):
                yield child
            yield from self._pieces(child.tail)

    # -- inline -------------------------------------------------------------------------
    def inline(self, element: Element) -> str:
        return "".join(node if isinstance(node, str) else self.inline_element(node)
                       for node in self._nodes(element))

    def inline_element(self, element: Element) -> str:
        tag = _tag(element)
        if tag == "a":
            words, href = " ".join(self.inline(element).split()), element.get("href") or ""
            if not href or href.startswith("#"):
                return words
            shown = href.removeprefix("mailto:").removeprefix("tel:")
            if not words:
                return f" ({href})"
            return words if words in (href, shown) else f"{words} ({href})"
        if tag == "img":
            alt = element.get("alt") or ""
            return f"[{alt}]" if alt.strip() else ""
        if tag == "br":
            return _HARD_BREAK
        if tag == "label":  # the names of content tabs, side by side
            return f" {self.inline(element)} "
        if tag in BLOCK_TAGS:
            return _HARD_BREAK + self.inline(element) + _HARD_BREAK
        return self.inline(element)

    # -- blocks -------------------------------------------------------------------------
    def flow(self, element: Element) -> list[str]:
        """An element holding blocks and text alike (a list item with a nested list, a
        table cell, a div): runs of text become paragraphs, between the blocks."""
        blocks: list[str] = []
        run: list[str] = []

        def end_run() -> None:
            paragraph = self.wrap("".join(run))
            if paragraph.strip():
                blocks.append(paragraph)
            run.clear()

        for node in self._nodes(element):
            if isinstance(node, str):
                run.append(node)
            elif _tag(node) in BLOCK_TAGS:
                end_run()
                block = self.block(node)
                if block.strip():
                    blocks.append(block)
            elif _tag(node):
                run.append(self.inline_element(node))
        end_run()
        return blocks

    def block(self, element: Element) -> str:
        handler: Callable[[Element], str] | None = getattr(self, f"block_{_tag(element)}", None)
        if handler is not None:
            return handler(element)
        return "\n\n".join(self.flow(element))

    def wrap(self, text: str, indent: str = "", first: str | None = None) -> str:
        """Reflow a paragraph; only hard line breaks (<br>) survive."""
        lines = []
        for index, paragraph_line in enumerate(text.strip().split(_HARD_BREAK)):
            words = " ".join(paragraph_line.split())
            if not words and index:
                continue
            lines.append(textwrap.fill(
                words, width=max(self.width, 20),
                initial_indent=(first if first is not None and not lines else indent),
                subsequent_indent=indent, break_long_words=False, break_on_hyphens=False))
        return "\n".join(lines)

    def heading(self, element: Element) -> str:
        title = " ".join(self.inline(element).replace(_HARD_BREAK, " ").split())
        return f"{title}\n{UNDERLINES.get(_tag(element), '~') * len(title)}" if title else ""

    block_h1 = block_h2 = block_h3 = block_h4 = block_h5 = block_h6 = heading

    def block_p(self, element: Element) -> str:
        return "\n\n".join(self.flow(element))

    def _item(self, bullet: str, item: Element) -> str:
        """One list item: its text after the bullet, what it holds indented below it."""
        indent = " " * len(bullet)
        self.width -= len(indent)
        try:
            first, *rest = self.flow(item) or [""]
        finally:
            self.width += len(indent)
        lines = [bullet + first.replace("\n", "\n" + indent) if first.strip()
                 else bullet.rstrip()]
        return "\n".join(lines + [_indented(part, indent) for part in rest])

    def _list(self, element: Element, marker: Callable[[int], str]) -> str:
        start = str(element.get("start") or "1")
        first = int(start) if start.isdigit() else 1
        items = (c for c in element if _tag(c) == "li")
        return "\n".join(self._item(marker(number), item)
                         for number, item in enumerate(items, first))

    def block_ul(self, element: Element) -> str:
        return self._list(element, lambda _n: "- ")

    def block_ol(self, element: Element) -> str:
        return self._list(element, lambda n: f"{n}. ")

    def block_li(self, element: Element) -> str:
        return self._item("- ", element)

    def block_hr(self, _element: Element) -> str:
        return "-" * 20

    def block_pre(self, element: Element) -> str:
        code = "".join(node if isinstance(node, str) else "".join(self._code_text(node))
                       for node in self._nodes(element))
        return "\n".join("    " + line if line.strip() else ""
                         for line in code.rstrip("\n").split("\n"))

    def _code_text(self, element: Element) -> Iterator[str]:
        for node in self._nodes(element):
            yield node if isinstance(node, str) else "".join(self._code_text(node))

    def block_blockquote(self, element: Element) -> str:
        self.width -= 2
        try:
            inner = "\n\n".join(self.flow(element))
        finally:
            self.width += 2
        return "\n".join(("> " + line).rstrip() for line in inner.splitlines())

    def block_table(self, element: Element) -> str:
        if "admonition" in (element.get("class") or ""):
            cell = element.find("tr/td")
            return "\n\n".join(self.flow(cell)) if cell is not None else ""
        rows = []
        for row in element.iter("tr"):
            cells = [" ".join(self.inline(cell).replace(_HARD_BREAK, " ").split())
                     for cell in row if _tag(cell) in ("td", "th")]
            rows.append(" | ".join(cells))
        return "\n".join(rows)

    def block_dl(self, element: Element) -> str:
        parts = []
        for child in element:
            text = "\n\n".join(self.flow(child))
            parts.append(text if _tag(child) == "dt" else _indented(text, "    "))
        return "\n".join(part for part in parts if part.strip())


def _indented(text: str, indent: str) -> str:
    return "\n".join(indent + line if line.strip() else "" for line in text.split("\n"))
