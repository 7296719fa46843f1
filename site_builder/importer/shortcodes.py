"""Hugo's shortcodes in a page's text, rewritten as plain Markdown: `figure` becomes a
picture, `youtube`, `vimeo` and other embeds become links, `ref` and `relref` become links to
the imported files, note boxes become admonitions, `highlight` becomes a code block, and
shortcodes of a theme are taken out and reported."""

from __future__ import annotations

import re

from .body import Body
from .index import SourceIndex
from .model import SourcePage
from .snippets import (
    EMBEDS,
    TagRewriter,
    admonition,
    arguments,
    embed_link,
    embed_note,
    picture,
    source_link,
)

_BOXES = ("notice", "alert", "callout", "hint", "admonition", "note", "tip", "warning", "info",
          "details", "expand", "collapse")
_BOX = re.compile(
    r"\{\{[<%]\s*(?P<name>" + "|".join(_BOXES) + r")\b(?P<args>.*?)\s*[>%]\}\}"
    r"(?P<inner>.*?)\{\{[<%]\s*/(?P=name)\s*[>%]\}\}", re.S)
_SHORTCODE = re.compile(r"\{\{(?P<delim>[<%])\s*(?P<escaped>/\*)?(?P<inner>.*?)(?(escaped)\*/)"
                        r"\s*[>%]\}\}", re.S)


def rewrite_shortcodes(body: Body, index: SourceIndex, page: SourcePage, lang: str) -> None:
    shortcodes = _Shortcodes(body, index, page, lang)
    body.substitute(_BOX, shortcodes.box)
    body.substitute(_SHORTCODE, shortcodes.replace)


class _Shortcodes(TagRewriter):
    def box(self, match: re.Match[str], line: int) -> str:
        self.line = line
        positional, named = arguments(match["args"])
        name = match["name"]
        kind = named.get("type") or named.get("theme") or named.get("context") or (
            positional[0] if positional else name)
        title = named.get("title") or named.get("summary") or ""
        collapsible = name in ("details", "expand", "collapse")
        self._note(f"The `{name}` box is now a note box (admonition) of this site.")
        return admonition(kind if not collapsible else "note", title, match["inner"],
                          collapsible=collapsible)

    def replace(self, match: re.Match[str], line: int) -> str:
        self.line = line
        if match["escaped"]:  # {{</* figure */>}}: Hugo shows the shortcode itself
            return "{{" + match["delim"] + match["inner"] + match["delim"].replace(
                "<", ">") + "}}"
        inner = match["inner"].strip()
        closing = inner.startswith("/")
        name, _, args = inner.lstrip("/").strip().partition(" ")
        positional, named = arguments(args)
        if name == "highlight":
            return "```" if closing else "```" + (positional[0] if positional else "")
        if closing:
            return ""  # the opening shortcode said what happens to this pair
        if name in ("ref", "relref"):
            target = positional[0] if positional else named.get("path", "")
            path, _, fragment = target.partition("#")
            return source_link(self.index.by_ref(path, self.page), fragment, target)
        if name == "figure":
            # The link step reports the picture: copied, missing or left out.
            return picture(named.get("src", ""), named.get("alt", ""),
                           named.get("caption") or named.get("title", ""))
        if name in EMBEDS:
            values = dict(named)
            if positional:
                keys = ("user", "id") if len(positional) > 1 else ("id",)
                values.update(zip(keys, positional, strict=False))
            link = embed_link(name, values, self.lang)
            if link:
                self._note(embed_note(name, self.alone(match)))
                return link
        if name == "param" and positional:
            params = self.index.site.settings.get("params") or {}
            value = params.get(positional[0]) if isinstance(params, dict) else None
            if isinstance(value, str | int | float):
                self._note(f"`{match[0]}` is replaced by what it showed: {value}.")
                return str(value)
        self._note(f"`{match[0]}` (a Hugo shortcode) has no meaning here and is taken out. Add "
                   "by hand what it showed, if it mattered.", needs_you=True)
        return ""
