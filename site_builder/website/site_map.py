"""The addresses the public site will have: every page and file a build makes, per language.

Made from the content model (what is public and published at a moment) and the site's layout
(section overviews, agenda, news, team, network, newsletter archive), without building
anything. Site addresses in content (`/diensten/x/`), `.md` links to generated pages and
`#anchors` are resolved against it, so `check` knows what a visitor will find and the site
and newsletter builds agree with it. When the site gets a new kind of page, add it here: the
test that compares this map with a real build of the sample fails until it is.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from slugify import slugify

from ..i18n import strings
from ..images import ImageCatalogue, is_picture
from ..model import SHARED_DIR, Content, Item
from ..schema import AMSTERDAM, Kind
from .cards import staged_path
from .feed import FEED_FILE
from .links import language_prefix, page_url
from .news import POSTS_PER_PAGE, archive_page_path, category_page_path, listing_page_path
from .pages import CALENDAR_FILE
from .paths import BLOG_INDEX, HOME_PAGE, TEAM_PAGE, generated_pages, network_page, section_index
from .select import PublicView


@dataclass(frozen=True)
class SitePage:
    """One page of the built site."""

    url: str  # from the root of the whole site: "diensten/", "en/services/peer-support/"
    lang: str
    docs_path: str  # the Markdown file its language's build makes it from: "diensten/index.md"
    item: Item | None = None  # the content it shows: its own item, or a generated page's intro
    ids: tuple[str, ...] = ()  # anchors the page's template adds (a listing's headings)
    anchors_known: bool = True  # False where a template writes anchors not known here


@dataclass(frozen=True)
class SiteMap:
    site_url: str
    default_language: str
    pages: Mapping[str, SitePage]
    files: frozenset[str] = field(default_factory=frozenset)  # from the root of the whole site

    @cached_property
    def _by_docs(self) -> dict[tuple[str, str], SitePage]:
        return {(page.lang, page.docs_path): page for page in self.pages.values()}

    def page(self, url: str) -> SitePage | None:
        """The page at a URL from the site's root ("diensten/x/", "diensten/x",
        "diensten/x/index.html")."""
        url = url.lstrip("/").removesuffix("index.html")
        if url and not url.endswith("/"):
            url += "/"
        return self.pages.get(url)

    def page_for_docs(self, lang: str, docs_path: str) -> SitePage | None:
        """The page a Markdown file of one language's build becomes."""
        return self._by_docs.get((lang, docs_path))

    def has_file(self, path: str) -> bool:
        return path.lstrip("/") in self.files

    def language_of(self, url: str) -> str:
        first = url.lstrip("/").split("/", 1)[0]
        return first if first in self._languages and first != self.default_language else (
            self.default_language)

    @cached_property
    def _languages(self) -> frozenset[str]:
        return frozenset(page.lang for page in self.pages.values())

    def url_of(self, item: Item) -> str | None:
        page = self.page_for_docs(item.lang, item.docs_path)
        return page.url if page is not None and page.item is item else None


def _shared_files(content_dir: Path) -> list[str]:
    folder = content_dir / SHARED_DIR
    return [path.relative_to(content_dir).as_posix() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".")] if folder.is_dir() else []


def _language_files(content_dir: Path, lang: str) -> list[str]:
    folder = content_dir / lang
    return [path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.suffix != ".md" and not path.name.startswith(".")]


def _smaller_versions(sources: Mapping[str, str], images: ImageCatalogue) -> set[str]:
    """The renditions the build publishes beside each picture (images/), by their path."""
    return {posixpath.join(posixpath.dirname(path), rendition.name)
            for path, source in sources.items() if is_picture(path)
            for rendition in images.renditions(source)}


class _LanguagePages:
    """The pages of one language, as `pages.LanguageStager.stage` makes them."""

    def __init__(self, view: PublicView, default: str):
        self.view = view
        self.lang = view.lang
        self.prefix = language_prefix(view.lang, default)
        self.pages: dict[str, SitePage] = {}
        self.files: set[str] = set()

    def add(self, docs_path: str, url: str | None = None, *, item: Item | None = None,
            ids: Iterable[str] = (), anchors_known: bool = True) -> None:
        """`docs_path` "" for a page no Markdown link can name."""
        if item is None and docs_path:  # a generated page shows its content file on top
            own = self.view.content.item(f"{self.lang}/{docs_path}")
            item = own if self.view.shows(own) else None
        url = self.prefix + (page_url(docs_path) if url is None else url)
        self.pages[url] = SitePage(url, self.lang, docs_path, item, tuple(ids), anchors_known)

    def items(self) -> None:
        generated = generated_pages(self.lang)
        for item in self.view.items:
            if item.docs_path not in generated:
                self.add(item.docs_path, item.url, item=item)

    def listings(self) -> None:
        t = strings(self.lang)
        # The home page's blocks are the template's: their anchors are not known here.
        self.add(HOME_PAGE, anchors_known=False)
        for kind in (Kind.SERVICE, Kind.EXPERTISE):
            self.add(section_index(self.lang, kind))
        agenda = section_index(self.lang, Kind.EVENT)
        self.add(agenda, ids=[slugify(t["upcoming"])] + (
            [slugify(t["past"])] if self.view.past_events else []))
        folder = agenda.rsplit("/", 1)[0]
        self.files.add(f"{folder}/{CALENDAR_FILE}")
        for event in self.view.upcoming_events + self.view.past_events:
            self.files.add(event.docs_path.removesuffix(".md") + ".ics")
        self.add(TEAM_PAGE)
        self.add(network_page(self.lang))
        self.files.add(FEED_FILE)

    def news(self) -> None:
        """The news listing (with its pages 2, 3 ...), its archive and categories (news.py)."""
        posts = self.view.posts
        self.add(BLOG_INDEX)
        for number in range(2, math.ceil(len(posts) / POSTS_PER_PAGE) + 1):
            self.add(listing_page_path(number))
        for year in {post.meta.date.astimezone(AMSTERDAM).year for post in posts}:
            self.add(archive_page_path(year))
        for category in {category for post in posts for category in post.meta.categories}:
            self.add(category_page_path(category))

    def newsletter_archive(self, folder: str, issue_slugs: Iterable[str]) -> None:
        self.add(f"{folder}/index.md")
        for slug in issue_slugs:  # the email as a page: its anchors are the template's
            self.add("", f"{folder}/{slug}/", anchors_known=False)
        self.files.add(f"{folder}/{FEED_FILE}")


def site_map(content: Content, now: datetime, *, site_url: str, content_dir: Path,
             archive_folders: Mapping[str, str],
             archived_issues: Mapping[str, Iterable[str]] | None = None,
             default_picture: str | None = None, preview: bool = False,
             images: ImageCatalogue | None = None) -> SiteMap:
    """Every page and file the build of `content` at `now` makes. `archived_issues` are the
    slugs of the external newsletter issues on the site, per language; `images` gives the
    smaller versions of the pictures."""
    pages: dict[str, SitePage] = {}
    files: set[str] = set()
    shared = _shared_files(content_dir)
    for lang in content.languages:
        made = _LanguagePages(PublicView(content, lang, now, preview), content.default_language)
        made.items()
        made.listings()
        made.news()
        if lang in archive_folders:
            made.newsletter_archive(archive_folders[lang], (archived_issues or {}).get(lang, ()))
        sources = {path: f"{lang}/{path}" for path in _language_files(content_dir, lang)}
        sources.update({path: path for path in shared})
        if default_picture:  # cards without a picture of their own show it
            sources[staged_path(default_picture, lang)] = default_picture
        made.files.update(sources)
        if images is not None:
            made.files.update(_smaller_versions(sources, images))
        made.files.add("404.html")
        if lang == content.default_language:
            made.files.add("robots.txt")
        made.files.update({"sitemap.xml", "sitemap.xml.gz"})
        pages.update(made.pages)
        files.update(made.prefix + path for path in made.files)
    return SiteMap(site_url, content.default_language, pages, frozenset(files))
