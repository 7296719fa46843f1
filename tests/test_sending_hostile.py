"""Sending as a real mail server and a hostile subscriber would test it, through the
`newsletter send` command and a real SMTP server on 127.0.0.1: content filters, unknown
mailboxes, greylisting that does not end, and names written to break the message."""

from __future__ import annotations

import email
import email.policy
import functools
import hashlib
import re
from collections import Counter, deque
from collections.abc import Callable
from email.header import decode_header
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

import pytest

from site_builder.sending import command
from site_builder.sending.send import Policy
from site_builder.sending.tokens import UnsubscribeToken, read_unsubscribe
from site_builder.subscribers.names import clean_name
from site_builder.subscribers.store import open_store

from .conftest import Result, write
from .sending_fixtures import ISSUE, SECRET, add_subscribers, data, newsletter_project
from .smtp_server import Handler, SmtpServer

__all__ = ["data", "newsletter_project"]  # fixtures
UNSUBSCRIBE = "https://www.zelfwijs.example/afmelden/"


def send(run: Callable[..., Result], project: Path, *args: str) -> Result:
    return run(project, "newsletter", "send", ISSUE, "--list", "external", *args)


def journal(data: Path) -> dict[str, tuple[str, str | None, str]]:
    """address → (state, failure, Message-ID)."""
    with open_store(data) as store:
        return {row[0]: tuple(row[1:]) for row in store.connection.execute(
            "SELECT s.email, j.state, j.failure, j.message_id FROM journal j "
            "JOIN subscribers s ON s.id = j.subscriber_id")}


def suppressed(data: Path) -> list[str]:
    with open_store(data) as store:
        return [row[0] for row in store.connection.execute(
            "SELECT reason FROM suppressions")]


def test_a_content_filter_verdict_pauses_the_send_suppresses_nobody_and_exits_3(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = list(add_subscribers(data, 5))
    handler = Handler()
    handler.data_replies[people[1]] = deque(["554 5.7.1 rejected as spam"])
    with SmtpServer(handler) as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        paused = send(run, newsletter_project)
        states = journal(data)
        # The cause is fixed (the issue changed, or the provider lifted the block).
        resumed = send(run, newsletter_project, "--retry-failed")
    assert paused.code == 3
    assert ("newsletters/2026-11-extern.md: error: sending paused: the mail server refused "
            "the message itself, not the address (end of DATA: 554 5.7.1 rejected as spam)"
            ) in paused.err
    assert "nobody was suppressed" in paused.err and "--retry-failed" in paused.err
    assert "still queued: the mail server refused them for now" not in paused.err
    assert "In all: 1 sent, 1 failed, 0 skipped, 0 unknown, 3 still queued" in paused.out
    assert [states[a][:2] for a in people] == [("sent", None), ("failed", "message"),
                                               ("queued", None), ("queued", None),
                                               ("queued", None)]
    assert suppressed(data) == []
    assert resumed.code == 0, resumed.err
    assert "Queued 1 refused message(s) again" in resumed.out
    assert handler.per_recipient() == Counter(people)


def test_an_unknown_mailbox_at_rcpt_is_suppressed_and_the_send_exits_3(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = list(add_subscribers(data, 3))
    handler = Handler()
    handler.rcpt_replies[people[1]] = deque(["550 5.1.1 <{address}>: user unknown"])
    with SmtpServer(handler) as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = send(run, newsletter_project)
    assert result.code == 3
    assert "In all: 2 sent, 1 failed, 0 skipped, 0 unknown, 0 still queued" in result.out
    assert "1 address(es) do not exist (any more)" in result.err
    assert handler.per_recipient() == Counter([people[0], people[2]])
    assert journal(data)[people[1]][:2] == ("failed", "bounce")
    with open_store(data) as store:
        assert [store.suppression(store.hash(a)) for a in people] == [None, "hard_bounce", None]


def test_a_mailbox_that_keeps_answering_450_is_retried_then_left_queued_with_exit_3(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real backoff (2, 4, 8 s) made short: the retries themselves are what is tested.
    monkeypatch.setattr(command, "Policy", functools.partial(Policy, first_backoff=0.01,
                                                             max_backoff=0.02))
    people = list(add_subscribers(data, 3))
    handler = Handler()
    handler.rcpt_replies[people[0]] = deque(["450 4.2.0 greylisted, try again later"] * 4)
    with SmtpServer(handler) as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = send(run, newsletter_project)
        with open_store(data) as store:
            attempts = store.connection.execute(
                "SELECT j.attempts FROM journal j JOIN subscribers s ON s.id = j.subscriber_id "
                "WHERE s.email = ?", (people[0],)).fetchone()[0]
        later = send(run, newsletter_project)  # the greylisting has ended
    assert result.code == 3
    assert "This run: 2 sent, 3 temporary failure(s) retried, 1 still failing" in result.out
    assert "1 message(s) are still queued" in result.err and "450 4.2.0 greylisted" in result.err
    assert attempts == 4 and journal(data)[people[0]][0] == "sent"
    assert suppressed(data) == []
    assert later.code == 0 and "This run: 1 sent" in later.out
    assert handler.per_recipient() == Counter(people)


HOSTILE_NAMES = [
    "__SB_UNSUBSCRIBE_URL__",
    "Eve __SB_NAME__ __SB_MESSAGE_ID__ __SB_TO__",
    "{{ unsubscribe_url }} {% if x %}{{ t.greeting }}{% endif %}",
    "%s %(name)s {0} ${name} @@HTML@@ @@TEXT@@",
    "X-Site-Builder-Personal: here",  # the personal headers' place while a message is built
    "Eve\r\nBcc: all@example.org",
    "Ann\tde\nWit\rBcc: x@example.org",
    "=?utf-8?b?QmNjOiBhbGxAZXhhbXBsZS5vcmc=?=",
    '"Mallory" <boss@example.org>, ceo@example.org',
    "Zoë " + "ë" * 3000,
    "x" * 3000,
]


def shown_name(data: bytes, address: str) -> str:
    """The display name of the one To: address, as a mail program shows it."""
    raw = email.message_from_bytes(data, policy=email.policy.compat32)
    [to] = raw.get_all("To")
    assert isinstance(to, str) and to.rstrip().endswith(f"<{address}>"), to
    if to.lstrip().startswith("=?"):  # RFC 2047 encoded-words, folded
        name = to.rstrip().removesuffix(f"<{address}>")
        # The space between two encoded-words is not part of the text (RFC 2047, 6.2).
        return "".join(part.decode(charset or "ascii") if isinstance(part, bytes) else part
                       for part, charset in decode_header(name))
    name, addr_spec = parseaddr(to)
    assert addr_spec == address
    return name


def test_names_written_to_break_a_message_change_no_header_and_no_other_field(
    newsletter_project: Path, data: Path, tmp_path: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = {f"vijand{n}@example.org": name for n, name in enumerate(HOSTILE_NAMES)}
    rows = "".join('{},"{}"\n'.format(a, n.replace('"', '""')) for a, n in people.items())
    write(tmp_path / "people.csv", "email,name\n" + rows)
    assert run(tmp_path, "subscribers", "import", "people.csv", "--list", "external").code == 0
    with SmtpServer() as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = send(run, newsletter_project)
    assert result.code == 0, result.err
    states = journal(data)
    with open_store(data) as store:
        stored = {m["email"]: m["name"] for m in store.members("external")}
        hashes = {address: store.hash(address) for address in people}
    assert len(server.handler.received) == len(people)
    for received in server.handler.received:
        address = received.recipient
        name = clean_name(people[address])
        assert name is not None and stored[address] == name and len(name) <= 100
        assert not re.search(r"[\t\r\n]", name)
        # Every line of the message within the SMTP limit; the headers as we wrote them.
        assert max(len(line) for line in received.data.split(b"\r\n")) <= 998
        message = received.message
        assert isinstance(message, EmailMessage)
        assert message["Bcc"] is None and message["Cc"] is None
        assert message["Message-ID"] == f"<{states[address][2]}>"
        assert shown_name(received.data, address) == name
        https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
        assert read_unsubscribe(SECRET.encode(), https.removeprefix(UNSUBSCRIBE)) == (
            UnsubscribeToken("external", "nl", hashes[address]))
        assert mailto == "mailto:afmelden@zelfwijs.example?subject=unsubscribe"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"Beste {name}," in text
        assert https in text and f'href="{https}"' in html  # the reader's own link, intact
        assert "__SB_" not in (text + html).replace(name, "")


def test_a_message_id_names_nobody_and_is_the_one_in_the_journal(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    people = add_subscribers(data, 3)
    assert send(run, newsletter_project).code == 0
    states = journal(data)
    for address, (_state, _failure, message_id) in states.items():
        # Not the unsalted hash of the address it used to carry, nor any other.
        assert hashlib.sha256(address.lower().encode()).hexdigest()[:20] not in message_id
        assert re.fullmatch(r"2026-11-extern\.[0-9a-f]{20}@zelfwijs\.example", message_id)
        [file] = (data / "outbox").glob(f"{message_id.replace('@', '_')}*.eml")
        parsed = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        assert parsed["Message-ID"] == f"<{message_id}>"
        assert parsed["To"].addresses[0].addr_spec == address
    assert len({m for _s, _f, m in states.values()}) == len(people)


def test_a_guessable_secret_stops_a_send_before_anything_is_frozen(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscribers(data, 2)
    for weak in ("a" * 32, " " * 32, "Zelfwijs2026Zelfwijs2026Zelfwijs2026"):
        monkeypatch.setenv("SITE_BUILDER_SECRET", weak)
        result = send(run, newsletter_project)
        assert result.code == 1
        assert "SITE_BUILDER_SECRET: error: SITE_BUILDER_SECRET is not safe: " in result.err
        assert 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"' in result.err
    copy = run(newsletter_project, "newsletter", "send", ISSUE, "--to", "redactie@example.org")
    assert copy.code == 1  # a weak key is refused for a test copy too, not quietly skipped
    assert not (data / "outbox").exists()
    assert journal(data) == {}
