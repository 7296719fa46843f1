"""Reading a picture file: its size as a browser shows it, and whether it can be read at all."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

# Pillow is imported where a picture is opened, for every command's startup time: a build
# finds the sizes of the pictures it read before in its cache.

EXIF_ORIENTATION = 0x0112
# EXIF orientations 5 to 8 turn the picture a quarter: width and height trade places.
QUARTER_TURNS = {5, 6, 7, 8}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


class UnreadablePicture(Exception):
    """A picture Pillow cannot read; the message says why in plain words."""


def displayed_size(path: Path) -> tuple[int, int, bool]:
    """Width and height after the EXIF orientation is applied, and whether the picture moves
    (an animated GIF, PNG or WebP); reads only the header."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(EXIF_ORIENTATION, 1)
            animated = bool(getattr(image, "is_animated", False))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise UnreadablePicture(reason(exc)) from None
    if orientation in QUARTER_TURNS:
        return height, width, animated
    return width, height, animated


def verify(path: Path) -> None:
    """Decode the picture once (a JPEG at an eighth of its size, which is quick), so a damaged
    or cut-off file is found before a build, not half-way through one."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise UnreadablePicture(reason(exc)) from None


def reason(exc: Exception) -> str:
    from PIL import Image, UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return ("it is not a JPEG, PNG, WebP or GIF picture (perhaps another kind of file with "
                "a picture's name, or a format such as HEIC that web browsers cannot show)")
    if isinstance(exc, Image.DecompressionBombError):
        return f"it is far too large to publish ({exc})"
    return f"the file is damaged or incomplete ({exc})"


def svg_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the root element's width/height (in pixels) or its viewBox."""
    try:
        for _event, element in etree.iterparse(path, events=("start",)):
            return _svg_size(element.attrib)
    except (etree.ParseError, OSError):
        return None
    return None


def _svg_size(attributes: dict[str, str]) -> tuple[int, int] | None:
    width, height = (_pixels(attributes.get(key)) for key in ("width", "height"))
    box = [float(v) for v in re.split(r"[\s,]+", attributes.get("viewBox", "").strip())
           if _is_number(v)]
    ratio = box[2] / box[3] if len(box) == 4 and box[2] > 0 and box[3] > 0 else None
    if width and height:
        return round(width), round(height)
    if width and ratio:
        return round(width), round(width / ratio)
    if height and ratio:
        return round(height * ratio), round(height)
    if ratio:  # no size in pixels (none, or a percentage): the viewBox gives the shape
        return round(box[2]), round(box[3])
    return None


def _pixels(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) if match and float(match.group(1)) > 0 else None


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
