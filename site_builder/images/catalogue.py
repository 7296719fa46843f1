"""The pictures of one build: their sizes, whether they can be read, and their published files.

Made once per build (or check, or newsletter) from the content folder and the cache folder.
Sources are paths relative to the content folder (`nl/images/foto.jpg`), in any folder.
Reading is memoised; `publish` is the only method that writes (into the cache).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..memo import remembered
from ..problems import ContentError, Problem
from .cache import QUALITY, ImageCache, Recipe, file_digest
from .plan import RESIZED_FORMATS, Picture, Rendition, is_picture, plan
from .read import UnreadablePicture, displayed_size, svg_size, verify

IMAGES_CACHE_DIR = ".cache/images"


def _displayed_size(path: Path) -> tuple[int, int, bool]:
    stat = path.stat()
    return _size_of_file(str(path), stat.st_size, stat.st_mtime_ns)


@remembered
def _size_of_file(path: str, size: int, modified: int) -> tuple[int, int, bool]:
    """`displayed_size`, kept by the file's size and time: each build of a big site would
    otherwise open every picture again (a PNG's metadata means decoding it)."""
    return displayed_size(Path(path))


class ImageCatalogue:
    def __init__(self, content_dir: Path, cache_dir: Path, *, label: str = "content",
                 quality: int = QUALITY, workers: int | None = None):
        self.content_dir = content_dir
        self.cache = ImageCache(cache_dir)
        self.label = label  # the content folder as the user sees it, for messages
        self.quality = quality
        self.workers = workers or os.cpu_count() or 2
        self._pictures: dict[str, Picture | None] = {}
        self._problems: dict[str, str | None] = {}
        self._digests: dict[str, str] = {}
        self.resized = 0  # files made by this catalogue (not found in the cache)

    # -- reading -----------------------------------------------------------
    def picture(self, source: str) -> Picture | None:
        """What is published for the picture at `source`; None for a file that is not a
        picture, is missing, or cannot be read (see `problem`)."""
        if source not in self._pictures:
            self._pictures[source] = self._read(source)
        return self._pictures[source]

    def _read(self, source: str) -> Picture | None:
        path = self.content_dir / source
        suffix = posixpath.splitext(source)[1].lower()
        if not is_picture(source) or not path.is_file():
            return None
        if suffix == ".svg":
            size = svg_size(path)
            return Picture(*size) if size else Picture(None, None)
        try:
            width, height, animated = _displayed_size(path)
        except UnreadablePicture as exc:
            self._problems[source] = str(exc)
            return None
        # Resizing keeps one frame: a moving picture is published as it is.
        return Picture(width, height) if animated else plan(width, height, suffix)

    def size(self, source: str) -> tuple[int, int] | None:
        """Width and height of the main published file."""
        picture = self.picture(source)
        if picture is None or picture.width is None or picture.height is None:
            return None
        return picture.width, picture.height

    def renditions(self, source: str) -> tuple[Rendition, ...]:
        """Every published file, named as siblings of `source`; the main one last."""
        picture = self.picture(source)
        return picture.renditions(posixpath.basename(source)) if picture else ()

    def email_version(self, source: str) -> Rendition | None:
        """The file for email: at most 1,200 px wide (None for SVG or an unreadable file)."""
        picture = self.picture(source)
        return picture.email_version(posixpath.basename(source)) if picture else None

    def problem(self, source: str) -> str | None:
        """Why Pillow cannot read the picture at `source`, in plain words; None if it can.
        A picture whose files are in the cache was read before and is not decoded again."""
        if source not in self._problems:
            picture = self.picture(source)  # a header Pillow cannot read is a problem here
            self._problems.setdefault(source, None)
            if picture is not None and picture.resized and not self._cached(source, picture):
                try:
                    verify(self.content_dir / source)
                except UnreadablePicture as exc:
                    self._problems[source] = str(exc)
                    self._pictures[source] = None
        return self._problems[source]

    def _digest(self, source: str) -> str:
        if source not in self._digests:
            self._digests[source] = file_digest(self.content_dir / source)
        return self._digests[source]

    def _cached_path(self, source: str, width: int) -> Path:
        suffix = posixpath.splitext(source)[1]
        recipe = Recipe(width, RESIZED_FORMATS[suffix.lower()], self.quality)
        return self.cache.path(self._digest(source), recipe, suffix)

    def _cached(self, source: str, picture: Picture) -> bool:
        return all(self._cached_path(source, w).is_file() for w in picture.widths)

    # -- publishing --------------------------------------------------------
    def publish(self, wanted: Mapping[str, str], taken: Iterable[str] = ()
                ) -> dict[str, Path]:
        """The files to copy into the site for pictures published at `wanted`'s keys (paths
        in the site) from its values (sources): `{path in the site: file}`. Photos come
        resized and cleaned from the cache, made there first where missing, in parallel;
        other files (SVG, GIF) as they are. `taken` are paths the site uses otherwise."""
        copies: dict[str, Path] = {}
        missing: dict[str, list[int]] = {}
        problems: list[Problem] = []
        occupied = set(taken) | set(wanted)
        for target, source in sorted(wanted.items()):
            picture = self.picture(source)
            if picture is None or not picture.resized:
                reason = self.problem(source)
                if reason is not None:
                    problems.append(self._unreadable(source, reason))
                copies[target] = self.content_dir / source
                continue
            folder = posixpath.dirname(target)
            for rendition in picture.renditions(posixpath.basename(target)):
                path = posixpath.join(folder, rendition.name)
                if path != target and path in occupied:
                    problems.append(Problem(
                        f"{self.label}/{source}", None, f"its smaller version would be "
                        f"published as {path}, which is the name of another file. Rename "
                        "one of the two."))
                copies[path] = self._cached_path(source, rendition.width)
                if not copies[path].is_file():
                    missing.setdefault(source, []).append(rendition.width)
        problems += self._make(missing)
        if problems:
            raise ContentError(problems)
        return copies

    def _make(self, missing: Mapping[str, list[int]]) -> list[Problem]:
        """Resize what the cache lacks. Pillow releases the GIL while it decodes, resizes and
        encodes, so threads keep every core busy."""
        if not missing:
            return []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(missing))) as pool:
            outcomes = list(pool.map(self._make_one, sorted(missing.items())))
        self.resized += sum(made for made in outcomes if isinstance(made, int))
        return [problem for problem in outcomes if isinstance(problem, Problem)]

    def _make_one(self, job: tuple[str, list[int]]) -> Problem | int:
        """Runs in a worker thread: reads only what the main thread memoised."""
        from .pipeline import render  # Pillow, for every command's startup time: see read.py

        source, widths = job
        picture = self.picture(source)
        assert picture is not None
        fmt = RESIZED_FORMATS[posixpath.splitext(source)[1].lower()]
        try:
            encoded = render(self.content_dir / source, picture, sorted(set(widths)), fmt,
                             self.quality)
        except UnreadablePicture as exc:
            return self._unreadable(source, str(exc))
        for width, data in encoded.items():
            self.cache.write(self._cached_path(source, width), data)
        return len(encoded)

    def _unreadable(self, source: str, reason: str) -> Problem:
        return Problem(f"{self.label}/{source}", None, f"this picture cannot be read: {reason}. "
                       "Save it again as JPEG or PNG, or remove it.")

    def manifest(self, wanted: Mapping[str, str]) -> dict[str, dict]:
        """`{path in the site: picture}` as JSON data, for the pages that show them."""
        found = {target: self.picture(source) for target, source in sorted(wanted.items())}
        return {target: picture.to_json() for target, picture in found.items() if picture}
