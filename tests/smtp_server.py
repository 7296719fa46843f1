"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts and misbehaves
for chosen addresses: temporary and permanent replies, dropped connections, and a hook
that runs while a message is being received (the SIGKILL test kills the sender there).
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

DROP = "drop"  # instead of a reply: close the connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    recipient: str
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """aiosmtpd hooks. Scripted replies are used up one by one, then the server accepts."""

    received: list[Received] = field(default_factory=list)
    mail_replies: deque[str] = field(default_factory=deque)
    rcpt_replies: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    data_replies: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    # Hooks for the crash test: on_rcpt runs at RCPT; on_data inside DATA, before the
    # message is stored (stored=False: returning True drops the connection instead of
    # storing it) and after it is stored but before the 250 reply (stored=True).
    on_rcpt: Callable[[str], None] | None = None
    on_data: Callable[[str, bool], bool] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _script(self, server: SMTP, replies: deque[str]) -> str | None:
        with self.lock:
            reply = replies.popleft() if replies else None
        if reply == DROP:
            assert server.transport is not None
            server.transport.close()
            return "421 closing"  # never arrives: the connection is gone
        return reply

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        reply = self._script(server, self.mail_replies)
        if reply:
            return reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        if self.on_rcpt:
            self.on_rcpt(address)
        reply = self._script(server, self.rcpt_replies[address.lower()])
        if reply:
            return reply.replace("{address}", address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        recipient = envelope.rcpt_tos[0]
        if self.on_data and self.on_data(recipient, False):
            assert server.transport is not None
            server.transport.close()
            return "421 closing"
        reply = self._script(server, self.data_replies[recipient.lower()])
        if reply:
            return reply
        with self.lock:
            self.received.append(Received(str(envelope.mail_from), recipient,
                                          bytes(envelope.original_content or b"")))
        if self.on_data:
            self.on_data(recipient, True)
        return "250 OK: queued"

    def per_recipient(self) -> Counter[str]:
        with self.lock:
            return Counter(r.recipient.lower() for r in self.received)


class SmtpServer:
    """`with SmtpServer() as server:` a server on 127.0.0.1:server.port."""

    def __init__(self, handler: Handler | None = None, *, tls: ssl.SSLContext | None = None,
                 implicit_tls: ssl.SSLContext | None = None,
                 logins: dict[str, str] | None = None, **smtp: Any):
        self.handler = handler or Handler()
        self.port = free_port()
        self.logins = logins
        if logins is not None:
            smtp.update(authenticator=self._authenticate, auth_require_tls=True)
        if tls is not None:
            smtp.update(tls_context=tls, require_starttls=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", ssl_context=implicit_tls,
                                     **smtp)

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope,
                      mechanism: str, data: Any) -> AuthResult:
        login, password = data.login.decode(), data.password.decode()
        ok = self.logins is not None and self.logins.get(login) == password
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?starttls=false"

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
