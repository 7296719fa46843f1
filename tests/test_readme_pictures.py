"""`site-builder screenshots` makes the README's pictures from the content, with Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from .conftest import REPO, Result


def test_screenshots_shows_the_home_page_and_the_newest_newsletter(
        project: Path, run: Callable[..., Result]) -> None:
    result = run(project, "screenshots", "--out", "pictures")
    assert result.code == 0, result.err
    assert result.out.split() == ["pictures/home.png", "pictures/newsletter.png"]
    home, newsletter = (Image.open(project / "pictures" / name).convert("RGB")
                        for name in ("home.png", "newsletter.png"))
    assert home.size == (1280, 1500) and newsletter.size == (720, 1500)
    for picture in (home, newsletter):
        # A real page, not a blank window: many colours (text, pictures, the brand colour).
        assert len(picture.getcolors(maxcolors=1 << 20) or []) > 500
    # The site's header (white, with the brand-coloured logo) tops the home page.
    assert home.getpixel((640, 20)) == (255, 255, 255)


def test_readme_shows_both_pictures_near_the_top() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    top = readme.split("\n## Writing content", 1)[0]
    shown = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", top)
    assert shown == ["docs/screenshots/home.png", "docs/screenshots/newsletter.png"]
    assert all((REPO / picture).is_file() for picture in shown)
