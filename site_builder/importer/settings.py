"""Reading an old page's settings while writing ours: which settings were used, and the
notes (what changed, what a person must do) that go with them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..schema import SCHEMAS, Kind
from .context import ImportContext
from .file_comments import to_check
from .model import Note, SourcePage


@dataclass
class Settings:
    """Our settings for one file, in the order they are written, with a comment above any
    value a person must look at, and commented-out lines for what is not ready yet."""

    values: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def dig(meta: dict[str, Any], dotted: str) -> Any:
    """`header.image` from `header: {image: ...}`."""
    value: Any = meta
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


class SettingsReader:
    """The old settings of one page and our settings in the making."""

    def __init__(self, context: ImportContext, page: SourcePage, kind: Kind) -> None:
        self.context = context
        self.page = page
        self.meta = page.meta
        self.kind = kind
        self.used: set[str] = set()
        self.out = Settings()
        target = context.targets[page.rel.as_posix()]
        self.output = target.output
        self.draft = target.draft
        self.fields = SCHEMAS[kind].model_fields

    def take(self, *keys: str) -> tuple[str, Any]:
        """The first of `keys` that has a value, and which key it was (all marked used)."""
        found: tuple[str, Any] = ("", None)
        for key in keys:
            self.used.add(key.split(".")[0])
            value = dig(self.meta, key)
            if found[1] is None and value not in (None, "", [], {}):
                found = (key, value)
        return found

    def changed(self, text: str) -> None:
        self.out.notes.append(Note(text))

    def needs_you(self, text: str, key: str | None = None, comment: str | None = None) -> None:
        """A note for a person; with `key`, also a comment above that setting in the file."""
        self.out.notes.append(Note(text, needs_you=True))
        if key and comment:
            self.out.comments[key] = to_check(comment, self.context.lang)
