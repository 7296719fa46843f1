"""`site-builder subscribers ...`: import, list, export and remove subscribers."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import shown_path
from ..config import load_config
from ..i18n import STRINGS
from ..problems import EXIT_NOT_DONE, ContentError, Problem, Severity
from .addresses import InvalidAddress, checked_address
from .spreadsheet import write_table

if TYPE_CHECKING:
    from .store import Store

# Every command builds this parser: the store, the erasure and the CSV import are imported
# by the commands that use them, for every command's startup time.


def _store() -> Store:
    from .paths import data_dir
    from .store import open_store

    return open_store(data_dir())


def _address(text: str) -> str:
    try:
        return checked_address(text)
    except InvalidAddress as exc:
        raise ContentError([Problem("ADDRESS", None, f"that is not an email address: {exc}")]
                           ) from None


def cmd_import(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .csv_import import read_csv

    path = Path(args.file)
    shown = shown_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContentError([Problem(shown, None, "this file does not exist.")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, None, "this file is not UTF-8 text. In a "
                                    "spreadsheet, save it as 'CSV UTF-8'.")]) from None
    read = read_csv(text, shown, sorted(STRINGS))
    with _store() as store:
        store.require_list(args.list)
        if read.problems and not args.skip_invalid:
            raise ContentError(read.problems)
        for problem in read.problems:
            print(replace(problem, severity=Severity.WARNING,
                          message=problem.message + " This row was skipped."), file=sys.stderr)
        source = args.source or f"CSV import of {path.name}"
        report = store.import_rows(args.list, read.rows, source, clock())
    parts = [f"{report.added} added", f"{report.updated} already on it (name and language "
             "brought up to date)"]
    if report.suppressed:
        parts.append(f"{report.suppressed} left out because they unsubscribed, bounced or "
                     "were removed before")
    if read.merged:
        parts.append(f"{read.merged} duplicate row(s) merged")
    if read.rejected:
        parts.append(f"{read.rejected} invalid row(s) skipped")
    print(f"Imported {shown} into the list '{args.list}': {', '.join(parts)}.")
    return 0


MEMBER_COLUMNS = ("email", "name", "language", "status", "consent_at", "consent_source")


def _member_rows(store: Store, list_name: str) -> list[list[object]]:
    return [[member[key] for key in MEMBER_COLUMNS] for member in store.members(list_name)]


def cmd_list(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    with _store() as store:
        if args.list:
            store.require_list(args.list)
            # Tab-separated, to paste into a spreadsheet: every field quoted and made safe.
            write_table(sys.stdout, MEMBER_COLUMNS, _member_rows(store, args.list),
                        delimiter="\t", line_end="\n")
            return 0
        print(f"{'list':<12} {'active':>8} {'unsubscribed':>13} {'bounced':>8}")
        for name, counts in store.counts().items():
            print(f"{name:<12} {counts['active']:>8} {counts['unsubscribed']:>13} "
                  f"{counts['bounced']:>8}")
        print(f"Subscribers are kept in {shown_path(store.path)}. Show the people on a "
              "list with --list NAME.")
    return 0


def _export_list(list_name: str, out: str | None) -> int:
    with _store() as store:
        store.require_list(list_name)
        rows = _member_rows(store, list_name)
    if out is None:
        write_table(sys.stdout, MEMBER_COLUMNS, rows)
        return 0
    target = Path(out)
    # Written whole or not at all, readable by its owner only (it holds names and
    # addresses), with a byte-order mark so that Excel reads it as UTF-8.
    part = target.with_name(f".{target.name}.part")
    try:
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
                       encoding="utf-8-sig", newline="") as handle:
            write_table(handle, MEMBER_COLUMNS, rows)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ContentError([Problem(shown_path(target), None, "the export could not be "
                                    f"written there ({exc.strerror}).")]) from None
    print(f"Exported {len(rows)} subscriber(s) of the list '{list_name}' to "
          f"{shown_path(target)}. It holds personal data: delete it when you are done.")
    return 0


def cmd_export(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    if (args.address is None) == (args.list is None):
        raise ContentError([Problem("export", None, "give one address (everything about "
                                    "that person, as JSON) or --list NAME --csv (the whole "
                                    "list, as a spreadsheet).")])
    if args.list is not None:
        if not args.csv:
            raise ContentError([Problem("--list", None, "a whole list is exported as a "
                                        "spreadsheet: add --csv.")])
        return _export_list(args.list, args.out)
    if args.csv or args.out:
        raise ContentError([Problem("--csv", None, "--csv and --out go with --list NAME; "
                                    "one address is exported as JSON.")])
    with _store() as store:
        exported = store.export(_address(args.address))
    print(json.dumps(exported, indent=2, ensure_ascii=False))
    if not any(exported[k] for k in ("subscriber", "lists", "suppressions", "newsletters",
                                     "pending_signups")):
        print("Nothing is stored about this address.", file=sys.stderr)
    return 0


def _message_folders(args: argparse.Namespace, data: Path) -> list[Path]:
    """The data folder (the outbox is in it by default) and the configured outbox."""
    folders = [data]
    try:
        config = load_config(args.config)
    except ContentError:
        return folders  # run outside the project: the default outbox is in the data folder
    return [*folders, data / config.settings.newsletter.outbox]


def cmd_remove(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .erasure import erase
    from .paths import data_dir
    from .store import open_store

    if not args.wait >= 0:
        raise ContentError([Problem("--wait", None, "the wait is a number of seconds, 0 or "
                                    f"more, like 30; found {args.wait}.")])
    address = _address(args.address)
    data = data_dir()
    with open_store(data) as store:
        done = erase(store, address, clock(), _message_folders(args, data), args.wait)
        shown = shown_path(store.path)
    files = (f" and {done.files_deleted} message file(s) in the outbox"
             if done.files_deleted else "")
    if not done.complete:
        for what in done.left:
            print(f"{shown}: error: the address is not completely erased yet: {what}. "
                  "Let that finish (or stop it), then run this command again: it completes "
                  "the erasure.", file=sys.stderr)
        return EXIT_NOT_DONE
    if done.known or done.files_deleted:
        print(f"Erased everything stored about this address: its details, its history{files}, "
              "also from the database's log. Only a one-way hash of it stays on the "
              "suppression list, so it is never mailed or imported again.")
    else:
        print("Nothing was stored about this address. A one-way hash of it is now on the "
              "suppression list, so it is never mailed or imported.")
    return 0


def add_subscribers_commands(commands: argparse._SubParsersAction) -> None:
    subscribers = commands.add_parser(
        "subscribers", help="newsletter subscribers: import, list, export, remove")
    actions = subscribers.add_subparsers(dest="action", required=True, metavar="ACTION")

    imports = actions.add_parser("import", help="add the people in a CSV file to a list")
    imports.add_argument("file", help="a CSV file with a header row: email, name, language")
    imports.add_argument("--list", required=True, help="the list to add them to, like "
                         "external or internal")
    imports.add_argument("--skip-invalid", action="store_true",
                         help="import the valid rows even when some rows are invalid")
    imports.add_argument("--source", help="where their consent comes from (default: the "
                         "file name), kept with each subscriber")
    imports.set_defaults(run=cmd_import)

    listing = actions.add_parser("list", help="how many people are on each list, or who "
                                 "is on one list")
    listing.add_argument("--list", help="show the people on this list")
    listing.set_defaults(run=cmd_list)

    export = actions.add_parser("export", help="everything stored about one address, as "
                                "JSON (for a data-access request), or a whole list as CSV")
    export.add_argument("address", nargs="?")
    export.add_argument("--list", help="export everyone on this list (with --csv)")
    export.add_argument("--csv", action="store_true", help="as a spreadsheet file (CSV)")
    export.add_argument("--out", metavar="FILE", help="write the CSV to this file (default: "
                        "print it)")
    export.set_defaults(run=cmd_export)

    remove = actions.add_parser("remove", help="erase one address; it stays suppressed")
    remove.add_argument("address")
    remove.add_argument("--wait", type=float, default=30, metavar="SECONDS",
                        help="how long to wait for other programs that are reading the "
                        "database (default: 30)")
    remove.set_defaults(run=cmd_remove)


__all__ = ["add_subscribers_commands"]
