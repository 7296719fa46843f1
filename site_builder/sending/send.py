"""Working through a frozen send: one journalled SMTP transaction per recipient.

Effects come in as arguments (the journal, the transport, the clock, sleep), so tests
drive a real send without waiting, and the order of commits around each SMTP transaction
is visible in one place:

    claim (queued → sending), commit  →  SMTP transaction  →  outcome, commit

A crash between the two commits leaves the row `sending`: unknown, reported, not resent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..subscribers.addresses import without_address
from ..subscribers.store import EVERY_LIST
from .journal import Failure, Journal, JournalRow, State
from .transports import (
    AddressRefused,
    CannotConnect,
    DeliveryUnknown,
    MessageRefused,
    Outgoing,
    PermanentFailure,
    SenderProblem,
    TemporaryFailure,
    Transport,
)


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 4  # per recipient and run, for temporary failures
    first_backoff: float = 2.0  # seconds before the second attempt; doubled each time
    max_backoff: float = 60.0
    max_errors_in_row: int = 10  # recipients in a row that did not get through: pause
    rate: float | None = None  # at most this many messages per second


def backoff(attempt: int, policy: Policy) -> float:
    """Seconds to wait after failed attempt number `attempt` (1, 2, ...)."""
    return min(policy.first_backoff * 2 ** (attempt - 1), policy.max_backoff)


@dataclass
class RunReport:
    """What this run did (the journal holds the totals)."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0  # temporary failures after every attempt: still queued
    unknown: int = 0
    retries: int = 0
    last_errors: list[str] = field(default_factory=list)


class Paused(Exception):
    """The send stopped before the end; everything not sent is still queued."""

    def __init__(self, reason: str, report: RunReport, *, on_request: bool = False,
                 message_refused: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.report = report
        self.on_request = on_request  # staff stopped it (Ctrl+C): nothing to fix
        self.message_refused = message_refused  # the server judged the message itself


@dataclass(frozen=True)
class Effects:
    transport: Transport
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    should_stop: Callable[[], bool] = lambda: False  # Ctrl+C asks to stop between messages
    progress: Callable[[State | None], None] = lambda state: None


Compose = Callable[[JournalRow], Outgoing]


class _Pacer:
    def __init__(self, rate: float | None, effects: Effects):
        self.interval = 1.0 / rate if rate else 0.0
        self.effects = effects
        self.next_at: float | None = None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.effects.monotonic()
        if self.next_at is not None and now < self.next_at:
            self.effects.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


def send_queued(journal: Journal, issue: str, list_name: str, compose: Compose,
                effects: Effects, policy: Policy = Policy()) -> RunReport:
    """Send every queued row of (issue, list); raise Paused to stop early."""
    report = RunReport()
    pacer = _Pacer(policy.rate, effects)
    errors_in_row = 0

    def pause(reason: str) -> Paused:
        return Paused(reason, report)

    for row_id in journal.ids(issue, list_name, State.QUEUED):
        if effects.should_stop():
            raise Paused("stopped on request (Ctrl+C)", report, on_request=True)
        row = journal.row(row_id)
        if row is None:
            continue  # the address was erased meanwhile (subscribers remove)
        if not row.wanted or row.email is None:
            # Unsubscribed, bounced or erased since the list was frozen.
            if journal.move(row_id, State.QUEUED, State.SKIPPED, effects.now()):
                report.skipped += 1
                effects.progress(State.SKIPPED)
            continue
        outgoing = compose(row)  # before the claim: a failure here leaves the row queued
        outcome = _deliver(journal, row, outgoing, effects, policy, pacer, report)
        if outcome is None:
            continue  # another sender claimed it
        effects.progress(outcome)
        if outcome is State.SENT:
            errors_in_row = 0
        else:
            errors_in_row += 1
            if errors_in_row >= policy.max_errors_in_row:
                raise pause(f"{errors_in_row} recipients in a row did not get through "
                            f"(last: {report.last_errors[-1]})")
    return report


def _deliver(journal: Journal, row: JournalRow, outgoing: Outgoing, effects: Effects,
             policy: Policy, pacer: _Pacer, report: RunReport) -> State | None:
    """One recipient, with retries; the state the row ends in (SENDING: unknown)."""
    email = row.email or ""
    for attempt in range(1, policy.max_attempts + 1):
        pacer.wait()
        if not journal.move(row.id, State.QUEUED, State.SENDING, effects.now()):
            return None
        try:
            effects.transport.send(outgoing)
        except TemporaryFailure as exc:
            error = without_address(str(exc), email)
            _must(journal.move(row.id, State.SENDING, State.QUEUED, effects.now(),
                               error=error), report)
            if attempt < policy.max_attempts:
                report.retries += 1
                effects.sleep(backoff(attempt, policy))
                continue
            report.deferred += 1
            report.last_errors.append(error)
            if isinstance(exc, CannotConnect):
                # Every other recipient would wait just as long for the same server.
                raise Paused(error, report) from None
            return State.QUEUED
        except PermanentFailure as exc:
            error = without_address(str(exc), email)
            failure = _FAILURES.get(type(exc), Failure.RECIPIENT)
            _must(journal.move(
                row.id, State.SENDING, State.FAILED, effects.now(), error=error,
                failure=failure,
                # A mailbox that does not exist does not exist for any list. Nothing else
                # says anything about the address: nobody else is suppressed.
                suppress=(EVERY_LIST, "hard_bounce") if failure is Failure.BOUNCE else None),
                report)
            report.failed += 1
            report.last_errors.append(error)
            if failure is Failure.MESSAGE:
                # A spam or policy verdict on the message would meet every next copy too.
                raise Paused(f"the mail server refused the message itself, not the address "
                             f"({error})", report, message_refused=True) from None
            return State.FAILED
        except SenderProblem as exc:
            # Nothing about this recipient is known to be wrong, and nothing was sent.
            error = without_address(str(exc), email)
            _must(journal.move(row.id, State.SENDING, State.QUEUED, effects.now(),
                               error=error), report)
            raise Paused(error, report) from None
        except DeliveryUnknown as exc:
            error = without_address(str(exc), email)
            journal.note(row.id, error)
            report.unknown += 1
            report.last_errors.append(error)
            return State.SENDING
        _must(journal.move(row.id, State.SENDING, State.SENT, effects.now()), report)
        report.sent += 1
        return State.SENT
    raise AssertionError("unreachable")


_FAILURES: dict[type[PermanentFailure], Failure] = {
    AddressRefused: Failure.BOUNCE,
    MessageRefused: Failure.MESSAGE,
}


def _must(moved: bool, report: RunReport) -> None:
    if not moved:
        raise Paused("a journal row changed while its message was being sent: is another "
                     "send of this issue running, or was --mark-unknown used meanwhile?",
                     report)
