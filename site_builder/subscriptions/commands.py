"""`site-builder subscriptions serve`: run the subscription service."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..config import SiteConfig, load_config
from ..problems import ContentError, Problem

if TYPE_CHECKING:
    from .app import ServiceSettings


def service_settings(config: SiteConfig) -> ServiceSettings:
    from .app import ServiceSettings

    newsletter = config.settings.newsletter
    problems = []
    for key, url in (("unsubscribe_url", newsletter.unsubscribe_url),
                     ("subscribe_url", newsletter.subscribe_url)):
        parts = urlsplit(url or "")
        if url and (parts.scheme not in ("http", "https") or parts.query or parts.fragment):
            problems.append(Problem(config.path.name, None, (
                f"site_builder setting `newsletter.{key}` must be a web address without ?query "
                f"or #fragment, like https://www.example.org/unsubscribe/; found '{url}'.")))
    if problems:
        raise ContentError(problems)
    limits = newsletter.signup_limits
    return ServiceSettings(organisation=config.settings.organisation.name,
                           sender=newsletter.sender, unsubscribe_url=newsletter.unsubscribe_url,
                           subscribe_url=newsletter.subscribe_url, languages=config.languages,
                           per_client=limits.per_client, per_hour=limits.per_hour,
                           trusted_proxies=newsletter.trusted_proxies)


def cmd_serve(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    # Imported here: the web stack loads only for the command that runs it.
    import uvicorn

    from ..sending.command import outbox_folder
    from ..sending.tokens import secret_from_environment
    from ..sending.transports import Transport, transport_from_environment
    from ..subscribers.paths import data_dir
    from ..subscribers.store import Store, open_store
    from .app import Edges, create_app

    config = load_config(args.config)
    settings = service_settings(config)
    key = secret_from_environment()
    data = data_dir()
    outbox = outbox_folder(config, data)
    transport_from_environment(outbox)  # a wrong SITE_BUILDER_SMTP_URL stops us now

    def store() -> Store:
        return open_store(data)

    def transport() -> Transport:
        return transport_from_environment(outbox)

    store().close()  # create or migrate the store before the first request
    app = create_app(settings, Edges(store, transport, key, clock))
    print(f"Subscription service at http://{args.host}:{args.port}/ (press Ctrl+C to stop). "
          f"Unsubscribe: {urlsplit(settings.unsubscribe_url).path}"
          + (f"; sign-up: {urlsplit(settings.subscribe_url).path}, at most "
             f"{settings.per_client} confirmation mails an hour per visitor and "
             f"{settings.per_hour} in all" if settings.subscribe_url
             else "; no sign-up (set newsletter.subscribe_url)") + ". X-Forwarded-For is "
          f"believed only from {', '.join(settings.trusted_proxies) or 'no proxy'}.",
          flush=True)
    # No access log: request paths hold tokens, and a log of who unsubscribed when is
    # personal data this service has no need for.
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning",
                server_header=False, proxy_headers=False)
    return 0


def add_subscriptions_commands(commands: argparse._SubParsersAction) -> None:
    subscriptions = commands.add_parser(
        "subscriptions", help="the subscription service: sign-up and one-click unsubscribe")
    actions = subscriptions.add_subparsers(dest="action", required=True, metavar="ACTION")
    serve = actions.add_parser("serve", help="run the subscription service")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, behind a proxy)")
    serve.add_argument("--port", type=int, default=8002)
    serve.set_defaults(run=cmd_serve)


__all__ = ["add_subscriptions_commands"]
