"""A real browser on a real server: the system Chromium, driven by Playwright, visiting a built
site served over HTTP on 127.0.0.1, with axe-core (pinned in tests/axe/package.json).

Nothing here skips: a missing browser or axe-core fails the tests that need them, with the
command that installs it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .npm_packages import ensure_installed

TESTS = Path(__file__).resolve().parent
AXE_DIR = TESTS / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# Debian's chromium; another Chromium-based browser can be named for a CI runner that has one.
CHROMIUM = os.environ.get("SITE_BUILDER_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--no-first-run"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOOPBACK = "127.0.0.1"
# Material lays pages out differently on phones (a drawer, tables that scroll sideways).
DESKTOP_WIDTH, PHONE_WIDTH, WINDOW_HEIGHT = 1280, 375, 900


def pinned_axe_version() -> str:
    return json.loads((AXE_DIR / "package.json").read_text("utf-8"))["dependencies"]["axe-core"]


def axe_source() -> str:
    """axe.min.js, installed from the npm registry with `npm ci` if it is not there yet."""
    ensure_installed(AXE_DIR, AXE_SCRIPT, "axe-core")
    return AXE_SCRIPT.read_text("utf-8")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves a folder like a static host configured as the README says: a missing page gets
    the 404.html of its language folder (`/en/...` gets `en/404.html`), else the root's."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        root = Path(self.directory)
        folder = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        not_found = root / folder / "404.html"
        if not folder or not not_found.is_file():
            not_found = root / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a page drops the requests still under way; that is no error
        of the site. Anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on the loopback address; yields its base URL."""
    server = _QuietServer((LOOPBACK, 0), partial(_SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """What one page load showed: its status, axe's violations, requests to other hosts
    (blocked, never sent) and the cookies the page set."""

    status: int
    url: str = ""  # where the visit ended
    violations: list[dict[str, Any]] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)
    cookies: list[dict[str, Any]] = field(default_factory=list)
    # Errors in the console (and uncaught script errors), and requests that failed or were
    # answered with an error status, the page's own address excepted.
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # The width of the page's content in CSS pixels: wider than the window means sideways
    # scrolling (or, as Material hides it, content cut off).
    scroll_width: int = 0

    def violation_report(self) -> str:
        lines = []
        for violation in self.violations:
            nodes = violation["nodes"]
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}; "
                         f"{len(nodes)} element(s), first {nodes[0]['target']}: "
                         f"{nodes[0]['failureSummary']}")
        return "\n".join(lines)


# Best-practice rules the gate adds to WCAG 2.1 A and AA: headings go down one level at a
# time, and no two landmarks of one kind share a name.
EXTRA_RULES = ["heading-order", "landmark-unique"]

_RUN_AXE = """async ([tags, extra]) => {
  const rules = axe.getRules(tags).map((rule) => rule.ruleId).concat(extra);
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules},
                                          resultTypes: ["violations"]});
  return result.violations;
}"""


class Browser:
    """One Chromium with a fresh profile; every request to another host is recorded and
    blocked, so tests never reach the network and see what a page would have loaded."""

    def __init__(self, context: Any, axe: str):
        self.context = context
        self.axe = axe
        self._other_hosts: list[str] = []
        context.route("**/*", self._only_loopback)

    def _only_loopback(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname == LOOPBACK:
            route.continue_()
        else:
            self._other_hosts.append(route.request.url)
            route.abort("blockedbyclient")

    @contextmanager
    def opened(self, url: str, *, width: int = DESKTOP_WIDTH) -> Iterator[tuple[Any, list[str]]]:
        """A page loaded from `url` (the network quiet), to act on, and the list of requests
        to other hosts it makes, which grows as the test clicks."""
        self.context.clear_cookies()
        self._other_hosts.clear()
        page = self.context.new_page()
        try:
            page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            yield page, self._other_hosts
        finally:
            page.close()

    def visit(self, url: str, *, audit: bool = True, settle: bool = False,
              width: int = DESKTOP_WIDTH, follow: str | None = None) -> Visit:
        """Load `url` in a window `width` pixels wide; with `follow`, then activate the link
        that CSS selector names with the keyboard, as a reader would, and describe the page it
        leads to. Run axe on the page (`audit`); wait until the network is quiet (`settle`),
        so requests that scripts make later are seen too. Console errors and failed requests
        are those of every page loaded."""
        self.context.clear_cookies()
        self._other_hosts.clear()
        page = self.context.new_page()
        console_errors: list[str] = []
        failed: list[str] = []
        # Chromium reports an error status of the page itself (the 404 page) in the console
        # too; that one is the visit's status, not a failed request.
        documents: set[str] = set()
        page.on("console", lambda message: console_errors.append(
            f"{message.text} ({message.location.get('url', '')})")
            if message.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        page.on("requestfailed", lambda request: failed.append(
            f"{request.url} ({request.failure})"))
        page.on("response", lambda response: (
            documents.add(response.url) if response.request.is_navigation_request()
            else failed.append(f"{response.url} ({response.status})")
            if response.status >= 400 else None))
        try:
            page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
            response = page.goto(url, wait_until="load")
            if follow:
                page.wait_for_load_state("networkidle")
                page.focus(follow)
                with page.expect_navigation(wait_until="load") as navigation:
                    page.keyboard.press("Enter")
                response = navigation.value
            if settle or follow:
                page.wait_for_load_state("networkidle")
            visit = Visit(status=response.status if response else 0, url=page.url)
            if audit:
                page.add_script_tag(content=self.axe)
                version = page.evaluate("axe.version")
                assert version == pinned_axe_version(), f"axe-core {version} is loaded"
                visit.violations = page.evaluate(_RUN_AXE, [WCAG_21_AA, EXTRA_RULES])
            visit.other_hosts = list(self._other_hosts)
            visit.cookies = self.context.cookies()
            visit.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            visit.console_errors = [
                error for error in console_errors
                if not (error.startswith("Failed to load resource: the server responded with "
                                         "a status of 404")
                        and error.removesuffix(")").rsplit("(", 1)[-1] in documents)]
            visit.failed_requests = list(failed)
            return visit
        finally:
            page.close()


@contextmanager
def open_browser(axe: str) -> Iterator[Browser]:
    """The system Chromium, headless, with a profile of its own that is removed afterwards."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no browser at {CHROMIUM}: install Debian's chromium "
                    "(`apt-get install -y chromium`) or set SITE_BUILDER_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="site-builder-chromium-") as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield Browser(context, axe)
        finally:
            context.close()
