"""`site-builder newsletter send FILE (--to ADDRESS | --list NAME)`: the edges of a send.

Here the configuration, the environment, the store, the transport, the terminal and
Ctrl+C meet; `send.py` does the work. Nothing printed here names a subscriber: counts,
the list, the transport (without its password) and Message-IDs only.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path
from types import FrameType

from tqdm import tqdm

from ..check import shown_path
from ..config import SiteConfig, load_config
from ..newsletter.build import BuiltIssue, prepare_issue
from ..newsletter.message import Recipient
from ..problems import EXIT_NOT_DONE, ContentError, Problem
from ..subscribers.addresses import InvalidAddress, checked_address, without_address
from ..subscribers.paths import data_dir
from ..subscribers.store import Store, open_store
from .journal import Journal, JournalRow, State
from .send import Compose, Effects, Paused, Policy, send_queued
from .summary import EXIT_OK, finish, totals, warn_unknown
from .tokens import (
    SECRET_VARIABLE,
    UnsubscribeToken,
    secret_from_environment,
    sign_unsubscribe,
    unsubscribe_link,
)
from .transports import DeliveryError, Outgoing, Transport, transport_from_environment


def outbox_folder(config: SiteConfig, data: Path) -> Path:
    return data / config.settings.newsletter.outbox


def run_send(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    if args.rate is not None and not args.rate > 0:
        raise ContentError([Problem("--rate", None, "the rate is a number of messages a "
                                    f"second above 0, like 5 or 0.5; found {args.rate}.")])
    if args.to and (args.mark_unknown or args.dry_run or args.retry_failed):
        raise ContentError([Problem("--to", None, "a test copy is sent straight away: "
                                    "--dry-run, --mark-unknown and --retry-failed go with "
                                    "--list.")])
    config = load_config(args.config)
    issue_file = Path(args.file)
    built = prepare_issue(config, issue_file, clock())
    data = data_dir()
    transport = transport_from_environment(outbox_folder(config, data))
    sender = parseaddr(config.settings.newsletter.sender)[1]
    try:
        with open_store(data) as store:
            if args.to:
                return _test_copy(config, built, store, transport, sender, args.to)
            return _list_send(config, built, store, transport, sender, args, clock)
    finally:
        transport.close()


def _test_copy(config: SiteConfig, built: BuiltIssue, store: Store, transport: Transport,
               sender: str, address: str) -> int:
    try:
        email = checked_address(address)
    except InvalidAddress as exc:
        raise ContentError([Problem("--to", None, f"that is not an email address: {exc}")]
                           ) from None
    reason = store.suppression(store.hash(email))
    if reason is not None:
        raise ContentError([Problem("--to", None, (
            f"this address is on the suppression list ({reason.replace('_', ' ')}): it is "
            "never mailed, not even a test copy. Send the test to another address."))])
    # A test copy gets a working unsubscribe link when the key is there, so that the link can
    # be tried; without the key, the general unsubscribe page (a test needs no key). A key
    # that is there but weak is refused all the same.
    url = None
    key = secret_from_environment() if os.environ.get(SECRET_VARIABLE) else None
    issue = built.issue
    if key is not None:
        token = UnsubscribeToken(issue.meta.audience.value, issue.meta.lang, store.hash(email))
        url = unsubscribe_link(config.settings.newsletter.unsubscribe_url,
                               sign_unsubscribe(key, token))
    message_id = built.message.new_message_id()
    outgoing = Outgoing(sender, email, message_id,
                        built.message.personalise(Recipient(email, None, url, message_id)))
    try:
        transport.send(outgoing)
    except DeliveryError as exc:
        print(f"{shown_path(issue.path)}: error: the test copy was not sent: "
              f"{without_address(str(exc), email)}", file=sys.stderr)
        return EXIT_NOT_DONE
    print(f"Sent a test copy of '{issue.meta.subject}' via {transport.description}. Check "
          "it, then send the issue to a list with --list NAME.")
    return EXIT_OK


def _audience_fits(built: BuiltIssue, list_name: str) -> None:
    """An internal issue may hold internal content: it goes to the internal list only."""
    issue = built.issue
    if not issue.is_external and list_name != "internal":
        raise ContentError([Problem(issue.shown, issue.line_of("audience"), (
            f"this is an internal issue (audience: internal): it may only be sent to the "
            f"internal list, not to '{list_name}'."))])


def list_composer(built: BuiltIssue, key: bytes, list_name: str, sender: str,
                  unsubscribe_url: str) -> Compose:
    """The message for one journal row: personalised, with its signed unsubscribe link."""
    message, language = built.message, built.issue.meta.lang

    def compose(row: JournalRow) -> Outgoing:
        token = sign_unsubscribe(key, UnsubscribeToken(list_name, language, row.address_hash))
        recipient = Recipient(row.email or "", row.name, unsubscribe_link(unsubscribe_url, token),
                              row.message_id)
        return Outgoing(sender, recipient.email, row.message_id, message.personalise(recipient))

    return compose


def _readers(language: str, default: str) -> str:
    return (f"subscribers whose language is {language}"
            + (" or not set" if language == default else ""))


def _list_send(config: SiteConfig, built: BuiltIssue, store: Store, transport: Transport,
               sender: str, args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    issue, list_name = built.issue, store.require_list(args.list)
    _audience_fits(built, list_name)
    journal = Journal(store)
    language, default = issue.meta.lang, config.languages[0]
    subject = issue.meta.subject
    if args.dry_run:
        if journal.is_frozen(issue.slug, list_name):
            counts = journal.counts(issue.slug, list_name)
            print(f"Dry run: the send of '{subject}' to the list '{list_name}' has started: "
                  f"{totals(counts)}. Running it would send the {counts[State.QUEUED]} "
                  f"still queued via {transport.description}. Nothing was sent.")
        else:
            number = len(journal.candidates(list_name, language, default))
            print(f"Dry run: would send '{subject}' to {number} {_readers(language, default)} "
                  f"on the list '{list_name}', via {transport.description}. Nothing was sent.")
        try:
            secret_from_environment()
        except ContentError as missing:
            # The count is still worth knowing; the real send will stop on this.
            for problem in missing.problems:
                print(str(problem).replace(": error: ", ": warning: ", 1), file=sys.stderr)
        return EXIT_OK

    key = secret_from_environment()  # before anything is frozen or sent
    # The lock first: marking or freezing while another process sends would confuse both.
    with _one_at_a_time(store.path.parent, issue.slug, list_name, issue.shown):
        if args.mark_unknown:
            target = State.SENT if args.mark_unknown == "sent" else State.QUEUED
            marked = sum(journal.move(row_id, State.SENDING, target, clock())
                         for row_id in journal.ids(issue.slug, list_name, State.SENDING))
            print(f"Marked {marked} message(s) whose fate was unknown as {target}"
                  + (": they will be sent now." if target is State.QUEUED else "."))
        if args.retry_failed:
            again = journal.requeue_failed(issue.slug, list_name, clock())
            print(f"Queued {again} refused message(s) again (addresses that do not exist stay "
                  "suppressed).")
        frozen = journal.freeze(issue.slug, list_name, language, default,
                                built.message.new_message_id, clock())
        if frozen.created:
            print(f"Sending '{subject}' to {frozen.recipients} {_readers(language, default)} "
                  f"on the list '{list_name}' via {transport.description}. The list is frozen "
                  "now: running this command again continues this send."
                  + (f" {frozen.elsewhere} more already get this issue through another list."
                     if frozen.elsewhere else ""))
        else:
            print(f"Continuing the send of '{subject}' to the list '{list_name}' via "
                  f"{transport.description}: {totals(journal.counts(issue.slug, list_name))}.")
        compose = list_composer(built, key, list_name, sender,
                                config.settings.newsletter.unsubscribe_url)
        return _work_through(journal, issue.slug, list_name, issue.path, compose, transport,
                             args.rate, clock)


def _work_through(journal: Journal, slug: str, list_name: str, path: Path, compose: Compose,
                  transport: Transport, rate: float | None,
                  clock: Callable[[], datetime]) -> int:
    warn_unknown(journal, slug, list_name, before=True)
    queued = len(journal.ids(slug, list_name, State.QUEUED))
    paused: Paused | None = None
    with _progress(queued, list_name) as progress, _stop_on_ctrl_c() as should_stop:
        effects = Effects(transport, now=clock, should_stop=should_stop, progress=progress)
        try:
            report = send_queued(journal, slug, list_name, compose, effects, Policy(rate=rate))
        except Paused as exc:
            paused, report = exc, exc.report
    return finish(journal, slug, list_name, path, report, paused)


@contextmanager
def _one_at_a_time(data: Path, slug: str, list_name: str, shown: str) -> Iterator[None]:
    """One process per (issue, list): a second one would see the first one's messages in
    flight as unknown. The operating system releases the lock when a process dies, even by
    SIGKILL, so a crash never leaves the send locked."""
    locks = data / "locks"
    locks.mkdir(exist_ok=True, mode=0o700)
    with (locks / f"{slug}.{list_name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ContentError([Problem(shown, None, (
                f"this issue is being sent to the list '{list_name}' by another process right "
                "now. Let that one finish (or stop it), then run this command again if "
                "anything is left."))]) from None
        yield


@contextmanager
def _progress(total: int, list_name: str) -> Iterator[Callable[[State | None], None]]:
    # disable=None: a bar on a terminal only; a log or CI gets the summary lines alone.
    with tqdm(total=total, desc=f"Sending to {list_name}", unit="msg", disable=None,
              file=sys.stderr, leave=False) as bar:
        yield lambda state: bar.update(1)


@contextmanager
def _stop_on_ctrl_c() -> Iterator[Callable[[], bool]]:
    """The first Ctrl+C stops between two messages (so none is left unknown); a second one
    stops at once."""
    asked: list[bool] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        if asked:
            raise KeyboardInterrupt
        asked.append(True)
        print("\nStopping after the message in flight (press Ctrl+C again to stop at "
              "once).", file=sys.stderr)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave Ctrl+C alone
        yield lambda: False
        return
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)
