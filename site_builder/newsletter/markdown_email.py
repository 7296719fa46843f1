"""Markdown for email: one parse with the site's extensions, two renderings.

Python-Markdown parses once into an element tree. An email step rewrites that
tree (absolute https links, sized images, admonitions as tables); then the
tree is serialised as HTML, and rendered again as plain text by a renderer
with one method per element (headings underlined, links as `text: url`).
"""

from __future__ import annotations

import copy
import re
import textwrap
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

CONTENT_WIDTH = 536  # 600 px layout minus the padding on both sides
TEXT_WIDTH = 72

# Extensions that make no sense in an email (anchors and permalinks).
_LEFT_OUT = {"toc"}

LinkResolver = Callable[[str], str | None]


@dataclass(frozen=True)
class EmailImage:
    """The file an email shows for a picture (its version of at most 1,200 px), and its size."""

    src: str
    width: int
    height: int


# From a picture's absolute address to the file an email shows; None when unknown.
ImageFor = Callable[[str], EmailImage | None]


def fit(image: EmailImage) -> tuple[int, int]:
    """Width and height to show a picture at: its own, or narrowed to the column. The file
    has more pixels than that, so it is sharp on high-density screens."""
    width = min(image.width, CONTENT_WIDTH)
    return width, max(1, round(image.height * width / image.width))


@dataclass(frozen=True)
class EmailMarkdown:
    html: str
    text: str


def extensions_from(config_list: Sequence[Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The `markdown_extensions` of mkdocs.yml, as Python-Markdown takes them."""
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for entry in config_list or ():
        name, opts = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in _LEFT_OUT:
            continue
        names.append(name)
        if opts:
            options[name] = dict(opts)
    return names, options


class _EmailTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver, image_for: ImageFor,
                 heading_shift: int):
        super().__init__(md)
        self.resolve = resolve
        self.image_for = image_for
        self.heading_shift = heading_shift
        self.tree: etree.Element | None = None

    def run(self, root: etree.Element) -> None:
        _footnotes_as_notes(root)
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag) and self.heading_shift:
                element.tag = f"h{min(int(element.tag[1]) + self.heading_shift, 6)}"
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "div" and "admonition" in (child.get("class") or "").split():
                    parent[index] = _admonition_table(child)
                elif child.tag == "details":
                    parent[index] = _details_block(child)
        for element in list(root.iter()):
            if element.tag == "a" and element.get("href") is not None:
                target = self.resolve(element.get("href", ""))
                if target is None:
                    _unwrap_link(root, element)
                else:
                    element.set("href", target)
            elif element.tag == "img":
                src = self.resolve(element.get("src", "")) or element.get("src", "")
                image = self.image_for(src)
                if image is None:
                    element.set("src", src)
                    element.set("width", str(CONTENT_WIDTH))
                else:
                    width, height = fit(image)
                    element.set("src", image.src)
                    element.set("width", str(width))
                    element.set("height", str(height))
                element.set("style", "display:block;max-width:100%;height:auto;border:0")
                element.set("alt", element.get("alt", ""))
            elif element.tag == "table" and element.get("role") is None:
                element.set("class", "data-table")
                element.set("cellpadding", "6")
                element.set("cellspacing", "0")
        self.tree = copy.deepcopy(root)


def _footnotes_as_notes(root: etree.Element) -> None:
    """Footnotes become numbered notes at the end of the text: a mail program cannot jump to
    an anchor, so the reference is a plain `[1]` and the note has no link back."""
    for parent in list(root.iter()):
        for child in list(parent):
            classes = (child.get("class") or "").split()
            if child.tag == "sup" and child.find("a") is not None and "footnote-ref" in (
                    child.find("a").get("class") or ""):
                child.text = f"[{''.join(child.find('a').itertext())}]"
                child.remove(child.find("a"))
                child.attrib.clear()
            elif child.tag == "a" and "footnote-backref" in classes:
                _drop(parent, child)
            elif child.tag == "div" and "footnote" in classes:
                child.set("class", "footnotes")
            elif child.tag == "li" and (child.get("id") or "").startswith("fn:"):
                del child.attrib["id"]


def _drop(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child`, keeping the text after it and dropping the space before it."""
    index = list(parent).index(child)
    tail = child.tail or ""

    def trimmed(text: str | None) -> str:
        return (text or "").replace(NBSP_PLACEHOLDER, "").rstrip("\xa0 ")

    if index:
        before = parent[index - 1]
        before.tail = trimmed(before.tail) + tail
    else:
        parent.text = trimmed(parent.text) + tail
    parent.remove(child)


def _admonition_table(div: etree.Element) -> etree.Element:
    kind = next((c for c in (div.get("class") or "").split() if c != "admonition"), "note")
    table = etree.Element("table", {"role": "presentation", "width": "100%",
                                    "cellpadding": "0", "cellspacing": "0",
                                    "class": f"admonition {kind}"})
    cell = etree.SubElement(etree.SubElement(table, "tr"), "td", {"class": "admonition-cell"})
    for child in list(div):
        cell.append(child)
    return table


def _details_block(details: etree.Element) -> etree.Element:
    div = etree.Element("div", {"class": "admonition note"})
    for child in list(details):
        if child.tag == "summary":
            title = etree.SubElement(div, "p", {"class": "admonition-title"})
            title.text = "".join(child.itertext())
        else:
            div.append(child)
    return _admonition_table(div)


def _unwrap_link(root: etree.Element, link: etree.Element) -> None:
    """A link that has no public address keeps its words and loses the link."""
    span = etree.Element("span")
    span.text, span.tail = link.text, link.tail
    for child in list(link):
        span.append(child)
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            if child is link:
                parent[index] = span
                return


class _Capture(Extension):
    def __init__(self, resolve: LinkResolver, image_for: ImageFor, heading_shift: int):
        super().__init__()
        self.resolve, self.image_for, self.heading_shift = resolve, image_for, heading_shift
        self.processor: _EmailTree | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processor = _EmailTree(md, self.resolve, self.image_for, self.heading_shift)
        # After inline parsing and unescaping, so the tree holds the final text.
        md.treeprocessors.register(self.processor, "site_builder_email", -10)


def render_markdown(source: str, config_extensions: Sequence[Any], resolve: LinkResolver,
                    image_for: ImageFor = lambda _src: None, heading_shift: int = 0
                    ) -> EmailMarkdown:
    """`heading_shift` moves headings down (## becomes ####) under an item's own title."""
    names, options = extensions_from(config_extensions)
    capture = _Capture(resolve, image_for, heading_shift)
    md = markdown.Markdown(extensions=[*names, capture], extension_configs=options)
    html = md.convert(source)
    tree = capture.processor.tree if capture.processor else None
    text = PlainText(md).render(tree) if tree is not None else ""
    return EmailMarkdown(html=html, text=text)


_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_HARD_BREAK = "\u2028"
_TAGS = re.compile(r"<[^>]+>")


class PlainText:
    """Renders the parsed tree as readable plain text, one method per element."""

    def __init__(self, md: markdown.Markdown):
        self.md = md

    def render(self, root: etree.Element) -> str:
        blocks = [self.block(child) for child in root]
        text = "\n\n".join(b for b in blocks if b.strip())
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    # -- inline ---------------------------------------------------------
    def inline(self, element: etree.Element) -> str:
        parts = [self._raw(element.text or "")]
        for child in element:
            parts.append(self.inline_element(child))
            parts.append(self._raw(child.tail or ""))
        return "".join(parts)

    def inline_element(self, element: etree.Element) -> str:
        if element.tag == "a":
            words, href = self.inline(element).strip(), element.get("href", "")
            return href if not words or words == href else f"{words}: {href}"
        if element.tag == "img":
            return f"[{element.get('alt', '')}]"
        if element.tag == "br":
            return _HARD_BREAK
        return self.inline(element)

    def _raw(self, text: str) -> str:
        def unstash(match: re.Match[str]) -> str:
            raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            return _TAGS.sub("", str(raw))
        return _PLACEHOLDER.sub(unstash, text)

    # -- blocks ---------------------------------------------------------
    def block(self, element: etree.Element) -> str:
        handler = getattr(self, f"block_{element.tag}", None)
        if handler is not None:
            return handler(element)
        if len(element) and all(child.tag in _BLOCK_TAGS for child in element):
            return "\n\n".join(self.block(child) for child in element)
        return self.wrap(self.inline(element))

    def wrap(self, text: str, indent: str = "", first: str | None = None) -> str:
        """Reflow a paragraph; only hard line breaks (<br>) survive."""
        lines = []
        for index, paragraph_line in enumerate(text.strip().split(_HARD_BREAK)):
            lines.append(textwrap.fill(
                " ".join(paragraph_line.split()), width=TEXT_WIDTH,
                initial_indent=(first if first is not None and index == 0 else indent),
                subsequent_indent=indent, break_long_words=False, break_on_hyphens=False))
        return "\n".join(lines)

    def heading(self, element: etree.Element, underline: str) -> str:
        title = " ".join(self.inline(element).split())
        return f"{title}\n{underline * len(title)}"

    def block_h1(self, element: etree.Element) -> str:
        return self.heading(element, "=")

    def block_h2(self, element: etree.Element) -> str:
        return self.heading(element, "-")

    def block_h3(self, element: etree.Element) -> str:
        return self.heading(element, "~")

    block_h4 = block_h5 = block_h6 = block_h3

    def block_p(self, element: etree.Element) -> str:
        return self.wrap(self.inline(element))

    def _list(self, element: etree.Element, marker: Callable[[int], str]) -> str:
        items = []
        for number, item in enumerate((c for c in element if c.tag == "li"), 1):
            bullet = marker(number)
            inner = self.block(item) if any(c.tag in _BLOCK_TAGS for c in item) else (
                self.inline(item))
            items.append(self.wrap(inner, indent=" " * len(bullet), first=bullet))
        return "\n".join(items)

    def block_ul(self, element: etree.Element) -> str:
        return self._list(element, lambda _n: "- ")

    def block_ol(self, element: etree.Element) -> str:
        return self._list(element, lambda n: f"{n}. ")

    def block_hr(self, _element: etree.Element) -> str:
        return "-" * 20

    def block_pre(self, element: etree.Element) -> str:
        return "\n".join("    " + line for line in "".join(element.itertext()).splitlines())

    def block_blockquote(self, element: etree.Element) -> str:
        inner = "\n\n".join(self.block(child) for child in element)
        return "\n".join(("> " + line).rstrip() for line in inner.splitlines())

    def block_table(self, element: etree.Element) -> str:
        if "admonition" in (element.get("class") or ""):
            cell = element.find("tr/td")
            inner = [self.block(child) for child in cell] if cell is not None else []
            return "\n\n".join(part for part in inner if part.strip())
        rows = []
        for row in element.iter("tr"):
            cells = [" ".join(self.inline(cell).split()) for cell in row if cell.tag in
                     ("td", "th")]
            rows.append(" | ".join(cells))
        return "\n".join(rows)

    def block_div(self, element: etree.Element) -> str:
        return "\n\n".join(b for b in (self.block(child) for child in element) if b.strip())


_BLOCK_TAGS = {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "div", "pre",
               "blockquote", "hr"}
