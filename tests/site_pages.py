"""One page of every kind the site has, in every language: what the browser gates visit.

Taken from the sample content model at SAMPLE_NOW (not guessed from folder names), so a
renamed file moves the page here too; each visit also checks the page answered 200, so a
wrong address can never pass by auditing the 404 page instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.check import newsletter_issues
from site_builder.config import load_config
from site_builder.i18n import ABOUT_PAGES, NETWORK_FOLDERS, SECTION_FOLDERS
from site_builder.loader import load_content
from site_builder.model import Content
from site_builder.newsletter.archive import published_external
from site_builder.problems import Problems
from site_builder.schema import AMSTERDAM, Kind
from site_builder.website.links import language_prefix, page_url
from site_builder.website.news import (
    POSTS_PER_PAGE,
    archive_page_path,
    category_page_path,
    listing_page_path,
)
from site_builder.website.pages import BLOG_INDEX, TEAM_PAGE
from site_builder.website.select import PublicView

from .conftest import REPO, SAMPLE_NOW

# A deep address that does not exist: the static host answers with the 404 page of the
# language folder it is in.
MISSING_PAGE = "deze-pagina-bestaat-niet/echt-niet/"


@dataclass(frozen=True)
class AuditedPage:
    kind: str
    lang: str
    path: str  # from the site's root, as in a URL
    status: int = 200

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.kind}"


def _sample_content() -> Content:
    config = load_config(REPO / "mkdocs.yml")
    return load_content(config.content_dir, config.languages, "content", Problems())


def _richest(view: PublicView, kind: Kind) -> str:
    """The item of a kind with the longest text: the most for the gates to look at."""
    return min(view.of_kind(kind), key=lambda item: (-len(item.body), item.url)).url


def _pages_of(content: Content, lang: str) -> list[AuditedPage]:
    view = PublicView(content, lang, SAMPLE_NOW)
    prefix = language_prefix(lang, content.default_language)
    folders = SECTION_FOLDERS[lang]
    contact = next(i.url for i in view.of_kind(Kind.PAGE) if i.docs_path == "contact.md")
    pages = {
        "home": "",
        "services": f"{folders[Kind.SERVICE]}/",
        "service": _richest(view, Kind.SERVICE),
        "expertise-overview": f"{folders[Kind.EXPERTISE]}/",
        "expertise": _richest(view, Kind.EXPERTISE),
        "blog": BLOG_INDEX.removesuffix("index.md"),
        "post": _richest(view, Kind.POST),
        "agenda": f"{folders[Kind.EVENT]}/",
        "event": _richest(view, Kind.EVENT),
        "team": TEAM_PAGE.removesuffix(".md") + "/",
        "contact": contact,
        "network": f"{NETWORK_FOLDERS[lang]}/",
        "about": page_url(ABOUT_PAGES[lang]),
    }
    newest = view.posts[0]
    pages["news-archive"] = page_url(archive_page_path(
        newest.meta.date.astimezone(AMSTERDAM).year))
    pages["news-category"] = page_url(category_page_path(newest.meta.categories[0]))
    if len(view.posts) > POSTS_PER_PAGE:
        pages["news-page-2"] = page_url(listing_page_path(2))
    audited = [AuditedPage(kind, lang, prefix + path) for kind, path in pages.items()]
    # The test server answers like a host configured as the README says: a miss under en/
    # gets en/404.html.
    audited.append(AuditedPage("404", lang, prefix + MISSING_PAGE, status=404))
    return audited


def newsletter_pages(content: Content) -> list[AuditedPage]:
    """The newsletter archive and the web version of the newest external issue, per language."""
    config = load_config(REPO / "mkdocs.yml")
    issues = newsletter_issues(config, Problems())
    pages = []
    for lang in content.languages:
        prefix = language_prefix(lang, content.default_language)
        folder = config.settings.newsletter.archive[lang]
        pages.append(AuditedPage("newsletter-archive", lang, f"{prefix}{folder}/"))
        newest = published_external(issues, lang, SAMPLE_NOW)
        if newest:
            pages.append(AuditedPage("newsletter", lang,
                                     f"{prefix}{folder}/{newest[0].slug}/"))
    return pages


def audited_pages() -> list[AuditedPage]:
    content = _sample_content()
    pages = [page for lang in content.languages for page in _pages_of(content, lang)]
    return pages + newsletter_pages(content)


AUDITED_PAGES = audited_pages()
