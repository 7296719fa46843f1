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

import contextlib
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


def _stat_record(what: Any, path: str) -> Record:
    stat = os.stat(path)
    return (what, stat.st_size, stat.st_mtime_ns, stat.st_ino)


def unchanged(path: str, record: Record) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == record[1:]


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _write_new(target: str, data: bytes) -> None:
    """Write `target` as a new file, never through the file there: that may be a link to
    an earlier build's file. Exclusive creation saves removing first in the usual case,
    where nothing is there yet."""
    try:
        with open(target, "xb") as file:
            file.write(data)
    except FileExistsError:  # put there earlier in this build, or by a stopped one
        os.unlink(target)
        _write_new(target, data)


def _link_or_copy(source: str, target: str) -> bool:
    """Link `target` to `source` (True), or copy it where no link can be made (False)."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:  # put there earlier in this build, or by a stopped one
        os.unlink(target)
        return _link_or_copy(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
    shutil.copyfile(source, target)
    return False


@dataclass
class SiteOutput:
    """The files of one build in `root`; `earlier` are (folder, manifest) of earlier builds,
    the first of them the served folder itself when writing `in_place`."""

    root: Path
    earlier: list[tuple[Path, dict[str, Record]]] = field(default_factory=list)
    in_place: bool = False
    manifest: dict[str, Record] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Paths as text for os' functions: a build reuses hundreds of files, and pathlib's
        # objects for each were a good part of that.
        self._root = os.fspath(self.root)
        self._by_what: dict[Any, tuple[str, Record]] = {}
        for folder, manifest in self.earlier:
            base = os.fspath(folder)
            for path, record in manifest.items():
                if record[0] not in self._by_what:
                    self._by_what[record[0]] = (os.path.join(base, path), record)
        self._previous = dict(self.earlier[0][1]) if self.in_place and self.earlier else {}
        self._pending: dict[str, Any] = {}  # in place: path -> what, written beside it
        self.written = 0
        self.linked = 0
        self._folders: set[str] = set()

    def write(self, relative: str, data: bytes) -> bytes:
        """Write a file (unless the served folder has it already); returns its hash."""
        what = content_digest(data)
        if self._current(relative, what):
            return what
        target = self._destination(relative)
        _write_new(target, data)
        self._wrote(relative, what, target)
        return what

    def copy(self, relative: str, source: str | os.PathLike[str]) -> None:
        """Copy a file from outside the site (pictures, the theme's scripts)."""
        stat = os.stat(source)
        what = ("copy", os.fspath(source), stat.st_size, stat.st_mtime_ns)
        if self.reuse(relative, what):
            return
        target = self._destination(relative)
        _remove(target)  # copyfile writes through a file that is there
        shutil.copyfile(source, target)
        self._wrote(relative, what, target)

    def reuse(self, relative: str, what: Any) -> bool:
        """Put an identical file of an earlier build at `relative`; False if there is none."""
        if self._current(relative, what):
            return True
        found = self._by_what.get(what)
        if found is None or not unchanged(*found):
            return False
        source, record = found
        target = self._destination(relative)
        linked = _link_or_copy(source, target)
        self.linked += 1
        # A link is the file just checked: its size, time and inode are in the record.
        self._wrote(relative, what, target, counted=False, record=record if linked else None)
        return True

    def _destination(self, relative: str) -> str:
        """Where to write a file now, its folder made: in a new folder its place, in place
        beside its place until `commit`. Whatever is there is replaced, never written
        through (it may be a link to an earlier build's file)."""
        target = os.path.join(self._root, relative)
        self._make_folder(os.path.dirname(target))
        return target + PENDING_SUFFIX if self.in_place else target

    def _make_folder(self, folder: str) -> None:
        """os.makedirs, remembered: a site has thousands of files in fewer folders. Parents
        are made first, and only those not made yet: a `mkdir` that fails for want of its
        parent costs as much as one that works, and a new build makes a thousand folders."""
        if folder in self._folders:
            return
        parent = os.path.dirname(folder)
        if folder != self._root and parent != folder and parent not in self._folders:
            self._make_folder(parent)
        try:
            os.mkdir(folder)
        except FileExistsError:  # also when the other language's process made it first
            if not os.path.isdir(folder):
                raise
        except FileNotFoundError:  # above the site's folder: nothing this build made
            os.makedirs(folder, exist_ok=True)
        self._folders.add(folder)

    def _wrote(self, relative: str, what: Any, target: str, *, counted: bool = True,
               record: Record | None = None) -> None:
        self.written += counted
        if self.in_place:
            self._pending[relative] = what
            self.manifest.pop(relative, None)
        else:
            self.manifest[relative] = record or _stat_record(what, target)

    def _current(self, relative: str, what: Any) -> bool:
        """In the served folder: the file there is already this one, untouched."""
        if not self.in_place:
            return False
        record = self._previous.get(relative)
        if record is None or record[0] != what or \
                not unchanged(os.path.join(self._root, relative), record):
            return False
        self._pending.pop(relative, None)
        self.manifest[relative] = record
        return True

    def commit(self) -> None:
        """In place: move the written files in, remove the files no longer made."""
        for relative, what in self._pending.items():
            target = os.path.join(self._root, relative)
            os.replace(target + PENDING_SUFFIX, target)
            self.manifest[relative] = _stat_record(what, target)
        self._pending.clear()
        for relative in self._previous.keys() - self.manifest.keys():
            _remove(os.path.join(self._root, relative))
            self._remove_empty_folders(os.path.dirname(relative))
        self._previous = dict(self.manifest)

    def _remove_empty_folders(self, relative: str) -> None:
        """The folders of a removed file that are empty now, up to the root (a clean build
        has no empty folders)."""
        while relative:
            try:
                os.rmdir(os.path.join(self._root, relative))
            except OSError:  # not empty, or gone
                return
            self._folders.discard(os.path.join(self._root, relative))
            relative = os.path.dirname(relative)

    def discard(self) -> None:
        """In place: forget this build; the served files stay as they were."""
        for relative in self._pending:
            _remove(os.path.join(self._root, relative) + PENDING_SUFFIX)
        self._pending.clear()
