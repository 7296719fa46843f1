"""The one sanitising policy for HTML that comes from content, and the guard that applies it.

Writers may put HTML in their Markdown (or paste it from Word or a web page). What they may
use is one allow-list, kept here and applied by nh3 (Rust's ammonia): layout and text
elements, `details`, tables, images, links to https/http/mailto/tel or to pages of this site,
and the attributes that Material's Markdown extensions produce. Never `<style>`, `<script>`,
event handlers, `javascript:` or a `url()` in a style.

It is applied twice, with the same rules:
- when content is read (`raw_html.sanitise_markdown`): the HTML in each Markdown file is
  cleaned where the writer wrote it, with a `path:line:` warning for what was removed (an
  `<iframe>` is an error, with what to write instead: sanitise_messages.py);
- as the last step of every Markdown rendering of content (`SanitiseExtension`, a
  Python-Markdown extension used by the email renderer and by the site's MkDocs build), so
  whatever Python-Markdown reads as HTML differently from the first step is cleaned too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any, NamedTuple

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

TEXT_ELEMENTS = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var", "wbr",
}
LAYOUT_ELEMENTS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "ol", "p", "pre", "section", "summary", "ul",
}
TABLE_ELEMENTS = {"caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead",
                  "tr"}
# Content tabs (pymdownx.tabbed) are radio buttons with labels; no other form element.
TAB_ELEMENTS = {"input", "label"}
ALLOWED_ELEMENTS = frozenset(TEXT_ELEMENTS | LAYOUT_ELEMENTS | TABLE_ELEMENTS | TAB_ELEMENTS
                             | {"img"})

# Elements whose content is code or hidden text: removed together with what they hold.
CONTENT_REMOVED = frozenset({
    "script", "style", "iframe", "noscript", "noembed", "noframes", "object", "template",
    "textarea", "title", "xmp", "select", "svg", "math",
})
# Elements whose content a browser does not read as HTML: an unclosed one takes the rest of
# the page with it, so they are cut where the writer's block ends.
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title", "xmp", "iframe",
                               "noembed", "noframes", "noscript", "plaintext"})
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "param", "source", "track", "wbr"})

GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "style"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align", "style"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    # pymdownx.tabbed: `<input type="radio" name=... id=... checked>` and `<label for=...>`
    "input": {"name", "checked"},
    "label": {"for"},
    "div": {"data-tabs"},
}
ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "input": {"type": {"radio"}},
    "a": {"target": {"_blank"}, "rel": {"noopener", "noreferrer", "noopener noreferrer",
                                          "nofollow", "external"}},
}
ARIA_PREFIX = "aria-"
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Only the layout of tables (Markdown's aligned columns) and of images in email.
STYLE_PROPERTIES = frozenset({"text-align", "display", "max-width", "width", "height",
                              "border", "vertical-align"})
_UNSAFE_STYLE = re.compile(r"url\s*\(|expression\s*\(|\\|@import|image-set|javascript:", re.I)

# Material's blog cuts a post's excerpt at this comment; every other comment is removed.
EXCERPT_SEPARATOR = "<!-- more -->"


def _style_filter(_element: str, attribute: str, value: str) -> str | None:
    """A style may set layout, never load anything (a `url()` is a tracking pixel)."""
    if attribute == "style" and _UNSAFE_STYLE.search(value):
        return None
    return value


def _cleaner(elements: frozenset[str], attributes: dict[str, set[str]]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(elements),
        clean_content_tags=set(CONTENT_REMOVED),
        attributes={tag: set(names) for tag, names in attributes.items()},
        tag_attribute_values={tag: {k: set(v) for k, v in values.items()}
                              for tag, values in ATTRIBUTE_VALUES.items()},
        generic_attribute_prefixes={ARIA_PREFIX},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=_style_filter,
        # An <input> of any other type would be a form field in content.
        set_tag_attribute_values={"input": {"type": "radio"}},
        link_rel=None,
        strip_comments=True,
    )


CLEANER = _cleaner(ALLOWED_ELEMENTS, ATTRIBUTES)

# What site-builder itself writes into a writer's text on the site: the click-to-load video
# player (video.py), made from a video line, and a picture's sizes (images/markdown_sizes.py).
# Writers cannot write them: the policy above takes these attributes out when content is
# read, so only site-builder's own parts carry them to the guard.
SITE_PARTS: dict[str, set[str]] = {
    "figure": {"data-sb-video", "data-sb-video-title"},
    "button": {"type", "hidden"},
    "img": {"srcset", "sizes", "decoding"},
}
SITE_CLEANER = _cleaner(ALLOWED_ELEMENTS | set(SITE_PARTS),
                        {tag: ATTRIBUTES.get(tag, set()) | SITE_PARTS.get(tag, set())
                         for tag in {*ATTRIBUTES, *SITE_PARTS}})


def clean(html: str, cleaner: nh3.Cleaner = CLEANER) -> str:
    """`html` with everything outside the policy removed (nh3), comments included."""
    return EXCERPT_SEPARATOR.join(cleaner.clean(part) for part in html.split(EXCERPT_SEPARATOR))


# -- comparing HTML by what a browser makes of it --------------------------------------------
class Event(NamedTuple):
    kind: str  # "start", "end" or "text"
    name: str  # the element, or the text
    attrs: tuple[tuple[str, str], ...] = ()


class _Events(HTMLParser):
    """Every guarded rendering is read twice (as written and as cleaned), so this runs over
    all the site's text: texts are joined once at the end, not at every piece."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []
        self._text: list[str] = []

    def _flush(self) -> None:
        if self._text:
            self.events.append(Event("text", "".join(self._text)))
            self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        values = ((k, _spelling(k, v or "")) for k, v in attrs)
        self.events.append(Event("start", tag, tuple(sorted(values))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.events.append(Event("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS:
            self._flush()
            self.events.append(Event("end", tag))

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _spelling(attribute: str, value: str) -> str:
    """A style as nh3 writes it: `text-align: left;` is `text-align:left`."""
    if attribute != "style":
        return value
    return ";".join(re.sub(r"\s*:\s*", ":", part.strip()) for part in value.split(";")
                    if part.strip())


def events(html: str) -> list[Event]:
    """The elements, attributes and text of `html`, whatever its spelling (quotes, entities,
    `<br />` or `<br>`); whitespace-only text is left out."""
    parser = _Events()
    parser.feed(html)
    parser.close()
    # A browser adds <tbody> to a table without one: not a difference that matters.
    return [e for e in parser.events
            if (e.kind != "text" or e.name.strip()) and e.name != "tbody"]


class _Rewritten(HTMLParser):
    """What `_Events` reads, written out again the way html5ever writes HTML (and so nh3):
    lower-case names, attributes in their order with double quotes, `<br>` without a
    slash, `&`, `<`, `>` and no-break spaces as entities, a style as nh3 spells it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = "".join(f' {name}="{_escaped(_spelling(name, value or ""), _IN_ATTRIBUTE)}"'
                          for name, value in attrs)
        self.parts.append(f"<{tag}{written}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(_escaped(data, _IN_TEXT))

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")


_IN_TEXT = (("&", "&amp;"), ("\xa0", "&nbsp;"), ("<", "&lt;"), (">", "&gt;"))
_IN_ATTRIBUTE = (("&", "&amp;"), ("\xa0", "&nbsp;"), ('"', "&quot;"))


def _escaped(text: str, entities: tuple[tuple[str, str], ...]) -> str:
    for character, entity in entities:
        if character in text:
            text = text.replace(character, entity)
    return text


def _rewritten(html: str) -> str:
    parser = _Rewritten()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def guard(html: str, cleaner: nh3.Cleaner = CLEANER) -> str:
    """`html` unchanged when it keeps the policy; otherwise its cleaned version.

    Usually the cleaned text is `html` written as html5ever writes it: then the cleaner took
    nothing out, and reading the one text is enough (`_rewritten` writes out all that
    `events` reads, in a form it reads back the same, so the events of both are equal).
    Otherwise both are read and their events compared."""
    cleaned = clean(html, cleaner)
    if "<!--" in html.replace(EXCERPT_SEPARATOR, ""):
        return cleaned
    if _rewritten(html) == cleaned or events(cleaned) == events(html):
        return html
    return cleaned


# -- one start tag, as the writer wrote it -----------------------------------------------------
# Elements that the HTML parser only accepts inside another one.
_CONTEXT = {
    "td": ("<table><tr>", "</tr></table>"), "th": ("<table><tr>", "</tr></table>"),
    "tr": ("<table>", "</table>"), "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"), "tfoot": ("<table>", "</table>"),
    "caption": ("<table>", "</table>"), "colgroup": ("<table>", "</table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
}


MARKDOWN_ATTRIBUTE = "markdown"


@dataclass(frozen=True)
class CleanTag:
    text: str  # the start tag to write instead; "" when the element is not allowed
    removed: tuple[str, ...]  # the attributes taken out (or cut down, a style), as written


def clean_start_tag(name: str, text: str) -> CleanTag:
    """One start tag (`<a href=... onclick=...>`), cleaned by the policy."""
    name = name.lower()
    written = start_tag_attributes(text, name)
    if name not in ALLOWED_ELEMENTS or (
            name == "input" and dict(written).get("type", "").lower() != "radio"):
        return CleanTag("", tuple(k for k, _ in written))
    before, after = _CONTEXT.get(name, ("", ""))
    closing = "" if name in VOID_ELEMENTS else f"</{name}>"
    kept = start_tag_attributes(CLEANER.clean(f"{before}{text}{closing}{after}"), name)
    # md_in_html's `markdown` attribute tells Python-Markdown to read what the element holds
    # as Markdown; it never reaches the HTML.
    kept += [(k, v) for k, v in written if k == MARKDOWN_ATTRIBUTE]
    kept.sort()
    removed = tuple(k for k, v in written if (k, v) not in kept)
    if written == kept:
        return CleanTag(text, ())
    rebuilt = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in kept)
    end = " />" if name in VOID_ELEMENTS and text.rstrip().endswith("/>") else ">"
    return CleanTag(f"<{name}{rebuilt}{end}", removed)


def start_tag_attributes(html: str, name: str) -> list[tuple[str, str]]:
    """The attributes of the first `name` element in `html`."""
    found = next((e for e in events(html) if e.kind == "start" and e.name == name), None)
    return list(found.attrs) if found else []



def allowed_url(url: str, element: str = "a") -> bool:
    """Whether a link (`a`) or an image (`img`) may lead to `url` under the policy."""
    attribute = "href" if element == "a" else "src"
    tag = f'<{element} {attribute}="{escape(url, quote=True)}">'
    return dict(start_tag_attributes(CLEANER.clean(tag), element)).get(attribute) is not None


def allowed_attribute(name: str, value: str, elements: tuple[str, ...] = ("span",)) -> bool:
    """Whether an attribute set with Markdown's `{ name=value }` may stay, as written, on one
    of `elements` (what the attribute list is attached to)."""
    for element in elements:
        tag = clean_start_tag(element, f'<{element} {name}="{escape(value, quote=True)}">')
        if tag.text and not tag.removed:
            return True
    return False


# -- the guard inside every Markdown rendering -------------------------------------------------
# On the site, content sits between parts that site-builder writes itself (a contact card, a
# sign-up form); these comments mark where content starts and ends. Content cannot forge them:
# comments in content never reach the rendering (raw_html.py).
CONTENT_START = "<!--sb:content-->"
CONTENT_END = "<!--/sb:content-->"


def mark_content(markdown_text: str) -> str:
    """Markdown of a writer, marked so the guard cleans it on a page with other parts."""
    return f"{CONTENT_START}\n\n{markdown_text.strip()}\n\n{CONTENT_END}"


def _marked_parts(html: str) -> Iterator[tuple[bool, str]]:
    position = 0
    while (start := html.find(CONTENT_START, position)) >= 0:
        end = html.find(CONTENT_END, start)
        end = len(html) if end < 0 else end
        yield False, html[position:start]
        yield True, html[start + len(CONTENT_START):end]
        position = min(len(html), end + len(CONTENT_END))
        if html.startswith("\n\n", position):  # the blank line after the marker's block
            position += 1
    yield False, html[position:]


class _Guard(Postprocessor):
    def __init__(self, md: markdown.Markdown, marked_only: bool):
        super().__init__(md)
        self.marked_only = marked_only

    def run(self, text: str) -> str:
        if not self.marked_only:
            return guard(text)
        # The markers' own lines go with them, so the page reads as without them.
        return "".join(guard(part.strip("\n"), SITE_CLEANER) if is_content else part
                       for is_content, part in _marked_parts(text))


class SanitiseExtension(Extension):
    """The policy as the last step of a Python-Markdown rendering. `marked_only`: clean only
    what `mark_content` marked (a site page); otherwise the whole rendering (an email part)."""

    def __init__(self, **kwargs: Any):
        self.config = {"marked_only": [False, "clean only content between the markers"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After raw HTML is put back (30) and `&` restored (20): the final HTML.
        md.postprocessors.register(_Guard(md, bool(self.getConfig("marked_only"))),
                                   "site_builder_sanitise", 1)


def makeExtension(**kwargs: Any) -> SanitiseExtension:
    """So MkDocs can name it in `markdown_extensions` as `site_builder.sanitise`."""
    return SanitiseExtension(**kwargs)
