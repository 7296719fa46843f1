"""Our Markdown for what old sites wrote with shortcodes or includes: a picture with a
caption, a video or post from another site as a link (the site loads nothing from other
hosts), a note box as an admonition, and links to other pages of the old site."""

from __future__ import annotations

import re
import shlex
from urllib.parse import quote, unquote

from .body import Body
from .index import SourceIndex
from .model import SourcePage

# A link target the link step resolves: an old page found by a shortcode or tag, or not found.
SOURCE_MARK = "import-source:"
MISSING_MARK = "import-missing:"

EMBEDS = {
    "youtube": ("https://www.youtube.com/watch?v={id}", "YouTube"),
    "vimeo": ("https://vimeo.com/{id}", "Vimeo"),
    "gist": ("https://gist.github.com/{user}/{id}", "GitHub"),
    "tweet": ("https://x.com/{user}/status/{id}", "X"),
    "x": ("https://x.com/{user}/status/{id}", "X"),
    "instagram": ("https://www.instagram.com/p/{id}/", "Instagram"),
}
_WATCH = {"nl": "Bekijk dit op {site}", "en": "View this on {site}"}
VIDEO_HOSTS = ("youtube", "vimeo")  # the site shows these as its own players

ADMONITION_TYPES = {"note", "info", "tip", "warning", "danger", "success", "question",
                    "example", "quote", "abstract", "failure", "bug"}
_ADMONITION_ALIASES = {"error": "danger", "caution": "warning", "important": "warning",
                       "hint": "tip", "alert": "warning", "primary": "info",
                       "secondary": "note", "notice": "note", "callout": "note"}


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's or include's arguments: positional, and `key="value"` (quoted as a
    shell would quote them)."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    positional = [w for w in words if "=" not in w]
    named = dict(w.split("=", 1) for w in words if "=" in w)
    return positional, named


def source_link(page: SourcePage | None, fragment: str, written: str) -> str:
    """The target for a link to an old page; the link step turns it into our path."""
    if page is None:
        return MISSING_MARK + quote(written, safe="")
    anchor = f"#{fragment}" if fragment else ""
    return SOURCE_MARK + quote(page.rel.as_posix()) + anchor


def missing_text(target: str) -> str:
    return unquote(target.removeprefix(MISSING_MARK))


def picture(src: str, alt: str, caption: str) -> str:
    """A picture, with its caption as a line of its own; the caption describes the
    picture when there is no alt text."""
    alt = (alt or caption).replace("[", "(").replace("]", ")").strip()
    text = f"![{alt}]({src.replace(' ', '%20')})"
    if caption and caption.strip() != alt:
        text += f"\n\n*{caption.strip()}*"
    return text


def embed_link(provider: str, values: dict[str, str], lang: str) -> str | None:
    """A video or post on another site as a link, in place of its embedded player. A YouTube
    or Vimeo address on a line of its own becomes the site's click-to-load player
    (video.py): without a title it is written bare, so the player says what it is."""
    pattern, site = EMBEDS[provider]
    try:
        url = pattern.format(**{k: quote(v, safe="") for k, v in values.items()})
    except KeyError:
        return None
    title = values.get("title", "").replace("[", "(").replace("]", ")")
    if provider in VIDEO_HOSTS:
        return f"[{title}]({url})" if title else f"<{url}>"
    return f"[{title or _WATCH.get(lang, _WATCH['en']).format(site=site)}]({url})"


def embed_note(provider: str, alone: bool) -> str:
    """What became of an embedded player, for the report."""
    site = EMBEDS[provider][1]
    if provider in VIDEO_HOSTS and alone:
        return (f"The embedded {site} video is now the site's own player, which loads nothing "
                f"from {site} until the visitor presses play (in the newsletter: a link).")
    return (f"The embedded {provider} is now a link to it: this site loads nothing from other "
            "websites, for its readers' privacy.")


def admonition(kind: str, title: str, inner: str, collapsible: bool = False) -> str:
    """A note box in Material's admonition syntax, keeping the number of lines."""
    kind = kind.lower()
    kind = _ADMONITION_ALIASES.get(kind, kind)
    kind = kind if kind in ADMONITION_TYPES else "note"
    head = ("???" if collapsible else "!!!") + f" {kind}" + (
        f' "{title.replace(chr(34), chr(39))}"' if title else "")
    lines = inner.split("\n")
    first, rest = lines[0].strip(), lines[1:]
    inner_lines = ([first] if first else []) + rest
    indented = [("    " + line) if line.strip() else "" for line in inner_lines]
    return "\n".join([head, *indented]) if first or rest else head


class TagRewriter:
    """A step that replaces an old generator's tags in one page; its notes go to the line
    of the tag being replaced (`line`, set by each replacement)."""

    def __init__(self, body: Body, index: SourceIndex, page: SourcePage, lang: str) -> None:
        self.body = body
        self.index = index
        self.page = page
        self.lang = lang
        self.line = 1

    def _note(self, text: str, needs_you: bool = False) -> None:
        self.body.note(self.line, text, needs_you=needs_you)

    @staticmethod
    def alone(match: re.Match[str]) -> bool:
        """True when a tag has its line to itself."""
        text = match.string
        before = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
        after_end = text.find("\n", match.end())
        after = text[match.end():after_end if after_end >= 0 else len(text)]
        return not before.strip() and not after.strip()
