"""The news section, rendered from the content model: post pages, the paginated listing of
cards, an archive page per year, a page per category, and the RSS feed.

Material's blog plugin did this before; it converted each post's excerpt again for every
listing it appeared on, and laid the byline out after the article on phones. Here a post
costs what a page costs, and the listings are cards made from the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from slugify import slugify

from .. import memo
from ..cancel import checkpoint
from ..i18n import long_date, strings
from ..images import is_picture
from ..model import Item, Person
from ..sanitise import mark_content
from ..schema import AMSTERDAM, PostMeta
from .cards import CardMaker
from .excerpt import reading_minutes
from .feed import FEED_FILE, FeedEntry, rss_feed
from .links import page_url
from .paths import BLOG_INDEX
from .select import PublicView
from .staging import (
    HIDE_NAVIGATION,
    HIDE_TOC,
    PageReuse,
    StagedLanguage,
    StagedPage,
    hidden_parts,
)

BLOG_DIR = "blog"
POSTS_PER_PAGE = 9  # three rows of three cards on a desktop
AVATAR_DIR = "assets/people"
LISTING_TEMPLATE = "sb-listing.html"
POST_TEMPLATE = "sb-post.html"


def listing_page_path(number: int) -> str:
    return BLOG_INDEX if number == 1 else f"{BLOG_DIR}/page/{number}.md"


def archive_page_path(year: int) -> str:
    return f"{BLOG_DIR}/archive/{year}.md"


@lru_cache(maxsize=1024)
def category_page_path(category: str) -> str:
    return f"{BLOG_DIR}/category/{slugify(category)}.md"


def initials_svg(person: Person) -> bytes:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        '<circle cx="32" cy="32" r="32" fill="#1b5e50"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="26" fill="#ffffff" '
        f'text-anchor="middle">{person.initials}</text></svg>'
    )
    return svg.encode()


def _pinned_first(posts: list[Item]) -> list[Item]:
    """Newest first, with posts marked `pin: true` before the rest (as Material's blog)."""
    return sorted(posts, key=lambda post: not getattr(post.meta, "pin", False))


@dataclass
class NewsStager:
    """Stages the news section of one language into `out`."""

    view: PublicView
    out: StagedLanguage
    cards: CardMaker
    content_dir: Path
    absolute: Callable[[str], str]  # a URL of this language as a full address
    site_name: str
    switch_meta: Callable[[Item | None, str], dict[str, Any]]
    banner: Callable[[Item], str]
    related: Callable[[Item], list[dict[str, Any]]]
    intro: tuple[str, str, str]  # title, intro Markdown and description of blog/index.md
    body_of: Callable[[Item], str] = lambda item: mark_content(item.body)  # as the build reads it
    reuse: PageReuse | None = None  # pages kept between builds (staging.py)

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def t(self) -> dict[str, str]:
        return strings(self.lang)

    @property
    def posts(self) -> list[Item]:
        return self.view.posts

    def stage(self) -> None:
        for post in self.posts:
            checkpoint()
            self.out.pages[post.docs_path] = self.post_page(post)
            self.out.urls[post.docs_path] = post.url
            self.out.items[post.docs_path] = post
        self.listings()
        self.archives()
        self.categories()
        self.feed()

    # -- posts -------------------------------------------------------------
    def author(self, person_id: str) -> dict[str, str]:
        person = self.view.content.people[person_id]
        avatar = f"{AVATAR_DIR}/{person_id}.svg"
        if person.avatar:
            avatar = f"{AVATAR_DIR}/{person_id}{Path(person.avatar).suffix}"
            if is_picture(avatar):  # resized and without metadata, as every photo
                self.out.pictures[avatar] = person.avatar
            else:
                self.out.copies[avatar] = self.content_dir / person.avatar
        else:
            self.out.files[avatar] = initials_svg(person)
        return {"name": person.name, "role": person.role_in(self.lang), "avatar": avatar}

    def post_page(self, post: Item) -> StagedPage:
        """The post's page; kept between builds by all it is made of, since a build after
        a text edit would otherwise make every post's page again (the authors' pictures
        are added to the build either way)."""
        authors = [self.author(a) for a in post.meta.authors if a in self.view.content.people]
        key = self.reuse.page_key("post", post, self.view.related(post)) \
            if self.reuse is not None else None
        page = memo.recalled(key) if key is not None else None
        if page is None:
            page = self._post_page(post, authors)
            if key is not None:
                memo.keep(key, page)
        return page

    def _post_page(self, post: Item, authors: list[dict[str, str]]) -> StagedPage:
        meta = post.meta
        assert isinstance(meta, PostMeta)
        byline: dict[str, Any] = {
            "date": long_date(meta.date, self.lang),
            "iso_date": meta.date.astimezone(AMSTERDAM).isoformat(),
            "authors": authors,
            "categories": [{"name": c, "url": page_url(category_page_path(c))}
                           for c in meta.categories],
            "readtime": getattr(meta, "readtime", None) or reading_minutes(post.body),
        }
        sb: dict[str, Any] = {"byline": byline, "related": self.related(post)}
        card = self.cards.card(post)
        if "image" in card and meta.image:
            sb["image"] = {**card["image"], "alt": meta.image.alt}
        page_meta: dict[str, Any] = {
            **meta.material_settings(), "title": post.title, "template": POST_TEMPLATE,
            "hide": hidden_parts(post, hide_navigation=True),
            "sb": sb, **self.switch_meta(post, "post"),
        }
        if meta.description:
            page_meta["description"] = meta.description
        return StagedPage(page_meta, self.banner(post) + self.body_of(post) + "\n")

    # -- listings ----------------------------------------------------------
    def _listing_meta(self, title: str, role: str, cards: list[dict[str, Any]],
                      **sb: Any) -> dict[str, Any]:
        return {"title": title, "template": LISTING_TEMPLATE,
                "hide": [HIDE_NAVIGATION, HIDE_TOC],
                "sb": {"cards": cards, "card_heading": 2, **sb},
                **self.switch_meta(None, role)}

    def _more_links(self) -> list[dict[str, str]]:
        """The ways into the archive from the news page: years, categories, the feed."""
        return [dict(link) for link in self._archive_links]

    @cached_property
    def _archive_links(self) -> list[dict[str, str]]:
        years = sorted({p.meta.date.astimezone(AMSTERDAM).year for p in self.posts},
                       reverse=True)
        categories = sorted({c for p in self.posts for c in p.meta.categories},
                            key=str.casefold)
        links = [{"group": self.t["archive"], "title": str(year),
                  "url": page_url(archive_page_path(year))} for year in years]
        links += [{"group": self.t["categories"], "title": category,
                   "url": page_url(category_page_path(category))} for category in categories]
        return links

    def listings(self) -> None:
        title, intro, description = self.intro
        posts = _pinned_first(self.posts)
        pages = [posts[start:start + POSTS_PER_PAGE]
                 for start in range(0, len(posts), POSTS_PER_PAGE)] or [[]]
        numbers = [{"number": n, "url": page_url(listing_page_path(n))}
                   for n in range(1, len(pages) + 1)]
        for number, chunk in enumerate(pages, 1):
            path = listing_page_path(number)
            pagination = {"current": number, "pages": numbers} if len(pages) > 1 else None
            page_title = title if number == 1 else f"{title} ({self.t['page']} {number})"
            meta = self._listing_meta(
                page_title, "blog", [self.cards.card(p) for p in chunk],
                pagination=pagination, more=self._more_links(), empty=self.t["no_posts"],
                feed={"title": self.t["feed"], "url": FEED_FILE})
            if description:
                meta["description"] = description
            self.out.pages[path] = StagedPage(meta, intro if number == 1 else "")

    def archives(self) -> None:
        by_year: dict[int, list[Item]] = defaultdict(list)
        for post in self.posts:
            by_year[post.meta.date.astimezone(AMSTERDAM).year].append(post)
        for year, posts in by_year.items():
            self.out.pages[archive_page_path(year)] = StagedPage(self._listing_meta(
                f"{self.t['archive']} {year}", "blog", [self.cards.card(p) for p in posts],
                more=self._more_links(), back={"title": self.t["all_news"],
                                               "url": page_url(BLOG_INDEX)}), "")

    def categories(self) -> None:
        by_category: dict[str, list[Item]] = defaultdict(list)
        for post in self.posts:
            for category in post.meta.categories:
                by_category[category].append(post)
        for category, posts in by_category.items():
            self.out.pages[category_page_path(category)] = StagedPage(self._listing_meta(
                category, "blog", [self.cards.card(p) for p in posts],
                more=self._more_links(), back={"title": self.t["all_news"],
                                               "url": page_url(BLOG_INDEX)}), "")

    def feed(self) -> None:
        title = self.intro[0]
        entries = [FeedEntry(p.title, self.absolute(p.url), p.meta.date,
                             p.meta.description or p.title, tuple(p.meta.categories))
                   for p in self.posts if not self.view.is_scheduled(p)]
        self.out.files[FEED_FILE] = rss_feed(
            entries, title=f"{self.site_name}: {title}", home_url=self.absolute(""),
            feed_url=self.absolute(FEED_FILE), description=f"{self.site_name}: {title}",
            lang=self.lang)
