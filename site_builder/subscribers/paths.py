"""Where the subscriber store and the outbox live: a data folder outside the repository."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from ..problems import ContentError, Problem

DATA_VARIABLE = "SITE_BUILDER_DATA"
STORE_FILE = "subscribers.sqlite3"
OUTBOX_FOLDER = "outbox"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """SITE_BUILDER_DATA, or the user's data folder (~/.local/share/site-builder on Linux).

    A data folder inside a project (a folder with mkdocs.yml above it) would put personal
    data one `git add` away from the repository, so it is refused.
    """
    value = environ.get(DATA_VARIABLE, "").strip()
    folder = Path(value).expanduser() if value else Path(
        platformdirs.user_data_dir("site-builder", appauthor=False))
    folder = folder.resolve()
    inside = next((p for p in (folder, *folder.parents) if (p / "mkdocs.yml").is_file()), None)
    if inside is not None:
        raise ContentError([Problem(DATA_VARIABLE, None, (
            f"the data folder {folder} is inside the project in {inside}: subscriber data "
            "must stay out of the repository. Set SITE_BUILDER_DATA to a folder elsewhere, "
            "or leave it unset to use your user data folder."))])
    return folder


def prepare_data_dir(folder: Path) -> Path:
    """Create the folder readable by its owner only: it holds names and addresses."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
