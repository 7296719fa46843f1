"""What a send tells staff when it ends, and its exit status.

Counts, Message-IDs and the servers' reasons only: nothing printed names a subscriber.
Exit status 0 means every recipient's message was sent (people who unsubscribed or were
removed after the list was frozen were rightly skipped); anything left failed, queued or
of unknown fate gives EXIT_NOT_DONE, with a line per kind saying what to do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..check import shown_path
from ..problems import EXIT_NOT_DONE
from .journal import Failure, Journal, State
from .send import Paused, RunReport

EXIT_OK = 0


def totals(counts: dict[State, int]) -> str:
    return (f"{counts[State.SENT]} sent, {counts[State.FAILED]} failed, "
            f"{counts[State.SKIPPED]} skipped, {counts[State.SENDING]} unknown, "
            f"{counts[State.QUEUED]} still queued")


def summary(counts: dict[State, int], report: RunReport) -> str:
    this_run = f"This run: {report.sent} sent"
    if report.retries:
        this_run += f", {report.retries} temporary failure(s) retried"
    if report.deferred:
        this_run += f", {report.deferred} still failing temporarily (left queued)"
    skipped = (" (Skipped: they unsubscribed or were removed after the send started.)"
               if counts[State.SKIPPED] else "")
    return f"{this_run}. In all: {totals(counts)}.{skipped}"


def advice(counts: dict[State, int], failures: dict[Failure, int], paused: Paused | None,
           report: RunReport) -> list[str]:
    """One line per kind of unfinished work, saying what to do about it."""
    lines = []
    queued = counts[State.QUEUED]
    if paused is not None and not paused.message_refused:
        then = "run" if paused.on_request else "fix the cause, then run"
        lines.append(f"sending paused: {paused.reason}. Nothing is lost: {then} the same "
                     f"command again to continue with the {queued} still queued.")
    elif paused is None and queued:
        last = f" (last: {report.last_errors[-1]})" if report.last_errors else ""
        lines.append(f"{queued} message(s) are still queued: the mail server refused them "
                     f"for now{last}. Run the same command again later to send them.")
    if failures[Failure.MESSAGE]:
        paused_by_it = paused is not None and paused.message_refused
        lines.append(
            (f"sending paused: {paused.reason}. " if paused is not None and paused_by_it
             else "")
            + f"{failures[Failure.MESSAGE]} message(s) were refused "
            "for what they contain or for the server's policy (spam, size, a line too long), "
            "not for the address: nobody was suppressed. Change the issue, or ask your mail "
            "provider why, then run the same command again with --retry-failed to send "
            f"them again and continue with the {queued} still queued.")
    if failures[Failure.RECIPIENT]:
        lines.append(f"{failures[Failure.RECIPIENT]} mailbox(es) could not take the message "
                     "(full, or their mail server cannot be reached); they stay subscribed. "
                     "--retry-failed tries them again.")
    if failures[Failure.BOUNCE]:
        lines.append(f"{failures[Failure.BOUNCE]} address(es) do not exist (any more): they "
                     "are on the suppression list now and never mailed again. Nothing to do.")
    return lines


def finish(journal: Journal, slug: str, list_name: str, path: Path, report: RunReport,
           paused: Paused | None) -> int:
    """Print the summary and what to do; the exit status."""
    counts = journal.counts(slug, list_name)
    print(summary(counts, report))
    warn_unknown(journal, slug, list_name, before=False)
    for line in advice(counts, journal.failures(slug, list_name), paused, report):
        print(f"{shown_path(path)}: error: {line}", file=sys.stderr)
    undone = counts[State.QUEUED] + counts[State.FAILED] + counts[State.SENDING]
    return EXIT_NOT_DONE if undone or paused is not None else EXIT_OK


def warn_unknown(journal: Journal, issue: str, list_name: str, *, before: bool) -> None:
    ids = journal.unknown_message_ids(issue, list_name)
    if not ids:
        return
    if before:
        print(f"warning: {len(ids)} message(s) were left in flight by an earlier run (it "
              "stopped, or its connection broke, while they were on their way); they are not "
              "sent again. See the end.", file=sys.stderr)
        return
    print(f"warning: {len(ids)} message(s) have an unknown fate: they may or may not have "
          "arrived, and are never resent by themselves. Look their Message-IDs up in the mail "
          "provider's log; then run this command again with --mark-unknown sent (they "
          "arrived) or --mark-unknown queued (they did not: they are sent again):",
          file=sys.stderr)
    for message_id in ids:
        print(f"  <{message_id}>", file=sys.stderr)
