"""`site-builder screenshots`: the pictures at the top of the README, made from the content.

The site is built into a temporary folder and served on the loopback address, so the pictures
show exactly what a visitor sees; the newsletter is the newest external issue in the site's
first language, built as subscribers receive it.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from .check import newsletter_issues
from .chromium import screenshot
from .config import SiteConfig
from .newsletter.archive import published_external
from .newsletter.build import prepare_issue
from .newsletter.preview import write_preview
from .problems import ContentError, Problem, Problems
from .website.build import render_site

HOME_SIZE = (1280, 1500)
NEWSLETTER_SIZE = (720, 1500)
LOOPBACK = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The command prints the pictures it made, not every request."""


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def readme_pictures(config: SiteConfig, out_dir: Path, now: datetime) -> list[Path]:
    """home.png (the home page on a desktop) and newsletter.png (the newest external issue)."""
    issues = published_external(newsletter_issues(config, Problems()), config.languages[0], now)
    if not issues:
        raise ContentError([Problem(str(config.root / config.settings.newsletter.dir), None,
                                    "there is no external newsletter issue to show yet.")])
    with tempfile.TemporaryDirectory(prefix="site-builder-pictures-") as work:
        site = Path(work, "site")
        render_site(config, site, now)
        # Its pictures beside it: the live site may not have them yet.
        built = write_preview(config, prepare_issue(config, issues[0].path, now),
                              Path(work, "mail"))
        with _served(site) as base:
            home = screenshot(base, out_dir / "home.png", *HOME_SIZE)
        newsletter = screenshot((built / "email.html").as_uri(), out_dir / "newsletter.png",
                                *NEWSLETTER_SIZE)
    return [home, newsletter]
