"""A newsletter issue: a Markdown file in newsletters/ with its settings and intro."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import field_validator

from ..frontmatter import parse_markdown, read_text
from ..model import Content, Item, KeyLines
from ..problems import Problems, did_you_mean_path
from ..raw_html import sanitise_markdown
from ..schema import LocalDateTime, Text, _Schema
from ..settings_problems import validate_meta


class Readers(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class IssueMeta(_Schema):
    subject: Text
    audience: Readers
    lang: str
    date: LocalDateTime
    preheader: str | None = None
    items: tuple[str, ...] | None = None
    partner_news: bool | None = None

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("nl", "en"):
            raise ValueError(f"must be `nl` or `en`; found '{value}'.")
        return value


@dataclass(frozen=True)
class Issue(KeyLines):
    """One newsletter issue, validated; `items` are the featured content, in order."""

    path: Path
    shown: str
    meta: IssueMeta
    intro: str
    intro_line: int
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def is_external(self) -> bool:
        return self.meta.audience is Readers.EXTERNAL

    @property
    def wants_partner_news(self) -> bool:
        if self.meta.partner_news is not None:
            return self.meta.partner_news
        return self.is_external

    @property
    def preheader(self) -> str:
        return self.meta.preheader or ""



def load_issue(path: Path, shown: str, problems: Problems) -> Issue | None:
    text = read_text(path, shown, problems)
    parsed = parse_markdown(text, shown, problems) if text is not None else None
    if parsed is None:
        return None
    meta = validate_meta(IssueMeta, parsed.meta, shown, problems)
    if meta is None:
        return None
    intro = sanitise_markdown(parsed.body, shown, parsed.body_line, problems)
    return Issue(path=path, shown=shown, meta=meta, intro=intro,
                 intro_line=parsed.body_line, key_lines=dict(parsed.meta.lines))


def check_featured(issue: Issue, content: Content, now: datetime, problems: Problems) -> None:
    """Explicit items must exist, be in the issue's language, be published, and be public
    for an external issue: an internal item in an external newsletter is an error."""
    for index, source in enumerate(issue.meta.items or ()):
        line = issue.line_of(f"items.{index}")
        item = content.item(source)
        if item is None:
            hint = did_you_mean_path(source, [i.source for i in content.items])
            problems.error(issue.shown, line, f"the item '{source}' does not exist.{hint} "
                           "Write its path from the content folder, like "
                           "`nl/blog/posts/nieuws.md`.")
            continue
        _check_item(issue, item, line, now, problems)


def _check_item(issue: Issue, item: Item, line: int, now: datetime, problems: Problems) -> None:
    if issue.is_external and not item.is_public:
        problems.error(issue.shown, line, f"'{item.source}' is internal and this issue goes "
                       "to external readers. Remove it from `items`, or send it in an "
                       "internal issue.")
    if item.lang != issue.meta.lang:
        problems.error(issue.shown, line, f"'{item.source}' is not in the issue's language "
                       f"({issue.meta.lang}). Feature its counterpart instead.")
    if not item.is_published(max(now, issue.meta.date)):
        problems.error(issue.shown, line, f"'{item.source}' is not published yet (a draft, or "
                       "dated after this issue), so its link would not work.")
