"""Erasing one address (AVG/GDPR art. 17) from everything in the data folder.

Three places can hold it: the store's tables, the store's write-ahead log (a copy of
recently changed pages, kept until a checkpoint), and the outbox folder (messages written
as .eml files instead of being sent: address, name and personal unsubscribe link).
The erasure is complete only when all three are clean, and says so only then.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .addresses import address_key
from .store import Store

MESSAGE_SUFFIXES = (".eml", ".part")  # .part: a message being written when a run stopped


@dataclass
class Erasure:
    known: bool = False  # the store held something about the address
    files_deleted: int = 0
    left: list[str] = field(default_factory=list)  # what still holds it, in plain words

    @property
    def complete(self) -> bool:
        return not self.left


def _message_files(folders: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in MESSAGE_SUFFIXES and path not in seen:
                seen.add(path)
                yield path


def _holds(data: bytes, store: Store, address: str) -> bool:
    """Whether a message file is about this address: it holds the address (in To:, never
    encoded, since addresses are ASCII here) or its hash as in an unsubscribe token."""
    hashed = base64.urlsafe_b64encode(bytes.fromhex(store.hash(address))).rstrip(b"=")
    return (address_key(address).encode("ascii", "ignore") in data.lower()
            or b"." + hashed + b"." in data)


def erase(store: Store, address: str, now: datetime, message_folders: Iterable[Path],
          wait_seconds: float) -> Erasure:
    """Remove the address from the store, its log and every message file that holds it."""
    result = Erasure(known=store.remove(address, now))
    for path in _message_files(message_folders):
        try:
            if _holds(path.read_bytes(), store, address):
                path.unlink()
                result.files_deleted += 1
        except FileNotFoundError:
            continue  # written and moved, or removed, meanwhile
        except OSError as exc:
            result.left.append(f"the message file {path} could not be deleted "
                               f"({exc.strerror})")
    if not store.truncate_log(wait_seconds):
        result.left.append(
            f"an older copy is still in the database's write-ahead log ({store.path.name}-wal)"
            f": another program kept the database open for reading for {wait_seconds:g} "
            "seconds (a send, or the subscription service, or a database viewer)")
    return result
