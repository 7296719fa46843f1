"""Pictures of pages, taken by the system's headless Chromium (no downloaded browser)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .problems import ContentError, Problem

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ContentError([Problem("chromium", None, "Chromium is not installed, so no "
                                "screenshots can be made. Install it (on Debian or Ubuntu: "
                                "`sudo apt-get install chromium`) and try again.")])


def screenshot(url: str, target: Path, width: int, height: int) -> Path:
    """A PNG of `url` in a window of `width` × `height` pixels."""
    chromium = find_chromium()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="site-builder-chromium-") as profile:
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
             # Pages settle (pictures decoded, scripts run) before the picture is taken.
             "--virtual-time-budget=1500",
             f"--user-data-dir={profile}", f"--window-size={width},{height}",
             f"--screenshot={target}", url],
            capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not target.is_file():
        raise ContentError([Problem(str(target), None, "Chromium could not make the "
                                    f"screenshot: {done.stderr.strip()[-300:]}")])
    return target
