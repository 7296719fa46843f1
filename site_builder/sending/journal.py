"""The send journal: one row per (issue, recipient), moved through a closed set of states.

    queued ──► sending ──► sent
       │          ├──────► failed     (refused for good; see `failure`)
       │          └──────► queued     (certainly not delivered: try again later)
       ├─────────────────► skipped    (unsubscribed or erased after the list was frozen)
       ◄───────── failed              (--retry-failed: a refused message, not a bounce)

A failed row says what was refused (`Failure`): the address (a hard bounce, which
suppresses it), the mailbox for now, or the message. Only the last two may be queued
again, by staff who fixed the cause.

Every move is `UPDATE ... WHERE id = ? AND state = ?`, committed on its own, and checked
for its row count: a row moves only from the state the sender last saw, so two senders
can never both claim it. A row is `sending` exactly while its SMTP transaction is in
flight; one still `sending` when no send runs was caught by a crash (or a connection
that broke after the end of data) and is reported as unknown, never guessed.

The recipient list is frozen when a send starts: all its rows are written in one
transaction, and a send that resumes only works through them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..subscribers.store import EVERY_LIST, Store, stamp


class State(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Failure(StrEnum):
    BOUNCE = "bounce"  # the address does not exist: suppressed
    RECIPIENT = "recipient"  # the mailbox could not take it (full, unroutable)
    MESSAGE = "message"  # the message was refused (policy, spam, size)


TRANSITIONS = frozenset({
    (State.QUEUED, State.SENDING),
    (State.SENDING, State.SENT),
    (State.SENDING, State.FAILED),
    (State.SENDING, State.QUEUED),
    (State.QUEUED, State.SKIPPED),
    (State.FAILED, State.QUEUED),
})
RETRYABLE = (Failure.RECIPIENT, Failure.MESSAGE)


class InvalidTransition(ValueError):
    pass


def require_transition(old: State, new: State) -> None:
    if (old, new) not in TRANSITIONS:
        raise InvalidTransition(f"a journal row cannot move from {old} to {new}")


@dataclass(frozen=True)
class Frozen:
    created: bool  # False: the list was frozen by an earlier run of this send
    recipients: int  # rows of this (issue, list)
    elsewhere: int  # on the list, but already in this issue through another list


@dataclass(frozen=True)
class JournalRow:
    id: int
    address_hash: str
    message_id: str
    email: str | None  # None once the subscriber was erased
    name: str | None
    wanted: bool  # still on the list and not suppressed


_CANDIDATES = """
    SELECT s.id, s.email, s.address_hash FROM subscribers s
    JOIN memberships m ON m.subscriber_id = s.id
    WHERE m.list_name = :list AND m.status = 'active'
      AND (s.language = :language OR (s.language IS NULL AND :language = :default))
      AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.address_hash = s.address_hash
                      AND x.list_name IN (:list, '*'))
    ORDER BY s.id"""


class Journal:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.connection

    def candidates(self, list_name: str, language: str, default_language: str
                   ) -> list[sqlite3.Row]:
        """Who is on the list now, reads this language, and may be mailed."""
        return list(self.db.execute(_CANDIDATES, {"list": list_name, "language": language,
                                                  "default": default_language}))

    def is_frozen(self, issue: str, list_name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sends WHERE issue = ? AND list_name = ?",
                               (issue, list_name)).fetchone() is not None

    def freeze(self, issue: str, list_name: str, language: str, default_language: str,
               new_message_id: Callable[[], str], now: datetime) -> Frozen:
        """Write one queued row per recipient, all in one transaction; once per send.

        Each row gets its Message-ID now (random: it names nobody), so a message sent
        again after an interruption carries the same one."""
        with self.store.transaction() as db:
            if self.is_frozen(issue, list_name):
                return Frozen(False, self._total(issue, list_name), 0)
            people = self.candidates(list_name, language, default_language)
            when = stamp(now)
            inserted = db.executemany(
                "INSERT OR IGNORE INTO journal (issue, list_name, address_hash, subscriber_id, "
                "message_id, state, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?)",
                [(issue, list_name, p["address_hash"], p["id"], new_message_id(), when)
                 for p in people]).rowcount
            db.execute("INSERT INTO sends (issue, list_name, language, frozen_at, recipients) "
                       "VALUES (?, ?, ?, ?, ?)", (issue, list_name, language, when, inserted))
        return Frozen(True, inserted, len(people) - inserted)

    def _total(self, issue: str, list_name: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM journal WHERE issue = ? AND "
                                   "list_name = ?", (issue, list_name)).fetchone()[0])

    def ids(self, issue: str, list_name: str, state: State) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM journal WHERE issue = ? AND list_name = ? AND state = ? ORDER BY id",
            (issue, list_name, state))]

    def row(self, row_id: int) -> JournalRow | None:
        """The row with its recipient as they are now; None once the row was erased."""
        found = self.db.execute(
            "SELECT j.id, j.address_hash, j.message_id, s.email, s.name, "
            "(m.status = 'active' AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE "
            " x.address_hash = j.address_hash AND x.list_name IN (j.list_name, ?))) AS wanted "
            "FROM journal j LEFT JOIN subscribers s ON s.id = j.subscriber_id "
            "LEFT JOIN memberships m ON m.subscriber_id = s.id AND m.list_name = j.list_name "
            "WHERE j.id = ?", (EVERY_LIST, row_id)).fetchone()
        if found is None:
            return None
        return JournalRow(found["id"], found["address_hash"], found["message_id"],
                          found["email"], found["name"], bool(found["wanted"]))

    def move(self, row_id: int, old: State, new: State, now: datetime, *,
             error: str | None = None, failure: Failure | None = None,
             suppress: tuple[str, str] | None = None) -> bool:
        """Move one row if it is still in `old`; commit; False when it was not.

        `suppress` (list name, reason) adds the row's address to the suppression list in
        the same transaction, so a failure and its suppression are never apart.
        """
        require_transition(old, new)
        with self.store.transaction() as db:
            moved = db.execute(
                "UPDATE journal SET state = ?, updated_at = ?, attempts = attempts + ?, "
                "last_error = CASE WHEN ? IS NULL THEN last_error ELSE ? END, failure = ? "
                "WHERE id = ? AND state = ?",
                (new, stamp(now), int(new is State.SENDING), error, error, failure, row_id,
                 old)).rowcount
            if moved == 1 and suppress is not None:
                hashed = db.execute("SELECT address_hash FROM journal WHERE id = ?",
                                    (row_id,)).fetchone()[0]
                self.store.suppress_in(db, hashed, suppress[0], suppress[1], now)
        return moved == 1

    def note(self, row_id: int, error: str) -> None:
        """Keep the reason a row stays `sending` (its fate is unknown)."""
        with self.store.transaction() as db:
            db.execute("UPDATE journal SET last_error = ? WHERE id = ?", (error, row_id))

    def counts(self, issue: str, list_name: str) -> dict[State, int]:
        counts = dict.fromkeys(State, 0)
        for state, number in self.db.execute(
                "SELECT state, count(*) FROM journal WHERE issue = ? AND list_name = ? "
                "GROUP BY state", (issue, list_name)):
            counts[State(state)] = number
        return counts

    def failures(self, issue: str, list_name: str) -> dict[Failure, int]:
        counts = dict.fromkeys(Failure, 0)
        for failure, number in self.db.execute(
                "SELECT failure, count(*) FROM journal WHERE issue = ? AND list_name = ? AND "
                "state = ? AND failure IS NOT NULL GROUP BY failure",
                (issue, list_name, State.FAILED)):
            counts[Failure(failure)] = number
        return counts

    def requeue_failed(self, issue: str, list_name: str, now: datetime) -> int:
        """Queue the refused messages again (not the bounces); how many."""
        return sum(self.move(row_id, State.FAILED, State.QUEUED, now) for row_id in (
            r[0] for r in self.db.execute(
                "SELECT id FROM journal WHERE issue = ? AND list_name = ? AND state = ? AND "
                f"failure IN ({', '.join('?' * len(RETRYABLE))}) ORDER BY id",
                (issue, list_name, State.FAILED, *RETRYABLE))))

    def unknown_message_ids(self, issue: str, list_name: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT message_id FROM journal WHERE issue = ? AND list_name = ? AND state = ? "
            "ORDER BY id", (issue, list_name, State.SENDING))]
