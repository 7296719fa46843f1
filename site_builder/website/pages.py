"""The pages MkDocs builds for one language: item pages and the generated pages.

Pure: from the public view of every language to a `StagedLanguage`, a set of files in
memory. Writing them to disk happens in `build`. Each page names its template and carries
the data its template shows (cards, a contact person, event facts) under `sb`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from slugify import slugify

from ..cancel import checkpoint
from ..feeds.items import PartnerItem
from ..i18n import ABOUT_PAGES, event_when, long_date, strings
from ..images import IMAGES_CACHE_DIR, ImageCatalogue, is_picture
from ..loader import MARKDOWN_SUFFIXES
from ..model import SHARED_DIR, Item, Person
from ..sanitise import mark_content
from ..schema import AMSTERDAM, EventMeta, Kind
from .calendar import calendar_file
from .cards import CardMaker, Pictures, content_path, staged_path
from .home import home_page
from .links import language_prefix, md_link, page_url, relative_url
from .news import LISTING_TEMPLATE, NewsStager
from .paths import BLOG_INDEX, TEAM_PAGE, generated_pages, network_page, section_index
from .select import PublicView
from .staged_links import staged_body
from .staging import (
    HIDE_NAVIGATION,
    HIDE_TOC,
    PageReuse,
    StagedLanguage,
    StagedPage,
    hidden_parts,
    md_text,
)

if TYPE_CHECKING:
    from ..linking import LinkResolver

CALENDAR_FILE = "agenda.ics"
SECTION_ORDER = {Kind.SERVICE: 10, Kind.EXPERTISE: 20, Kind.POST: 30, Kind.EVENT: 40}
TEAM_ORDER = 50
DEFAULT_PAGE_ORDER = 60
RELATED_HEADING = 3


def person_card(person: Person, lang: str) -> dict[str, Any]:
    card: dict[str, Any] = {"name": person.name, "role": person.role_in(lang),
                            "bio": person.bio_in(lang), "initials": person.initials}
    if person.phone:
        card.update(phone=person.phone, phone_link=person.phone_link)
    if person.email:
        card["email"] = person.email
    return card


class LanguageStager:
    """Stages one language; holds what every page of that language needs."""

    def __init__(self, views: dict[str, PublicView], lang: str, env: Environment,
                 content_dir: Path, site_url: str, site_name: str,
                 partner_news: Sequence[PartnerItem] = (), default_picture: str | None = None,
                 signup_form: str | None = None, links: LinkResolver | None = None,
                 images: ImageCatalogue | None = None, reuse: PageReuse | None = None):
        self.views = views
        self.reuse = reuse
        self.links = links
        self.partner_news = partner_news
        self.view = views[lang]
        self.lang = lang
        self.default = self.view.content.default_language
        self.env = env
        self.t = strings(lang)
        self.content_dir = content_dir
        self.site_url = site_url
        self.site_name = site_name
        self.signup_form = signup_form
        self.out = StagedLanguage(lang)
        images = images or ImageCatalogue(content_dir, content_dir.parent / IMAGES_CACHE_DIR)
        self.cards = CardMaker(lang, Pictures(images), default_picture)

    # -- addresses ---------------------------------------------------------
    def absolute(self, url: str) -> str:
        """Full address of a URL of this language, for feeds and calendars."""
        return f"{self.site_url}{language_prefix(self.lang, self.default)}{url}"

    def _generated_path(self, lang: str, role: str) -> str:
        if role == "home":
            return "index.md"
        if role == "team":
            return TEAM_PAGE
        if role in ("blog", "post"):
            return BLOG_INDEX
        if role == "network":
            return network_page(lang)
        return section_index(lang, Kind(role))

    def switch_meta(self, item: Item | None, role: str = "home") -> dict[str, Any]:
        """Front matter for the language switch. Generated pages that share a role (the news
        listing's pages 2, 3...) only use it on the page they were made for."""
        own_url = item.url if item is not None else page_url(self._generated_path(self.lang, role))
        return {"alternates": self.alternates(item, role), "alternates_from": own_url}

    def alternates(self, item: Item | None, role: str = "home") -> dict[str, str]:
        """For each language, where the language switch leads from this page (a relative link)."""
        own_url = item.url if item is not None else page_url(self._generated_path(self.lang, role))
        here = language_prefix(self.lang, self.default) + own_url
        links = {}
        for lang, view in self.views.items():
            counterpart = view.content.item(item.meta.counterpart) if (
                item is not None and item.meta.counterpart) else None
            if lang == self.lang:
                target_url = own_url
            elif view.shows(counterpart):
                target_url = counterpart.url
            else:
                target_url = page_url(self._generated_path(lang, "home" if item else role))
            links[lang] = relative_url(here, language_prefix(lang, self.default) + target_url)
        return links

    def related_cards(self, item: Item) -> list[dict[str, Any]]:
        if item.kind is Kind.PAGE:
            return []
        return [self.cards.card(other) for other in self.view.related(item)]

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(t=self.t, lang=self.lang, **values)

    # -- item pages --------------------------------------------------------
    def banner(self, item: Item) -> str:
        if item.is_draft:
            return f'!!! warning "{self.t["draft"]}"\n\n'
        if self.view.is_scheduled(item):
            when = long_date(item.meta.date, self.lang)
            return f'!!! info "{self.t["scheduled"]} {when}"\n\n'
        return ""

    def _in_deep_section(self, item: Item) -> bool:
        """Services and expertise pages have siblings worth a side menu; so has the about
        page when the team page sits beside it."""
        return item.kind in (Kind.SERVICE, Kind.EXPERTISE) or (
            item.docs_path == ABOUT_PAGES.get(self.lang))

    def item_page(self, item: Item) -> StagedPage:
        sb: dict[str, Any] = {}
        if item.meta.image:
            sb["image"] = self.cards.pictures.image(
                content_path(item, item.meta.image.src), item.meta.image.alt, self.lang)
        contact = getattr(item.meta, "contact", None)
        if contact and contact in self.view.content.people:
            sb["contact"] = person_card(self.view.content.people[contact], self.lang)
        if getattr(item.meta, "organisation", False):
            sb["organisation"] = True
        related = self.related_cards(item)
        if related:
            sb.update(related=related, related_heading=RELATED_HEADING)
        hide_navigation = not self._in_deep_section(item)
        if isinstance(item.meta, EventMeta):
            hide_navigation = True
            sb["event"] = {
                "when": event_when(item.meta.start, item.meta.end, self.lang),
                "where": item.meta.location or "",
                "online": item.meta.online,
                "signup": item.meta.signup or "",
                "ics": self.ics_path(item),
            }
        meta: dict[str, Any] = {"title": item.title, **item.meta.material_settings(),
                                "hide": hidden_parts(item, hide_navigation=hide_navigation),
                                **self.switch_meta(item)}
        if sb:
            meta["sb"] = sb
        if item.meta.description:
            meta["description"] = item.meta.description
        return StagedPage(meta, self.banner(item) + self.body_of(item) + "\n")

    def body_of(self, item: Item) -> str:
        """The item's text as this build reads it (videos, shared files: staged_links.py),
        marked as the writer's, so the sanitising policy cleans it once more when MkDocs
        renders it (sanitise.py)."""
        body = (staged_body(item, self.links) if self.links else item.body).strip()
        return mark_content(body) if body else ""

    def ics_path(self, item: Item) -> str:
        return item.docs_path.removesuffix(".md") + ".ics"

    # -- generated pages ---------------------------------------------------
    def _own_page(self, docs_path: str) -> Item | None:
        return self.view.content.item(f"{self.lang}/{docs_path}")

    def _intro_and_title(self, docs_path: str, default_title: str) -> tuple[str, str, str]:
        own = self._own_page(docs_path)
        if own is not None and self.view.shows(own):
            return own.title, self.body_of(own), own.meta.description or ""
        return default_title, "", ""

    def listing(self, path: str, role: str, title: str, description: str, intro: str,
                **sb: Any) -> None:
        meta: dict[str, Any] = {"title": title, "template": LISTING_TEMPLATE,
                                "hide": [HIDE_NAVIGATION, HIDE_TOC],
                                "sb": {"card_heading": 2, **sb}, **self.switch_meta(None, role)}
        if description:
            meta["description"] = description
        self.out.pages[path] = StagedPage(meta, intro)

    def overview(self, kind: Kind) -> None:
        path = section_index(self.lang, kind)
        title, intro, description = self._intro_and_title(path, self.t[kind_key(kind)])
        self.listing(path, kind.value, title, description, intro,
                     cards=[self.cards.card(item) for item in self.view.ordered(kind)])

    def agenda(self) -> None:
        path = section_index(self.lang, Kind.EVENT)
        title, intro, description = self._intro_and_title(path, self.t["events"])
        folder = path.rsplit("/", 1)[0]
        self.listing(path, Kind.EVENT.value, title, description, intro,
                     cards=[self.cards.card(e) for e in self.view.upcoming_events],
                     empty=self.t["no_upcoming"],
                     cards_title=self.t["upcoming"], cards_id=slugify(self.t["upcoming"]),
                     past=[self.cards.card(e) for e in self.view.past_events],
                     past_title=self.t["past"], past_id=slugify(self.t["past"]),
                     feed={"title": self.t["calendar_all"], "url": f"{folder}/{CALENDAR_FILE}"})
        events = self.view.upcoming_events + self.view.past_events
        for event in events:
            self.out.files[self.ics_path(event)] = calendar_file(
                [(event, self.absolute(event.url))], self.site_url, event.title)
        self.out.files[f"{folder}/{CALENDAR_FILE}"] = calendar_file(
            [(e, self.absolute(e.url)) for e in events], self.site_url,
            f"{self.site_name}: {self.t['events']}")

    def news(self) -> None:
        self._news_stager().stage()

    def _news_stager(self) -> NewsStager:
        return NewsStager(
            view=self.view, out=self.out, cards=self.cards, content_dir=self.content_dir,
            absolute=self.absolute, site_name=self.site_name, switch_meta=self.switch_meta,
            banner=self.banner, related=self.related_cards, body_of=self.body_of,
            reuse=self.reuse,
            intro=self._intro_and_title(BLOG_INDEX, self.t["blog"]),
        )

    def page_of(self, item: Item) -> StagedPage | None:
        """The page of one item, as `stage` makes it (before seo.py describes it); None for
        the pages `stage` makes from more than the item: the home page, the listings."""
        if item.docs_path in generated_pages(self.lang):
            return None
        if item.kind is Kind.POST:
            return self._news_stager().post_page(item)
        return self.item_page(item)

    def team(self) -> None:
        title, intro, description = self._intro_and_title(TEAM_PAGE, self.t["team"])
        people = sorted(self.view.content.people.values(), key=lambda p: p.name.casefold())
        intro = intro or self.t["team_intro"].format(organisation=self.site_name)
        self.listing(TEAM_PAGE, "team", title, description, intro,
                     people=[person_card(person, self.lang) for person in people])

    def network(self) -> None:
        """News from partner feeds, read from the cache by the caller. The items are plain
        text already (feeds/items.py); the template writes HTML and escapes every value."""
        path = network_page(self.lang)
        title, intro, description = self._intro_and_title(path, self.t["network"])
        body = self.render("network.md.j2", intro=intro or self.t["network_intro"],
                           items=self.network_items())
        self.listing(path, "network", title, description, body)
        # Search is for our own pages; partners' headlines there would mislead.
        self.out.pages[path].meta["search"] = {"exclude": True}

    def network_items(self) -> list[dict[str, str]]:
        return [{"title": item.title, "link": item.link, "source": item.source,
                 "summary": item.summary,
                 "date": long_date(item.date, self.lang) if item.date else "",
                 "iso_date": item.date.astimezone(AMSTERDAM).date().isoformat()
                 if item.date else ""}
                for item in self.partner_news]

    # -- the whole language ------------------------------------------------
    def stage(self) -> StagedLanguage:
        generated = {section_index(self.lang, k) for k in SECTION_ORDER} | {
            TEAM_PAGE, network_page(self.lang)}
        for item in self.view.items:
            if item.docs_path in generated or item.kind is Kind.POST:
                continue
            checkpoint()
            self.out.items[item.docs_path] = item
            if item.docs_path == "index.md":
                self.out.pages["index.md"] = home_page(self, item)
            else:
                self.out.pages[item.docs_path] = self.item_page(item)
        self.overview(Kind.SERVICE)
        self.overview(Kind.EXPERTISE)
        self.agenda()
        self.news()
        self.team()
        self.network()
        folder = self.content_dir / self.lang
        for path in sorted(folder.rglob("*")):
            # Markdown is staged from the model only: a file that was not read (`x.markdown`)
            # must not reach MkDocs, which would publish it unchecked.
            if path.is_file() and path.suffix.lower() not in MARKDOWN_SUFFIXES \
                    and not path.name.startswith("."):
                self.publish(path.relative_to(self.content_dir).as_posix())
        if self.cards.default_picture:
            self.publish(self.cards.default_picture)
        shared = self.content_dir / SHARED_DIR  # one folder of files for every language
        for path in sorted(shared.rglob("*")) if shared.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                self.publish(path.relative_to(self.content_dir).as_posix())
        if self.lang == self.default:
            self.out.files["robots.txt"] = self._robots()
        self._navigation()
        return self.out

    def publish(self, path_in_content: str) -> None:
        """A file of the content goes into the site; a picture resized (by the build)."""
        staged = staged_path(path_in_content, self.lang)
        if is_picture(path_in_content):
            self.out.pictures[staged] = path_in_content
        else:
            self.out.copies[staged] = self.content_dir / path_in_content

    def _robots(self) -> bytes:
        """Each language is its own build with its own sitemap; robots.txt names them all."""
        sitemaps = "".join(f"Sitemap: {self.site_url}{language_prefix(lang, self.default)}"
                           "sitemap.xml\n" for lang in self.views)
        return f"User-agent: *\nAllow: /\n\n{sitemaps}".encode()

    def _navigation(self) -> None:
        """The header's sections: services, expertise, news, agenda, about (with the team),
        contact and other pages by their `order`. A section with nothing in it is left out."""
        entries: list[tuple[int, str, Any]] = []
        for kind in (Kind.SERVICE, Kind.EXPERTISE):
            items = self.view.ordered(kind)
            if items:
                children = [section_index(self.lang, kind)] + [i.docs_path for i in items]
                entries.append((SECTION_ORDER[kind], "", {self.t[kind_key(kind)]: children}))
        news = [BLOG_INDEX]
        if self.partner_news:
            news.append(network_page(self.lang))
        entries.append((SECTION_ORDER[Kind.POST], "", {self.t["blog"]: news}))
        entries.append((SECTION_ORDER[Kind.EVENT], "",
                        {self.t["events"]: section_index(self.lang, Kind.EVENT)}))
        about = ABOUT_PAGES.get(self.lang)
        team_placed = False
        for item in self.view.of_kind(Kind.PAGE):
            if item.docs_path not in self.out.pages or not _top_level(item.docs_path) or (
                    item.docs_path in generated_pages(self.lang)):
                continue
            if getattr(item.meta, "footer", False):
                self.out.footer.append({"title": item.title,
                                        "url": page_url(item.docs_path)})
                continue
            order = item.meta.order if item.meta.order is not None else DEFAULT_PAGE_ORDER
            target: Any = item.docs_path
            if item.docs_path == about:
                target, team_placed = [item.docs_path, TEAM_PAGE], True
            entries.append((order, item.title, {item.title: target}))
        if not team_placed:
            entries.append((TEAM_ORDER, "", {self.t["team"]: TEAM_PAGE}))
        self.out.nav = [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def _top_level(docs_path: str) -> bool:
    """A page of the top menu: `over-ons.md`, or `over-ons/index.md` with its pictures."""
    parts = docs_path.split("/")
    return len(parts) == 1 or (len(parts) == 2 and parts[1] == "index.md")


def kind_key(kind: Kind) -> str:
    return {Kind.SERVICE: "services", Kind.EXPERTISE: "expertise", Kind.EVENT: "events",
            Kind.POST: "blog"}[kind]


def stage_language(views: dict[str, PublicView], lang: str, env: Environment,
                   content_dir: Path, site_url: str, site_name: str,
                   partner_news: Sequence[PartnerItem] = (), default_picture: str | None = None,
                   signup_form: str | None = None, links: LinkResolver | None = None,
                   images: ImageCatalogue | None = None, reuse: PageReuse | None = None
                   ) -> StagedLanguage:
    return LanguageStager(views, lang, env, content_dir, site_url, site_name, partner_news,
                          default_picture, signup_form, links, images, reuse).stage()


__all__ = ["BLOG_INDEX", "TEAM_PAGE", "LanguageStager", "md_link", "md_text", "stage_language"]
