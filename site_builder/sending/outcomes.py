"""What an SMTP refusal means, read as the mail world reads it (RFC 3463, RFC 5321).

A reply's enhanced status code (`5.1.1`, `5.7.1`, ...) says what the refusal is about:
the address (subject 1 and 2), the mail system (3), routing (4), the protocol (5), the
content (6) or policy (7). Only a refusal *of the address* is a hard bounce that
suppresses it. A refusal *of the message* (a spam or policy verdict, a size or line
limit) says nothing about the reader: that message fails, the send pauses with the
server's reason, and nobody is suppressed. Replies without an enhanced code are read by
their basic code and the stage of the transaction they answer.

Pure: a reply in, a verdict out. The transport turns the verdict into its error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    MAIL = "MAIL FROM"
    RCPT = "RCPT TO"
    DATA = "DATA"
    END = "end of DATA"  # the reply to the whole message


class Verdict(StrEnum):
    RETRY = "retry"  # 4xx: not now; try again later
    BOUNCE = "bounce"  # the address does not (or no longer) exist: suppress it everywhere
    RECIPIENT = "recipient"  # this mailbox, this time (full, unroutable): fail, suppress nobody
    MESSAGE = "message"  # the message was judged (policy, spam, size): fail it, pause
    SENDER = "sender"  # our sender address or account was refused: pause, fail nobody


@dataclass(frozen=True)
class Rule:
    codes: str  # the enhanced codes, as `subject.detail` patterns: "1.1", "2.*"
    verdict: Verdict
    meaning: str


# Permanent (5.x.x) enhanced codes, first match wins. The README's outcome table is this.
RULES: tuple[Rule, ...] = (
    Rule("1.1 1.2 1.3 1.4 1.6 1.10", Verdict.BOUNCE,
         "no such mailbox or domain, bad address, mailbox moved, null MX"),
    Rule("1.7 1.8", Verdict.SENDER, "our sender address is refused"),
    Rule("2.1", Verdict.BOUNCE, "mailbox disabled or closed"),
    Rule("7.13 7.17 7.18", Verdict.BOUNCE, "account disabled, mailbox or domain owner changed"),
    Rule("2.2 2.4 4.*", Verdict.RECIPIENT,
         "mailbox full, list expansion failed, cannot route to that domain"),
    Rule("2.3 3.4", Verdict.MESSAGE, "message too big"),
    Rule("3.* 5.* 6.*", Verdict.MESSAGE,
         "mail system or protocol refusal (line too long, too many recipients), content"),
    Rule("7.*", Verdict.MESSAGE, "policy: spam, reputation, authentication (SPF, DKIM, "
                                 "DMARC), relaying not allowed"),
)

_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")


def enhanced_code(text: str) -> tuple[int, int, int] | None:
    """The RFC 3463 code at the start of a reply's text, like (5, 1, 1); None without one."""
    found = _ENHANCED.match(text)
    if found is None:
        return None
    status, subject, detail = (int(part) for part in found.groups())
    return status, subject, detail


def _matches(pattern: str, subject: int, detail: int) -> bool:
    want_subject, _, want_detail = pattern.partition(".")
    return int(want_subject) == subject and want_detail in ("*", str(detail))


def _by_basic_code(stage: Stage, code: int) -> Verdict:
    """A permanent reply without an enhanced code (RFC 5321, section 4.2.3)."""
    if stage is Stage.MAIL:
        return Verdict.SENDER
    if stage is Stage.RCPT:
        if code in (550, 551, 553):  # mailbox unavailable, not local, name not allowed
            return Verdict.BOUNCE
        if code == 552:  # exceeded storage allocation
            return Verdict.RECIPIENT
    # 554 "transaction failed" at RCPT is mostly a block list; after DATA every reply
    # (552 size, 554 rejected, 500 line too long) judges the message.
    return Verdict.MESSAGE


def classify(stage: Stage, code: int, text: str) -> Verdict:
    """What a refusal means; `code` is the basic reply code, `text` the rest of the reply."""
    if 400 <= code < 500 or code < 0:
        return Verdict.RETRY
    if stage is Stage.MAIL:
        return Verdict.SENDER  # about the sender, whatever detail it gives
    enhanced = enhanced_code(text)
    if enhanced is None or enhanced[0] != 5:
        return _by_basic_code(stage, code)
    _, subject, detail = enhanced
    for rule in RULES:
        if any(_matches(pattern, subject, detail) for pattern in rule.codes.split()):
            return rule.verdict
    return _by_basic_code(stage, code)
