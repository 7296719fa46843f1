"""What the sending tests share: a project with its newsletters, a data folder and a key,
and subscribers put straight into the store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_builder.subscribers.csv_import import ImportRow
from site_builder.subscribers.store import open_store

from .conftest import REPO, SAMPLE_NOW, copy_project

SECRET = "vsS_iEF2BQLEiBdRnHVPDZqvqihe6koAeF2S1zbSWpI"  # as `secrets.token_urlsafe(32)` makes one
ISSUE = "newsletters/2026-11-extern.md"


def copy_newsletter_project(folder: Path) -> Path:
    project = copy_project(folder / "project")
    if not (project / "newsletters").is_dir():
        shutil.copytree(REPO / "newsletters", project / "newsletters")
    return project


@pytest.fixture
def newsletter_project(tmp_path: Path) -> Path:
    return copy_newsletter_project(tmp_path)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SITE_BUILDER_DATA", str(folder))
    monkeypatch.setenv("SITE_BUILDER_SECRET", SECRET)
    monkeypatch.delenv("SITE_BUILDER_SMTP_URL", raising=False)
    return folder


def add_subscribers(data: Path, count: int, list_name: str = "external", *,
                    prefix: str = "reader", language: str | None = "nl") -> dict[str, str]:
    """`count` subscribers (address → name) on a list, as an import would add them."""
    people = {f"{prefix}{n:04d}@example.org": f"Lezer {prefix.title()} {n}"
              for n in range(count)}
    with open_store(data) as store:
        store.import_rows(list_name, [ImportRow(n + 2, address, name, language) for n, (
            address, name) in enumerate(people.items())], "test", SAMPLE_NOW)
    return people


def subprocess_environment(data: Path, smtp_url: str | None = None) -> dict[str, str]:
    """The environment for `python -m site_builder` run as its own process."""
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith("SITE_BUILDER_")}
    environ.update(SITE_BUILDER_DATA=str(data), SITE_BUILDER_SECRET=SECRET,
                   SITE_BUILDER_NOW="2026-11-23 12:00", PYTHONUNBUFFERED="1")
    if smtp_url:
        environ["SITE_BUILDER_SMTP_URL"] = smtp_url
    return environ
