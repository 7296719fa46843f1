"""Markdown that writers may write or paste, and how to judge what became of it.

The CommonMark specification's examples come from the npm package `commonmark-spec`
(CC-BY-SA-4.0), pinned in tests/commonmark/package.json and installed with `npm ci`, not
copied into this repository. The pasted snippets are ours.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from .npm_packages import ensure_installed

SPEC_DIR = Path(__file__).resolve().parent / "commonmark"
SPEC_PACKAGE = SPEC_DIR / "node_modules" / "commonmark-spec"
# The package's own reader of spec.txt (index.js), so the examples are the ones it defines.
SPEC_EXPORT = "process.stdout.write(JSON.stringify(require('commonmark-spec').tests))"


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    markdown: str


def commonmark_examples() -> list[Example]:
    """Every example of the pinned CommonMark spec, installed with npm if it is not there."""
    ensure_installed(SPEC_DIR, SPEC_PACKAGE, "the CommonMark examples (commonmark-spec)")
    done = subprocess.run(["node", "-e", SPEC_EXPORT], cwd=SPEC_DIR, capture_output=True,
                          text=True, timeout=60, check=True)
    # The spec shows tabs as → so they can be seen; its own test runner puts them back.
    return [Example(e["number"], e["section"], e["markdown"].replace("→", "\t"))
            for e in json.loads(done.stdout)]


def pinned_spec_version() -> str:
    return json.loads((SPEC_DIR / "package.json").read_text("utf-8"))[
        "dependencies"]["commonmark-spec"]


@dataclass(frozen=True)
class Snippet:
    name: str
    markdown: str
    removed: str  # a word of what must not reach any output
    # How the error starts when the policy refuses the snippet rather than taking it out: a
    # pasted player has to become a video line, which only the writer can choose.
    refused: str = ""


AFTER = "Daarna volgt gewone tekst die blijft staan."

# What Word puts on the clipboard: conditional comments, a <style>, Office tags, inline styles.
WORD_HTML = (Path(__file__).resolve().parent / "pasted" / "word.html").read_text("utf-8")

SNIPPETS = [
    Snippet("Word HTML", WORD_HTML, "woordstijl"),
    Snippet("an unclosed <style>", "<style>\np { color: onzichtbaar; }", "onzichtbaar"),
    Snippet("a closed <style>", "<style>p { color: rood; }</style>", "rood"),
    Snippet("a <script>", "<script>alert('scriptwoord')</script>", "scriptwoord"),
    Snippet("an <iframe> embed",
            '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" '
            'title="framewoord" frameborder="0" allowfullscreen></iframe>', "youtube",
            refused="a pasted YouTube player (<iframe>) loads YouTube for every visitor"),
    Snippet("a tracking url()",
            '<div style="background-image:url(https://tracker.example.com/pixel.gif?u=1)">'
            "Nieuws van de partner.</div>", "tracker"),
    Snippet("event handlers",
            '<span onmouseover="hack()">Zwevende tekst</span>\n'
            '<a href="https://www.zelfwijs.example/" onclick="klikwoord()">Naar de site</a>',
            "klikwoord"),
    Snippet("a javascript: link in HTML",
            '<a href="javascript:alert(\'jswoord\')">Klik voor meer</a>', "jswoord"),
    Snippet("form fields", '<textarea>veldwoord</textarea><input type="text" value="invoer">'
            '<button formaction="https://form.example.com/">Verstuur</button>', "veldwoord"),
    Snippet("an unclosed <div>", "<div class=\"kader\">\nOpen blok zonder einde", "kader-niet"),
]

# What the policy takes out, with a warning; the rest is refused.
REMOVED = [snippet for snippet in SNIPPETS if not snippet.refused]
REFUSED = [snippet for snippet in SNIPPETS if snippet.refused]


# -- judging the outputs ---------------------------------------------------------------------
BLOCK = {"p", "div", "table", "tr", "td", "th", "li", "ul", "ol", "h1", "h2", "h3", "h4",
         "h5", "h6", "pre", "blockquote", "br", "hr", "dl", "dt", "dd", "details", "summary",
         "section", "article", "aside", "header", "footer", "figure", "figcaption", "label",
         "body", "caption", "thead", "tbody", "tfoot", "input", "img"}
WORD = re.compile(r"\w+")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def visible_text(element: lxml.html.HtmlElement) -> str:
    """The text a reader sees, with a break between blocks (not between inline elements,
    which a browser runs together too)."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "head", "title"):
            return
        if "preheader" in (node.get("class") or "").split():
            return  # hidden; the inbox shows it next to the subject
        block = node.tag in BLOCK
        if block:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(element)
    return "".join(parts)


def missing_words(html: str, text: str) -> list[str]:
    """Words of the HTML part (as often as they occur there) that the text part lacks."""
    seen = WORD.findall(visible_text(lxml.html.document_fromstring(html)))
    available: dict[str, int] = {}
    for word in WORD.findall(text):
        available[word] = available.get(word, 0) + 1
    missing = []
    for word in seen:
        if available.get(word, 0) > 0:
            available[word] -= 1
        else:
            missing.append(word)
    return missing


def entities_left(html: str, text: str) -> list[str]:
    """Entities in the text part that a reader of the HTML part does not see as written."""
    shown = visible_text(lxml.html.document_fromstring(html))
    return [entity for entity in ENTITY.findall(text) if entity not in shown]


ACTIVE_SCHEME = re.compile(r"^[\x00-\x20]*(?:j[\x00-\x20]*a[\x00-\x20]*v[\x00-\x20]*a"
                           r"[\x00-\x20]*s[\x00-\x20]*c[\x00-\x20]*r[\x00-\x20]*i[\x00-\x20]*"
                           r"p[\x00-\x20]*t|vbscript)[\x00-\x20]*:", re.I)
FORBIDDEN = ("script", "iframe", "object", "embed", "form", "textarea", "input", "button",
             "select", "svg", "math", "frame", "frameset", "applet", "base", "meta", "link")


def active_html(root: lxml.html.HtmlElement) -> list[str]:
    """Everything under `root` that runs, loads or asks for input."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in FORBIDDEN:
            found.append(f"<{element.tag}>")
        if element.tag == "style":
            found.append("<style> in the body")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.tag}>")
            if ACTIVE_SCHEME.match(value):
                found.append(f"{name}={value!r} on <{element.tag}>")
            if name == "style" and "url(" in value.replace(" ", "").lower():
                found.append(f"url() in style on <{element.tag}>")
    return found
