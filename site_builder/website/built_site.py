"""A built site as the gates read it: its files, and the tags of its pages with their lines.

`read_built_site` is the only part that touches the disk; the link check (linkcheck.py) and
the privacy scan (privacy.py) are pure functions of a `BuiltSite`, so tests can hand them a
few pages made in memory.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Files whose text the gates read; everything else only has to exist.
TEXT_SUFFIXES = (".html", ".css", ".js")


# Material puts what a page's Markdown made inside the element with this class; the rest
# (header, navigation, footer, the theme's scripts) is the theme's.
CONTENT_CLASS = "md-content__inner"


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: Mapping[str, str]
    line: int
    in_content: bool = False  # inside the page's content, not the theme around it


@dataclass(frozen=True)
class ParsedPage:
    tags: tuple[Tag, ...]
    ids: frozenset[str]
    styles: tuple[tuple[str, int], ...]  # (the text of a <style> block, the line it starts on)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.ids: set[str] = set()
        self.styles: list[tuple[str, int]] = []
        self._style: tuple[list[str], int] | None = None
        self._content: list[str | int] | None = None  # [the content element, its depth]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if self._content is not None and tag == self._content[0]:
            self._content[1] = int(self._content[1]) + 1
        self.tags.append(Tag(tag, values, line, self._content is not None))
        if self._content is None and CONTENT_CLASS in values.get("class", "").split():
            self._content = [tag, 1]
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "style":
            self._style = ([], line)

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style[0].append(data)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<br/>`: a start tag that opens nothing."""
        values = {name: value or "" for name, value in attrs}
        self.tags.append(Tag(tag, values, self.getpos()[0], self._content is not None))

    def handle_endtag(self, tag: str) -> None:
        if self._content is not None and tag == self._content[0]:
            self._content[1] = int(self._content[1]) - 1
            if self._content[1] == 0:
                self._content = None
        if tag == "style" and self._style is not None:
            self.styles.append(("".join(self._style[0]), self._style[1]))
            self._style = None


def parse_page(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return ParsedPage(tuple(parser.tags), frozenset(parser.ids), tuple(parser.styles))


@dataclass(frozen=True)
class BuiltSite:
    """Every file of a built site (POSIX paths from its root) and the text of its pages,
    stylesheets and scripts. `shown` is how messages name the site's folder."""

    files: frozenset[str]
    texts: Mapping[str, str]
    site_url: str
    shown: str = "site"
    # Each page is parsed once, when a gate first asks for it (a memo, not state).
    _parsed: dict[str, ParsedPage] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def folders(self) -> frozenset[str]:
        return frozenset(posixpath.dirname(path) for path in self.files)

    @property
    def pages(self) -> list[str]:
        return sorted(path for path in self.texts if path.endswith(".html"))

    def parsed(self, page: str) -> ParsedPage:
        if page not in self._parsed:
            self._parsed[page] = parse_page(self.texts[page])
        return self._parsed[page]

    def where(self, path: str) -> str:
        """A file of the site as a message names it: `site/diensten/index.html`."""
        return f"{self.shown}/{path}"

    @property
    def base_path(self) -> str:
        """The path under which the site is served: `/` for https://example.org/."""
        return urlsplit(self.site_url).path or "/"

    def is_own_host(self, url: str) -> bool:
        own, other = urlsplit(self.site_url), urlsplit(url)
        return (other.hostname or "").lower() == (own.hostname or "").lower()

    def file_for(self, path: str) -> str:
        """The file a server sends for a path inside the site: folders serve their index."""
        if not path.strip("/"):
            return "index.html"
        if path.endswith("/"):
            return f"{path}index.html"
        if path in self.folders and path not in self.files:
            return f"{path}/index.html"
        return path


def site_path(site: BuiltSite, page: str, link: str) -> str | None:
    """Where a relative or root-absolute link on `page` leads, as a path from the site's root
    (`/` kept at the end of a folder), or None for a full address (`https://...`, `mailto:`):
    the host may serve more than this folder (a sign-up form, the subscription service), so
    only addresses written inside the site are its own. A path that climbs out of the site
    starts with `../`."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    if path.startswith("/"):
        # Root-absolute, as on Material's 404 page: relative to the path of site_url.
        inside = _normalise(path)
        base = _normalise(site.base_path)
        if base and inside != base and not inside.startswith(base + "/"):
            return "../" + inside
        joined = inside[len(base):].lstrip("/")
    else:
        joined = _normalise(posixpath.join(posixpath.dirname(page), path))
    return joined + "/" if path.endswith("/") and joined and not joined.endswith("/") else joined


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts or parts[-1] == "..":
                parts.append("..")
            else:
                parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def read_built_site(root: Path, site_url: str, shown: str | None = None) -> BuiltSite:
    """Read a built site from disk (the one effectful step of the gates)."""
    files, texts = set(), {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        files.add(relative)
        if path.suffix in TEXT_SUFFIXES:
            texts[relative] = path.read_text(encoding="utf-8", errors="replace")
    return BuiltSite(frozenset(files), texts, site_url, shown or root.name)
