"""Looking at an issue before it is sent: a local web server, and screenshots by Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..problems import ContentError, Problem

# Widths of a desktop mail client's reading pane and of a phone.
SCREENS = {"desktop": (1280, 1800), "phone": (390, 2400)}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ContentError([Problem("chromium", None, "Chromium is not installed, so no "
                                "screenshots can be made. Install it (on Debian or Ubuntu: "
                                "`sudo apt-get install chromium`) and try again.")])


def screenshots(email_html: Path, out_dir: Path, name: str) -> list[Path]:
    """PNG pictures of the email at desktop and phone widths, made by headless Chromium."""
    chromium = find_chromium()
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for screen, (width, height) in SCREENS.items():
        target = out_dir / f"{name}-{screen}.png"
        with tempfile.TemporaryDirectory(prefix="site-builder-chromium-") as profile:
            done = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}",
                 f"--screenshot={target}", email_html.resolve().as_uri()],
                capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not target.is_file():
            raise ContentError([Problem(str(target), None, "Chromium could not make the "
                                        f"screenshot: {done.stderr.strip()[-300:]}")])
        made.append(target)
    return made


def serve_folder(folder: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
