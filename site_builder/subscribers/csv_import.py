"""Reading a CSV of subscribers: every row checked, every problem reported with its line.

Pure: text in, rows and problems out. The store writes the rows; this module never
touches it, so a file with errors can be refused before anything is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass

from ..problems import Problem, Problems, did_you_mean
from .addresses import InvalidAddress, address_key, checked_address
from .names import clean_name
from .spreadsheet import restored_cell

# Column names as people write them, in both languages; the first is the one we document.
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "emailadres", "e-mailadres", "email address", "mail"),
    "name": ("name", "naam", "full name"),
    "language": ("language", "taal", "lang"),
}
REQUIRED = ("email",)
# Columns of `subscribers export --list --csv` that an import passes by: consent is what
# the person gave for *this* list, recorded anew (--source).
EXPORT_ONLY = ("status", "consent_at", "consent_source")


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    name: str | None
    language: str | None


@dataclass(frozen=True)
class ReadCsv:
    rows: tuple[ImportRow, ...]
    problems: tuple[Problem, ...]
    merged: int  # rows that repeated an earlier address and were merged into it

    @property
    def rejected(self) -> int:
        return len({p.line for p in self.problems if p.is_error})


def _delimiter(header: str) -> str:
    """Spreadsheets with a Dutch locale save CSV with semicolons; others with commas."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str], shown: str, problems: Problems) -> dict[str, int]:
    aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        label = raw.strip().lower()
        name = aliases.get(label)
        if label in EXPORT_ONLY:
            continue
        if name is None:
            problems.error(shown, 1, f"unknown column `{raw.strip()}`: the columns are email, "
                           "name and (optionally) language." + did_you_mean(label, aliases))
        elif name in found:
            problems.error(shown, 1, f"the column {name} appears twice.")
        else:
            found[name] = index
    for name in REQUIRED:
        if name not in found:
            problems.error(shown, 1, f"the header row has no `{name}` column. The first row "
                           "must name the columns: email, name, language.")
    return found


def read_csv(text: str, shown: str, languages: Collection[str]) -> ReadCsv:
    """Rows to import, merged by address (case-insensitively), and one problem per bad row."""
    problems = Problems()
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        problems.error(shown, 1, "the file is empty: it needs a header row (email, name, "
                       "language) and one row per subscriber.")
        return ReadCsv((), tuple(problems), 0)
    columns = _columns(header, shown, problems)
    if problems.errors:
        return ReadCsv((), tuple(problems), 0)
    rows: dict[str, ImportRow] = {}
    merged = 0
    end_of_previous = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.error(shown, end_of_previous + 1, f"this row cannot be read as CSV ({exc}).")
            break
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not any(field.strip() for field in record):
            continue
        if len(record) > len(header):
            problems.error(shown, line, f"this row has {len(record)} fields but the header "
                           f"has {len(header)}: is there a separator inside a name? Put such "
                           "a name between double quotes.")
            continue

        def field(name: str, record: list[str] = record) -> str:
            index = columns.get(name)
            if index is None or index >= len(record):
                return ""
            return restored_cell(record[index]).strip()

        email, language = field("email"), field("language").lower()
        name = clean_name(field("name")) or ""
        if not email:
            problems.error(shown, line, "the email address is empty.")
            continue
        try:
            email = checked_address(email)
        except InvalidAddress as exc:
            problems.error(shown, line, f"the email address is not valid: {exc}")
            continue
        if language and language not in languages:
            problems.error(shown, line, f"the language `{language}` is not one of "
                           f"{', '.join(sorted(languages))} (or leave it empty)."
                           + did_you_mean(language, languages))
            continue
        key = address_key(email)
        earlier = rows.get(key)
        if earlier is not None:
            # One person, written twice: keep the first row, filling in what it lacked.
            merged += 1
            rows[key] = ImportRow(earlier.line, earlier.email, earlier.name or name or None,
                                  earlier.language or language or None)
            continue
        rows[key] = ImportRow(line, email, name or None, language or None)
    return ReadCsv(tuple(rows.values()), tuple(problems), merged)
