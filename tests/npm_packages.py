"""Test tools pinned in a package.json under tests/ (axe-core, the CommonMark examples),
installed from the npm registry with `npm ci` when they are not there yet. Nothing skips: a
missing npm fails the test that needs it, with the command that installs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def npm_install_command(folder: Path) -> list[str]:
    return ["npm", "ci", "--prefix", str(folder), "--no-audit", "--no-fund"]


def ensure_installed(folder: Path, installed: Path, what: str) -> None:
    """Run `npm ci` in `folder` unless `installed` (a file or folder it makes) is there."""
    if installed.exists():
        return
    command = npm_install_command(folder)
    if shutil.which("npm") is None:
        pytest.fail(f"{what} is missing and npm is not installed: run "
                    "`apt-get install -y npm`, then `" + " ".join(command) + "`.")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not installed.exists():
        pytest.fail(f"could not install {what} (`" + " ".join(command) + "`):\n"
                    + done.stdout + done.stderr)
