"""Sending to a real SMTP server on 127.0.0.1: once each, retried, recorded, suppressed."""

from __future__ import annotations

import fcntl
import re
import socket
import ssl
import subprocess
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from site_builder.config import load_config
from site_builder.newsletter.build import BuiltIssue, prepare_issue
from site_builder.sending.command import list_composer
from site_builder.sending.journal import Journal
from site_builder.sending.send import Effects, Paused, Policy, RunReport, send_queued
from site_builder.sending.tokens import UnsubscribeToken, read_unsubscribe
from site_builder.sending.transports import (
    Outgoing,
    SenderProblem,
    SmtpTransport,
    parse_smtp_url,
)
from site_builder.subscribers.store import Store, open_store

from .conftest import REPO, SAMPLE_NOW, Result
from .sending_fixtures import (
    ISSUE,
    SECRET,
    add_subscribers,
    data,
    newsletter_project,
    subprocess_environment,
)
from .smtp_server import DROP, Handler, SmtpServer

__all__ = ["data", "newsletter_project"]  # fixtures
SLUG = "2026-11-extern"
SENDER = "nieuwsbrief@zelfwijs.example"
UNSUBSCRIBE = "https://www.zelfwijs.example/afmelden/"


@pytest.fixture(scope="module")
def built() -> BuiltIssue:
    return prepare_issue(load_config(REPO / "mkdocs.yml"), REPO / ISSUE, SAMPLE_NOW)


@dataclass
class Send:
    """A frozen send of the sample issue, driven directly with recorded sleeps."""

    store: Store
    journal: Journal
    built: BuiltIssue
    sleeps: list[float]

    def run(self, url: str, policy: Policy | None = None) -> RunReport:
        transport = SmtpTransport(parse_smtp_url(url))
        compose = list_composer(self.built, SECRET.encode(), "external", SENDER, UNSUBSCRIBE)
        try:
            return send_queued(self.journal, SLUG, "external", compose,
                               Effects(transport, sleep=self.sleeps.append,
                                       now=lambda: SAMPLE_NOW), policy or Policy())
        finally:
            transport.close()

    def states(self) -> dict[str, str]:
        return {row["email"]: row["state"] for row in self.store.connection.execute(
            "SELECT s.email, j.state FROM journal j JOIN subscribers s ON s.id = "
            "j.subscriber_id")}


@contextmanager
def frozen_send(data: Path, built: BuiltIssue) -> Iterator[Send]:
    with open_store(data) as store:
        journal = Journal(store)
        journal.freeze(SLUG, "external", "nl", "nl",
                       built.message.new_message_id, SAMPLE_NOW)
        yield Send(store, journal, built, [])


def cli_send(run: Callable[..., Result], project: Path, *args: str) -> Result:
    return run(project, "newsletter", "send", ISSUE, *args)


def test_a_send_to_300_subscribers_arrives_once_each_with_their_own_headers(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = add_subscribers(data, 300)
    with SmtpServer() as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = cli_send(run, newsletter_project, "--list", "external")
    assert result.code == 0, result.err
    assert "In all: 300 sent, 0 failed, 0 skipped, 0 unknown, 0 still queued" in result.out
    assert server.handler.per_recipient() == Counter({a.lower(): 1 for a in people})
    with open_store(data) as store:
        message_ids = dict(store.connection.execute(
            "SELECT s.email, j.message_id FROM journal j JOIN subscribers s ON "
            "s.id = j.subscriber_id"))
        hashes = {address: store.hash(address) for address in people}
    for received in server.handler.received:
        address, message = received.recipient, received.message
        assert received.mail_from == SENDER
        assert message["To"].addresses[0].addr_spec == address
        assert message["To"].addresses[0].display_name == people[address]
        assert message["Message-ID"] == f"<{message_ids[address]}>"
        https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
        assert mailto == "mailto:afmelden@zelfwijs.example?subject=unsubscribe"
        assert https.startswith(UNSUBSCRIBE)
        token = read_unsubscribe(SECRET.encode(), https.removeprefix(UNSUBSCRIBE))
        assert token == UnsubscribeToken("external", "nl", hashes[address])
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html = message.get_body(("html",)).get_content()
        assert f"Beste {people[address]}," in html
        assert f'href="{https}"' in html  # the visible link is the same signed link


def test_running_the_same_send_again_mails_nobody_twice_and_nobody_new(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = add_subscribers(data, 5)
    with SmtpServer() as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        assert cli_send(run, newsletter_project, "--list", "external").code == 0
        add_subscribers(data, 1, prefix="late")  # joined after the list was frozen
        again = cli_send(run, newsletter_project, "--list", "external")
    assert again.code == 0
    assert "Continuing the send" in again.out and "This run: 0 sent" in again.out
    assert server.handler.per_recipient() == Counter({a: 1 for a in people})


def test_temporary_failures_and_dropped_connections_are_retried_until_they_arrive_once(
    data: Path, built: BuiltIssue
) -> None:
    people = sorted(add_subscribers(data, 8))
    handler = Handler()
    handler.rcpt_replies[people[0]] = deque(["450 4.2.0 greylisted, try again", "450 4.2.0 "
                                             "greylisted, try again"])
    handler.rcpt_replies[people[1]] = deque(["421 4.3.2 service shutting down"])
    handler.rcpt_replies[people[2]] = deque([DROP])
    handler.data_replies[people[3]] = deque(["451 4.3.0 local error in processing"])
    # The fifth MAIL is the second try for people[1] (after its 421): that one is dropped too.
    handler.mail_replies.extend(["", "", "", "", DROP])
    with SmtpServer(handler) as server, frozen_send(data, built) as send:
        report = send.run(server.url)
        states = send.states()
    assert set(states.values()) == {"sent"}
    assert handler.per_recipient() == Counter(people)
    assert report.retries == 6
    # Backoff per recipient (2 s, then 4 s), handed to sleep, never really waited.
    assert send.sleeps == [2.0, 4.0, 2.0, 4.0, 2.0, 2.0]


def test_an_address_refused_at_rcpt_is_a_hard_bounce_and_only_that_address_is_suppressed(
    data: Path, built: BuiltIssue
) -> None:
    people = sorted(add_subscribers(data, 4))
    handler = Handler()
    handler.rcpt_replies[people[1]] = deque(["550 5.1.1 <{address}>: user unknown"])
    handler.rcpt_replies[people[2]] = deque(["552 5.2.2 mailbox full"])
    with SmtpServer(handler) as server, frozen_send(data, built) as send:
        report = send.run(server.url)
        states = send.states()
        rows = send.store.connection.execute(
            "SELECT last_error, failure FROM journal WHERE state = 'failed' ORDER BY id"
        ).fetchall()
        reasons = [send.store.suppression(send.store.hash(a)) for a in people]
    assert [states[a] for a in people] == ["sent", "failed", "failed", "sent"]
    assert report.failed == 2 and report.sent == 2
    assert handler.per_recipient() == Counter([people[0], people[3]])
    # A full mailbox says nothing lasting about the address: it stays subscribed.
    assert reasons == [None, "hard_bounce", None, None]
    assert [tuple(r) for r in rows] == [
        ("RCPT TO: 550 5.1.1 <<recipient>>: user unknown", "bounce"),
        ("RCPT TO: 552 5.2.2 mailbox full", "recipient")]


def test_a_connection_lost_after_the_whole_message_is_unknown_and_never_resent(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = sorted(add_subscribers(data, 3))
    handler = Handler()
    handler.data_replies[people[1]] = deque([DROP])  # got it all, never answered
    with SmtpServer(handler) as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        first = cli_send(run, newsletter_project, "--list", "external")
        again = cli_send(run, newsletter_project, "--list", "external")
        assert handler.per_recipient() == Counter([people[0], people[2]])
        decided = cli_send(run, newsletter_project, "--list", "external", "--mark-unknown",
                           "queued")
    # Work undone (one message of unknown fate): not the "all sent" status.
    assert first.code == 3 and "1 unknown" in first.out
    with open_store(data) as store:
        message_id = store.connection.execute(
            "SELECT message_id FROM journal j JOIN subscribers s ON s.id = j.subscriber_id "
            "WHERE s.email = ?", (people[1],)).fetchone()[0]
    assert f"<{message_id}>" in first.err and "never resent by themselves" in first.err
    assert "were left in flight by an earlier run" in again.err
    assert "This run: 0 sent" in again.out and again.code == 3
    assert decided.code == 0 and "This run: 1 sent" in decided.out
    assert handler.per_recipient() == Counter(people)


def test_sending_pauses_after_errors_in_a_row_and_loses_nothing(
    data: Path, built: BuiltIssue
) -> None:
    people = sorted(add_subscribers(data, 6))
    handler = Handler()
    for address in people[:3]:
        handler.rcpt_replies[address] = deque(["451 4.7.1 rate limited"] * 2)
    policy = Policy(max_attempts=2, max_errors_in_row=3)
    with SmtpServer(handler) as server, frozen_send(data, built) as send:
        with pytest.raises(Paused, match="3 recipients in a row did not get through") as paused:
            send.run(server.url, policy)
        assert set(send.states().values()) == {"queued"}
        assert paused.value.report.deferred == 3
        send.run(server.url, policy)  # the relay has recovered
        assert set(send.states().values()) == {"sent"}
    assert handler.per_recipient() == Counter(people)


def test_an_unreachable_server_pauses_the_send_with_everyone_still_queued(
    data: Path, built: BuiltIssue
) -> None:
    add_subscribers(data, 3)
    with SmtpServer() as server:
        url = server.url  # a port that was open and is closed now
    with frozen_send(data, built) as send:
        with pytest.raises(Paused, match=r"could not connect to smtp://127\.0\.0\.1"):
            send.run(url, Policy(max_attempts=3))
        assert set(send.states().values()) == {"queued"}
        assert send.sleeps == [2.0, 4.0]


def test_a_refused_sender_stops_the_send_at_once_and_suppresses_nobody(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = add_subscribers(data, 3)
    handler = Handler()
    handler.mail_replies.append("553 5.7.1 sender not allowed")
    with SmtpServer(handler) as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = cli_send(run, newsletter_project, "--list", "external")
    assert result.code == 3  # the send ran but did not finish
    assert ("newsletters/2026-11-extern.md: error: sending paused: MAIL FROM: 553 5.7.1 sender "
            "not allowed. Nothing is lost") in result.err
    assert "3 still queued" in result.out
    with open_store(data) as store:
        assert all(store.suppression(store.hash(a)) is None for a in people)


def test_subscribers_who_leave_after_the_list_is_frozen_are_skipped(
    data: Path, built: BuiltIssue
) -> None:
    people = sorted(add_subscribers(data, 3))
    with SmtpServer() as server, frozen_send(data, built) as send:
        send.store.unsubscribe(send.store.hash(people[0]), "external", SAMPLE_NOW)
        send.store.remove(people[1], SAMPLE_NOW)
        report = send.run(server.url)
        states = send.states()
    assert report.skipped == 1 and report.sent == 1
    assert states == {people[0]: "skipped", people[2]: "sent"}
    assert server.handler.per_recipient() == Counter([people[2]])


def test_only_subscribers_who_read_the_issues_language_get_it(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    add_subscribers(data, 2, prefix="dutch", language="nl")
    add_subscribers(data, 1, prefix="nolang", language=None)
    add_subscribers(data, 3, prefix="english", language="en")
    result = cli_send(run, newsletter_project, "--list", "external", "--dry-run")
    assert result.code == 0
    assert result.out.startswith(
        "Dry run: would send 'Nieuws van Zelfwijs – november 2026' to 3 subscribers whose "
        "language is nl or not set on the list 'external', via the outbox folder ")
    english = run(newsletter_project, "newsletter", "send", "newsletters/2026-11-external-en.md",
                  "--list", "external", "--dry-run")
    assert "to 3 subscribers whose language is en on the list 'external'" in english.out


def test_dry_run_sends_nothing_and_freezes_nothing(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    add_subscribers(data, 4)
    result = cli_send(run, newsletter_project, "--list", "external", "--dry-run")
    assert result.code == 0 and "Nothing was sent." in result.out
    assert not (data / "outbox").exists()
    with open_store(data) as store:
        assert store.connection.execute("SELECT count(*) FROM journal").fetchone()[0] == 0


def test_dry_run_counts_even_without_the_secret_and_warns_about_it(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscribers(data, 2)
    monkeypatch.delenv("SITE_BUILDER_SECRET", raising=False)
    result = cli_send(run, newsletter_project, "--list", "external", "--dry-run")
    assert result.code == 0
    assert "to 2 subscribers" in result.out
    assert "SITE_BUILDER_SECRET: warning: SITE_BUILDER_SECRET is not set" in result.err
    real = cli_send(run, newsletter_project, "--list", "external")
    assert real.code == 1 and "SITE_BUILDER_SECRET: error:" in real.err


def test_the_outbox_is_the_default_transport(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    people = add_subscribers(data, 4)
    result = cli_send(run, newsletter_project, "--list", "external")
    assert result.code == 0 and "via the outbox folder" in result.out
    files = sorted((data / "outbox").glob("*.eml"))
    assert len(files) == 4
    assert not any(a.split("@")[0] in f.name for a in people for f in files)
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in files[0].read_bytes()


def test_a_test_copy_goes_to_one_address_with_a_working_unsubscribe_link(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscribers(data, 3)
    with SmtpServer() as server:
        monkeypatch.setenv("SITE_BUILDER_SMTP_URL", server.url)
        result = cli_send(run, newsletter_project, "--to", "Editor@Example.org")
    assert result.code == 0 and "Sent a test copy" in result.out
    [received] = server.handler.received
    assert received.recipient == "Editor@example.org"
    link = re.findall(r"<([^>]+)>", received.message["List-Unsubscribe"])[0]
    assert read_unsubscribe(SECRET.encode(), link.removeprefix(UNSUBSCRIBE)) is not None
    with open_store(data) as store:
        assert store.connection.execute("SELECT count(*) FROM journal").fetchone()[0] == 0


def test_a_test_copy_to_a_suppressed_address_is_refused(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    with open_store(data) as store:
        store.unsubscribe(store.hash("gone@example.org"), "external", SAMPLE_NOW)
    result = cli_send(run, newsletter_project, "--to", "gone@example.org")
    assert result.code == 1
    assert "--to: error: this address is on the suppression list (unsubscribed)" in result.err
    assert not (data / "outbox").exists()


def test_a_list_send_without_a_secret_is_an_error_and_sends_nothing(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscribers(data, 2)
    monkeypatch.delenv("SITE_BUILDER_SECRET")
    result = cli_send(run, newsletter_project, "--list", "external")
    assert result.code == 1
    assert "SITE_BUILDER_SECRET: error: SITE_BUILDER_SECRET is not set" in result.err
    assert not (data / "outbox").exists()


def test_an_internal_issue_goes_to_the_internal_list_only(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    add_subscribers(data, 2)
    result = run(newsletter_project, "newsletter", "send", "newsletters/2026-11-intern.md",
                 "--list", "external")
    assert result.code == 1
    assert "newsletters/2026-11-intern.md:3: error: this is an internal issue" in result.err
    assert not (data / "outbox").exists()


def test_the_rate_spaces_messages_out(data: Path, built: BuiltIssue) -> None:
    add_subscribers(data, 3)
    clock = iter([0.0, 0.1, 1.2])  # monotonic readings before each message
    with SmtpServer() as server, frozen_send(data, built) as send:
        transport = SmtpTransport(parse_smtp_url(server.url))
        compose = list_composer(built, SECRET.encode(), "external", SENDER, UNSUBSCRIBE)
        effects = Effects(transport, sleep=send.sleeps.append, monotonic=lambda: next(clock),
                          now=lambda: SAMPLE_NOW)
        send_queued(send.journal, SLUG, "external", compose, effects, Policy(rate=2))
        transport.close()
    # 2 a second: the second waits from 0.1 until 0.5; the third, at 1.2, is late already.
    assert [round(s, 3) for s in send.sleeps] == [0.4]


def test_the_output_of_a_normal_send_names_no_subscriber(
    newsletter_project: Path, data: Path
) -> None:
    people = add_subscribers(data, 20)
    with SmtpServer() as server:
        done = subprocess.run(
            [sys.executable, "-m", "site_builder", "newsletter", "send", ISSUE, "--list",
             "external"], cwd=newsletter_project, capture_output=True, text=True, timeout=120,
            env=subprocess_environment(data, server.url))
    assert done.returncode == 0, done.stderr
    assert "20 sent" in done.stdout
    output = (done.stdout + done.stderr).lower()
    for address, name in people.items():
        assert address.lower() not in output and address.split("@")[0] not in output
        assert name.lower() not in output


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


def tls_contexts(authority: trustme.CA) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """The server's context with a certificate for 127.0.0.1, and a client's that trusts it."""
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    client = ssl.create_default_context()
    authority.configure_trust(client)
    return server, client


MESSAGE = b"Subject: hi\r\n\r\nhi\r\n"


def test_smtp_with_starttls_logs_in_and_reuses_one_connection(
    certificate_authority: trustme.CA
) -> None:
    server_tls, client_tls = tls_contexts(certificate_authority)
    with SmtpServer(tls=server_tls, logins={"mailer": "s3cr3t:pw"}) as server:
        url = parse_smtp_url(f"smtp://mailer:s3cr3t%3Apw@127.0.0.1:{server.port}")
        transport = SmtpTransport(url, client_tls)
        transport.send(Outgoing(SENDER, "ann@example.org", "m1@x", MESSAGE))
        first = transport._client
        transport.send(Outgoing(SENDER, "bob@example.org", "m2@x", MESSAGE))
        assert transport._client is first
        transport.close()
    assert server.handler.per_recipient() == Counter(["ann@example.org", "bob@example.org"])
    assert transport.description == f"smtp://mailer:***@127.0.0.1:{server.port}"


def test_a_wrong_password_stops_the_send_without_showing_it(
    certificate_authority: trustme.CA
) -> None:
    server_tls, client_tls = tls_contexts(certificate_authority)
    with SmtpServer(tls=server_tls, logins={"mailer": "right"}) as server:
        transport = SmtpTransport(parse_smtp_url(
            f"smtp://mailer:wrong-pw@127.0.0.1:{server.port}"), client_tls)
        with pytest.raises(SenderProblem) as refused:
            transport.send(Outgoing(SENDER, "ann@example.org", "m1@x", MESSAGE))
    assert "refused the user name or password" in str(refused.value)
    assert "wrong-pw" not in str(refused.value)


def test_smtps_speaks_tls_from_the_start(certificate_authority: trustme.CA) -> None:
    server_tls, client_tls = tls_contexts(certificate_authority)
    with SmtpServer(implicit_tls=server_tls) as server:
        transport = SmtpTransport(parse_smtp_url(f"smtps://127.0.0.1:{server.port}"),
                                  client_tls)
        transport.send(Outgoing(SENDER, "ann@example.org", "m1@x", MESSAGE))
        transport.close()
    assert server.handler.per_recipient() == Counter(["ann@example.org"])


def test_subscriber_addresses_never_reach_the_project_or_the_built_site(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    people = add_subscribers(data, 5)
    assert cli_send(run, newsletter_project, "--list", "external").code == 0
    assert run(newsletter_project, "build").code == 0
    for path in newsletter_project.rglob("*"):
        if path.is_file():
            data_bytes = path.read_bytes().lower()
            assert not any(a.encode() in data_bytes for a in people), path


def test_a_kept_connection_the_server_closed_while_idle_is_opened_again_at_once() -> None:
    with SmtpServer(timeout=0.2) as server:  # the server hangs up after 0.2 s of silence
        transport = SmtpTransport(parse_smtp_url(server.url))
        transport.send(Outgoing(SENDER, "ann@example.org", "m1@x", MESSAGE))
        kept = transport._client
        assert kept is not None and kept.sock is not None
        kept.sock.settimeout(10)
        assert kept.sock.recv(1, socket.MSG_PEEK) == b""  # it hung up
        transport.send(Outgoing(SENDER, "bob@example.org", "m2@x", MESSAGE))
        transport.close()
    assert transport._client is None
    assert server.handler.per_recipient() == Counter(["ann@example.org", "bob@example.org"])


def test_a_second_send_of_the_same_issue_and_list_at_once_is_refused(
    newsletter_project: Path, data: Path, run: Callable[..., Result],
) -> None:
    add_subscribers(data, 2)
    locks = data / "locks"
    locks.mkdir(parents=True)
    with (locks / f"{SLUG}.external.lock").open("a") as held:  # as a running send holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = cli_send(run, newsletter_project, "--list", "external")
    assert busy.code == 1
    assert "is being sent to the list 'external' by another process right now" in busy.err
    assert not (data / "outbox").exists()
    assert cli_send(run, newsletter_project, "--list", "external").code == 0
