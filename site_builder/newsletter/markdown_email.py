"""Markdown for email: one parse with the site's extensions, two renderings.

Python-Markdown parses once into an element tree. An email step rewrites that
tree (absolute https links, sized images, admonitions as tables); then the
tree is serialised as HTML (held to the sanitising policy as its last step),
and rendered again as plain text by plain_text.PlainText (headings underlined,
links as `text (url)`).
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX, AtomicString

from ..sanitise import SanitiseExtension
from .plain_text import PlainText

CONTENT_WIDTH = 536  # 600 px layout minus the padding on both sides

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
            if element.tag == "a" and element.get("href", "").startswith(AMP_SUBSTITUTE):
                _plain_mail_link(element)
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


_ESCAPED = re.compile(f"{STX}([0-9]+){ETX}")
_ENTITY = re.compile(r"&(#[0-9]+|[A-Za-z][A-Za-z0-9]*);")


def _plain_mail_link(link: etree.Element) -> None:
    """`<name@example.org>`: Python-Markdown hides the address from web scrapers as entities,
    a character each, with a backslash escape in it left as a placeholder (`foo\\+@`). An
    email has no scrapers to hide from, and its plain text needs the address itself."""

    def character(entity: re.Match[str]) -> str:
        name = entity.group(1)
        return chr(int(name[1:])) if name.startswith("#") else html.unescape(entity.group(0))

    def plain(hidden: str) -> str:
        shown = _ENTITY.sub(character, hidden.replace(AMP_SUBSTITUTE, "&"))
        return _ESCAPED.sub(lambda m: chr(int(m.group(1))), shown)

    link.set("href", plain(link.get("href", "")))
    link.text = AtomicString(plain(link.text or ""))


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
    md = markdown.Markdown(extensions=[*names, capture, SanitiseExtension()],
                           extension_configs=options)
    html = md.convert(source)
    tree = capture.processor.tree if capture.processor else None
    text = PlainText(md).render(tree) if tree is not None else ""
    return EmailMarkdown(html=html, text=text)
