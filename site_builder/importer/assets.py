"""Pictures and downloads of the old site that the imported pages use: where each goes in
content/, without overwriting a file and without copying the same file twice."""

from __future__ import annotations

import filecmp
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from slugify import slugify

from ..model import SHARED_DIR

PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})
# Copied files go to content/shared/, which both languages use: the import of the other
# language finds them there and uses them again instead of copying them twice.
PICTURE_FOLDER = f"{SHARED_DIR}/images"
DOWNLOAD_FOLDER = f"{SHARED_DIR}/downloads"


def is_picture(path: Path | PurePosixPath) -> bool:
    return path.suffix.lower() in PICTURE_SUFFIXES


@dataclass
class AssetPlan:
    """Files to copy into content/: source file → path relative to content/."""

    content_dir: Path
    copies: dict[Path, str] = field(default_factory=dict)
    reused: set[Path] = field(default_factory=set)  # already in content/, byte for byte
    owner: str = ""  # the new file being converted: the one that uses what is placed now
    owners: dict[Path, set[str]] = field(default_factory=dict)

    def place(self, source: Path) -> str:
        """Where `source` goes (relative to content/): its own name in the pictures or
        downloads folder; a file already there with the same bytes is used as it is, a
        different one gets a number added (`photo-2.jpg`)."""
        self.owners.setdefault(source, set()).add(self.owner)
        if source in self.copies:
            return self.copies[source]
        folder = PICTURE_FOLDER if is_picture(source) else DOWNLOAD_FOLDER
        stem = slugify(source.stem) or "file"
        suffix = source.suffix.lower()
        taken = set(self.copies.values())
        number = 1
        while True:
            name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
            target = f"{folder}/{name}"
            existing = self.content_dir / target
            if existing.is_file() and filecmp.cmp(existing, source, shallow=False):
                self.reused.add(source)
                break
            if target not in taken and not existing.exists():
                break
            number += 1
        self.copies[source] = target
        return target

    def to_copy(self, written: set[str]) -> dict[Path, str]:
        """The files not in content/ yet that the `written` new files use."""
        return {source: target for source, target in self.copies.items()
                if source not in self.reused and self.owners[source] & written}
