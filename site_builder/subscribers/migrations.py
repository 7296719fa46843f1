"""The store's schema, as numbered migrations; `PRAGMA user_version` says which have run.

Each migration runs in one transaction with the version bump, so a store is always at
exactly one version. Migrations are only ever appended: a store made by an older
site-builder is brought up to date the first time a newer one opens it.

Why the tables look as they do:
- `subscribers.address_hash` (salted SHA-256 of the lower-cased address) is the key, so
  that rows without the address (suppressions) can still be matched to an address when
  it comes back, without keeping the address itself.
- `suppressions.list_name` is a list, or '*' for every list (hard bounces, erasures).
- `journal` is one row per (issue, recipient) and reaches the person through
  `subscriber_id`: what it sends is who is subscribed at that moment. An erasure deletes
  the rows, except one in flight, whose `subscriber_id` becomes NULL. Its `message_id` is
  random (from version 3 on): it names no one, not even by a hash. `failure` says what a
  failed row's refusal was about: the address (`bounce`), the mailbox for now
  (`recipient`) or the message (`message`); only a bounce suppresses.
- `pending_signups.mailbox_hash` is the salted hash of the mailbox without its
  `+tag`, so that variants of one mailbox share one flood limit.
"""

from __future__ import annotations

import sqlite3

from ..problems import ContentError, Problem

NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
# names.clean_name, registered on every connection (store._connect) for migration 3.
CLEAN_NAME_SQL = "site_builder_clean_name"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: subscribers on lists, suppressions, and the send journal.
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # The salt makes the stored hashes useless for matching against another store or a
        # precomputed table; it never leaves the store.
        "INSERT INTO meta (key, value) VALUES ('address_salt', lower(hex(randomblob(16))))",
        f"""CREATE TABLE lists (
            name TEXT PRIMARY KEY CHECK (name GLOB '[a-z0-9]*' AND name NOT GLOB '*[^a-z0-9-]*'),
            created_at TEXT NOT NULL DEFAULT ({NOW_SQL}))""",
        "INSERT INTO lists (name) VALUES ('internal'), ('external')",
        """CREATE TABLE subscribers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            address_hash TEXT NOT NULL UNIQUE,
            email TEXT NOT NULL,
            name TEXT,
            language TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        """CREATE TABLE memberships (
            subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
            list_name TEXT NOT NULL REFERENCES lists(name),
            status TEXT NOT NULL CHECK (status IN ('active', 'unsubscribed', 'bounced')),
            consent_at TEXT NOT NULL,
            consent_source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (subscriber_id, list_name))""",
        """CREATE TABLE suppressions (
            address_hash TEXT NOT NULL,
            list_name TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('unsubscribed', 'hard_bounce', 'removed')),
            created_at TEXT NOT NULL,
            PRIMARY KEY (address_hash, list_name))""",
        """CREATE TABLE sends (
            issue TEXT NOT NULL,
            list_name TEXT NOT NULL REFERENCES lists(name),
            language TEXT NOT NULL,
            frozen_at TEXT NOT NULL,
            recipients INTEGER NOT NULL,
            PRIMARY KEY (issue, list_name))""",
        """CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            issue TEXT NOT NULL,
            list_name TEXT NOT NULL,
            address_hash TEXT NOT NULL,
            subscriber_id INTEGER REFERENCES subscribers(id) ON DELETE SET NULL,
            message_id TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (issue, address_hash))""",
        "CREATE INDEX journal_by_state ON journal (issue, list_name, state, id)",
        "CREATE INDEX journal_by_subscriber ON journal (subscriber_id)",
    ),
    # 2: sign-ups waiting for confirmation (double opt-in), kept only until they expire.
    (
        """CREATE TABLE pending_signups (
            token_hash TEXT PRIMARY KEY,
            address_hash TEXT NOT NULL,
            email TEXT NOT NULL,
            name TEXT,
            language TEXT NOT NULL,
            list_name TEXT NOT NULL REFERENCES lists(name),
            requested_at TEXT NOT NULL,
            expires_at TEXT NOT NULL)""",
        "CREATE INDEX pending_by_address ON pending_signups (address_hash, list_name)",
    ),
    # 3: what a failure was about; Message-IDs without an address hash; names as data;
    # flood limits per mailbox.
    (
        "ALTER TABLE journal ADD COLUMN failure TEXT "
        "CHECK (failure IN ('bounce', 'recipient', 'message'))",
        "UPDATE journal SET failure = 'bounce' WHERE state = 'failed'",
        # Messages not sent yet get a new, random Message-ID; the ones that went out (or
        # may have) keep theirs, since that is what the mail provider's log shows.
        "UPDATE journal SET message_id = issue || '.' || lower(hex(randomblob(10))) || "
        "substr(message_id, instr(message_id, '@')) WHERE state NOT IN ('sent', 'sending')",
        f"UPDATE subscribers SET name = {CLEAN_NAME_SQL}(name) WHERE name IS NOT NULL",
        f"UPDATE pending_signups SET name = {CLEAN_NAME_SQL}(name) WHERE name IS NOT NULL",
        "ALTER TABLE pending_signups ADD COLUMN mailbox_hash TEXT",
        "CREATE INDEX pending_by_mailbox ON pending_signups (mailbox_hash, requested_at)",
    ),
)

LATEST = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, shown: str, target: int = LATEST) -> int:
    """Run every migration after the store's version up to `target`; return the version.

    The connection must be in autocommit mode (isolation_level=None): each migration
    is its own explicit transaction.
    """
    version = schema_version(connection)
    if version > LATEST:
        raise ContentError([Problem(shown, None, (
            f"this subscriber store has schema version {version}, made by a newer "
            f"site-builder (this one knows up to {LATEST}). Update site-builder."))])
    while version < target:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            version = schema_version(connection)
            if version < target:
                for statement in MIGRATIONS[version]:
                    connection.execute(statement)
                version += 1
                connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return version
