"""Sizes for the pictures in the site's pages: a Python-Markdown extension.

Every `<img>` whose `src` is a picture of ours gets its `width` and `height` (no layout
shift), a `srcset` of its renditions with `sizes`, and `loading="lazy"` with
`decoding="async"` unless it is at the top of the page. What a writer set with attr_list
(`{ width="300" }`, `{ loading="eager" }`) stays.

It needs to know which Markdown file it renders, to resolve a relative `src`: the caller
passes `source_of(md)`, the path of that file in the staged docs. It finds pictures before
MkDocs rewrites the addresses (priority 0) and writes `srcset` after, beside the rewritten
`src`, so the candidates resolve from the built page as `src` does.
"""

from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .plan import CONTENT_SIZES, Picture

SourceOf = Callable[[markdown.Markdown], "str | None"]
HERO_CLASS = "sb-hero"
# The first picture counts as "at the top" when it is in one of the page's first blocks.
TOP_BLOCKS = 2


class PictureSizes(Extension):
    # It keeps nothing of a page between pages (its processors start each page afresh and
    # read the page from MkDocs' `relpath` processor), so one Markdown instance may convert
    # every page of a build (mkdocs_render.py).
    reset_safe = True

    def __init__(self, pictures: Mapping[str, Picture], source_of: SourceOf,
                 sizes: str = CONTENT_SIZES):
        super().__init__()
        self.pictures = pictures
        self.source_of = source_of
        self.sizes = sizes

    def cache_key(self) -> tuple[object, ...]:
        """Everything this extension adds to a page's HTML, for the build cache (every page
        that shows a picture depends on its sizes)."""
        return (self.sizes, sorted((path, picture.width, picture.height, picture.widths)
                                   for path, picture in self.pictures.items()))

    @classmethod
    def from_manifest(cls, text: str, source_of: SourceOf) -> PictureSizes:
        """From the JSON that the build writes beside the staged pages."""
        data = json.loads(text)
        return cls({path: Picture.from_json(value) for path, value in data.items()},
                   source_of)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        found: dict[etree.Element, Picture] = {}
        # After attr_list (8), before MkDocs' relative paths (0); srcset after those.
        md.treeprocessors.register(_SizePictures(md, self, found), "site_builder_sizes", 3)
        md.treeprocessors.register(_SourceSets(md, found), "site_builder_srcset", -5)


def local_path(src: str) -> str | None:
    """The path of a relative address (`../images/foto.jpg`), None for any other."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith(("/", "#")) or not parts.path:
        return None
    return unquote(parts.path)


class _SizePictures(Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: PictureSizes,
                 found: dict[etree.Element, Picture]):
        super().__init__(md)
        self.extension = extension
        self.found = found

    def run(self, root: etree.Element) -> None:
        self.found.clear()
        page = self.extension.source_of(self.md)
        if page is None:
            return
        top = {id(img) for block in list(root)[:TOP_BLOCKS] for img in block.iter("img")}
        first = True
        for img in root.iter("img"):
            path = local_path(img.get("src", ""))
            picture = self.extension.pictures.get(posixpath.normpath(
                posixpath.join(posixpath.dirname(page), path))) if path else None
            if picture is None:
                continue
            self.found[img] = picture
            _set_size(img, picture)
            if picture.resized and len(picture.widths) > 1 and "sizes" not in img.attrib:
                img.set("sizes", self.extension.sizes)
            at_top = HERO_CLASS in (img.get("class") or "").split() or (
                first and id(img) in top)
            if not at_top and "loading" not in img.attrib:
                img.set("loading", "lazy")
                img.set("decoding", "async")
            first = False


def _set_size(img: etree.Element, picture: Picture) -> None:
    if not (picture.width and picture.height):
        return
    width, height = img.get("width"), img.get("height")
    if width is None and height is None:
        img.set("width", str(picture.width))
        img.set("height", str(picture.height))
    elif height is None and width is not None and width.isdigit():
        img.set("height", str(max(1, round(picture.height * int(width) / picture.width))))
    elif width is None and height is not None and height.isdigit():
        img.set("width", str(max(1, round(picture.width * int(height) / picture.height))))


class _SourceSets(Treeprocessor):
    def __init__(self, md: markdown.Markdown, found: dict[etree.Element, Picture]):
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for img, picture in self.found.items():
            srcset = picture.srcset(img.get("src", ""))
            if srcset and "srcset" not in img.attrib:
                img.set("srcset", srcset)
        self.found.clear()
