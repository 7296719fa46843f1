"""Turning one photo into its published files with Pillow: oriented, resized, cleaned.

Every file is encoded afresh, so nothing of the original's metadata reaches the site: no
EXIF (camera, time, GPS position), no XMP, no comments. Only the colour profile is kept,
so colours look the same. The same input and Pillow version give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageOps

from .plan import Picture
from .read import EXIF_ORIENTATION, QUARTER_TURNS, UnreadablePicture, reason

# How much of the shrinking a quick integer reduction may do before Lanczos does the rest;
# 3 or more looks the same as Lanczos alone (Pillow's documentation).
REDUCING_GAP = 3.0
# Modes Pillow resizes well; premultiplied alpha keeps transparent edges from going dark.
_PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}
_ENCODABLE = {"JPEG": {"RGB", "L"}, "PNG": {"RGB", "RGBA", "L", "LA", "P"},
              "WEBP": {"RGB", "RGBA"}}


def render(path: Path, picture: Picture, widths: Sequence[int], fmt: str,
           quality: int) -> dict[int, bytes]:
    """The encoded file for each of `widths` (widths of `picture`), decoding the photo once."""
    try:
        with Image.open(path) as image:
            largest = max(widths)
            wanted = (largest, picture.height_at(largest))
            orientation = image.getexif().get(EXIF_ORIENTATION, 1)
            if image.format == "JPEG":  # decode at a lower scale where that is enough
                image.draft(image.mode, wanted[::-1] if orientation in QUARTER_TURNS
                            else wanted)
            image.load()
            # Flat art stays flat: a palette picture keeps a small palette when resized.
            palette = min(256, max(32, 2 * len(image.getcolors(256) or ()))) if (
                image.mode in ("P", "PA")) else 0
            icc = image.info.get("icc_profile")
            oriented = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise UnreadablePicture(reason(exc)) from None
    workable = _resizable(oriented)
    encoded = {}
    for width in widths:
        size = (width, picture.height_at(width))
        if oriented.size == size:  # the photo's own size: encoded afresh, not resized
            encoded[width] = _encode(oriented, fmt, quality, icc, palette)
            continue
        resized = workable.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        encoded[width] = _encode(_straight(resized), fmt, quality, icc, palette)
    return encoded


def _resizable(image: Image.Image) -> Image.Image:
    if image.mode in ("P", "PA"):
        transparent = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if image.mode in _PREMULTIPLIED:
        image = image.convert(_PREMULTIPLIED[image.mode])
    return image


def _straight(image: Image.Image) -> Image.Image:
    for straight, premultiplied in _PREMULTIPLIED.items():
        if image.mode == premultiplied:
            return image.convert(straight)
    return image


def _encode(image: Image.Image, fmt: str, quality: int, icc: bytes | None,
            palette: int) -> bytes:
    if image.mode in ("P", "PA") and fmt != "PNG":
        image = image.convert("RGBA" if image.mode == "PA" or "transparency" in image.info
                              else "RGB")
    if fmt == "JPEG" and image.mode in ("RGBA", "LA"):
        # JPEG has no transparency: what was see-through becomes white, as on the page.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        image = background
    elif image.mode not in _ENCODABLE[fmt]:
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if fmt == "PNG" and palette and image.mode != "P":
        # Back to a palette after resizing (a few shades more for the smoothed edges),
        # without dithering noise; octree is quick and keeps flat colours exact.
        image = image.quantize(colors=palette, method=Image.Quantize.FASTOCTREE,
                               dither=Image.Dither.NONE)
    else:
        image = image.copy()
    transparency = image.info.get("transparency")
    # Nothing of the original's metadata: Pillow would otherwise carry comments over.
    image.info = {} if transparency is None else {"transparency": transparency}
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, **options)
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=True, **options)
    else:
        image.save(buffer, "WEBP", quality=quality, **options)
    return buffer.getvalue()
