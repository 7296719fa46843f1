"""Double opt-in: a sign-up waits, unconfirmed, until its owner follows the emailed link.

The link carries a random token; the store keeps only its SHA-256, so the store alone
cannot confirm anyone. An unconfirmed sign-up is deleted when it expires: nothing is
kept about people who never confirmed. A repeated sign-up for the same mailbox within
RESEND_AFTER mails no new link, so the form cannot be used to flood someone's inbox; the
variants of one mailbox (`jan+1@`, `jan+2@`, `j.a.n@gmail.com`) count as that mailbox.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from .addresses import mailbox_key
from .names import clean_name
from .store import EVERY_LIST, Store, stamp

VALID_FOR = timedelta(days=7)
RESEND_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Pending:
    list_name: str
    language: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def purge_expired(store: Store, now: datetime) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM pending_signups WHERE expires_at <= ?", (stamp(now),))


def request_signup(store: Store, email: str, name: str | None, language: str,
                   list_name: str, now: datetime) -> str | None:
    """A new token to mail to `email`, or None when its mailbox got one moments ago."""
    purge_expired(store, now)
    hashed, mailbox = store.hash(email), store.hash(mailbox_key(email))
    token = secrets.token_urlsafe(32)
    with store.transaction() as db:
        recent = db.execute("SELECT 1 FROM pending_signups WHERE (mailbox_hash = ? OR "
                            "(address_hash = ? AND list_name = ?)) AND requested_at > ?",
                            (mailbox, hashed, list_name, stamp(now - RESEND_AFTER))).fetchone()
        if recent is not None:
            return None
        db.execute("DELETE FROM pending_signups WHERE address_hash = ? AND list_name = ?",
                   (hashed, list_name))
        db.execute("INSERT INTO pending_signups (token_hash, address_hash, mailbox_hash, email, "
                   "name, language, list_name, requested_at, expires_at) VALUES (?, ?, ?, ?, "
                   "?, ?, ?, ?, ?)", (_token_hash(token), hashed, mailbox, email,
                                      clean_name(name), language, list_name, stamp(now),
                                      stamp(now + VALID_FOR)))
    return token


def pending(store: Store, token: str, now: datetime) -> Pending | None:
    row = store.connection.execute(
        "SELECT list_name, language FROM pending_signups WHERE token_hash = ? AND "
        "expires_at > ?", (_token_hash(token), stamp(now))).fetchone()
    return None if row is None else Pending(row["list_name"], row["language"])


def confirm_signup(store: Store, token: str, now: datetime) -> Pending | None:
    """Put the address on its list, with the consent recorded; None for an unknown token.

    Confirming is a fresh, explicit consent, so it lifts an earlier unsubscribe or
    bounce (the mailbox evidently works: the link was read from it).
    """
    with store.transaction() as db:
        row = db.execute("SELECT * FROM pending_signups WHERE token_hash = ? AND "
                         "expires_at > ?", (_token_hash(token), stamp(now))).fetchone()
        if row is None:
            return None
        db.execute("DELETE FROM pending_signups WHERE token_hash = ?", (row["token_hash"],))
        db.execute("DELETE FROM suppressions WHERE address_hash = ? AND list_name IN (?, ?)",
                   (row["address_hash"], row["list_name"], EVERY_LIST))
        source = (f"sign-up form with double opt-in: asked {row['requested_at']}, confirmed "
                  f"{stamp(now)}")
        store.upsert_member(db, row["email"], row["name"], row["language"], row["list_name"],
                            source, now)
    return Pending(row["list_name"], row["language"])


def cancel(store: Store, token: str) -> None:
    """Forget a sign-up whose confirmation could not be mailed, so it can be tried again."""
    with store.transaction() as db:
        db.execute("DELETE FROM pending_signups WHERE token_hash = ?", (_token_hash(token),))
