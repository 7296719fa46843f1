"""Pictures for the site and the email: sizes, resized renditions, and a cache.

- `plan.py` (pure): which files a picture is published as (`Picture`, `Rendition`), its
  `srcset`, the attributes of an `<img>` (`img_attributes`, `img_tag`).
- `read.py`: a file's size (JPEG/PNG/WebP/GIF with Pillow, SVG from its attributes) and
  whether Pillow can read it.
- `pipeline.py`: Pillow: orient, resize, strip metadata, encode.
- `cache.py`: the cache folder, keyed by content and recipe, written atomically.
- `catalogue.py`: `ImageCatalogue`, one per build, used by the site, the email and `check`.
- `markdown_sizes.py`: the Python-Markdown extension that sizes `<img>` in the site's pages.
"""

from __future__ import annotations

from .catalogue import IMAGES_CACHE_DIR, ImageCatalogue
from .markdown_sizes import PictureSizes
from .plan import (
    CONTENT_SIZES,
    EMAIL_MAX_WIDTH,
    LADDER,
    MAX_WIDTH,
    Picture,
    Rendition,
    img_attributes,
    img_tag,
    is_picture,
    sibling_url,
)

# Beside the staged pages (MkDocs leaves dot-files out of the site): the published pictures
# and their sizes, for the Markdown extension in the MkDocs build.
PICTURES_MANIFEST = ".site-builder-pictures.json"

__all__ = [
    "CONTENT_SIZES",
    "EMAIL_MAX_WIDTH",
    "IMAGES_CACHE_DIR",
    "LADDER",
    "MAX_WIDTH",
    "PICTURES_MANIFEST",
    "ImageCatalogue",
    "Picture",
    "PictureSizes",
    "Rendition",
    "img_attributes",
    "img_tag",
    "is_picture",
    "sibling_url",
]
