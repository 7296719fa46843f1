"""The subscriber store: one SQLite file in the data folder, in WAL mode.

Every change is one explicit transaction (`BEGIN IMMEDIATE` ... `COMMIT`), so an
interrupted import or send leaves the store as it was before that change. The
connection runs in autocommit mode so that nothing is ever committed implicitly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..check import shown_path
from ..problems import ContentError, Problem, did_you_mean
from .addresses import address_hash
from .csv_import import ImportRow
from .migrations import CLEAN_NAME_SQL, migrate
from .names import clean_name
from .paths import STORE_FILE, prepare_data_dir

EVERY_LIST = "*"  # a suppression that holds for every list
BUSY_TIMEOUT_MS = 10_000


def stamp(moment: datetime) -> str:
    """Times are stored in UTC, ISO 8601, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ImportReport:
    added: int  # new on this list
    updated: int  # already on it: name and language brought up to date
    suppressed: int  # unsubscribed, bounced or erased before: not added again


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection
        self.path = path
        self.salt = str(connection.execute(
            "SELECT value FROM meta WHERE key = 'address_salt'").fetchone()[0])

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing, also when interrupted (KeyboardInterrupt is a BaseException)."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def hash(self, address: str) -> str:
        return address_hash(address, self.salt)

    # Lists -------------------------------------------------------------------------------

    def lists(self) -> list[str]:
        return [r[0] for r in self.connection.execute("SELECT name FROM lists ORDER BY name")]

    def require_list(self, name: str, where: str = "--list") -> str:
        known = self.lists()
        if name not in known:
            raise ContentError([Problem(where, None, (
                f"there is no list '{name}'; the lists are: {', '.join(known)}."
                + did_you_mean(name, known)))])
        return name

    # Suppressions ------------------------------------------------------------------------

    def suppression(self, hashed: str, list_name: str | None = None) -> str | None:
        """The reason this address may not be mailed on `list_name` (None: on any list)."""
        if list_name is None:
            row = self.connection.execute(
                "SELECT reason FROM suppressions WHERE address_hash = ? LIMIT 1", (hashed,))
        else:
            row = self.connection.execute(
                "SELECT reason FROM suppressions WHERE address_hash = ? AND list_name IN (?, ?)"
                " LIMIT 1", (hashed, list_name, EVERY_LIST))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def suppress_in(self, db: sqlite3.Connection, hashed: str, list_name: str, reason: str,
                    now: datetime) -> None:
        """Inside a caller's transaction: the suppression and the membership change together."""
        db.execute("INSERT OR IGNORE INTO suppressions (address_hash, list_name, reason, "
                   "created_at) VALUES (?, ?, ?, ?)", (hashed, list_name, reason, stamp(now)))
        status = "unsubscribed" if reason == "unsubscribed" else "bounced"
        lists = "" if list_name == EVERY_LIST else "AND list_name = ?"
        db.execute(f"UPDATE memberships SET status = ?, updated_at = ? WHERE subscriber_id = "
                   f"(SELECT id FROM subscribers WHERE address_hash = ?) {lists}",
                   (status, stamp(now), hashed, *(() if not lists else (list_name,))))

    def unsubscribe(self, hashed: str, list_name: str, now: datetime) -> None:
        with self.transaction() as db:
            self.suppress_in(db, hashed, list_name, "unsubscribed", now)

    # Subscribers -------------------------------------------------------------------------

    def upsert_member(self, db: sqlite3.Connection, email: str, name: str | None,
                      language: str | None, list_name: str, source: str,
                      now: datetime) -> bool:
        """Put one address on a list (inside a transaction); True when it was not on it yet.

        An address already on the list keeps its original consent; its name and language
        follow the newest information.
        """
        hashed, when, name = self.hash(email), stamp(now), clean_name(name)
        db.execute(
            "INSERT INTO subscribers (address_hash, email, name, language, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (address_hash) DO UPDATE SET "
            "email = excluded.email, name = coalesce(excluded.name, name), "
            "language = coalesce(excluded.language, language), updated_at = excluded.updated_at",
            (hashed, email, name, language, when, when))
        subscriber = db.execute("SELECT id FROM subscribers WHERE address_hash = ?",
                                (hashed,)).fetchone()[0]
        existing = db.execute("SELECT status FROM memberships WHERE subscriber_id = ? AND "
                              "list_name = ?", (subscriber, list_name)).fetchone()
        if existing is not None and existing[0] == "active":
            return False
        db.execute("INSERT INTO memberships (subscriber_id, list_name, status, consent_at, "
                   "consent_source, updated_at) VALUES (?, ?, 'active', ?, ?, ?) ON CONFLICT "
                   "DO UPDATE SET status = 'active', consent_at = excluded.consent_at, "
                   "consent_source = excluded.consent_source, updated_at = excluded.updated_at",
                   (subscriber, list_name, when, source, when))
        return True

    def import_rows(self, list_name: str, rows: Iterable[ImportRow], source: str,
                    now: datetime) -> ImportReport:
        """Add rows to a list in one transaction; suppressed addresses are left out."""
        added = updated = suppressed = 0
        with self.transaction() as db:
            for row in rows:
                if self.suppression(self.hash(row.email), list_name) is not None:
                    suppressed += 1
                elif self.upsert_member(db, row.email, row.name, row.language, list_name,
                                        source, now):
                    added += 1
                else:
                    updated += 1
        return ImportReport(added, updated, suppressed)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per list: how many subscribers are active, unsubscribed and bounced."""
        counts = {name: {"active": 0, "unsubscribed": 0, "bounced": 0} for name in self.lists()}
        for list_name, status, number in self.connection.execute(
                "SELECT list_name, status, count(*) FROM memberships GROUP BY 1, 2"):
            counts[list_name][status] = number
        return counts

    def members(self, list_name: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT s.email, s.name, s.language, m.status, m.consent_at, m.consent_source "
            "FROM memberships m JOIN subscribers s ON s.id = m.subscriber_id "
            "WHERE m.list_name = ? ORDER BY lower(s.email)", (list_name,))
        return [dict(row) for row in rows]

    def export(self, address: str) -> dict[str, Any]:
        """Everything stored about one address, for a data-access request (AVG art. 15)."""
        hashed = self.hash(address)
        db = self.connection
        person = db.execute("SELECT id, email, name, language, created_at, updated_at "
                            "FROM subscribers WHERE address_hash = ?", (hashed,)).fetchone()
        subscriber = dict(person) if person else None
        lists = [dict(r) for r in db.execute(
            "SELECT list_name AS list, status, consent_at, consent_source, updated_at FROM "
            "memberships WHERE subscriber_id = ? ORDER BY list_name",
            (person["id"] if person else -1,))]
        if subscriber is not None:
            del subscriber["id"]
        return {
            "address": address,
            "subscriber": subscriber,
            "lists": lists,
            "suppressions": [dict(r) for r in db.execute(
                "SELECT list_name AS list, reason, created_at FROM suppressions WHERE "
                "address_hash = ? ORDER BY list_name", (hashed,))],
            "newsletters": [dict(r) for r in db.execute(
                "SELECT issue, list_name AS list, state, message_id, updated_at FROM journal "
                "WHERE address_hash = ? ORDER BY id", (hashed,))],
            "pending_signups": [dict(r) for r in db.execute(
                "SELECT list_name AS list, name, language, requested_at, expires_at FROM "
                "pending_signups WHERE address_hash = ? ORDER BY requested_at", (hashed,))],
        }

    def remove(self, address: str, now: datetime) -> bool:
        """Erase the address (AVG art. 17), keeping only its hash on the suppression list.

        Its journal rows go too, except one whose message is in flight right now (its
        fate must still be reported by its Message-ID, which names nobody); a send in
        progress then passes the address by. True when something was stored about the
        address. The write-ahead log still holds the old pages until `truncate_log`.
        """
        hashed = self.hash(address)
        with self.transaction() as db:
            known = db.execute("DELETE FROM subscribers WHERE address_hash = ?",
                               (hashed,)).rowcount
            known += db.execute("DELETE FROM pending_signups WHERE address_hash = ?",
                                (hashed,)).rowcount
            db.execute("DELETE FROM journal WHERE address_hash = ? AND state != 'sending'",
                       (hashed,))
            db.execute("DELETE FROM suppressions WHERE address_hash = ?", (hashed,))
            db.execute("INSERT INTO suppressions (address_hash, list_name, reason, created_at) "
                       "VALUES (?, ?, 'removed', ?)", (hashed, EVERY_LIST, stamp(now)))
        return known > 0

    def truncate_log(self, wait_seconds: float) -> bool:
        """Copy the write-ahead log into the database file and empty it, so that what was
        deleted is not kept there either; False when readers kept it busy for too long.

        SQLite waits (up to the busy timeout) for readers of older versions to finish.
        """
        db = self.connection
        db.execute(f"PRAGMA busy_timeout = {max(0, int(wait_seconds * 1000))}")
        try:
            busy, _pages, _copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return busy == 0


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                 check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the next SMTP transaction starts, so even a power
    # cut cannot make the journal forget a message that was sent.
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    # An erased address is overwritten, not left in a free page of the file.
    connection.execute("PRAGMA secure_delete = ON")
    connection.create_function(CLEAN_NAME_SQL, 1, clean_name, deterministic=True)
    return connection


def open_store(folder: Path, *, migrate_to: int | None = None) -> Store:
    """Open (and create, or bring up to date) the store in the data folder."""
    path = prepare_data_dir(folder) / STORE_FILE
    fresh = not path.exists()
    connection = _connect(path)
    if fresh:
        path.chmod(0o600)
    try:
        if migrate_to is None:
            migrate(connection, shown_path(path))
        else:
            migrate(connection, shown_path(path), migrate_to)
    except BaseException:
        connection.close()
        raise
    return Store(connection, path)
