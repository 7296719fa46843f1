"""The pure parts of sending: tokens, journal states, the SMTP address, backoff."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from site_builder.problems import ContentError
from site_builder.sending.journal import InvalidTransition, State, require_transition
from site_builder.sending.outcomes import Stage, Verdict, classify, enhanced_code
from site_builder.sending.secret_strength import weaknesses
from site_builder.sending.send import Policy, backoff
from site_builder.sending.tokens import (
    UnsubscribeToken,
    read_unsubscribe,
    secret_from_environment,
    sign_unsubscribe,
    unsubscribe_link,
)
from site_builder.sending.transports import mask_url, parse_smtp_url
from site_builder.subscribers.addresses import without_address

KEY = b"k" * 32
TOKEN = UnsubscribeToken("external", "nl", hashlib.sha256(b"ann@example.org").hexdigest())


def test_a_signed_token_reads_back_as_what_was_signed() -> None:
    assert read_unsubscribe(KEY, sign_unsubscribe(KEY, TOKEN)) == TOKEN


def test_a_token_holds_no_address_and_fits_in_a_link() -> None:
    signed = sign_unsubscribe(KEY, TOKEN)
    assert "@" not in signed and "example" not in signed
    link = unsubscribe_link("https://www.zelfwijs.example/afmelden/", signed)
    assert link == f"https://www.zelfwijs.example/afmelden/{signed}"
    assert len(link) < 200


@pytest.mark.parametrize("alter", [
    lambda t: t.replace("external", "internal", 1),  # another list
    lambda t: t.replace(".nl.", ".en.", 1),  # another language
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # another signature
    lambda t: t.split(".")[0] + "." + t.split(".")[1] + "." + "A" * 43 + "." + t.split(".")[3],
    lambda t: t[:-4],  # cut short
    lambda t: t + ".x",
    lambda t: "",
])
def test_an_altered_token_is_refused(alter: object) -> None:
    signed = sign_unsubscribe(KEY, TOKEN)
    assert read_unsubscribe(KEY, alter(signed)) is None  # type: ignore[operator]


def test_a_token_made_with_another_key_is_refused() -> None:
    assert read_unsubscribe(KEY, sign_unsubscribe(b"x" * 32, TOKEN)) is None


@pytest.mark.parametrize(("environ", "message"), [
    ({}, "SITE_BUILDER_SECRET is not set"),
    ({"SITE_BUILDER_SECRET": "short"}, r"it is too short \(5 characters; at least 32\)"),
    ({"SITE_BUILDER_SECRET": "a" * 32}, "it uses only 1 different character"),
    ({"SITE_BUILDER_SECRET": " " * 32}, "it contains spaces or other whitespace"),
    ({"SITE_BUILDER_SECRET": "ab" * 16}, "it uses only 2 different character"),
    ({"SITE_BUILDER_SECRET": "vsS_iEF2BQLEiBdRnHV PDZqvqihe6koAeF2S1zbSWpI"}, "whitespace"),
    ({"SITE_BUILDER_SECRET": "abcdefghijklmnopqrstuvwxyz0123456789"}, "too easy to guess"),
    ({"SITE_BUILDER_SECRET": "test-secret-0123456789-abcdefghijklmnop"}, "too easy to guess"),
    ({"SITE_BUILDER_SECRET": "Nieuwsbrief-Nieuwsbrief-Nieuwsbrief"}, "too easy to guess"),
])
def test_a_missing_or_guessable_secret_is_an_error_not_a_default(environ: dict[str, str],
                                                                 message: str) -> None:
    with pytest.raises(ContentError, match=message) as refused:
        secret_from_environment(environ)
    # The message shows how to make a good one.
    assert 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"' in str(refused.value)


@pytest.mark.parametrize("secret", [
    secrets.token_urlsafe(32), secrets.token_hex(16), secrets.token_hex(32),
    secrets.token_urlsafe(48)],
    # Stable names: the secrets differ per run (and per parallel test worker).
    ids=["token_urlsafe-32", "token_hex-16", "token_hex-32", "token_urlsafe-48"])
def test_a_secret_made_by_chance_is_accepted(secret: str) -> None:
    assert weaknesses(secret) == []
    assert secret_from_environment({"SITE_BUILDER_SECRET": secret}) == secret.encode()


@pytest.mark.parametrize(("old", "new"), [
    (State.QUEUED, State.SENDING), (State.SENDING, State.SENT), (State.SENDING, State.FAILED),
    (State.SENDING, State.QUEUED), (State.QUEUED, State.SKIPPED),
    (State.FAILED, State.QUEUED)])  # --retry-failed, for refused messages only
def test_allowed_journal_moves(old: State, new: State) -> None:
    require_transition(old, new)


@pytest.mark.parametrize(("old", "new"), [
    (State.QUEUED, State.SENT), (State.SENT, State.QUEUED), (State.SENT, State.SENDING),
    (State.FAILED, State.SENT), (State.SKIPPED, State.QUEUED), (State.SENDING, State.SKIPPED)])
def test_a_sent_row_never_moves_and_nothing_is_sent_unclaimed(old: State,
                                                                         new: State) -> None:
    with pytest.raises(InvalidTransition):
        require_transition(old, new)


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mailer:p%40ss@smtp.example.org:2525",
     ("smtp.example.org", 2525, "mailer", "p@ss", False, True)),
    ("smtp://smtp.example.org", ("smtp.example.org", 587, None, None, False, True)),
    ("smtps://u:p@smtp.example.org", ("smtp.example.org", 465, "u", "p", True, False)),
    ("smtp://127.0.0.1:25?starttls=false", ("127.0.0.1", 25, None, None, False, False)),
])
def test_smtp_address_forms(url: str, expected: tuple[object, ...]) -> None:
    parsed = parse_smtp_url(url)
    assert (parsed.host, parsed.port, parsed.user, parsed.password, parsed.implicit_tls,
            parsed.starttls) == expected


def test_a_printed_smtp_address_never_shows_the_password() -> None:
    assert parse_smtp_url("smtp://mailer:hunter2@smtp.example.org").masked == (
        "smtp://mailer:***@smtp.example.org:587")
    with pytest.raises(ContentError) as error:
        parse_smtp_url("smtp://mailer:hunter2@smtp.example.org:port")
    assert "hunter2" not in str(error.value)
    assert "smtp://mailer:***@smtp.example.org:port" in str(error.value)
    assert mask_url("imap://a:b@c") == "imap://a:***@c"


@pytest.mark.parametrize("url", ["http://smtp.example.org", "smtp://:25",
                                 "smtp://h?starttls=maybe", "smtp://h?tls=1"])
def test_an_unusable_smtp_address_is_an_error(url: str) -> None:
    with pytest.raises(ContentError, match="SITE_BUILDER_SMTP_URL"):
        parse_smtp_url(url)


def test_backoff_doubles_up_to_a_ceiling() -> None:
    policy = Policy(first_backoff=2, max_backoff=10)
    assert [backoff(n, policy) for n in (1, 2, 3, 4)] == [2, 4, 8, 10]


def test_server_replies_lose_the_address_they_quote() -> None:
    assert without_address("550 5.1.1 <Ann@Example.org>: no such user", "ann@example.org") == (
        "550 5.1.1 <<recipient>>: no such user")


@pytest.mark.parametrize(("stage", "reply", "verdict"), [
    # The address: a hard bounce.
    (Stage.RCPT, "550 5.1.1 <x@example.org>: Recipient address rejected: User unknown",
     Verdict.BOUNCE),
    (Stage.RCPT, "550 5.1.2 Host unknown", Verdict.BOUNCE),
    (Stage.RCPT, "550 5.1.10 Recipient address has null MX", Verdict.BOUNCE),
    (Stage.RCPT, "550 5.2.1 The email account that you tried to reach is disabled",
     Verdict.BOUNCE),
    (Stage.END, "550 5.1.1 user unknown (checked after the message)", Verdict.BOUNCE),
    (Stage.RCPT, "550 no such user here", Verdict.BOUNCE),  # no enhanced code
    # This mailbox for now: failed, not suppressed.
    (Stage.RCPT, "552 5.2.2 Mailbox full", Verdict.RECIPIENT),
    (Stage.RCPT, "554 5.4.4 Unable to route", Verdict.RECIPIENT),
    (Stage.RCPT, "552 Requested mail action aborted: exceeded storage", Verdict.RECIPIENT),
    # The message: fail it, pause, suppress nobody.
    (Stage.END, "554 5.7.1 Message rejected as spam", Verdict.MESSAGE),
    (Stage.END, "550 5.7.1 Message rejected by policy", Verdict.MESSAGE),
    (Stage.RCPT, "554 5.7.1 Relay access denied", Verdict.MESSAGE),
    (Stage.END, "552 5.3.4 Message size exceeds fixed limit", Verdict.MESSAGE),
    (Stage.END, "552 5.2.3 Message too long for this mailbox", Verdict.MESSAGE),
    (Stage.END, "500 Line too long (see RFC5321 4.5.3.1.6)", Verdict.MESSAGE),
    (Stage.END, "554 5.6.0 Invalid content", Verdict.MESSAGE),
    (Stage.END, "554 Transaction failed", Verdict.MESSAGE),
    (Stage.RCPT, "554 Service unavailable; client host blocked", Verdict.MESSAGE),
    (Stage.DATA, "554 5.5.1 No valid recipients", Verdict.MESSAGE),
    # Our side: pause, nobody failed.
    (Stage.MAIL, "553 5.7.1 Sender address rejected: not owned by user", Verdict.SENDER),
    (Stage.RCPT, "550 5.1.8 Bad sender's system address", Verdict.SENDER),
    # Temporary, whatever it says.
    (Stage.RCPT, "450 4.2.0 Greylisted, try again later", Verdict.RETRY),
    (Stage.END, "451 4.7.1 Try again later", Verdict.RETRY),
    (Stage.RCPT, "421 4.3.2 Service shutting down", Verdict.RETRY),
])
def test_smtp_refusals_are_read_by_their_enhanced_status_code(stage: Stage, reply: str,
                                                              verdict: Verdict) -> None:
    code, _, text = reply.partition(" ")
    assert classify(stage, int(code), text) is verdict


def test_an_enhanced_code_is_read_only_at_the_start_of_the_reply() -> None:
    assert enhanced_code("5.7.1 rejected") == (5, 7, 1)
    assert enhanced_code("rejected, see 5.7.1 at https://help.example") is None


def test_no_secret_of_the_shortest_random_kind_is_refused_by_chance() -> None:
    """16 random bytes as hex: zxcvbn finds the odd word or date in some of them (1 in 18
    fell under the old limit), and some use few different characters (the first below has
    only 9); none may be refused for that."""
    drawn = ["d0068202806083df8af820f8282b6bf2"] + [secrets.token_hex(16) for _ in range(100)]
    assert [secret for secret in drawn if weaknesses(secret)] == []
