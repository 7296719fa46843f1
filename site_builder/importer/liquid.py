"""Jekyll's Liquid in a page's text, rewritten as plain Markdown: `{{ site.baseurl }}`
and `relative_url` disappear from addresses, `{% link %}` and `{% post_url %}` become
links to the imported files, figure and video includes become a picture and a link, and
template code that has no meaning here is taken out and reported."""

from __future__ import annotations

import re
from typing import Any

from .body import Body
from .index import SourceIndex
from .model import Note, SourcePage
from .snippets import (
    EMBEDS,
    TagRewriter,
    arguments,
    embed_link,
    embed_note,
    picture,
    source_link,
)

_LIQUID = re.compile(
    r"(?P<raw>\{%-?\s*raw\s*-?%\}(?P<raw_text>.*?)\{%-?\s*endraw\s*-?%\})"
    r"|(?P<comment>\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
    r"|\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}"
    r"|\{\{-?(?P<output>.*?)-?\}\}",
    re.S,
)
_QUOTED_FILTERED = re.compile(r"""^\s*(["'])(?P<path>[^"']*)\1\s*\|\s*"""
                              r"(relative_url|absolute_url|prepend:\s*site\.baseurl)")
_SITE_ADDRESS = re.compile(
    r"^\s*site\.(baseurl|url)\s*(\|\s*(append|prepend):\s*site\.(baseurl|url)\s*)?$")
_VARIABLE = re.compile(r"^\s*(page|site)\.(\w+)\s*$")
_TEMPLATE_TAGS = {"if", "elsif", "else", "endif", "unless", "endunless", "for", "endfor",
                  "case", "when", "endcase", "assign", "capture", "endcapture", "cycle",
                  "increment", "decrement", "break", "continue"}
_FIGURE_INCLUDES = ("figure", "image", "img", "picture")
_VIDEO_INCLUDES = ("video", "youtube", "vimeo", "youtubeplayer")


def rewrite_liquid(body: Body, index: SourceIndex, page: SourcePage, lang: str) -> None:
    liquid = _Liquid(body, index, page, lang)
    body.substitute(_LIQUID, liquid.replace)
    for line, tags in liquid.template_code.items():  # one note a line for `{% if %}…{% endif %}`
        body.notes.append(Note(f"The old site's template code {', '.join(tags)} is taken out; "
                               "the text around it stays. Check that it still reads well.", line,
                               needs_you=True))


class _Liquid(TagRewriter):
    def __init__(self, body: Body, index: SourceIndex, page: SourcePage, lang: str) -> None:
        super().__init__(body, index, page, lang)
        self.template_code: dict[int, list[str]] = {}

    def replace(self, match: re.Match[str], line: int) -> str:
        self.line = line
        if match["raw"] is not None:
            return match["raw_text"]
        if match["comment"] is not None:
            return "\n" * match[0].count("\n")
        if match["tag"] is not None:
            return self._tag(match["tag"], match["args"].strip(), match)
        return self._output(match["output"].strip(), match[0])

    def _tag(self, tag: str, args: str, match: re.Match[str]) -> str:
        written = match[0]
        if tag == "highlight":
            language = args.split()[0] if args else ""
            return f"```{language}"
        if tag == "endhighlight":
            return "```"
        if tag == "link":
            target = args.split()[0] if args else ""
            return source_link(self.index.by_rel(target), "", target)
        if tag == "post_url":
            name = args.split()[0] if args else ""
            return source_link(self.index.by_post_name(name), "", name)
        if tag == "include":
            return self._include(args, match)
        if tag in _TEMPLATE_TAGS:
            self.template_code.setdefault(self.line, []).append(f"`{written}`")
            return ""
        self._note(f"`{written}` (a Jekyll tag) has no meaning here and is taken out. Add by "
                   "hand what it showed, if it mattered.", needs_you=True)
        return ""

    def _include(self, args: str, match: re.Match[str]) -> str:
        written = match[0]
        positional, named = arguments(args)
        name = (positional[0] if positional else "").lower().removesuffix(".html")
        if name.startswith(_FIGURE_INCLUDES):
            src = named.get("image_path") or named.get("src") or named.get("url") or ""
            # The link step reports the picture: copied, missing or left out.
            return picture(src, named.get("alt", ""), named.get("caption", ""))
        if name.startswith(_VIDEO_INCLUDES):
            provider = named.get("provider", "youtube" if "vimeo" not in name else "vimeo")
            video_id = named.get("id") or (positional[1] if len(positional) > 1 else "")
            link = embed_link(provider, {"id": video_id, "title": named.get("title", "")},
                              self.lang) if provider in EMBEDS and video_id else None
            if link:
                self._note(embed_note(provider, self.alone(match)))
                return link
        self._note(f"`{written}` put a piece of the old site's design here; it is taken out. "
                   "Add by hand what it showed, if it mattered.", needs_you=True)
        return ""

    def _output(self, expression: str, written: str) -> str:
        quoted = _QUOTED_FILTERED.match(expression)
        if quoted:
            return quoted["path"]
        if _SITE_ADDRESS.match(expression):
            return ""
        variable = _VARIABLE.match(expression)
        if variable:
            source: dict[str, Any] = self.page.meta if variable[1] == "page" else (
                self.index.site.settings)
            value = source.get(variable[2])
            if isinstance(value, str | int | float):
                self._note(f"`{written}` is replaced by what it showed: {value}.")
                return str(value)
        self._note(f"`{written}` (a Jekyll value) is taken out: it has no meaning here.",
                   needs_you=True)
        return ""
