"""The pure parts of sending: tokens, journal states, the SMTP address, backoff."""

from __future__ import annotations

import hashlib

import pytest

from site_builder.problems import ContentError
from site_builder.sending.journal import InvalidTransition, State, require_transition
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
    ({"SITE_BUILDER_SECRET": "short"}, r"is too short \(5 characters\)"),
])
def test_a_missing_or_short_secret_is_an_error_not_a_default(environ: dict[str, str],
                                                             message: str) -> None:
    with pytest.raises(ContentError, match=message):
        secret_from_environment(environ)


@pytest.mark.parametrize(("old", "new"), [
    (State.QUEUED, State.SENDING), (State.SENDING, State.SENT), (State.SENDING, State.FAILED),
    (State.SENDING, State.QUEUED), (State.QUEUED, State.SKIPPED)])
def test_allowed_journal_moves(old: State, new: State) -> None:
    require_transition(old, new)


@pytest.mark.parametrize(("old", "new"), [
    (State.QUEUED, State.SENT), (State.SENT, State.QUEUED), (State.SENT, State.SENDING),
    (State.FAILED, State.QUEUED), (State.SKIPPED, State.QUEUED), (State.SENDING, State.SKIPPED)])
def test_a_sent_or_failed_row_never_moves_and_nothing_is_sent_unclaimed(old: State,
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
