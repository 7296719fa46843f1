"""`site-builder newsletter ...`: build, check and preview one issue."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import shown_path
from ..config import load_config

if TYPE_CHECKING:
    from .build import BuiltIssue

# Every command builds this parser: what each newsletter command needs (rendering, the
# preview's web server) is imported when it runs, for every command's startup time.

DEFAULT_OUT = "build/newsletters"


def cmd_build(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .build import prepare_issue, write_issue

    config = load_config(args.config)
    built = prepare_issue(config, Path(args.file), clock())
    _client_warnings(built, shown_path(Path(args.file)))
    out = Path(args.out) if args.out else config.root / DEFAULT_OUT
    folder = write_issue(built, out)
    for name in ("email.html", "email.txt", "message.eml"):
        print(shown_path(folder / name))
    return 0


def _client_warnings(built: BuiltIssue, shown: str) -> None:
    from .client_support import unsupported

    for warning in built.warnings:
        print(warning, file=sys.stderr)
    html, _text, _message = built.preview()
    for feature in unsupported(html):
        print(f"{shown}: warning: {feature}", file=sys.stderr)


def cmd_check(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .build import prepare_issue

    config = load_config(args.config)
    built = prepare_issue(config, Path(args.file), clock())
    _client_warnings(built, shown_path(Path(args.file)))
    html, _text, _message = built.preview()
    print(f"{shown_path(Path(args.file))}: the email keeps every rule "
          f"({len(html.encode('utf-8')):,} bytes of HTML).")
    return 0


def cmd_preview(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .build import prepare_issue
    from .preview import screenshots, serve_folder, write_preview

    config = load_config(args.config)
    built = prepare_issue(config, Path(args.file), clock())
    with tempfile.TemporaryDirectory(prefix="site-builder-newsletter-") as work:
        folder = write_preview(config, built, Path(work))
        if args.screenshot:
            for picture in screenshots(folder / "email.html", Path(args.screenshot),
                                       built.issue.slug):
                print(shown_path(picture))
            return 0
        server = serve_folder(folder, args.host, args.port)
        host, port = server.server_address[:2]
        print(f"Preview of {built.issue.meta.subject!r} at http://{host}:{port}/email.html "
              "(press Ctrl+C to stop).", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


def cmd_send(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from ..sending.command import run_send  # subscribers and SMTP: only when sending

    return run_send(args, clock)


def add_newsletter_commands(commands: argparse._SubParsersAction) -> None:
    newsletter = commands.add_parser("newsletter",
                                     help="build, check, preview or send a newsletter")
    actions = newsletter.add_subparsers(dest="action", required=True, metavar="ACTION")

    build = actions.add_parser("build", help="build an issue: email.html, email.txt, "
                               "message.eml")
    build.add_argument("file", help="the issue, like newsletters/2026-11-extern.md")
    build.add_argument("--out", help=f"folder to build into (default: {DEFAULT_OUT}/)")
    build.set_defaults(run=cmd_build)

    check = actions.add_parser("check", help="check an issue against the email rules")
    check.add_argument("file")
    check.set_defaults(run=cmd_check)

    preview = actions.add_parser("preview", help="look at an issue in a browser, or make "
                                 "screenshots")
    preview.add_argument("file")
    preview.add_argument("--host", default="127.0.0.1")
    preview.add_argument("--port", type=int, default=8001)
    preview.add_argument("--screenshot", metavar="DIR", help="write PNG pictures at desktop "
                         "and phone width into DIR instead of serving")
    preview.set_defaults(run=cmd_preview)

    send = actions.add_parser("send", help="send an issue: a test copy to one address, or "
                              "to a list (run again to continue after a stop)")
    send.add_argument("file")
    target = send.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", metavar="ADDRESS", help="send one test copy to this address")
    target.add_argument("--list", metavar="NAME", help="send to every subscriber on this list")
    send.add_argument("--dry-run", action="store_true", help="say how many would get it; "
                      "send nothing")
    send.add_argument("--rate", type=float, metavar="N", help="at most N messages a second")
    send.add_argument("--mark-unknown", choices=("sent", "queued"), help="after checking the "
                      "mail provider's log: mark messages whose fate is unknown as sent, or "
                      "queue them to be sent again")
    send.add_argument("--retry-failed", action="store_true", help="after fixing the cause: "
                      "send again the messages the mail server refused (not to addresses "
                      "that do not exist)")
    send.set_defaults(run=cmd_send)


__all__ = ["add_newsletter_commands"]
