"""Finding what a link of the old site pointed at: one of its pages (by file, by address,
by Jekyll's post name or Hugo's ref) or a file next to the pages (a picture, a PDF)."""

from __future__ import annotations

import posixpath
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .addresses import normalise
from .model import SourcePage, SourceSite


class SourceIndex:
    def __init__(self, site: SourceSite, pages: list[SourcePage]) -> None:
        self.site = site
        self.pages = pages
        self._by_rel = {page.rel.as_posix(): page for page in pages}
        self._by_address: dict[str, SourcePage] = {}
        for page in pages:
            for address in page.urls:
                self._by_address.setdefault(address, page)
        counts = Counter(page.slug for page in pages)
        self._by_slug = {page.slug: page for page in pages if counts[page.slug] == 1}

    def by_rel(self, rel: str) -> SourcePage | None:
        rel = posixpath.normpath(rel.lstrip("/"))
        for candidate in (rel, rel + ".md", rel + "/index.md", rel + "/_index.md"):
            if candidate in self._by_rel:
                return self._by_rel[candidate]
        return None

    def by_file(self, path: str, page: SourcePage) -> SourcePage | None:
        """A link to a Markdown file: from the linking file's folder, or from the top."""
        if path.startswith("/"):
            return self.by_rel(path)
        return self.by_rel(posixpath.join(page.rel.parent.as_posix(), path))

    def by_address(self, address: str, page: SourcePage) -> SourcePage | None:
        """A link written as a web address of the old site, absolute or relative."""
        path = urlsplit(address).path
        if not path.startswith("/") and page.urls:
            path = posixpath.join("/" + page.urls[0] + "/", path)
        return self._by_address.get(normalise(path, self.site.base_path))

    def by_slug(self, address: str) -> SourcePage | None:
        """The page whose name is the last part of an address, when only one page has it."""
        last = normalise(address, self.site.base_path).rsplit("/", 1)[-1]
        return self._by_slug.get(last) if last else None

    def by_post_name(self, name: str) -> SourcePage | None:
        """Jekyll's `{% post_url 2024-05-12-name %}` (optionally with a folder before it)."""
        wanted = name.strip().strip("/")
        for page in self.pages:
            if page.rel.parts[0] in ("_posts", "_drafts"):
                stem = page.rel.with_suffix("").as_posix()
                if stem.endswith("/" + wanted) or PurePosixPath(stem).name == wanted:
                    return page
        return None

    def by_ref(self, ref: str, page: SourcePage) -> SourcePage | None:
        """Hugo's `{{< ref "posts/name.md" >}}`: from the top of content/, from the page's
        own folder, or by a name only one page has."""
        ref = ref.strip()
        if not ref:
            return page
        found = self.by_rel(ref) if ref.startswith("/") else (
            self.by_rel(posixpath.join(page.rel.parent.as_posix(), ref)) or self.by_rel(ref))
        if found:
            return found
        name = PurePosixPath(ref).stem if ref.endswith(".md") else PurePosixPath(ref).name
        return self._by_slug.get(name)

    def find_file(self, target: str, page: SourcePage) -> Path | None:
        """A file (picture, PDF) a link points at, next to the page or in the old site's
        folders for such files; only inside the old site's folder."""
        parts = urlsplit(target)
        if (parts.scheme or parts.netloc) and (
                (parts.hostname or "").lower() not in self.site.hosts):
            return None
        path = unquote(parts.path)
        if not path:
            return None
        base = self.site.base_path
        if base and path.startswith(base + "/"):
            path = path[len(base):]
        roots = self.site.asset_roots
        candidates = [root / path.lstrip("/") for root in roots] if path.startswith("/") else [
            page.path.parent / path, *(root / path for root in roots)]
        top = self.site.root.resolve()
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved.is_file() and resolved.is_relative_to(top):
                return resolved
        return None
