"""The `site-builder` command. Exit status: 0 success, 1 wrong input, 2 wrong usage."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from . import __version__, memo
from .check import checked_content, shown_path
from .config import SiteConfig, load_config
from .i18n import STRINGS
from .newsletter.commands import add_newsletter_commands
from .problems import ContentError, Problem
from .scaffold import KINDS, scaffold
from .schema import AMSTERDAM, parse_local_datetime
from .subscribers.commands import add_subscribers_commands
from .subscriptions.commands import add_subscriptions_commands

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
CLOCK_VARIABLE = "SITE_BUILDER_NOW"


def system_clock() -> datetime:
    """Now, unless SITE_BUILDER_NOW names another moment (to preview a schedule, or in tests)."""
    fixed = os.environ.get(CLOCK_VARIABLE)
    if fixed:
        try:
            return parse_local_datetime(fixed)
        except ValueError as exc:
            raise ContentError([Problem(CLOCK_VARIABLE, None, str(exc))]) from None
    return datetime.now(AMSTERDAM)


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): nothing was written. Fix the errors "
              "above (each line says the file, the line and what to change) and run again.",
              file=sys.stderr)


def cmd_build(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .website.build import render_site

    config = load_config(args.config)
    target = Path(args.out) if args.out else config.root / str(
        config.raw.get("site_dir") or "site")
    warnings = render_site(config, target, clock(), use_cache=not args.no_cache)
    _print_problems(warnings)
    print(f"Site built in {shown_path(target.resolve())}/")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    config = load_config(args.config)
    memo.attach(config.build_cache_dir)  # read only: what builds read before is read faster
    content, warnings = checked_content(config, clock(), newsletters=True)
    _print_problems(warnings)
    print(f"All {len(content.items)} content files are fine"
          + (f" ({len(warnings)} warning(s))." if warnings else "."))
    if args.built is not None:
        from .website.gates import check_built_site

        site_dir = Path(args.built) if args.built else config.root / str(
            config.raw.get("site_dir") or "site")
        problems = check_built_site(site_dir, config.site_url)
        if problems:
            raise ContentError(problems)
        print(f"Every link in {shown_path(site_dir.resolve())}/ resolves, nothing loads "
              "from another host, and no page's content holds a script, style or event "
              "handler.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .website.preview import serve

    serve(args.config, args.host, args.port, clock, sys.stdout, open_browser=args.open)
    return EXIT_OK


def _language(config: SiteConfig, chosen: str | None) -> str:
    """--lang, or the site's first language; one the site does not have is wrong input."""
    lang = chosen or config.languages[0]
    if lang not in config.languages:
        raise ContentError([Problem("--lang", None, f"'{lang}' is not one of this site's "
                                    f"languages: {', '.join(config.languages)}.")])
    return lang


def cmd_new(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    config = load_config(args.config)
    lang = _language(config, args.lang)
    path = scaffold(config, args.kind, args.title, lang, clock())
    print(shown_path(path))
    return EXIT_OK


def cmd_screenshots(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .readme_pictures import readme_pictures

    config = load_config(args.config)
    for picture in readme_pictures(config, Path(args.out), clock()):
        print(shown_path(picture))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .importer import Generator, import_site, render_report

    config = load_config(args.config)
    lang = _language(config, args.lang)
    generator = Generator(args.source_kind) if args.source_kind else None
    plan = import_site(config, Path(args.folder), lang, clock(), generator=generator,
                       dry_run=args.dry_run)
    print(render_report(plan, dry_run=args.dry_run))
    return EXIT_OK


def cmd_feeds_refresh(args: argparse.Namespace, clock: Callable[[], datetime]) -> int:
    from .feeds.refresh import FeedOutcome, Status, describe, refresh_feeds

    config = load_config(args.config)
    feeds, cache = config.settings.feeds, config.feeds_cache_dir
    if not feeds:
        print("There are no partner feeds to refresh: list them under `feeds:` in the "
              "site_builder section of mkdocs.yml.")
        return EXIT_OK
    done = 0

    def report(outcome: FeedOutcome) -> None:
        nonlocal done
        done += 1
        stream = sys.stderr if outcome.warning else sys.stdout
        print(f"[{done:>{len(str(len(feeds)))}}/{len(feeds)}] {describe(outcome)}",
              file=stream, flush=True)

    outcomes = refresh_feeds(feeds, cache, config.settings.feeds_timeout, now=clock,
                             report=report)
    failed = sum(1 for o in outcomes if o.status is Status.FAILED)
    warned = sum(1 for o in outcomes if o.warning) - failed
    print(f"Refreshed {len(feeds)} feed(s) into {shown_path(cache)}/: "
          f"{len(feeds) - failed - warned} fine, {warned} used with a warning, {failed} failed "
          "(their last good items are kept). Builds read this cache and never fetch.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder",
        description="Build the website and newsletters from the Markdown in content/.",
    )
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the configuration file (default: mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="check the content, then build the public site")
    build.add_argument("--out", help="folder to build into (default: site/)")
    build.add_argument("--no-cache", action="store_true",
                       help="build everything afresh, without reading or writing the build "
                       "cache (.cache/build/)")
    build.set_defaults(run=cmd_build)

    check = commands.add_parser("check", help="check all content, write nothing")
    check.add_argument("--built", nargs="?", const="", metavar="DIR",
                       help="also check the built site in DIR (default: site/): every link, "
                       "anchor and file resolves, nothing loads from another host, no "
                       "script, style or event handler in page content")
    check.set_defaults(run=cmd_check)

    serve = commands.add_parser("serve", help="live preview that updates when you save")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve.set_defaults(run=cmd_serve)

    new = commands.add_parser("new", help="start a new page, service, expertise page, "
                              "post or event")
    new.add_argument("kind", choices=sorted(KINDS), metavar="KIND",
                     help="one of: " + ", ".join(sorted(KINDS)))
    new.add_argument("title", help='the title, between quotes: "Nieuwe training"')
    new.add_argument("--lang", choices=sorted(STRINGS), help="language (default: Dutch)")
    new.set_defaults(run=cmd_new)

    pictures = commands.add_parser(
        "screenshots", help="pictures of the home page and the newest newsletter (Chromium), "
        "as shown in the README")
    pictures.add_argument("--out", default="docs/screenshots",
                          help="folder for home.png and newsletter.png (default: "
                          "docs/screenshots)")
    pictures.set_defaults(run=cmd_screenshots)

    imports = commands.add_parser("import", help="bring Markdown from a Jekyll, Hugo or MkDocs "
                                  "site into content/, as files that pass check")
    imports.add_argument("folder", metavar="DIR", help="the folder of the old site")
    imports.add_argument("--lang", choices=sorted(STRINGS),
                         help="the language of the old site's pages (default: Dutch)")
    imports.add_argument("--from", dest="source_kind", choices=["jekyll", "hugo", "mkdocs"],
                         help="the kind of site, when it cannot be told from its files")
    imports.add_argument("--dry-run", action="store_true",
                         help="show the report, write nothing")
    imports.set_defaults(run=cmd_import)

    feeds = commands.add_parser("feeds", help="partner feeds (news from the network)")
    feeds_commands = feeds.add_subparsers(dest="feeds_command", required=True,
                                          metavar="FEEDS_COMMAND")
    refresh = feeds_commands.add_parser(
        "refresh", help="fetch the partner feeds in mkdocs.yml into the local cache")
    refresh.set_defaults(run=cmd_feeds_refresh)

    add_newsletter_commands(commands)
    add_subscribers_commands(commands)
    add_subscriptions_commands(commands)
    return parser


def run() -> None:
    """The `site-builder` command: `main`, then a quick exit.

    A build holds a million small objects when it ends, and freeing them one by one took
    about a tenth of a cached build of a big site. By then every file is closed and every
    cache entry committed, so the process ends without that, once its output is out (as
    mypy's command does). An error on the way out ends it the usual way."""
    code = main()
    logging.shutdown()
    with contextlib.suppress(OSError):  # a reader that went away: nothing left to tell
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, clock: Callable[[], datetime] = system_clock) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, clock)
    except ContentError as exc:
        _print_problems(exc.problems)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
