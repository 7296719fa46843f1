"""The Markdown that MkDocs builds for one language: item pages and generated pages.

Pure: from the public view of every language to a `StagedLanguage`, a set of
files in memory. Writing them to disk happens in `build`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..feeds.items import PartnerItem
from ..i18n import NETWORK_FOLDERS, SECTION_FOLDERS, event_when, long_date, strings
from ..model import Item, Person
from ..schema import AMSTERDAM, EventMeta, Kind, PostMeta
from .calendar import calendar_file
from .feed import FEED_FILE, FeedEntry, rss_feed
from .links import language_prefix, md_link, page_url, relative_url
from .select import PublicView

BLOG_INDEX = "blog/index.md"
TEAM_PAGE = "team.md"
CALENDAR_FILE = "agenda.ics"
AVATAR_DIR = "assets/people"
SECTION_ORDER = {Kind.SERVICE: 10, Kind.EXPERTISE: 20, Kind.EVENT: 30, Kind.POST: 40}
TEAM_ORDER = 50
NETWORK_ORDER = 45  # after the news, before the team


@dataclass(frozen=True)
class StagedPage:
    meta: dict[str, Any]
    body: str

    def text(self) -> str:
        header = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True)
        return f"---\n{header}---\n\n{self.body.strip()}\n"


@dataclass
class StagedLanguage:
    """Everything one language's MkDocs build reads: pages, generated files, copied files."""

    lang: str
    pages: dict[str, StagedPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    footer: list[dict[str, str]] = field(default_factory=list)
    authors: dict[str, dict[str, str]] = field(default_factory=dict)


def _md_text(value: str) -> str:
    """Keep titles literal inside Markdown link text."""
    return "".join("\\" + ch if ch in "[]*_`<>" else ch for ch in str(value))


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir / "site")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # these templates write Markdown; values go through md_text
    )
    env.filters["md_text"] = _md_text
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def _network_page(lang: str) -> str:
    return f"{NETWORK_FOLDERS[lang]}/index.md"


def _section_index(lang: str, kind: Kind) -> str:
    return f"{SECTION_FOLDERS[lang][kind].split('/')[0]}/index.md"


def _initials_svg(person: Person) -> bytes:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">'
        '<circle cx="32" cy="32" r="32" fill="#1b5e50"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="26" fill="#ffffff" '
        f'text-anchor="middle">{person.initials}</text></svg>'
    )
    return svg.encode()


class LanguageStager:
    """Stages one language; holds what every page of that language needs."""

    def __init__(self, views: dict[str, PublicView], lang: str, env: Environment,
                 content_dir: Path, site_url: str, site_name: str,
                 partner_news: Sequence[PartnerItem] = ()):
        self.views = views
        self.partner_news = partner_news
        self.view = views[lang]
        self.lang = lang
        self.default = self.view.content.default_language
        self.env = env
        self.t = strings(lang)
        self.content_dir = content_dir
        self.site_url = site_url
        self.site_name = site_name
        self.out = StagedLanguage(lang)

    # -- addresses ---------------------------------------------------------
    def absolute(self, url: str) -> str:
        """Full address of a URL of this language, for feeds and calendars."""
        prefix = "" if self.lang == self.default else f"{self.lang}/"
        return f"{self.site_url}{prefix}{url}"

    def _generated_path(self, lang: str, role: str) -> str:
        if role == "home":
            return "index.md"
        if role == "team":
            return TEAM_PAGE
        if role == "blog":
            return BLOG_INDEX
        if role == "network":
            return _network_page(lang)
        return _section_index(lang, Kind(role))

    def switch_meta(self, item: Item | None, role: str = "home") -> dict[str, Any]:
        """Front matter for the language switch. Material's blog reuses the index's settings
        on its extra pages (page/2/, ...), where relative links would lead astray, so the
        templates use them only on the page they were made for."""
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
                target_url = page_url(self._generated_path(lang, role))
            links[lang] = relative_url(here, language_prefix(lang, self.default) + target_url)
        return links

    def entry(self, from_path: str, item: Item) -> dict[str, Any]:
        entry = {
            "title": item.title,
            "description": item.meta.description or "",
            "link": md_link(from_path, item.docs_path),
        }
        if isinstance(item.meta, EventMeta):
            entry["when"] = event_when(item.meta.start, item.meta.end, self.lang)
            entry["where"] = item.meta.location or (self.t["online"] if item.meta.online else "")
        return entry

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(t=self.t, lang=self.lang, **values)

    # -- item pages --------------------------------------------------------
    def _banner(self, item: Item) -> str:
        if isinstance(item.meta, PostMeta) and item.meta.draft:
            return f'!!! warning "{self.t["draft"]}"\n\n'
        if self.view.is_scheduled(item):
            when = long_date(item.meta.date, self.lang)
            return f'!!! info "{self.t["scheduled"]} {when}"\n\n'
        return ""

    def item_page(self, item: Item) -> StagedPage:
        meta: dict[str, Any] = {"title": item.title, **self.switch_meta(item)}
        if item.meta.description:
            meta["description"] = item.meta.description
        parts = [self._banner(item)]
        if item.meta.image:
            parts.append(f"![{_md_text(item.meta.image.alt)}]({item.meta.image.src})"
                         "{ .sb-hero }\n\n")
        if isinstance(item.meta, PostMeta):
            local = item.meta.date.astimezone(AMSTERDAM).replace(tzinfo=None)
            meta.update(date=local, authors=list(item.meta.authors),
                        categories=list(item.meta.categories), slug=item.slug)
        if isinstance(item.meta, EventMeta):
            parts.append(self.render(
                "event_details.md.j2", event=item.meta,
                when=event_when(item.meta.start, item.meta.end, self.lang),
                ics_link=md_link(item.docs_path, self.ics_path(item)),
            ) + "\n")
        parts.append(item.body.strip() + "\n\n")
        contact = getattr(item.meta, "contact", None)
        if contact and contact in self.view.content.people:
            parts.append(self.render("contact_card.md.j2",
                                     person=self.view.content.people[contact]) + "\n")
        related = [self.entry(item.docs_path, other) for other in self.view.related(item)
                   ] if item.kind is not Kind.PAGE else []
        if related:
            parts.append(self.render("related.md.j2", entries=related))
        return StagedPage(meta, "".join(parts))

    def ics_path(self, item: Item) -> str:
        return item.docs_path.removesuffix(".md") + ".ics"

    # -- generated pages ---------------------------------------------------
    def _own_page(self, docs_path: str) -> Item | None:
        return self.view.content.item(f"{self.lang}/{docs_path}")

    def _intro_and_title(self, docs_path: str, default_title: str) -> tuple[str, str, str]:
        own = self._own_page(docs_path)
        if own is not None and self.view.shows(own):
            return own.title, own.body.strip(), own.meta.description or ""
        return default_title, "", ""

    def overview(self, kind: Kind) -> None:
        path = _section_index(self.lang, kind)
        title, intro, description = self._intro_and_title(path, self.t[kind_key(kind)])
        entries = [self.entry(path, item) for item in self.view.ordered(kind)]
        meta = {"title": title, **self.switch_meta(None, kind.value)}
        if description:
            meta["description"] = description
        body = self.render("overview.md.j2", intro=intro, entries=entries)
        self.out.pages[path] = StagedPage(meta, body)

    def agenda(self) -> None:
        path = _section_index(self.lang, Kind.EVENT)
        title, intro, _ = self._intro_and_title(path, self.t["events"])
        folder = path.rsplit("/", 1)[0]
        body = self.render(
            "agenda.md.j2", intro=intro,
            upcoming=[self.entry(path, e) for e in self.view.upcoming_events],
            past=[self.entry(path, e) for e in self.view.past_events],
            calendar_link=CALENDAR_FILE,
        )
        self.out.pages[path] = StagedPage(
            {"title": title, **self.switch_meta(None, Kind.EVENT.value)}, body)
        events = self.view.upcoming_events + self.view.past_events
        for event in events:
            self.out.files[self.ics_path(event)] = calendar_file(
                [(event, self.absolute(event.url))], self.site_url, event.title)
        self.out.files[f"{folder}/{CALENDAR_FILE}"] = calendar_file(
            [(e, self.absolute(e.url)) for e in events], self.site_url,
            f"{self.site_name}: {self.t['events']}")

    def blog(self) -> None:
        title, intro, _ = self._intro_and_title(BLOG_INDEX, self.t["blog"])
        feed_link = md_link(BLOG_INDEX, FEED_FILE)
        # Material's blog index shows no title of its own.
        body = f"# {_md_text(title)}\n\n{intro}\n\n[{self.t['feed']}]({feed_link}){{ .sb-feed }}\n"
        self.out.pages[BLOG_INDEX] = StagedPage(
            {"title": title, **self.switch_meta(None, "blog")}, body)
        posts = [FeedEntry(p.title, self.absolute(p.url), p.meta.date,
                           p.meta.description or p.title, tuple(p.meta.categories))
                 for p in self.view.posts if not self.view.is_scheduled(p)]
        self.out.files[FEED_FILE] = rss_feed(
            posts, title=f"{self.site_name}: {title}", home_url=self.absolute(""),
            feed_url=self.absolute(FEED_FILE),
            description=f"{self.site_name}: {title}", lang=self.lang)
        for person_id in sorted({a for p in self.view.posts for a in p.meta.authors}):
            person = self.view.content.people.get(person_id)
            if person is None:
                continue
            avatar = f"{AVATAR_DIR}/{person_id}.svg"
            if person.avatar:
                avatar = f"{AVATAR_DIR}/{person_id}{Path(person.avatar).suffix}"
                self.out.copies[avatar] = self.content_dir / person.avatar
            else:
                self.out.files[avatar] = _initials_svg(person)
            self.out.authors[person_id] = {"name": person.name,
                                           "description": person.role_in(self.lang),
                                           "avatar": avatar}

    def team(self) -> None:
        title, intro, _ = self._intro_and_title(TEAM_PAGE, self.t["team"])
        people = sorted(self.view.content.people.values(), key=lambda p: p.name.casefold())
        intro = intro or self.t["team_intro"].format(organisation=self.site_name)
        body = self.render("team.md.j2", intro=intro, people=people)
        self.out.pages[TEAM_PAGE] = StagedPage(
            {"title": title, **self.switch_meta(None, "team")}, body)

    def network(self) -> None:
        """News from partner feeds, read from the cache by the caller. The items are plain
        text already (feeds/items.py); the template writes HTML and escapes every value."""
        path = _network_page(self.lang)
        title, intro, description = self._intro_and_title(path, self.t["network"])
        items = [{"title": item.title, "link": item.link, "source": item.source,
                  "summary": item.summary,
                  "date": long_date(item.date, self.lang) if item.date else "",
                  "iso_date": item.date.astimezone(AMSTERDAM).date().isoformat()
                  if item.date else ""}
                 for item in self.partner_news]
        # Search is for our own pages; partners' headlines there would mislead.
        meta = {"title": title, **self.switch_meta(None, "network"), "search": {"exclude": True}}
        if description:
            meta["description"] = description
        body = self.render("network.md.j2", intro=intro or self.t["network_intro"], items=items)
        self.out.pages[path] = StagedPage(meta, body)

    def home_extra(self, page: StagedPage) -> StagedPage:
        posts = [self.entry("index.md", p) for p in self.view.posts[:3]]
        events = [self.entry("index.md", e) for e in self.view.upcoming_events[:3]]
        extra = self.render("home_extra.md.j2", posts=posts, events=events)
        return StagedPage(page.meta, page.body + "\n\n" + extra)

    # -- the whole language ------------------------------------------------
    def stage(self) -> StagedLanguage:
        generated = {_section_index(self.lang, k) for k in SECTION_ORDER} | {
            TEAM_PAGE, _network_page(self.lang)}
        for item in self.view.items:
            if item.docs_path in generated:
                continue
            page = self.item_page(item)
            if item.docs_path == "index.md":
                page = self.home_extra(page)
            self.out.pages[item.docs_path] = page
        self.overview(Kind.SERVICE)
        self.overview(Kind.EXPERTISE)
        self.agenda()
        self.blog()
        self.team()
        self.network()
        folder = self.content_dir / self.lang
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".md" and not path.name.startswith("."):
                self.out.copies[path.relative_to(folder).as_posix()] = path
        if self.lang == self.default:
            self.out.files["robots.txt"] = self._robots()
        self._navigation()
        return self.out

    def _robots(self) -> bytes:
        """Each language is its own build with its own sitemap; robots.txt names them all."""
        sitemaps = "".join(f"Sitemap: {self.site_url}{language_prefix(lang, self.default)}"
                           "sitemap.xml\n" for lang in self.views)
        return f"User-agent: *\nAllow: /\n\n{sitemaps}".encode()

    def _navigation(self) -> None:
        entries: list[tuple[int, str, Any]] = []
        for kind in (Kind.SERVICE, Kind.EXPERTISE):
            index = _section_index(self.lang, kind)
            children = [index] + [i.docs_path for i in self.view.ordered(kind)]
            entries.append((SECTION_ORDER[kind], "", {self.t[kind_key(kind)]: children}))
        entries.append((SECTION_ORDER[Kind.EVENT], "",
                        {self.t["events"]: _section_index(self.lang, Kind.EVENT)}))
        entries.append((SECTION_ORDER[Kind.POST], "", {self.t["blog"]: [BLOG_INDEX]}))
        entries.append((TEAM_ORDER, "", {self.t["team"]: TEAM_PAGE}))
        entries.append((NETWORK_ORDER, "", {self.t["network"]: _network_page(self.lang)}))
        for item in self.view.of_kind(Kind.PAGE):
            if item.docs_path in self.out.pages and "/" not in item.docs_path:
                if item.meta.footer:
                    self.out.footer.append({"title": item.title,
                                            "link": page_url(item.docs_path)})
                    continue
                order = item.meta.order if item.meta.order is not None else 60
                entries.append((0 if item.docs_path == "index.md" else order,
                                item.title, {item.title: item.docs_path}))
        self.out.nav = [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def kind_key(kind: Kind) -> str:
    return {Kind.SERVICE: "services", Kind.EXPERTISE: "expertise", Kind.EVENT: "events",
            Kind.POST: "blog"}[kind]


def stage_language(views: dict[str, PublicView], lang: str, env: Environment,
                   content_dir: Path, site_url: str, site_name: str,
                   partner_news: Sequence[PartnerItem] = ()) -> StagedLanguage:
    return LanguageStager(views, lang, env, content_dir, site_url, site_name,
                          partner_news).stage()
