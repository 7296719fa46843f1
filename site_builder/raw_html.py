"""HTML in a writer's Markdown, cleaned where it was written, when the content is read.

Every rendering (the site, the email, its plain text, the web version) reads the cleaned
Markdown, so each reports nothing new and none can differ. What is taken out gets a warning
at the line where the writer wrote it; a Markdown link to a forbidden address is an error.

Markdown parsers disagree on what counts as HTML (Python-Markdown, which renders, sees raw
HTML where CommonMark sees text), so this step errs on the safe side: every tag outside a
fenced code block is held to the policy, wherever it stands. Then the structure is repaired
so that nothing swallows what follows it: a `<style>` or `<script>` goes with its content, a
`<div>` left open is closed where its block ends, a tag with an unclosed quote is taken out.
The guard in every rendering (sanitise.SanitiseExtension) cleans whatever is left.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import sanitise
from .links import parse as link_tokens
from .links import unindent_blocks, without_code_spans
from .memo import remembered
from .problems import Problems
from .sanitise_messages import Finding, report

_PARSER = MarkdownIt("commonmark").enable("table")
_PARSER.validateLink = lambda _url: True  # every link, so its address is checked here

MAX_ROUNDS = 100
# Elements a browser closes by itself (a new <p> ends the last one): never closed here.
OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                          "colgroup", "caption", "option", "rp", "rt"})
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
# Python-Markdown turns these into links before it looks for HTML.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>")
_ATTR_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
# Elements an attribute list `{ ... }` can be attached to, for what it may set.
ATTR_LIST_ELEMENTS = ("span", "a", "img", "td", "th", "ol", "li", "table")


@dataclass(frozen=True)
class Tag:
    kind: str  # "start", "end", "comment", "markup" (<!DOCTYPE>, <?xml?>) or "broken"
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def sanitise_markdown(body: str, shown: str, first_line: int, problems: Problems) -> str:
    """`body` with its HTML held to the policy; what was taken out is reported in `problems`
    at the file `shown`, counting lines from `first_line` (the body's first line)."""
    if not any(mark in body for mark in ("<", "{", "](", "]:")):
        return body  # no HTML, no attribute list, no link: nothing to hold to the policy
    text, findings, forbidden = _sanitised(body)
    report(findings, shown, first_line, problems)
    for line, message in forbidden:
        problems.error(shown, first_line + line - 1, message)
    return text


@remembered
def _sanitised(body: str) -> tuple[str, list[Finding], list[tuple[int, str]]]:
    """The cleaned body, what was taken out and the forbidden links, by line in the body:
    the same for the same text, so an unchanged file is not parsed again on the next build."""
    text, findings = body, []
    for _ in range(MAX_ROUNDS):
        edits, found = _one_round(text)
        findings += found
        if not edits:
            break
        text = _apply(text, edits)
    findings += _attribute_lists(text)
    return text, findings, list(_forbidden_links(text))


# -- finding tags the way a browser reads them ---------------------------------------------
def _block_end(text: str, position: int, stop: int) -> int:
    """Where the block (paragraph, HTML block) around `position` ends: at a blank line."""
    match = _BLANK_LINE.search(text, position, stop)
    return match.start() if match else stop


def _tag_end(text: str, start: int, limit: int) -> int | None:
    """The end of the tag at `start` (after its `>`): a quoted attribute value may hold `>`."""
    position = start + 1
    while position < limit:
        char = text[position]
        if char == ">":
            return position + 1
        position += 1
        if char == "=":
            while position < limit and text[position] in " \t\n\r\f":
                position += 1
            if position < limit and text[position] in "\"'":
                closing = text.find(text[position], position + 1, limit)
                if closing < 0:
                    return None
                position = closing + 1
    return None


def _tag_at(text: str, start: int, stop: int) -> Tag | None:
    limit = _block_end(text, start, stop)
    rest = text[start:start + 4]
    if rest.startswith("<!--"):
        if text.startswith(("<!-->", "<!--->"), start):
            return Tag("comment", "", start, text.index(">", start) + 1)
        closing = text.find("-->", start + 4)
        return Tag("comment", "", start, closing + 3) if closing >= 0 else None
    if rest.startswith(("<!", "<?")):
        closing = text.find(">", start, limit)
        return Tag("markup", text[start:start + 9], start, closing + 1) if closing >= 0 \
            else None
    match = re.match(r"</?([A-Za-z][^\s/>]*)", text[start:limit])
    if not match or _AUTOLINK.match(text, start):
        return None
    end = _tag_end(text, start, limit)
    kind = "end" if rest.startswith("</") else "start"
    if end is None:
        # An unclosed quote: Python-Markdown still reads a tag up to the next `>`, and the
        # browser then reads everything up to the next quote into the attribute.
        closing = text.find(">", start, limit)
        return Tag("broken", match.group(1).lower(), start, closing + 1) if closing >= 0 \
            else None
    return Tag(kind, match.group(1).lower(), start, end)


def _tags(text: str, start: int, stop: int) -> Iterator[Tag]:
    position = start
    while (position := text.find("<", position, stop)) >= 0:
        tag = _tag_at(text, position, stop)
        if tag is None:
            position += 1
            continue
        yield tag
        position = tag.end


# -- what CommonMark makes of the text -----------------------------------------------------
# Marks without which a text has no footnote, and words without which it has no address
# that markdown-it's own validateLink refuses (javascript:, vbscript:, file:, data:; spelled
# out, since only a numeric entity can stand for a letter): in a text with none of them,
# this parser and the link finder's make the same tokens.
_PARSERS_DIFFER = ("[^", "^[", "&#", "javascript", "vbscript", "file", "data")


def shares_link_tokens(text: str) -> bool:
    """Whether the link finder (links.parse) reads `text` as the sanitiser does."""
    lowered = text.lower()
    return not any(mark in lowered for mark in _PARSERS_DIFFER)


@lru_cache(maxsize=2)  # the layout, the attribute lists and the links read the same text
def _tokens(text: str) -> tuple[Token, ...]:
    if shares_link_tokens(text):
        return link_tokens(text)  # parsed once for both: the link finder reads it next
    return tuple(_PARSER.parse(unindent_blocks(text)))


@dataclass
class _Layout:
    fences: list[tuple[int, int]]  # offsets of fenced code blocks (left as written)
    html_blocks: list[tuple[int, int]]  # offsets of HTML blocks
    html_inline: list[tuple[int, int, Counter[str]]]  # paragraphs and their inline HTML


def _layout(text: str) -> _Layout:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(lines: list[int]) -> tuple[int, int]:
        end = starts[lines[1]] if lines[1] < len(starts) else len(text)
        return starts[lines[0]], end

    layout = _Layout([], [], [])
    for token in _tokens(text):
        if not token.map:
            continue
        if token.type == "fence":
            layout.fences.append(span(token.map))
        elif token.type == "html_block":
            layout.html_blocks.append(span(token.map))
        elif token.type == "inline" and token.children:
            inline = Counter(c.content for c in token.children if c.type == "html_inline")
            if inline:
                layout.html_inline.append((*span(token.map), inline))
    return layout


def _is_html(text: str, tag: Tag, layout: _Layout) -> bool:
    """Whether CommonMark too reads the tag as HTML (not as code or text): only such tags
    are balanced, so a `<div>` in a code example gets no `</div>` added."""
    if any(start <= tag.start < end for start, end in layout.html_blocks):
        return True
    source = text[tag.start:tag.end]
    for start, end, inline in layout.html_inline:
        if start <= tag.start < end and inline[source] > 0:
            inline[source] -= 1
            return True
    return False


def _outside(fences: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of the text that are not fenced code."""
    segments, position = [], 0
    for start, end in sorted(fences):
        segments.append((position, start))
        position = max(position, end)
    segments.append((position, length))
    return segments


# -- one round of cleaning ---------------------------------------------------------------------
def _one_round(text: str) -> tuple[list[Edit], list[Finding]]:
    layout = _layout(text)
    tags = [tag for start, stop in _outside(layout.fences, len(text))
            for tag in _tags(text, start, stop)]
    edits: list[Edit] = []
    findings: list[Finding] = []
    skip_to = -1
    for tag in tags:
        if tag.start < skip_to:
            continue
        edit, found, skip_to = _clean(text, tag, skip_to)
        findings += found
        if edit is not None:
            edits.append(edit)
    if edits:
        return edits, findings
    edits, unclosed = _balance(text, [t for t in tags if _is_html(text, t, layout)])
    return edits, findings + [Finding("unclosed", t.name, _line(text, t.start)) for t in unclosed]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _clean(text: str, tag: Tag, skip_to: int) -> tuple[Edit | None, list[Finding], int]:
    source = text[tag.start:tag.end]
    line = _line(text, tag.start)
    if tag.kind == "comment":
        return None, [], skip_to
    if tag.kind in ("markup", "broken"):
        name = source[:12] if tag.kind == "markup" else tag.name
        return _removal(text, tag.start, tag.end), [Finding(tag.kind, name, line)], skip_to
    if tag.kind == "end":
        allowed = tag.name in sanitise.ALLOWED_ELEMENTS
        return (None if allowed else _removal(text, tag.start, tag.end)), [], skip_to
    if tag.name in sanitise.CONTENT_REMOVED:
        # With what it holds, up to its end tag; without one, up to the end of its block.
        closing = re.compile(rf"</{re.escape(tag.name)}[\s/>]", re.I).search(text, tag.end)
        end = _tag_end(text, closing.start(), len(text)) if closing else None
        end = end or _block_end(text, tag.end, len(text))
        address = dict(sanitise.start_tag_attributes(source, tag.name)).get("src", "")
        return _removal(text, tag.start, end), [Finding("element", tag.name, line,
                                                        address=address)], end
    cleaned = sanitise.clean_start_tag(tag.name, source)
    if not cleaned.text:
        return _removal(text, tag.start, tag.end), [Finding("element", tag.name, line)], \
            skip_to
    findings = [Finding("attribute", name, line, tag.name) for name in cleaned.removed]
    if tag.name == "a" and "href" in cleaned.removed:
        # A link to a forbidden address: its words stay, as text; its end tag then closes
        # nothing and goes too.
        return _removal(text, tag.start, tag.end), findings, skip_to
    if cleaned.text == source:
        return None, findings, skip_to
    return Edit(tag.start, tag.end, cleaned.text), findings, skip_to


def _removal(text: str, start: int, end: int) -> Edit:
    """Taking text out keeps its line breaks, so later lines keep their numbers."""
    return Edit(start, end, "\n" * text.count("\n", start, end))


def _balance(text: str, tags: list[Tag]) -> tuple[list[Edit], list[Tag]]:
    """Close what is left open where its block ends; drop end tags that close nothing.
    Returns the edits, and the tags that were left open."""
    open_tags: list[Tag] = []
    edits: list[Edit] = []
    for tag in tags:
        if tag.name in sanitise.VOID_ELEMENTS or tag.name in OPTIONAL_END:
            continue
        if tag.kind == "start":
            open_tags.append(tag)
        elif tag.kind == "end":
            match = next((i for i in range(len(open_tags) - 1, -1, -1)
                          if open_tags[i].name == tag.name), None)
            if match is None:
                edits.append(_removal(text, tag.start, tag.end))
            else:
                del open_tags[match:]
    closings: dict[int, str] = {}
    for tag in reversed(open_tags):
        end = _block_end(text, tag.start, len(text))
        end = end - 1 if end > 0 and text[end - 1] == "\n" else end
        closings[end] = closings.get(end, "") + f"</{tag.name}>"
    edits += [Edit(position, position, closing) for position, closing in closings.items()]
    return edits, open_tags


def _apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


# -- Markdown that sets addresses and attributes -------------------------------------------
def _forbidden_links(text: str) -> Iterator[tuple[int, str]]:
    """Markdown links and images whose address the policy does not allow: refused."""
    for token in _tokens(text):
        if token.type != "inline" or not token.children or not token.map:
            continue
        line = token.map[0] + 1
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not sanitise.allowed_url(href, "a"):
                    yield line, (f"the link leads to '{_shorten(href)}', which is not allowed: "
                                 "a link may lead to a web address (https://...), an email "
                                 "address (mailto:...), a phone number (tel:...) or a page "
                                 "of this site.")
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                if not sanitise.allowed_url(src, "img"):
                    yield line, (f"the image '{_shorten(src)}' cannot be shown: an image must "
                                 "be a file of this site (like `../images/photo.jpg`) or a "
                                 "web address (https://...).")


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _attribute_lists(text: str) -> list[Finding]:
    """`{ onclick="..." }` after a paragraph, heading or link: what the policy would drop."""
    findings = []
    fences = _layout(text).fences
    offset = 0
    for line in text.split("\n"):
        if any(start <= offset < end for start, end in fences):
            offset += len(line) + 1
            continue
        shown = without_code_spans(line)
        for match in _ATTR_LIST.finditer(shown):
            before = shown[:match.start()]
            if before.endswith("{") or match.group(1)[:1] in ("{", "%", "<"):
                continue  # Hugo's `{{< >}}`, Liquid's `{% %}`: foreign_syntax.py names them
            applies = (not before.strip() or line.lstrip().startswith("#")
                       or before[-1:] in (")", "*", "_", "`", "]"))
            if not applies:
                continue
            attributes, _rest = get_attrs_and_remainder(match.group(1))
            for name, value in attributes:
                if name in (".", "#") or sanitise.allowed_attribute(
                        name, value or name, ATTR_LIST_ELEMENTS):
                    continue
                findings.append(Finding("attr_list", name, _line(text, offset)))
        offset += len(line) + 1
    return findings
