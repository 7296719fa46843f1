"""Personal fields are data: one cleaning for every way a name comes in.

A name arrives from a CSV import, the sign-up form or a caller of the store, and ends up
in a `To:` header, an email greeting and a spreadsheet. Whatever was typed, what is kept
is one line of visible text: control and format characters (Unicode category C: tab, CR,
LF, NUL, bidi overrides, zero-width characters and the like) are dropped, runs of
whitespace become one space, and it is cut at MAX_NAME characters.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 100
# Line and field separators become a space rather than vanish, so "Ann\tde Wit" keeps its
# word break; every other character of category C goes without a trace.
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")


def visible_text(text: str) -> str:
    """`text` on one line: category C removed, whitespace collapsed, ends trimmed."""
    text = unicodedata.normalize("NFC", _BREAKS.sub(" ", text))
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def clean_name(text: str | None) -> str | None:
    """A subscriber's name as it is stored and used; None when nothing visible is left."""
    if text is None:
        return None
    cleaned = visible_text(text)[:MAX_NAME].rstrip()
    return cleaned or None
