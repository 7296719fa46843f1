"""Links and pictures in an imported page's text: a link to an imported page becomes our
relative `.md` path, a picture or download found in the old site is copied and linked, and
whatever cannot be found is left as plain text (links) or left out (pictures) and reported,
so the result has no broken link."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify

from .assets import PICTURE_FOLDER, AssetPlan, is_picture
from .body import Body
from .detect import MARKDOWN_SUFFIXES
from .index import SourceIndex
from .model import SourcePage, Target
from .snippets import MISSING_MARK, SOURCE_MARK, missing_text

_TARGET = r"(?P<target><[^>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
_INLINE = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(" + _TARGET
                     + r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_DEFINITION = re.compile(r"^(?P<indent> {0,3})\[(?P<label>[^\]\n]+)\]:[ \t]*"
                         r"(?P<target><[^>\n]*>|\S+)(?P<rest>[^\n]*)$", re.M)
_HTML = re.compile(r"<(?P<tag>img|a)\b(?P<before>[^>]*?)\b(?P<attr>src|href)\s*=\s*"
                   r"(?P<q>[\"'])(?P<target>[^\"'>]*)(?P=q)(?P<after>[^>]*)>", re.I)
_WEB_SCHEMES = ("http", "https", "")
# A `{{< ref >}}` or `{% link %}` written outside a link: left over after the links are done.
_LEFTOVER = re.compile("(?:" + re.escape(SOURCE_MARK) + "|" + re.escape(MISSING_MARK)
                       + r")[^\s)\]\"'<>]*")
_LABEL = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]+)\](?:\[(?P<label>[^\]\n]*)\])?(?![(:\[])")


@cache
def heading_ids(text: str) -> frozenset[str]:
    """The ids the site will give a page's headings (toc and attr_list, as in mkdocs.yml)."""
    renderer = markdown.Markdown(extensions=["toc", "attr_list"])
    renderer.convert(text)
    found: set[str] = set()
    stack = list(renderer.toc_tokens)  # type: ignore[attr-defined]
    while stack:
        token = stack.pop()
        found.add(token["id"])
        stack.extend(token["children"])
    return frozenset(found)


@dataclass(frozen=True)
class Outcome:
    """What becomes of one link or picture: its new target, or None to leave it out (a link
    becomes plain text, a picture goes). `note` says why, as the end of a sentence."""

    target: str | None
    note: str = ""
    needs_you: bool = False


class LinkRewriter:
    """Decides, for one page, what becomes of each of its links and pictures."""

    def __init__(self, index: SourceIndex, assets: AssetPlan, targets: Mapping[str, Target],
                 page: SourcePage, label: str) -> None:
        self.index = index
        self.assets = assets
        self.targets = targets
        self.page = page
        self.own = targets[page.rel.as_posix()]
        self.label = label

    def _relative(self, target: str) -> str:
        return quote(posixpath.relpath(target, posixpath.dirname(self.own.output)))

    def _fragment(self, target_page: SourcePage, fragment: str) -> str | None:
        """The anchor as our headings will have it ('' for none); None when it is gone."""
        if not fragment:
            return ""
        ids = heading_ids(target_page.body)
        if fragment in ids:
            return f"#{fragment}"
        guess = slugify(unquote(fragment).replace("-", " "), "-")
        return f"#{guess}" if guess in ids else None

    def link(self, written: str) -> Outcome:
        target = written.strip("<>")
        if target.startswith(MISSING_MARK):
            return Outcome(None, f"led to `{missing_text(target)}`, which is not among the old "
                           "site's pages", True)
        if target.startswith(SOURCE_MARK):
            rest, _, fragment = target.removeprefix(SOURCE_MARK).partition("#")
            return self._to_page(self.index.by_rel(unquote(rest)), fragment, written)
        parts = urlsplit(target)
        if not target or target.startswith("#"):
            anchor = self._fragment(self.page, parts.fragment)
            if anchor is None:
                return Outcome(None, f"led to `{target}`, which is not one of the page's "
                               "headings", True)
            return Outcome(anchor or written)
        internal = parts.scheme in _WEB_SCHEMES and (
            not parts.netloc or (parts.hostname or "").lower() in self.index.site.hosts)
        if not internal:
            return Outcome(written)
        path = unquote(parts.path)
        if path.endswith(MARKDOWN_SUFFIXES):
            return self._to_page(self.index.by_file(path, self.page), parts.fragment, written)
        found = self.index.by_address(path, self.page)
        if found is None:
            file = self.index.find_file(target, self.page)
            if file is not None:
                placed = self.assets.place(file)
                return Outcome(self._relative(placed), f"the file it leads to is copied to "
                               f"{self.label}/{placed}")
            found = self.index.by_slug(path)
            if found is None:
                return Outcome(None, f"led to `{target}` on the old site, which is not among the "
                               "imported pages", True)
        return self._to_page(found, parts.fragment, written)

    def _to_page(self, found: SourcePage | None, fragment: str, written: str) -> Outcome:
        target = self.targets.get(found.rel.as_posix()) if found else None
        if found is None or target is None:
            shown = found.shown if found else written
            return Outcome(None, f"led to `{shown}`, which is not imported", True)
        if target.draft and not self.own.draft:
            return Outcome(None, f"leads to {self.label}/{target.output}, which is a draft (put "
                           "the link back once that page is published)", True)
        if target.exists:
            return Outcome(self._relative(target.output), f"leads to {self.label}/"
                           f"{target.output}, which was there before the import (the old page "
                           "did not replace it): check that it is the right page", True)
        anchor = self._fragment(found, fragment)
        if anchor is None:
            return Outcome(self._relative(target.output), "now leads to the top of "
                           f"{self.label}/{target.output}: its part `#{fragment}` is not one of "
                           "that page's headings", True)
        return Outcome(self._relative(target.output) + anchor)

    def picture(self, written: str, alt: str) -> Outcome:
        target = written.strip("<>")
        parts = urlsplit(target)
        name = PurePosixPath(parts.path).name or target
        if parts.scheme == "data":
            return Outcome(None, "A picture stored inside the page (a `data:` address) is left "
                           "out: add it as a file in the pictures folder", True)
        if parts.scheme and (parts.hostname or "").lower() not in self.index.site.hosts:
            return Outcome(None, f"The picture {target} comes from another website and is left "
                           "out: this site loads nothing from other websites. Download it, put "
                           f"it in {self.label}/{PICTURE_FOLDER}/ and add "
                           "it again", True)
        file = self.index.find_file(target, self.page)
        if file is None:
            return Outcome(None, f"The picture `{target}` was not found in the old site's "
                           "folder, so it is left out. Add it again if you have it", True)
        placed = self.assets.place(file)
        relative = self._relative(placed)
        if not alt.strip():
            return Outcome(None, f"The picture {name} has no description, so it is left out "
                           f"(it is copied to {self.label}/{placed}). Put it back with a "
                           f"description of what it shows: `![what it shows]({relative})`", True)
        return Outcome(relative, f"The picture {name} is copied to {self.label}/{placed}")


def rewrite_links(body: Body, rewriter: LinkRewriter) -> None:
    """Every link and picture in Markdown (inline and reference style) and in HTML tags."""
    dropped_labels: set[str] = set()

    def link_note(line: int, text: str, outcome: Outcome, html: bool = False) -> None:
        if not outcome.note:
            return
        what = f"The link “{_plain(text)}”" + (" (written in HTML)" if html else "")
        if outcome.target is None:
            sentence = f"{what} {outcome.note}; it is now plain text."
        elif html and outcome.needs_you:
            sentence = f"{what} {outcome.note}. Change or remove it by hand."
        elif outcome.needs_you:
            sentence = f"{what} {outcome.note}."
        else:
            sentence = f"{what}: {outcome.note}."
        body.note(line, sentence, needs_you=outcome.needs_you)

    def picture_note(line: int, outcome: Outcome) -> None:
        body.note(line, outcome.note + ".", needs_you=outcome.needs_you)

    def inline(match: re.Match[str], line: int) -> str:
        text = match["text"]
        if match["bang"]:
            outcome = rewriter.picture(match["target"], text)
            picture_note(line, outcome)
            return "" if outcome.target is None else (
                f"![{text}]({outcome.target}{match['title'] or ''})")
        text = _INLINE.sub(lambda inner: inline(inner, line), text)
        outcome = rewriter.link(match["target"])
        link_note(line, text, outcome)
        if outcome.target is None or not text.strip():
            return text
        return f"[{text}]({outcome.target}{match['title'] or ''})"

    def definition(match: re.Match[str], line: int) -> str:
        if is_picture(PurePosixPath(urlsplit(match["target"].strip("<>")).path)):
            outcome = rewriter.picture(match["target"], match["label"])
            picture_note(line, outcome)
        else:
            outcome = rewriter.link(match["target"])
            link_note(line, match["label"], outcome)
        if outcome.target is None:
            dropped_labels.add(match["label"].casefold())
            return ""
        return f"{match['indent']}[{match['label']}]: {outcome.target}{match['rest']}"

    def label(match: re.Match[str], line: int) -> str:
        name = (match["label"] or match["text"]).casefold()
        if name not in dropped_labels:
            return match[0]
        return "" if match["bang"] else match["text"]

    def html(match: re.Match[str], line: int) -> str:
        if match["tag"].lower() == "img":
            alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)", match[0], re.I)
            outcome = rewriter.picture(match["target"], alt.group(1) if alt else "")
            picture_note(line, outcome)
            if outcome.target is None:
                return ""
        else:
            outcome = rewriter.link(match["target"])
            link_note(line, match["target"], outcome, html=True)
            if outcome.target is None:  # the tag stays, and leads where it led
                return match[0]
        return (f"<{match['tag']}{match['before']}{match['attr']}={match['q']}{outcome.target}"
                f"{match['q']}{match['after']}>")

    body.substitute(_DEFINITION, definition, skip_lines=body.code_lines())
    if dropped_labels:
        body.substitute(_LABEL, label, skip_lines=body.code_lines())
    body.substitute(_INLINE, inline, skip_lines=body.code_lines())
    body.substitute(_HTML, html, skip_lines=body.code_lines())

    def leftover(match: re.Match[str], line: int) -> str:
        body.note(line, "A reference to another page of the old site stood here outside a "
                  "link; it is taken out. Write a link there if it is needed.", needs_you=True)
        return ""

    body.substitute(_LEFTOVER, leftover)


def _plain(text: str) -> str:
    return re.sub(r"!\[[^\]]*\]\([^)]*\)|[*_`]", "", text).strip() or "(a picture)"
