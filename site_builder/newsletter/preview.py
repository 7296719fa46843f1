"""Looking at an issue before it is sent: a local web server, and screenshots by Chromium."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from ..chromium import screenshot

# Widths of a desktop mail client's reading pane and of a phone.
SCREENS = {"desktop": (1280, 1800), "phone": (390, 2400)}


def screenshots(email_html: Path, out_dir: Path, name: str) -> list[Path]:
    """PNG pictures of the email at desktop and phone widths, made by headless Chromium."""
    return [screenshot(email_html.resolve().as_uri(), out_dir / f"{name}-{screen}.png",
                       width, height)
            for screen, (width, height) in SCREENS.items()]


def serve_folder(folder: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
