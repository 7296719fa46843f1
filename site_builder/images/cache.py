"""The folder of resized pictures kept between builds (`.cache/images/`, not in git).

A file's name is a hash of everything its bytes depend on: the original's content, the
width, the format and quality, this pipeline's version and Pillow's. So a rebuild finds what
an earlier build made, a changed photo or setting makes new files, and a stale file is never
used. Files are written whole or not at all.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import PIL

# Raise when the output of pipeline.py changes for the same input (new options, a fix).
PIPELINE_VERSION = "1"
QUALITY = 80  # JPEG and WebP: small files, no visible loss at these sizes


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Recipe:
    """One published file of one original: what its bytes depend on besides the original."""

    width: int
    format: str
    quality: int = QUALITY

    def key(self, digest: str) -> str:
        text = (f"pipeline={PIPELINE_VERSION};pillow={PIL.__version__};source={digest};"
                f"width={self.width};format={self.format};quality={self.quality}")
        return hashlib.sha256(text.encode()).hexdigest()


class ImageCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, digest: str, recipe: Recipe, suffix: str) -> Path:
        key = recipe.key(digest)
        return self.folder / key[:2] / f"{key}{suffix.lower()}"

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        """Write to a temporary file beside `path`, then rename: never a half-written file,
        even with two builds at once."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".part-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
