"""The home page of one language: a landing page, not a document.

A hero (one sentence on what the organisation does, one or two calls to action), then the
blocks the home page's settings list, in their order: services, latest news, next events,
newsletter sign-up, partner news. Staff edit all of it in `content/<lang>/index.md`; the
template `sb-home.html` lays it out.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..model import Item
from ..schema import HOME_BLOCKS, Kind
from .cards import content_path
from .links import page_url
from .paths import BLOG_INDEX, network_page, section_index
from .staging import HIDE_NAVIGATION, HIDE_TOC, StagedPage

if TYPE_CHECKING:
    from .pages import LanguageStager

HOME_TEMPLATE = "sb-home.html"
HOME_POSTS, HOME_EVENTS, HOME_NETWORK, HOME_SERVICES = 3, 3, 3, 6


def action_url(link: str) -> str:
    """A call to action's link as written in index.md: a page (`diensten/index.md`), an
    anchor, or a web address; pages become addresses relative to the language's home."""
    parts = urlsplit(link)
    if parts.scheme or link.startswith(("#", "/")):
        return link
    url = page_url(posixpath.normpath(parts.path)) if parts.path.endswith(".md") else parts.path
    return url + (f"#{parts.fragment}" if parts.fragment else "")


def home_page(stager: LanguageStager, item: Item) -> StagedPage:
    meta, t, view = item.meta, stager.t, stager.view
    hero_settings = getattr(meta, "hero", None)
    hero: dict[str, Any] = {
        "title": (hero_settings.title if hero_settings and hero_settings.title
                  else item.title),
        "text": hero_settings.text if hero_settings else (meta.description or ""),
        "actions": [{"text": action.text, "url": action_url(action.link),
                     "primary": index == 0}
                    for index, action in enumerate(hero_settings.actions)]
        if hero_settings else [],
    }
    if meta.image:
        hero["image"] = stager.cards.pictures.image(content_path(item, meta.image.src),
                                                    meta.image.alt, stager.lang)
    blocks: list[dict[str, Any]] = []
    for name in getattr(meta, "blocks", HOME_BLOCKS):
        if name == "services" and view.of_kind(Kind.SERVICE):
            blocks.append({"kind": name, "title": t["services"],
                           "cards": [stager.cards.card(s)
                                     for s in view.ordered(Kind.SERVICE)[:HOME_SERVICES]],
                           "more": {"title": t["all_services"],
                                    "url": page_url(section_index(stager.lang, Kind.SERVICE))}})
        elif name == "news" and view.posts:
            blocks.append({"kind": name, "title": t["latest_news"],
                           "cards": [stager.cards.card(p) for p in view.posts[:HOME_POSTS]],
                           "more": {"title": t["all_news"], "url": page_url(BLOG_INDEX)}})
        elif name == "events":
            blocks.append({"kind": name, "title": t["upcoming"],
                           "cards": [stager.cards.card(e)
                                     for e in view.upcoming_events[:HOME_EVENTS]],
                           "empty": t["no_upcoming"],
                           "more": {"title": t["all_events"],
                                    "url": page_url(section_index(stager.lang, Kind.EVENT))}})
        elif name == "newsletter" and stager.signup_form:
            blocks.append({"kind": name, "title": t["newsletter_title"],
                           "text": t["newsletter_text"].format(organisation=stager.site_name),
                           "form": stager.signup_form})
        elif name == "network" and stager.partner_news:
            blocks.append({"kind": name, "title": t["network"],
                           "entries": stager.network_items()[:HOME_NETWORK],
                           "more": {"title": t["all_network"],
                                    "url": page_url(network_page(stager.lang))}})
    page_meta: dict[str, Any] = {
        "title": item.title, "template": HOME_TEMPLATE,
        "hide": [HIDE_NAVIGATION, HIDE_TOC],
        "sb": {"hero": hero, "blocks": blocks, "card_heading": 3},
        **stager.switch_meta(item),
    }
    if meta.description:
        page_meta["description"] = meta.description
    return StagedPage(page_meta, stager.body_of(item) + "\n")
