"""What a shared link and a search engine see of each page: the description, the full
address, the Open Graph and Twitter card tags, the translations (hreflang) and schema.org
data (JSON-LD).

Pure: computed from the content model and the staged pages of every language, and stored in
each page's settings as `sb.seo`, which the theme only prints (`partials/sb-head.html` in the
page's head, `sitemap.xml` for the translations).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from ..config import SiteConfig
from ..i18n import LOCALES
from ..images import ImageCatalogue
from ..model import Item, Person
from ..schema import AMSTERDAM, EventMeta, PostMeta
from . import structured_data
from .cards import Pictures
from .excerpt import teaser
from .hreflang import X_DEFAULT, alternates, page_address
from .links import language_prefix
from .paths import HOME_PAGE
from .staging import StagedLanguage, StagedPage

ARTICLE, WEBSITE = "article", "website"


@dataclass(frozen=True)
class ShareSite:
    """What link previews and search engines need from mkdocs.yml."""

    site_url: str  # ends with "/"
    site_name: str
    languages: tuple[str, ...]
    description: str  # the site's description: the last resort for a page without one
    organisation: structured_data.Organisation
    pictures: Pictures
    logo: str | None = None  # path in the build, like assets/logo.svg
    default_picture: str | None = None  # path from content/: a page without a picture shows it

    def absolute(self, lang: str, url: str) -> str:
        """The full address of `url`, given from the root of `lang`'s part of the site."""
        return urljoin(self.site_url + language_prefix(lang, self.languages[0]), url)


def share_site(config: SiteConfig, images: ImageCatalogue) -> ShareSite:
    organisation = config.settings.organisation
    theme = config.raw.get("theme")
    logo = theme.get("logo") if isinstance(theme, dict) else None
    return ShareSite(
        site_url=config.site_url, site_name=config.site_name, languages=config.languages,
        description=str(config.raw.get("site_description") or ""),
        organisation=structured_data.Organisation(
            name=organisation.name, url=config.site_url,
            logo=urljoin(config.site_url, logo) if logo else None,
            address=tuple(organisation.address_lines), email=organisation.email,
            phone=organisation.phone),
        pictures=Pictures(images), logo=logo,
        default_picture=config.settings.default_image)


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None


def share_picture(sb: Mapping[str, Any], site: ShareSite, lang: str) -> Picture | None:
    """The page's own picture (`sb.image`, or the home page's hero), else the site's default
    picture, else the logo. Paths in `sb` are from the root of the language's build."""
    own = sb.get("image") or (sb.get("hero") or {}).get("image")
    picture = own or (site.pictures.image(site.default_picture, "", lang)
                      if site.default_picture else None)
    if picture is None:
        return Picture(site.absolute(lang, site.logo)) if site.logo else None
    return Picture(site.absolute(lang, picture["src"]), picture.get("alt", "") if own else "",
                   picture.get("width"), picture.get("height"))


def description_of(page_meta: Mapping[str, Any], item: Item | None, fallback: str) -> str:
    """The page's own description, else the first paragraph of its text, else `fallback`
    (the description of the language's home page): never the other language's words."""
    return (page_meta.get("description") or (teaser(item.body) if item else "")
            or fallback).strip()


def _updated(item: Item) -> datetime | None:
    """When a post was last changed, if its settings say so (Material's `date.updated`)."""
    updated = getattr(item.meta, "updated", None)
    return updated if isinstance(updated, datetime) else None


def open_graph(*, kind: str, title: str, description: str, url: str, lang: str,
               translations: list[str], picture: Picture | None, site_name: str,
               item: Item | None, people: Mapping[str, Person]) -> list[dict[str, str]]:
    """The Open Graph and Twitter card tags, as `{"property"|"name": ..., "content": ...}`."""
    tags = [("og:type", kind), ("og:site_name", site_name), ("og:title", title),
            ("og:description", description), ("og:url", url), ("og:locale", LOCALES[lang])]
    tags += [("og:locale:alternate", LOCALES[other]) for other in translations]
    if picture:
        tags.append(("og:image", picture.url))
        if picture.width and picture.height:
            tags += [("og:image:width", str(picture.width)),
                     ("og:image:height", str(picture.height))]
        if picture.alt:
            tags.append(("og:image:alt", picture.alt))
    if item is not None and isinstance(item.meta, PostMeta):
        tags.append(("article:published_time",
                     item.meta.date.astimezone(AMSTERDAM).isoformat()))
        updated = _updated(item)
        if updated:
            tags.append(("article:modified_time", updated.astimezone(AMSTERDAM).isoformat()))
        tags += [("article:author", people[a].name) for a in item.meta.authors if a in people]
        if item.meta.categories:
            tags.append(("article:section", item.meta.categories[0]))
        tags += [("article:tag", tag) for tag in item.meta.tags]
    result = [{"property": key, "content": value} for key, value in tags]
    twitter = [("twitter:card", "summary_large_image" if picture else "summary"),
               ("twitter:title", title), ("twitter:description", description)]
    if picture:
        twitter.append(("twitter:image", picture.url))
        if picture.alt:
            twitter.append(("twitter:image:alt", picture.alt))
    return result + [{"name": key, "content": value} for key, value in twitter]


def json_ld(*, path: str, item: Item | None, url: str, lang: str, title: str,
            description: str, picture: Picture | None, site: ShareSite,
            people: Mapping[str, Person]) -> dict[str, Any] | None:
    """schema.org data: the organisation on the home page, a BlogPosting for a post, an
    Event for an event; None for other pages."""
    image = picture.url if picture else None
    if path == HOME_PAGE:
        return structured_data.home_page(site.organisation, url=url, name=site.site_name,
                                         lang=lang)
    if item is None:
        return None
    meta = item.meta
    if isinstance(meta, PostMeta):
        return structured_data.blog_posting(
            url=url, headline=title, description=description, lang=lang,
            published=meta.date, modified=_updated(item),
            authors=[(people[a].name, people[a].role_in(lang)) for a in meta.authors
                     if a in people],
            image=image, publisher=site.organisation,
            section=meta.categories[0] if meta.categories else None, keywords=meta.tags)
    if isinstance(meta, EventMeta):
        return structured_data.event(
            url=url, name=title, description=description, lang=lang, start=meta.start,
            end=meta.end, location=meta.location, online=meta.online, signup=meta.signup,
            image=image, organizer=site.organisation)
    return None


def page_seo(*, path: str, page_meta: Mapping[str, Any], item: Item | None, lang: str,
             url: str, translations: list[dict[str, str]], description: str,
             site: ShareSite, people: Mapping[str, Person]) -> dict[str, Any]:
    """Everything the head partial and the sitemap print for one page."""
    sb = page_meta.get("sb") or {}
    title = site.site_name if path == HOME_PAGE else str(page_meta.get("title") or "")
    picture = share_picture(sb, site, lang)
    is_post = item is not None and isinstance(item.meta, PostMeta)
    others = [entry["lang"] for entry in translations
              if entry["lang"] not in (lang, X_DEFAULT)]
    data = json_ld(path=path, item=item, url=url, lang=lang, title=title,
                   description=description, picture=picture, site=site, people=people)
    return {
        "url": url,
        "meta": open_graph(kind=ARTICLE if is_post else WEBSITE, title=title,
                           description=description, url=url, lang=lang, translations=others,
                           picture=picture, site_name=site.site_name, item=item,
                           people=people),
        "json_ld": structured_data.script_text(data) if data else "",
        "alternates": translations,
    }


def add_seo(staged: Mapping[str, StagedLanguage], site: ShareSite,
            people: Mapping[str, Person], *,
            outlined: Mapping[str, StagedLanguage] | None = None) -> None:
    """Describe every staged page of every language (`sb.seo`), and give each page a
    description in its own language (Material prints the site's, in Dutch, otherwise).
    `outlined` languages are not described, but their pages are translations of these."""
    every = {**staged, **(outlined or {})}
    translations = alternates({lang: every[lang] for lang in site.languages if lang in every},
                              site.languages, site.absolute)
    for lang, language in staged.items():
        for path, page in language.pages.items():
            describe(language, path, page, language.items.get(path),
                     url=page_address(language, path, site.absolute),
                     translations=translations[(lang, path)], site=site, people=people)


def describe(language: StagedLanguage, path: str, page: StagedPage, item: Item | None, *,
             url: str, translations: list[dict[str, str]], site: ShareSite,
             people: Mapping[str, Person]) -> None:
    """Describe one page of `language` (showing `item`), at `url`, with its
    `translations`."""
    home = language.pages.get(HOME_PAGE)
    fallback = (home.meta.get("description") if home else None) or site.description
    description = description_of(page.meta, item, fallback)
    if description:
        page.meta["description"] = description
    page.meta.setdefault("sb", {})["seo"] = page_seo(
        path=path, page_meta=page.meta, item=item, lang=language.lang, url=url,
        translations=translations, description=description, site=site, people=people)
