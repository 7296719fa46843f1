"""Fetching one feed over HTTP: the only module that touches the network.

feedparser can fetch by itself, but without a timeout; so the bytes are fetched here with
urllib, with a conditional GET and a deadline, and handed to the parser with the headers.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"site-builder/{__version__} (partner news reader)"
ACCEPT = ("application/atom+xml, application/rss+xml, application/rdf+xml, "
          "application/feed+json, application/json;q=0.9, application/xml;q=0.9, "
          "text/xml;q=0.9, */*;q=0.1")
MAX_BYTES = 5 * 1024 * 1024  # far more than any feed needs; a bound on what a server can send
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    body: bytes
    headers: dict[str, str]  # names in lower case
    url: str  # after redirects: relative links in the feed are relative to this


@dataclass(frozen=True)
class NotModified:
    """A 304: the feed is as it was, and the cached entries stay."""

    etag: str | None
    modified: str | None


class FetchFailed(Exception):
    """The feed could not be fetched; `reason` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# (url, etag, modified, timeout): what `refresh` calls; tests and other transports may differ.
FetchFeed = Callable[[str, str | None, str | None, float], Fetched | NotModified]


def seconds(timeout: float) -> str:
    return f"{timeout:g} s"


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib also follows redirects to ftp://; a feed address stays on the web."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchFailed(f"the server redirects to an address that is not a web page "
                              f"({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_WebOnlyRedirects)


def _http_reason(code: int, message: str) -> str:
    plain = {
        401: "the feed asks for a password",
        403: "the server refuses access to the feed",
        404: "the feed is not there (HTTP 404 Not Found): the partner may have moved it",
        410: "the feed has been removed (HTTP 410 Gone)",
        429: "the server asks us to come back later (HTTP 429 Too Many Requests)",
    }
    if code in plain:
        return plain[code] if code in (404, 410, 429) else f"{plain[code]} (HTTP {code})"
    if code >= 500:
        return f"the partner's server has a problem (HTTP {code} {message})"
    return f"the server answered HTTP {code} {message}"


def _network_reason(exc: BaseException, url: str, timeout: float) -> str:
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, TimeoutError):
        return f"no answer within {seconds(timeout)} (timeout)"
    if isinstance(exc, socket.gaierror):
        return f"the server name cannot be found ({urlsplit(url).hostname})"
    if isinstance(exc, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate is not valid ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return f"the secure connection failed ({exc.reason or exc})"
    if isinstance(exc, http.client.HTTPException | ConnectionError):
        return "the server broke off the connection before the feed was complete"
    if isinstance(exc, OSError) and exc.strerror:
        return f"the connection failed ({exc.strerror})"
    return f"the connection failed ({exc})"


def _read_body(response: http.client.HTTPResponse, deadline: float, timeout: float) -> bytes:
    """The whole body, unless it takes past the deadline: the socket timeout alone would let
    a server that sends a byte now and then hold us for ever."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed(f"the feed did not arrive within {seconds(timeout)} (timeout)")
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchFailed(f"the feed is larger than {MAX_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)


def _decoded(body: bytes, encoding: str) -> bytes:
    """Undo a Content-Encoding we did not ask for; bounded, so a small bomb stays small."""
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    try:
        data = inflate.decompress(body, MAX_BYTES + 1)
    except zlib.error:
        raise FetchFailed("the server sent a compressed feed that cannot be unpacked") from None
    if len(data) > MAX_BYTES:
        raise FetchFailed(f"the feed is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def fetch_feed(url: str, etag: str | None, modified: str | None,
               timeout: float) -> Fetched | NotModified:
    """GET the feed, conditionally when we hold its ETag or Last-Modified. Raises FetchFailed.

    `timeout` bounds connecting and each wait for data, and the body must be complete
    within it too; so one feed takes at most about twice `timeout`.
    """
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = _read_body(response, deadline, timeout)
            received = {name.lower(): value for name, value in response.headers.items()}
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return NotModified(exc.headers.get("ETag") or etag,
                               exc.headers.get("Last-Modified") or modified)
        raise FetchFailed(_http_reason(exc.code, str(exc.reason))) from None
    except FetchFailed:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchFailed(_network_reason(exc, url, timeout)) from None
    return Fetched(_decoded(body, received.get("content-encoding", "").lower()), received,
                   final_url)
