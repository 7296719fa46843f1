"""The rules every built email keeps, so it survives Outlook, Gmail and Apple Mail."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from ..problems import Problem
from .origins import Fragments, fragment_of, strip_marks

GMAIL_CLIP_BYTES = 102_000
STYLE_BLOCK_BYTES = 16_000
FORBIDDEN_ELEMENTS = ("script", "iframe", "form", "object", "embed", "svg")
VAGUE_LINK_TEXT = {"klik hier", "click here", "hier", "here", "klik", "lees meer hier"}
# Values that Outlook or Gmail drop: the declaration is lost and the design breaks.
DROPPED_CSS = [
    (re.compile(r"var\(\s*--"), "CSS variables (var(--...))"),
    (re.compile(r"calc\("), "calc()"),
    (re.compile(r"rgba\("), "rgba() colours"),
    (re.compile(r"\d(?:\.\d+)?rem\b"), "rem units"),
]
# Placeholders filled in per recipient stand where an https address will be.
PLACEHOLDER_URL = re.compile(r"^__SB_[A-Z_]+__$")


def check_email(html: str, path: str, css_source: str = "",
                fragments: Fragments | None = None) -> list[Problem]:
    """Every rule broken by one built email, each with its place: the Markdown file and line
    for what came from Markdown (see origins.py), else the line of the email's HTML."""
    return list(_problems(html, path, css_source, fragments))


def _problems(html: str, path: str, css_source: str,
              fragments: Fragments | None) -> Iterator[Problem]:
    document = lxml.html.document_fromstring(html)
    from_markdown = fragment_of(document) if fragments is not None else {}

    def problem(element: lxml.html.HtmlElement | None, message: str) -> Problem:
        if element is not None and fragments is not None and element in from_markdown:
            shown, line = fragments.place(from_markdown[element], element)
            return Problem(shown, line, message)
        return Problem(path, element.sourceline if element is not None else None, message)

    size = len(strip_marks(html).encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        yield problem(None, f"the email is {size:,} bytes; Gmail clips emails over "
                      f"{GMAIL_CLIP_BYTES:,} bytes. Feature fewer items or shorten the intro.")
    if not document.get("lang"):
        yield problem(document, "the <html> element has no lang attribute; screen "
                      "readers need it to pronounce the text.")
    for table in document.iter("table"):
        if table.get("role") != "presentation" and not list(table.iter("th")):
            yield problem(table, "a layout table lacks role=\"presentation\", so "
                          "screen readers announce it as a data table.")
    for image in document.iter("img"):
        if image.get("alt") is None:
            yield problem(image, f"the image {image.get('src')} has no alt text.")
        if not image.get("width"):
            yield problem(image, f"the image {image.get('src')} has no width; Outlook "
                          "shows it at its full size.")
        yield from _absolute(image.get("src", ""), image, "image", problem)
    for link in document.iter("a"):
        href = link.get("href")
        if href is None:
            continue  # an anchor (`<a name=...>`), or a link whose address was not allowed
        if not href.startswith(("mailto:", "tel:")):
            yield from _absolute(href, link, "link", problem)
        words = " ".join(link.text_content().split()).lower().rstrip(".")
        if words in VAGUE_LINK_TEXT:
            yield problem(link, f"the link text '{words}' does not say where it leads; "
                          "use words that name the destination.")
    for name in FORBIDDEN_ELEMENTS:
        for element in document.iter(name):
            yield problem(element, f"<{name}> is not allowed in email: mail clients "
                          "remove it or mark the message as dangerous.")
    for element in document.iter():
        for attribute, value in element.attrib.items():
            if "data:" in value.replace(" ", "").lower() and attribute in (
                    "src", "href", "style", "background"):
                yield problem(element, f"a data: URI in {attribute}; Gmail and Outlook "
                              "block them. Link to a file on the website instead.")
    yield from _css(document, problem, css_source)
    preheaders = [e for e in document.iter() if "preheader" in (e.get("class") or "").split()]
    if not preheaders or not preheaders[0].text_content().strip():
        yield problem(None, "the email has no preheader: the line that inboxes show after the "
                      "subject. Set `preheader:` in the issue.")


def _absolute(url: str, element, what: str, problem) -> Iterator[Problem]:
    if PLACEHOLDER_URL.match(url):
        return
    if not url.startswith("https://"):
        yield problem(element, f"the {what} '{url}' is not an absolute https address; "
                      "in an email every address must start with https://.")


def _css(document, problem, css_source: str) -> Iterator[Problem]:
    styles = [(e.get("style", ""), e) for e in document.iter()
              if isinstance(e.tag, str) and e.get("style")]
    blocks = [e for e in document.iter("style")]
    block_text = "".join(block.text or "" for block in blocks)
    for text, element in [*styles, *((b.text or "", b) for b in blocks)]:
        for pattern, name in DROPPED_CSS:
            if pattern.search(text):
                yield problem(element, f"the CSS uses {name}, which Outlook or Gmail drop.")
    if len(block_text.encode("utf-8")) > STYLE_BLOCK_BYTES:
        yield problem(None, f"the <style> block is over {STYLE_BLOCK_BYTES:,} bytes; Gmail "
                      "drops the whole block.")
    if "@media" in css_source and ("@media" not in block_text or (
            "!important" in css_source and "!important" not in block_text)):
        yield problem(None, "the media queries (phone layout, dark mode) were lost or lost "
                      "their !important while inlining.")
