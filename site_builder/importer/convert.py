"""One old page turned into one of our files: its text rewritten step by step (the old
generator's tags, the title heading, links and pictures), its settings converted and
checked against our schema, and every note pointing at a line of the new file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from ..model import Item
from ..schema import SCHEMAS, CommonMeta, Kind
from .body import TITLE_HEADING, Body
from .context import ImportContext
from .fields import MKDOCS_KEPT, FieldConverter
from .links import LinkRewriter, rewrite_links
from .liquid import rewrite_liquid
from .model import Generator, Note, SourcePage, Target
from .settings import Settings
from .shortcodes import rewrite_shortcodes

_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+")
_KRAMDOWN_TOC = re.compile(r"^(?:[*-][ \t]+[^\n]*\n)?\{:[ \t]*\.?toc[ \t]*\}[ \t]*$", re.M)
_MORE = re.compile(r"<!--\s*more\s*-->")
_EXTRA_BLANKS = re.compile(r"\n(?:[ \t]*\n){2,}")  # left where something was taken out
# A date or time is written as it is (`2026-03-14 10:00`), not as YAML's quoted text.
_PLAIN_KEYS = ("date", "start", "end")
# Settings that may be dropped when our schema or the check refuses them; the importer
# makes the others, and they pass.
DROPPABLE = frozenset({*MKDOCS_KEPT, "audience", "signup", "description", "tags",
                        "categories", "image", "slug"})


@dataclass
class Converted:
    """One new file: its settings and text, kept apart so a setting can still be dropped."""

    page: SourcePage
    kind: Kind
    target: Target
    settings: Settings
    body: str
    body_notes: list[Note]  # lines counted from the body's first line
    new_address: str

    def _front(self) -> list[str]:
        return render_settings(self.settings)

    @property
    def text(self) -> str:
        return "\n".join(self._front()) + "\n\n" + self.body.rstrip() + "\n"

    @property
    def notes(self) -> list[Note]:
        first_body_line = "\n".join(self._front()).count("\n") + 3  # settings, empty line
        in_file = [note.moved(lambda line: line + first_body_line - 1)
                   for note in self.body_notes]
        return [*self.settings.notes, *in_file]

    def setting_at(self, line: int) -> str | None:
        """The setting written on a line of the new file (its comment counts as its own)."""
        number = 2
        for key, value in self.settings.values.items():
            first = number
            number += (key in self.settings.comments) + _yaml_line(key, value).count("\n") + 1
            if first <= line < number:
                return key
        return None

    def drop(self, key: str, why: str) -> None:
        """Leave a setting out, and say so: the check refused its value."""
        value = self.settings.values.pop(key)
        self.settings.comments.pop(key, None)
        self.settings.notes.append(Note(f"Its setting `{key}: {value}` is left out: {why}",
                                        needs_you=True))


def _title(page: SourcePage, body: Body) -> str:
    """The title setting, else the first `# Heading` (taken out of the text, as the site
    shows the title itself), else a title made from the file name."""
    written = page.meta.get("title")
    title = str(written).strip() if written not in (None, "") else ""
    heading = TITLE_HEADING.match(body.text)
    if heading and (not title or heading["text"].strip().casefold() == title.casefold()):
        body.substitute(TITLE_HEADING, lambda match, line: "")
        if not title:
            body.note(None, "Its first heading is now its title.")
            return heading["text"].strip()
        return title
    if title:
        return title
    made = page.slug.replace("-", " ").replace("_", " ").strip().capitalize() or "Pagina"
    body.note(None, f"It had no title; it is now “{made}”, made from its file name. Write a "
              "better one after `title:`.", needs_you=True)
    return made


def _yaml_line(key: str, value: Any) -> str:
    if key in _PLAIN_KEYS and isinstance(value, dict):  # date: {created: ..., updated: ...}
        return "\n".join([f"{key}:", *(f"  {part}: {when}" for part, when in value.items())])
    if key in _PLAIN_KEYS or isinstance(value, bool):
        return f"{key}: {str(value).lower() if isinstance(value, bool) else value}"
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        # `tags: [wmo, jeugd]`, as people write lists here
        return f"{key}: " + yaml.safe_dump(value, allow_unicode=True, width=10_000,
                                           default_flow_style=True).strip()
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False).rstrip("\n")


def render_settings(settings: Settings) -> list[str]:
    """The settings block, with a comment above every value a person must look at."""
    lines = ["---"]
    for key, value in settings.values.items():
        if key in settings.comments:
            lines.append(f"# {settings.comments[key]}")
        lines.append(_yaml_line(key, value))
    lines += [f"# {line}" for line in settings.waiting]
    return [*lines, "---"]


def _checked(kind: Kind, settings: Settings) -> CommonMeta | None:
    """Our settings as the schema reads them. A value the schema refuses (a Material setting
    with a value of another version) is left out and reported, so the file passes."""
    for _ in range(len(settings.values)):
        try:
            return SCHEMAS[kind].model_validate(settings.values)
        except ValidationError as exc:
            keys = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            droppable = keys & DROPPABLE & set(settings.values)
            if not droppable:
                return None
            for key in sorted(droppable):
                settings.notes.append(Note(f"Its setting `{key}: {settings.values.pop(key)}` is "
                                           "left out: this site cannot read that value.",
                                           needs_you=True))
                settings.comments.pop(key, None)
    return None


def _address(context: ImportContext, target: Target, kind: Kind, meta: CommonMeta | None
             ) -> str:
    if meta is None:
        return ""
    item = Item(kind=kind, lang=context.lang, source=target.output, meta=meta, body="",
                body_line=1)
    prefix = "" if context.lang == context.languages[0] else f"{context.lang}/"
    return f"/{prefix}{item.url}"


def convert_page(context: ImportContext, page: SourcePage, kind: Kind) -> Converted:
    target = context.targets[page.rel.as_posix()]
    body = Body(page.body)
    if context.site.generator is Generator.JEKYLL:
        rewrite_liquid(body, context.index, page, context.lang)
        body.substitute(_KRAMDOWN_TOC, lambda match, line: "")
    elif context.site.generator is Generator.HUGO:
        rewrite_shortcodes(body, context.index, page, context.lang)
    title = _title(page, body)
    settings = FieldConverter(context, page, kind, title).convert()
    rewrite_links(body, LinkRewriter(context.index, context.assets, context.targets, page,
                                     context.label))
    if kind is Kind.POST:
        body.substitute(_MORE, lambda match, line: "<!-- more -->")
    body.substitute(_EXTRA_BLANKS, lambda match, line: "\n\n")
    body.substitute(_LEADING_BLANKS, lambda match, line: "")
    meta = _checked(kind, settings)
    new_address = _address(context, target, kind, meta)
    old = page.urls[0] if page.urls else ""
    if new_address and old and old.strip("/") != new_address.strip("/"):
        settings.notes.insert(0, Note(f"Its web address changes from /{old}/ to {new_address}."))
    body_notes = sorted(body.notes, key=lambda note: note.line or 0)
    return Converted(page, kind, target, settings, body.text, body_notes, new_address)
