"""Writing a build's files, and reusing the identical files an earlier build wrote.

Every file written is recorded in a manifest: its hash (or, for a copied file, the source's
path, size and modification time), size, modification time and inode. A later build that needs
a file with the same hash links that file into its own folder instead of rendering and
writing it again, but only when the earlier file is still exactly as it was written (same
size, time and inode): a file changed or replaced since is never reused.

Two ways to write: into a new folder that replaces the site when the build is done (`build`),
or into the served folder itself (`serve`): there each changed file is written beside its
place and all of them are moved in by `commit` once every language has built, and the files
the build no longer makes are removed; a build that fails changes nothing (`discard`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Record = tuple[Any, int, int, int]  # what, size, mtime_ns, inode
PENDING_SUFFIX = ".site-builder-new"


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stat_record(what: Any, path: Path) -> Record:
    stat = path.stat()
    return (what, stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _unchanged(path: Path, record: Record) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == record[1:]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)


@dataclass
class SiteOutput:
    """The files of one build in `root`; `earlier` are (folder, manifest) of earlier builds,
    the first of them the served folder itself when writing `in_place`."""

    root: Path
    earlier: list[tuple[Path, dict[str, Record]]] = field(default_factory=list)
    in_place: bool = False
    manifest: dict[str, Record] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_what: dict[Any, tuple[Path, Record]] = {}
        for folder, manifest in self.earlier:
            for path, record in manifest.items():
                self._by_what.setdefault(record[0], (folder / path, record))
        self._previous = dict(self.earlier[0][1]) if self.in_place and self.earlier else {}
        self._pending: dict[str, Any] = {}  # in place: path -> what, written beside it
        self.written = 0
        self.linked = 0
        self._folders: set[Path] = set()

    def write(self, relative: str, data: bytes) -> bytes:
        """Write a file (unless the served folder has it already); returns its hash."""
        what = content_digest(data)
        if self._current(relative, what):
            return what
        target = self._destination(relative)
        target.write_bytes(data)
        self._wrote(relative, what, target)
        return what

    def copy(self, relative: str, source: str | os.PathLike[str]) -> None:
        """Copy a file from outside the site (pictures, the theme's scripts)."""
        stat = os.stat(source)
        what = ("copy", os.fspath(source), stat.st_size, stat.st_mtime_ns)
        if self.reuse(relative, what):
            return
        target = self._destination(relative)
        shutil.copyfile(source, target)
        self._wrote(relative, what, target)

    def reuse(self, relative: str, what: Any) -> bool:
        """Put an identical file of an earlier build at `relative`; False if there is none."""
        if self._current(relative, what):
            return True
        found = self._by_what.get(what)
        if found is None or not _unchanged(*found):
            return False
        target = self._destination(relative)
        _link_or_copy(found[0], target)
        self.linked += 1
        self._wrote(relative, what, target, counted=False)
        return True

    def _destination(self, relative: str) -> Path:
        """Where to write a file now. In a new folder: its place, emptied (a file put there
        earlier in this build may be a link to an earlier build's file, never written
        through). In place: beside its place, until `commit`."""
        target = self.root / relative
        if target.parent not in self._folders:  # a site has thousands of files, few folders
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if self.in_place:
            target = target.with_name(target.name + PENDING_SUFFIX)
        target.unlink(missing_ok=True)
        return target

    def _wrote(self, relative: str, what: Any, target: Path, *, counted: bool = True) -> None:
        self.written += counted
        if self.in_place:
            self._pending[relative] = what
            self.manifest.pop(relative, None)
        else:
            self.manifest[relative] = _stat_record(what, target)

    def _current(self, relative: str, what: Any) -> bool:
        """In the served folder: the file there is already this one, untouched."""
        if not self.in_place:
            return False
        record = self._previous.get(relative)
        if record is None or record[0] != what or not _unchanged(self.root / relative, record):
            return False
        self._pending.pop(relative, None)
        self.manifest[relative] = record
        return True

    def commit(self) -> None:
        """In place: move the written files in, remove the files no longer made."""
        for relative, what in self._pending.items():
            target = self.root / relative
            os.replace(target.with_name(target.name + PENDING_SUFFIX), target)
            self.manifest[relative] = _stat_record(what, target)
        self._pending.clear()
        for relative in self._previous.keys() - self.manifest.keys():
            (self.root / relative).unlink(missing_ok=True)
        self._previous = dict(self.manifest)

    def discard(self) -> None:
        """In place: forget this build; the served files stay as they were."""
        for relative in self._pending:
            target = self.root / relative
            target.with_name(target.name + PENDING_SUFFIX).unlink(missing_ok=True)
        self._pending.clear()
