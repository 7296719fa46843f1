"""Email addresses: checked without the network, compared case-insensitively, hashed."""

from __future__ import annotations

import hashlib
import re


class InvalidAddress(ValueError):
    """The reason, in plain words, without repeating the address."""


def checked_address(text: str) -> str:
    """The address as it will be used on the envelope, or InvalidAddress.

    No DNS lookups: an import or a sign-up must not depend on the network, and a
    dead domain shows up as a bounce anyway. Internationalised local parts are refused
    because not every relay speaks SMTPUTF8; internationalised domains are kept in their
    ASCII (punycode) form, which every relay accepts.
    """
    # Imported here: it compiles its rules as it loads, and most commands check no address.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text.strip(), check_deliverability=False,
                                allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(str(exc)) from None
    return result.ascii_email or result.normalized


def address_key(address: str) -> str:
    """What two spellings of one address share: `Jan@X.nl` and `jan@x.nl` are one person."""
    return address.strip().lower()


# Gmail delivers `j.a.n@gmail.com` to `jan@gmail.com`; googlemail.com is the same service.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox_key(address: str) -> str:
    """The mailbox behind an address, for flood limits only (never to send to).

    `Jan+nieuws@X.nl` and `jan+anything@x.nl` reach the mailbox `jan@x.nl` (subaddressing,
    RFC 5233), so a form that mails each of them would flood one inbox.
    """
    local, _, domain = address_key(address).rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), _DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


def address_hash(address: str, salt: str) -> str:
    """A salted one-way hash of the address, used as its key in the store."""
    return hashlib.sha256(f"{salt}:{address_key(address)}".encode()).hexdigest()


def without_address(text: str, address: str) -> str:
    """Server replies often quote the recipient (`<jan@x.nl>: user unknown`); what is
    printed or kept as an error message must not."""
    return re.sub(re.escape(address), "<recipient>", text, flags=re.I)
