"""Which files a picture is published as, and how pages refer to them. Pure: no file access.

A photo is published at its own name at most `MAX_WIDTH` pixels wide, plus smaller
renditions from a fixed ladder (`foto-480w.jpg`, `foto-800w.jpg`, ...), never wider than the
photo itself. Pages offer them all in a `srcset`; email uses the largest one that is at most
`EMAIL_MAX_WIDTH` wide.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

LADDER = (480, 800, 1200, 1600, 2000)
MAX_WIDTH = 2000
EMAIL_MAX_WIDTH = 1200

# The width a picture in the text column is shown at: Material's content column is 690 to
# 760 CSS pixels wide from 60em (960 px) up, with the sidebars (measured in Chromium at 1000,
# 1280 and 1600 px), and the screen minus a margin below that. The browser multiplies by the
# screen's pixel density itself.
CONTENT_SIZES = "(min-width: 60em) 760px, 100vw"

# Raster formats this module resizes and cleans, by file suffix; anything else that is a
# picture (SVG, GIF, ...) is published as it is.
RESIZED_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
IMAGE_SUFFIXES = frozenset({*RESIZED_FORMATS, ".gif", ".svg", ".avif"})


def is_picture(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in IMAGE_SUFFIXES


@dataclass(frozen=True)
class Rendition:
    """One published file of a picture: its name in the picture's folder, and its size."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What pages and emails need to know of one picture, whatever its published name.

    `width`/`height` are those of the main published file (after the EXIF orientation is
    applied, at most MAX_WIDTH wide for a resized photo); None when unknown (an SVG
    without width, height or viewBox). `widths` are the renditions, smallest first, the
    main file last; empty for a file published as it is."""

    width: int | None
    height: int | None
    widths: tuple[int, ...] = ()

    @property
    def resized(self) -> bool:
        return bool(self.widths)

    def height_at(self, width: int) -> int:
        assert self.width and self.height
        return max(1, round(self.height * width / self.width))

    def renditions(self, name: str) -> tuple[Rendition, ...]:
        """The files published for a picture named `name` (the main one last)."""
        if not self.resized:
            if self.width is None or self.height is None:
                return ()
            return (Rendition(name, self.width, self.height),)
        main = self.widths[-1]
        stem, suffix = posixpath.splitext(name)
        return tuple(Rendition(name if width == main else f"{stem}-{width}w{suffix}", width,
                               self.height_at(width)) for width in self.widths)

    def email_version(self, name: str) -> Rendition | None:
        """The file an email shows: the largest rendition at most EMAIL_MAX_WIDTH wide. SVG
        has none (mail programs do not show it)."""
        if name.lower().endswith(".svg"):
            return None
        renditions = self.renditions(name)
        fitting = [r for r in renditions if r.width <= EMAIL_MAX_WIDTH]
        return (fitting or renditions[:1] or [None])[-1]

    def srcset(self, main_url: str) -> str:
        """`srcset` for a page that loads the main file as `main_url`; '' with one file."""
        renditions = self.renditions(unquote(posixpath.basename(urlsplit(main_url).path)))
        if len(renditions) < 2:
            return ""
        return ", ".join(f"{sibling_url(main_url, r.name)} {r.width}w" for r in renditions)

    def to_json(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "widths": list(self.widths)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Picture:
        return cls(data.get("width"), data.get("height"), tuple(data.get("widths") or ()))


def plan(width: int, height: int, suffix: str) -> Picture:
    """The renditions of a picture of this size (after orientation), by its file suffix."""
    if suffix.lower() not in RESIZED_FORMATS:
        return Picture(width, height)
    main = min(width, MAX_WIDTH)
    picture = Picture(main, max(1, round(height * main / width)),
                      (*(w for w in LADDER if w < main), main))
    return picture


def sibling_url(url: str, name: str) -> str:
    """The address of file `name` in the same folder as the file at `url`."""
    folder, slash, _file = urlsplit(url)._replace(query="", fragment="").geturl().rpartition("/")
    return f"{folder}{slash}{quote(name)}"


def img_attributes(picture: Picture, src: str, *, sizes: str = CONTENT_SIZES,
                   lazy: bool = True) -> dict[str, str]:
    """The attributes of an `<img>` that shows `picture`, whose main file is at `src` as seen
    from the page (a card, a hero, an Open Graph tag needs only `src`, `width`, `height`)."""
    attributes = {"src": src}
    if picture.width and picture.height:
        attributes.update(width=str(picture.width), height=str(picture.height))
    srcset = picture.srcset(src)
    if srcset:
        attributes.update(srcset=srcset, sizes=sizes)
    if lazy:
        attributes.update(loading="lazy", decoding="async")
    return attributes


def img_tag(picture: Picture, src: str, alt: str, **options: Any) -> str:
    """An escaped `<img>` element, for templates that write HTML."""
    attributes = {"alt": alt, **img_attributes(picture, src, **options)}
    return "<img " + " ".join(f'{key}="{html.escape(value, quote=True)}"'
                              for key, value in attributes.items()) + ">"
