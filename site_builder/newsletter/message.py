"""The MIME message of an issue, built once; personalised per recipient without re-inlining.

The standard library's email package builds the whole message once, with
placeholders. Per recipient only the two bodies and a few headers change,
so personalising is string substitution plus base64, not a new message:
10,000 recipients cost one inlining and one MIME build.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, parseaddr

from .render import NAME, UNSUBSCRIBE_URL, RenderedIssue

TO = "__SB_TO__"
MESSAGE_ID = "__SB_MESSAGE_ID__"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str | None = None
    unsubscribe_url: str | None = None  # a signed, per-recipient link; None: the general page


@dataclass(frozen=True)
class Envelope:
    sender: str
    reply_to: str | None
    unsubscribe_url: str
    unsubscribe_mailto: str | None


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _b64(text: str) -> str:
    return _crlf(base64.encodebytes(text.encode("utf-8")).decode("ascii"))


class MessageTemplate:
    def __init__(self, rendered: RenderedIssue, envelope: Envelope, fallback_name: str):
        self.rendered = rendered
        self.envelope = envelope
        self.fallback_name = fallback_name
        issue = rendered.issue
        self.domain = parseaddr(envelope.sender)[1].rpartition("@")[2] or "localhost"
        message = EmailMessage(policy=SMTP)
        message["From"] = envelope.sender
        message["To"] = TO
        if envelope.reply_to:
            message["Reply-To"] = envelope.reply_to
        message["Subject"] = issue.meta.subject
        message["Date"] = format_datetime(issue.meta.date)
        message["Message-ID"] = f"<{MESSAGE_ID}>"
        unsubscribe = f"<{UNSUBSCRIBE_URL}>"
        if envelope.unsubscribe_mailto:
            unsubscribe += f", <mailto:{envelope.unsubscribe_mailto}?subject=unsubscribe>"
        message["List-Unsubscribe"] = unsubscribe
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content("@@TEXT@@", cte="base64")
        message.add_alternative("@@HTML@@", subtype="html", cte="base64")
        # After the bodies: set_content drops every Content-* header set before it.
        message["Content-Language"] = issue.meta.lang
        # A boundary from the issue, not from chance: building twice gives the same bytes.
        message.set_boundary("=_" + hashlib.sha256(issue.slug.encode()).hexdigest()[:32])
        text_part, html_part = message.get_payload()
        self._text_marker = text_part.get_payload().strip()
        self._html_marker = html_part.get_payload().strip()
        self._raw = message.as_string(policy=SMTP)

    def message_id(self, recipient: Recipient) -> str:
        """Stable per (issue, recipient): a resent message is recognisably the same."""
        digest = hashlib.sha256(recipient.email.strip().lower().encode()).hexdigest()[:20]
        return f"{self.rendered.issue.slug}.{digest}@{self.domain}"

    def bodies(self, recipient: Recipient) -> tuple[str, str]:
        name = recipient.name or self.fallback_name
        url = recipient.unsubscribe_url or self.envelope.unsubscribe_url
        text = self.rendered.text.replace(NAME, name).replace(UNSUBSCRIBE_URL, url)
        page = self.rendered.html.replace(NAME, html.escape(name)).replace(
            UNSUBSCRIBE_URL, html.escape(url, quote=True))
        return text, page

    def personalise(self, recipient: Recipient) -> bytes:
        # A name with a line break could add headers of its own: keep it on one line.
        recipient = Recipient(recipient.email.strip(), " ".join((recipient.name or "").split())
                              or None, recipient.unsubscribe_url)
        text, page = self.bodies(recipient)
        url = recipient.unsubscribe_url or self.envelope.unsubscribe_url
        raw = (self._raw
               .replace(TO, formataddr((recipient.name or "", recipient.email), "utf-8"), 1)
               .replace(MESSAGE_ID, self.message_id(recipient), 1)
               .replace(UNSUBSCRIBE_URL, url, 1)
               .replace(self._text_marker, _b64(text).rstrip(), 1)
               .replace(self._html_marker, _b64(page).rstrip(), 1))
        return raw.encode("ascii")
