"""Subscriber data as rows for a spreadsheet, safe to open (OWASP: CSV injection).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: `=HYPERLINK(...)` in a name would become a live link in
the staff member's Excel. Every such cell gets a leading `'`, which spreadsheets take as
"this is text" and do not show. Every field is quoted, and no cell holds a line break
or tab, so no value can start a row or a column of its own.

The importer takes the `'` off again (`restored_cell`), so an export imports unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

from .names import visible_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
TEXT_MARK = "'"


def safe_cell(value: object) -> str:
    """One cell: on one line, and never a formula."""
    text = visible_text("" if value is None else str(value))
    return TEXT_MARK + text if text.startswith(FORMULA_STARTS) else text


def restored_cell(text: str) -> str:
    """A cell as it was before `safe_cell` marked it as text."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_table(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]],
                delimiter: str = ",", line_end: str = "\r\n") -> None:
    writer = csv.writer(stream, delimiter=delimiter, quoting=csv.QUOTE_ALL,
                        lineterminator=line_end)
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
