"""How a message leaves: into an outbox folder of .eml files (the default), or over SMTP.

A transport either delivers, or raises an error that says what the sender may do next
(what a refusal means is decided in `outcomes.py`). The difference that matters for
"nobody mailed twice" is between a failure that proves the message was not accepted
(TemporaryFailure: try again) and one that leaves it open (DeliveryUnknown: the connection
broke after the whole message was sent, before the server's answer). Only the first may be
retried automatically.
"""

from __future__ import annotations

import contextlib
import os
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ..problems import ContentError, Problem
from .outcomes import Stage, Verdict, classify

SMTP_URL_VARIABLE = "SITE_BUILDER_SMTP_URL"
DEFAULT_TIMEOUT = 30.0  # seconds for connecting and for each reply


@dataclass(frozen=True)
class Outgoing:
    sender: str  # the envelope sender (MAIL FROM): where bounces go
    recipient: str
    message_id: str
    data: bytes  # the complete RFC 5322 message, CRLF line ends


class DeliveryError(Exception):
    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.code = code


class TemporaryFailure(DeliveryError):
    """Not delivered, for now: a 4xx reply, or the connection failed before the end of data."""


class CannotConnect(TemporaryFailure):
    """The server could not be reached or would not start a session: no recipient's fault."""


class PermanentFailure(DeliveryError):
    """The server refused for good (a 5xx reply); the subclass says what it refused."""


class AddressRefused(PermanentFailure):
    """The address does not exist (any more): a hard bounce."""


class RecipientRefused(PermanentFailure):
    """This mailbox cannot take this message now (full, unroutable); the address stays."""


class MessageRefused(PermanentFailure):
    """The message itself was refused (policy, spam, size, line length): not the reader's
    fault, and the next reader's copy would most likely meet the same verdict."""


class SenderProblem(DeliveryError):
    """Not this recipient's fault (the sender address or the login was refused): stop."""


class DeliveryUnknown(DeliveryError):
    """The whole message went out but no answer came back: it may or may not have arrived."""


class Transport(Protocol):
    description: str  # safe to print: no credentials

    def send(self, outgoing: Outgoing) -> None: ...

    def close(self) -> None: ...


class OutboxTransport:
    """Writes each message to FOLDER/<Message-ID>.eml; writing it again replaces it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.description = f"the outbox folder {folder}"

    def send(self, outgoing: Outgoing) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = re.sub(r"[^A-Za-z0-9._-]", "_", outgoing.message_id) + ".eml"
        part = self.folder / f".{name}.part"
        part.write_bytes(outgoing.data)
        os.replace(part, self.folder / name)  # a reader never sees half a message

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    user: str | None
    password: str | None
    implicit_tls: bool  # smtps://
    starttls: bool
    timeout: float

    @property
    def masked(self) -> str:
        login = f"{self.user}:***@" if self.user else ""
        scheme = "smtps" if self.implicit_tls else "smtp"
        extra = "?starttls=false" if not (self.implicit_tls or self.starttls) else ""
        return f"{scheme}://{login}{self.host}:{self.port}{extra}"


def mask_url(text: str) -> str:
    """Any `//user:password@` in text with the password replaced."""
    return re.sub(r"(//[^/:@\s]*):[^@/\s]*@", r"\1:***@", text)


def parse_smtp_url(url: str) -> SmtpUrl:
    """`smtp://user:pass@host:587` (STARTTLS), `smtps://...:465`, `?starttls=false`."""

    def wrong(reason: str) -> ContentError:
        return ContentError([Problem(SMTP_URL_VARIABLE, None,
                                     f"'{mask_url(url)}' is not usable: {reason}")])

    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise wrong("it must start with smtp:// (STARTTLS) or smtps:// (TLS from the start)")
    try:
        port = parts.port
    except ValueError:
        raise wrong("the port must be a number, like :587") from None
    if not parts.hostname:
        raise wrong("it names no host, like smtp://user:password@smtp.example.org:587")
    options = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    unknown = sorted(set(options) - {"starttls", "timeout"})
    if unknown:
        raise wrong(f"unknown option(s) {', '.join(unknown)}; known: starttls, timeout")
    if options.get("starttls", "true") not in ("true", "false"):
        raise wrong("starttls must be true or false")
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        raise wrong("timeout must be a number of seconds") from None
    implicit = parts.scheme == "smtps"
    return SmtpUrl(
        host=parts.hostname, port=port or (465 if implicit else 587),
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        implicit_tls=implicit, starttls=not implicit and options.get("starttls") != "false",
        timeout=timeout)


_ERRORS: dict[Verdict, type[DeliveryError]] = {
    Verdict.RETRY: TemporaryFailure,
    Verdict.BOUNCE: AddressRefused,
    Verdict.RECIPIENT: RecipientRefused,
    Verdict.MESSAGE: MessageRefused,
    Verdict.SENDER: SenderProblem,
}


def _reply(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


class SmtpTransport:
    """One connection, kept open between messages and opened again when it breaks.

    Each message is its own SMTP transaction (MAIL, RCPT, DATA) with one recipient, so
    each reply is about exactly one person.
    """

    def __init__(self, url: SmtpUrl, context: ssl.SSLContext | None = None,
                 local_hostname: str | None = None):
        self.url = url
        self.context = context or ssl.create_default_context()
        self.local_hostname = local_hostname
        self.description = url.masked
        self._client: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        url = self.url
        try:
            if url.implicit_tls:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    url.host, url.port, local_hostname=self.local_hostname,
                    timeout=url.timeout, context=self.context)
            else:
                client = smtplib.SMTP(url.host, url.port, local_hostname=self.local_hostname,
                                      timeout=url.timeout)
            client.ehlo()
            if url.starttls:
                if not client.has_extn("starttls"):
                    client.close()
                    raise SenderProblem(f"{url.masked} does not offer STARTTLS; use smtps:// "
                                        "or, for a relay on this machine, ?starttls=false")
                client.starttls(context=self.context)
                client.ehlo()
            if url.user:
                client.login(url.user, url.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise SenderProblem(f"{url.masked} refused the user name or password "
                                f"({exc.smtp_code})", exc.smtp_code) from None
        except smtplib.SMTPResponseException as exc:
            kind = CannotConnect if 400 <= exc.smtp_code < 500 else SenderProblem
            raise kind(f"{url.masked} answered {exc.smtp_code} {_reply(exc.smtp_error)}",
                       exc.smtp_code) from None
        except ssl.SSLError as exc:
            raise SenderProblem(f"TLS with {url.masked} failed: {exc.reason}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise CannotConnect(f"could not connect to {url.masked}: "
                                   f"{exc.__class__.__name__} {exc}") from None
        return client

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(OSError):
                client.close()

    def _check(self, stage: Stage, code: int, reply: bytes, ok: tuple[int, ...]) -> None:
        if code in ok:
            return
        text = f"{stage}: {code} {_reply(reply)}"
        if code == 421 or code < 0:  # the server is closing the connection
            self._drop()
        else:
            self._rset()
        raise _ERRORS[classify(stage, code, _reply(reply))](text, code)

    def _rset(self) -> None:
        """End a refused transaction so the connection can carry the next one."""
        try:
            if self._client is not None and self._client.rset()[0] == 250:
                return
        except (OSError, smtplib.SMTPException):
            pass
        self._drop()

    def send(self, outgoing: Outgoing) -> None:
        reused = self._client is not None
        if self._client is None:
            self._client = self._connect()
        client = self._client
        finished_data = False
        try:
            try:
                reply = client.mail(outgoing.sender)
            except (OSError, smtplib.SMTPServerDisconnected):
                if not reused:
                    raise
                # A kept connection the server closed while idle: open a new one at once.
                self._drop()
                self._client = client = self._connect()
                reply = client.mail(outgoing.sender)
            self._check(Stage.MAIL, *reply, ok=(250,))
            self._check(Stage.RCPT, *client.rcpt(outgoing.recipient), ok=(250, 251))
            self._check(Stage.DATA, *client.docmd("DATA"), ok=(354,))
            # As smtplib's data(), but knowing whether the end of data went out: up to
            # there a broken connection means "not delivered"; after it, "unknown".
            body = re.sub(rb"(?m)^\.", b"..", outgoing.data)
            if not body.endswith(b"\r\n"):
                body += b"\r\n"
            client.send(body + b".\r\n")
            finished_data = True
            code, reply = client.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            what = f"the connection to {self.url.masked} broke ({exc.__class__.__name__})"
            if finished_data:
                raise DeliveryUnknown(what + " after the whole message was sent, before the "
                                      "server said whether it accepted it") from None
            raise TemporaryFailure(what) from None
        self._check(Stage.END, code, reply, ok=(250,))

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()


def transport_from_environment(outbox: Path, environ: Mapping[str, str] = os.environ,
                               context: ssl.SSLContext | None = None) -> Transport:
    """SMTP when SITE_BUILDER_SMTP_URL is set; otherwise the outbox folder."""
    url = environ.get(SMTP_URL_VARIABLE, "").strip()
    if not url:
        return OutboxTransport(outbox)
    return SmtpTransport(parse_smtp_url(url), context)
