"""The subscription service: double-opt-in sign-up and one-click unsubscribe (RFC 8058).

The two things a static site cannot do. It answers the same whether or not an address is
known (so it cannot be used to find out who subscribes), changes nothing on a GET (mail
scanners open links), sets no cookies and loads nothing from anywhere. Sign-ups are held
to flood limits (flood.py); past one, the answer is the same page and no mail goes out.
The confirmation mail never repeats what a visitor typed: it goes to an address nobody
has confirmed yet, so it must carry no text of a stranger's choosing.

Routes follow the configured addresses, so a reverse proxy can pass them on unchanged:
    GET  <unsubscribe_url>            how to unsubscribe (the web version links here)
    GET  <unsubscribe_url>/<token>    a page with a button that POSTs
    POST <unsubscribe_url>/<token>    unsubscribe (List-Unsubscribe=One-Click)
    GET  <subscribe_url>              the sign-up form
    POST <subscribe_url>              sign up: mails a confirmation link
    GET  <subscribe_url>confirm/<t>   a page with a button that POSTs
    POST <subscribe_url>confirm/<t>   confirm: only now is the address added
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from ..sending.tokens import read_unsubscribe
from ..sending.transports import DeliveryError, Outgoing, Transport
from ..subscribers import signups
from ..subscribers.addresses import InvalidAddress, checked_address
from ..subscribers.names import clean_name
from ..subscribers.store import Store
from . import pages
from .flood import FloodGate
from .pages import HONEYPOT, STRINGS

HEADERS = {
    # Nothing may load from anywhere; forms post only to this service.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",  # the address holds a token
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class ServiceSettings:
    organisation: str
    sender: str
    unsubscribe_url: str
    subscribe_url: str | None
    languages: tuple[str, ...]
    public_lists: tuple[str, ...] = ("external",)  # lists anyone may sign up for
    per_client: int = 10  # confirmation mails per visitor an hour
    per_hour: int = 100  # confirmation mails in all an hour
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")  # believed in X-Forwarded-For


@dataclass(frozen=True)
class Edges:
    open_store: Callable[[], Store]
    transport: Callable[[], Transport]
    key: bytes
    clock: Callable[[], datetime]


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def _respond(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def create_app(settings: ServiceSettings, edges: Edges) -> ASGIApp:
    default = settings.languages[0]

    def language(value: object) -> str:
        return value if isinstance(value, str) and value in settings.languages else default

    # Unsubscribe ---------------------------------------------------------------------------

    async def unsubscribe_help(request: Request) -> HTMLResponse:
        lang = language(request.query_params.get("lang"))
        return _respond(pages.page(lang, "unsubscribe_title", pages.text(lang, "general_text")))

    async def unsubscribe(request: Request) -> HTMLResponse:
        token = read_unsubscribe(edges.key, request.path_params["token"])
        if token is None or token.language not in settings.languages:
            return _respond(pages.page(default, "invalid_title",
                                       pages.text(default, "invalid_text")), 400)
        lang = token.language
        if request.method == "GET":
            return _respond(pages.page(lang, "unsubscribe_title", pages.text(
                lang, "unsubscribe_text") + pages.button_form(
                lang, "unsubscribe_button", {"List-Unsubscribe": "One-Click"})))

        def act() -> None:
            # Known address or not, the answer is the same; the suppression is kept either
            # way, so an address that is imported later is not mailed either.
            with edges.open_store() as store:
                store.unsubscribe(token.address_hash, token.list_name, edges.clock())

        await run_in_threadpool(act)
        return _respond(pages.page(lang, "unsubscribed_title",
                                   pages.text(lang, "unsubscribed_text")))

    routes = [
        Route(_path(settings.unsubscribe_url) + "/", unsubscribe_help, methods=["GET"]),
        Route(_path(settings.unsubscribe_url) + "/{token}", unsubscribe,
              methods=["GET", "POST"]),
    ]
    if settings.subscribe_url:
        gate = FloodGate(settings.per_client, settings.per_hour)
        routes += _signup_routes(settings, edges, language, gate)
    # Behind a reverse proxy every request comes from the proxy: the visitor's address is
    # taken from X-Forwarded-For, but only from a trusted proxy (anyone can send the header).
    return ProxyHeadersMiddleware(Starlette(routes=routes),
                                  trusted_hosts=list(settings.trusted_proxies))


def _signup_routes(settings: ServiceSettings, edges: Edges,
                   language: Callable[[object], str], gate: FloodGate) -> list[Route]:
    assert settings.subscribe_url is not None
    base = _path(settings.subscribe_url)
    public_base = settings.subscribe_url.rstrip("/")

    async def form(request: Request) -> HTMLResponse:
        lang = language(request.query_params.get("lang"))
        return _respond(_form_page(lang, settings))

    async def sign_up(request: Request) -> HTMLResponse:
        data = await request.form()
        lang = language(data.get("lang"))
        list_name = str(data.get("list") or settings.public_lists[0])
        if list_name not in settings.public_lists:
            return _respond(_form_page(lang, settings, error=STRINGS[lang]["bad_list"]), 400)
        raw = str(data.get("email") or "")
        try:
            email = checked_address(raw)
        except InvalidAddress as exc:
            return _respond(_form_page(lang, settings, raw, STRINGS[lang]["bad_address"].format(
                reason=exc)), 400)
        checking = pages.page(lang, "check_title", pages.text(lang, "check_text"))
        if data.get(HONEYPOT):
            return _respond(checking)  # a bot: it learns nothing, and nothing is sent
        if not gate.admit(request.client.host if request.client else None):
            return _respond(checking)  # a flood: the same page, and nothing is sent
        name = clean_name(str(data.get("name") or ""))

        def act() -> bool:
            with edges.open_store() as store:
                token = signups.request_signup(store, email, name, lang, list_name,
                                               edges.clock())
                if token is None:
                    return True  # a link went out moments ago: do not flood the inbox
                link = f"{public_base}/confirm/{token}"
                try:
                    _mail_confirmation(settings, edges, email, lang, link)
                except DeliveryError:
                    signups.cancel(store, token)
                    return False
            return True

        if not await run_in_threadpool(act):
            return _respond(pages.page(lang, "unavailable_title",
                                       pages.text(lang, "unavailable_text")), 503)
        return _respond(checking)

    async def confirm(request: Request) -> HTMLResponse:
        token = request.path_params["token"]

        def act() -> signups.Pending | None:
            with edges.open_store() as store:
                if request.method == "GET":
                    return signups.pending(store, token, edges.clock())
                return signups.confirm_signup(store, token, edges.clock())

        found = await run_in_threadpool(act)
        if found is None:
            lang = language(request.query_params.get("lang"))
            return _respond(pages.page(lang, "expired_title", pages.text(lang, "expired_text")),
                            400)
        lang = language(found.language)
        if request.method == "GET":
            return _respond(pages.page(lang, "confirm_title", pages.text(lang, "confirm_text")
                                       + pages.button_form(lang, "confirm_button")))
        return _respond(pages.page(lang, "confirmed_title", pages.text(
            lang, "confirmed_text", organisation=settings.organisation)))

    return [
        Route(base + "/", form, methods=["GET"]),
        Route(base + "/", sign_up, methods=["POST"]),
        Route(base + "/confirm/{token}", confirm, methods=["GET", "POST"]),
    ]


def _form_page(lang: str, settings: ServiceSettings, email: str = "",
               error: str | None = None) -> str:
    assert settings.subscribe_url is not None
    intro = pages.text(lang, "signup_intro", organisation=settings.organisation)
    return pages.page(lang, "signup_title", intro + pages.signup_form(
        lang, _path(settings.subscribe_url) + "/", settings.public_lists[0], email, error))


def _mail_confirmation(settings: ServiceSettings, edges: Edges, email: str, lang: str,
                       link: str) -> None:
    subject, body = pages.confirmation_mail(lang, settings.organisation, link)
    domain = parseaddr(settings.sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage(policy=SMTP)
    message["From"] = settings.sender
    message["To"] = email
    message["Subject"] = subject
    message["Date"] = format_datetime(edges.clock())
    message_id = make_msgid(f"confirm.{secrets.token_hex(8)}", domain)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = lang
    message.set_content(body)
    transport = edges.transport()
    try:
        transport.send(Outgoing(parseaddr(settings.sender)[1], email, message_id.strip("<>"),
                                message.as_bytes(policy=SMTP)))
    finally:
        transport.close()
