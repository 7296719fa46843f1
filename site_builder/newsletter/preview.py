"""Looking at an issue before it is sent: a local web server, and screenshots by Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..check import image_catalogue
from ..chromium import screenshot
from ..config import SiteConfig
from ..images import ImageCatalogue
from .build import BuiltIssue, write_issue

# Widths of a desktop mail client's reading pane and of a phone.
SCREENS = {"desktop": (1280, 1800), "phone": (390, 2400)}


def screenshots(email_html: Path, out_dir: Path, name: str) -> list[Path]:
    """PNG pictures of the email at desktop and phone widths, made by headless Chromium."""
    return [screenshot(email_html.resolve().as_uri(), out_dir / f"{name}-{screen}.png",
                       width, height)
            for screen, (width, height) in SCREENS.items()]


def show_pictures_here(folder: Path, pictures: Iterable[tuple[str, str]], site_url: str,
                       images: ImageCatalogue) -> None:
    """The email loads its pictures from the live site, which may not have them yet: put their
    published files beside the preview's email.html and let it load them from there."""
    for url, source in pictures:
        for site_path, file in images.publish({url.removeprefix(site_url): source}).items():
            target = folder / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    email = folder / "email.html"
    email.write_text(email.read_text("utf-8").replace(f'src="{site_url}', 'src="'), "utf-8")


def write_preview(config: SiteConfig, built: BuiltIssue, out_dir: Path) -> Path:
    """The issue's folder in out_dir, its email showing its pictures from beside it."""
    folder = write_issue(built, out_dir)
    show_pictures_here(folder, built.rendered.pictures, config.site_url,
                       image_catalogue(config))
    return folder


def serve_folder(folder: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
