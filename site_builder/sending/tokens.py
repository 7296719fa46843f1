"""Signed unsubscribe tokens: HMAC-SHA256 over (list, language, address hash).

A token names no address: it carries the store's salted hash of it, so a link that ends up
in a log or a forwarded email reveals nobody. It never expires, because an unsubscribe link
in an old newsletter must keep working (RFC 8058 expects so). The purpose is part of the
signed text, so a token made for one use is never accepted for another.

Pure: the key is passed in; `secret_from_environment` is the one edge.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..problems import ContentError, Problem
from .secret_strength import HOW_TO_MAKE_ONE, MIN_LENGTH, weaknesses

SECRET_VARIABLE = "SITE_BUILDER_SECRET"
PURPOSE = "unsubscribe/v1"
_LIST = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class UnsubscribeToken:
    list_name: str
    language: str
    address_hash: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, list_name: str, language: str, hash_text: str) -> str:
    message = f"{PURPOSE}\n{list_name}\n{language}\n{hash_text}".encode()
    return _b64(hmac.new(key, message, hashlib.sha256).digest())


def sign_unsubscribe(key: bytes, token: UnsubscribeToken) -> str:
    """`list.language.hash.mac`, URL-safe: it goes at the end of the unsubscribe URL."""
    if not (_LIST.fullmatch(token.list_name) and _LANGUAGE.fullmatch(token.language)
            and _HASH.fullmatch(token.address_hash)):
        raise ValueError("a token needs a list name, a language code and a SHA-256 hash")
    hash_text = _b64(bytes.fromhex(token.address_hash))
    return ".".join((token.list_name, token.language, hash_text,
                     _mac(key, token.list_name, token.language, hash_text)))


def read_unsubscribe(key: bytes, text: str) -> UnsubscribeToken | None:
    """The token's contents, or None if it was not made with this key or was altered."""
    parts = text.strip().split(".")
    if len(parts) != 4 or len(text) > 200:
        return None
    list_name, language, hash_text, mac = parts
    if not hmac.compare_digest(mac.encode(), _mac(key, list_name, language, hash_text).encode()):
        return None
    try:
        hashed = _unb64(hash_text)
    except ValueError:
        return None
    if len(hashed) != 32 or _b64(hashed) != hash_text:
        return None
    return UnsubscribeToken(list_name, language, hashed.hex())


def unsubscribe_link(base_url: str, token: str) -> str:
    """`newsletter.unsubscribe_url` with the token as its last path segment."""
    return base_url.rstrip("/") + "/" + token


def secret_from_environment(environ: Mapping[str, str] = os.environ) -> bytes:
    """The signing key. A missing or guessable key is an error, never a default: a default
    or guessable key would let anyone unsubscribe anyone."""
    value = environ.get(SECRET_VARIABLE, "")
    found = weaknesses(value) if value else []
    if not value or found:
        what = "is not set" if not value else "is not safe: " + "; ".join(found)
        raise ContentError([Problem(SECRET_VARIABLE, None, (
            f"{SECRET_VARIABLE} {what}. The unsubscribe links are signed with it, so it must "
            f"be at least {MIN_LENGTH} characters made by chance. Make one with\n"
            f"    {HOW_TO_MAKE_ONE}\n"
            "and set it, the same, for every send and for the subscription service. Keep it "
            "secret and do not change it afterwards: links in newsletters already sent stop "
            "working when it changes."))])
    return value.encode("utf-8")
