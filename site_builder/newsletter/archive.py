"""The newsletter archive on the public site: external issues only, each with its web version.

The web version is a page of the site, with the site's header, menu and footer: the issue's
subject as its title, its intro, and its news and events as the site's cards. Internal issues
never reach the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from slugify import slugify

from .. import memo
from ..check import newsletter_issues
from ..config import SiteConfig
from ..i18n import long_date
from ..links import references
from ..model import Content
from ..problems import Problems
from ..sanitise import mark_content
from ..schema import AMSTERDAM
from ..subscriptions.pages import site_signup_section
from ..website.build_cache import code_fingerprint, digest
from ..website.cards import CardMaker
from ..website.feed import FEED_FILE, FeedEntry, rss_feed
from ..website.links import language_prefix, relative_url
from ..website.news import LISTING_TEMPLATE
from ..website.paths import TEMPLATES_DIR
from ..website.staged_links import staged_markdown
from ..website.staging import HIDE_NAVIGATION, HIDE_TOC, StagedLanguage, StagedPage
from .email_links import intro_origin, issue_links
from .issue import Issue, check_featured
from .select import Selection, network_news, select
from .strings import EMAIL_STRINGS

WEB_VERSION_TEMPLATE = "sb-newsletter.html"


def published_external(issues: list[Issue], lang: str, now: datetime) -> list[Issue]:
    """External issues of one language whose date has passed, newest first."""
    return sorted((i for i in issues if i.is_external and i.meta.lang == lang
                   and i.meta.date <= now), key=lambda i: i.meta.date, reverse=True)


def _web_version_path(folder: str, issue: Issue) -> str:
    """Staged beside the home page, whose folder the intro's links are written from; it is
    published at `<folder>/<issue>/` (see StagedLanguage.urls)."""
    return f"{folder}--{issue.slug}.md"


def add_archive(staged: StagedLanguage, config: SiteConfig, content: Content, now: datetime,
                news_section: str, cards: CardMaker, *, check_emails: bool = True) -> None:
    """Add the archive page, a web version per issue and the archive's feed to `staged`;
    unless told otherwise (`check_archive_emails` runs elsewhere), check each issue's email
    too."""
    lang = staged.lang
    problems = Problems()
    everything = newsletter_issues(config, problems)
    problems.raise_if_errors()
    issues = published_external(everything, lang, now)
    folder = config.settings.newsletter.archive[lang]
    strings = EMAIL_STRINGS[lang]
    organisation = config.settings.organisation.name
    base = config.site_url + language_prefix(lang, content.default_language) + folder + "/"
    issue_cards, entries = [], []
    site = _SiteParts(config, content)
    for issue in issues:
        others = [o for o in everything if o.path != issue.path]
        if check_emails:
            _check_email(config, content, issue, others, now, site)
        url = f"{folder}/{issue.slug}/"
        path = _web_version_path(folder, issue)
        staged.pages[path] = _web_version(issue, config, content, others, now, cards,
                                          archive=f"{folder}/")
        staged.urls[path] = url
        issue_cards.append({"kind": "newsletter", "title": issue.meta.subject, "url": url,
                            "date": long_date(issue.meta.date, lang),
                            "iso_date": issue.meta.date.astimezone(AMSTERDAM).date().isoformat(),
                            "text": issue.preheader or ""})
        entries.append(FeedEntry(issue.meta.subject, f"{base}{issue.slug}/", issue.meta.date,
                                 issue.preheader or issue.meta.subject))
    intro = strings["archive_intro"].format(organisation=organisation)
    if config.settings.newsletter.subscribe_url:  # the subscription service's sign-up form
        intro += "\n\n" + site_signup_section(lang, config.settings.newsletter.subscribe_url,
                                              organisation)
    staged.files[f"{folder}/{FEED_FILE}"] = rss_feed(
        entries, title=f"{organisation}: {strings['archive']}", home_url=base,
        feed_url=base + FEED_FILE, description=strings["archive_intro"].format(
            organisation=organisation), lang=lang)
    folders = config.settings.newsletter.archive
    here = language_prefix(lang, content.default_language) + folder + "/"
    alternates = {other: relative_url(here, language_prefix(other, content.default_language)
                                      + folders[other] + "/") for other in config.languages}
    staged.pages[f"{folder}/index.md"] = StagedPage({
        "title": strings["archive"], "template": LISTING_TEMPLATE,
        "hide": [HIDE_NAVIGATION, HIDE_TOC], "alternates": alternates,
        "alternates_from": f"{folder}/",
        "sb": {"cards": issue_cards, "cards_title": strings["issues"],
               "cards_id": slugify(strings["issues"]), "empty": strings["no_issues"],
               "feed": {"title": strings["archive_feed"], "url": f"{folder}/{FEED_FILE}"}},
    }, intro + "\n")
    for entry in staged.nav:
        if isinstance(entry, dict) and isinstance(entry.get(news_section), list):
            entry[news_section].insert(1, f"{folder}/index.md")
            break
    else:
        staged.nav.append({strings["archive"]: f"{folder}/index.md"})


def check_archive_emails(config: SiteConfig, content: Content, now: datetime,
                         languages: Iterable[str]) -> None:
    """Build the email of every issue in the archives of `languages`: an issue that would be
    refused is refused on the site too (a ContentError). Done beside the languages' builds
    where they run in processes of their own: inlining an email's CSS loads premailer, the
    largest library a build would load, and takes longer than staging a language's archive."""
    problems = Problems()
    everything = newsletter_issues(config, problems)
    problems.raise_if_errors()
    site = _SiteParts(config, content)
    for lang in languages:
        for issue in published_external(everything, lang, now):
            others = [o for o in everything if o.path != issue.path]
            _check_email(config, content, issue, others, now, site)


class _SiteParts:
    """The parts of an email's key that are the site's, not the issue's: hashed once for
    all issues of a build (a site has thousands of items)."""

    def __init__(self, config: SiteConfig, content: Content) -> None:
        self.config, self.content = config, content
        self._addresses: dict[datetime, bytes] = {}
        self._texts: bytes | None = None
        self._rest: bytes | None = None

    def addresses(self, moment: datetime) -> bytes:
        """Every item's address and whether it is published at `moment`."""
        if moment not in self._addresses:
            self._addresses[moment] = digest(
                [(i.source, i.url, i.lang, i.meta.audience, i.is_published(moment))
                 for i in self.content.items])
        return self._addresses[moment]

    def texts(self) -> bytes:
        if self._texts is None:
            self._texts = digest([(i.source, i.body) for i in self.content.items])
        return self._texts

    def rest(self) -> bytes:
        """The templates, the settings, the people and the pictures' files."""
        if self._rest is None:
            config, content = self.config, self.content
            templates = config.root / TEMPLATES_DIR / "email"
            pictures = sorted(
                (path.relative_to(config.content_dir).as_posix(), path.stat().st_size,
                 path.stat().st_mtime_ns)
                for path in config.content_dir.rglob("*")
                if path.is_file() and path.suffix != ".md")
            self._rest = digest(
                [(p.name, p.read_bytes()) for p in sorted(templates.glob("*")) if p.is_file()],
                config.raw, [(p.id, p.name, p.role, p.email, p.phone, p.avatar)
                             for p in content.people.values()], pictures)
        return self._rest


def _check_email(config: SiteConfig, content: Content, issue: Issue, others: list[Issue],
                 now: datetime, site: _SiteParts) -> None:
    """render_issue, which raises when the issue's email breaks a rule. Its verdict is
    remembered by everything the email is made of (the issue, what it features, every item's
    address, the partner news, the templates, the settings, the pictures' files), since
    inlining its CSS takes longer than the rest of a small build."""
    problems = Problems()
    check_featured(issue, content, now, problems)  # the only part that depends on the clock
    problems.raise_if_errors()
    selection = select(issue, content, others)
    key = digest(
        "newsletter-email-accepted", code_fingerprint(), issue.path.read_bytes(),
        [(o.path.name, o.meta.date, o.meta.audience, o.meta.lang) for o in others],
        [(i.source, i.body, i.meta.model_dump(mode="json"))
         for i in (*selection.news, *selection.events)],
        site.addresses(max(now, issue.meta.date)),
        # A link to a heading (`page.md#section`) is checked against the page's text.
        site.texts() if _links_to_headings(issue, selection) else None,
        network_news(config, issue, others), site.rest())
    if memo.known(key):
        return
    # Imported here, for a build's startup time: most builds find every email accepted.
    from .build import render_issue

    render_issue(config, content, issue, others, now)
    memo.note(key)


def _links_to_headings(issue: Issue, selection: Selection) -> bool:
    texts = [issue.intro, *(item.body for item in (*selection.news, *selection.events))]
    return any(ref.fragment for text in texts for ref in references(text))


def _web_version(issue: Issue, config: SiteConfig, content: Content, others: list[Issue],
                 now: datetime, cards: CardMaker, archive: str) -> StagedPage:
    lang = issue.meta.lang
    strings = EMAIL_STRINGS[lang]
    selection = select(issue, content, others)
    sb: dict[str, Any] = {
        "date": long_date(issue.meta.date, lang),
        "iso_date": issue.meta.date.astimezone(AMSTERDAM).date().isoformat(),
        "archive": {"title": strings["all_issues"], "url": archive},
        "sections": [
            {"title": strings["news"], "cards": [cards.card(item) for item in selection.news]},
            {"title": strings["events"],
             "cards": [cards.card(item) for item in selection.events]},
        ],
        "network": {"title": strings["partner_news"],
                    "entries": network_news(config, issue, others)},
    }
    meta: dict[str, Any] = {"title": issue.meta.subject, "template": WEB_VERSION_TEMPLATE,
                            "hide": [HIDE_NAVIGATION, HIDE_TOC], "sb": sb}
    if issue.preheader:
        meta["description"] = issue.preheader
    # The intro is built as a page beside the home page: its links as the site's (videos,
    # shared files, HTML links; see website/staged_links.py).
    links = issue_links(config, content, issue, [issue, *others], now)
    intro = staged_markdown(issue.intro, intro_origin(issue),
                            _web_version_path(archive.rstrip("/"), issue), links)
    # Marked as the writer's, so the sanitising policy cleans it once more as it is rendered.
    return StagedPage(meta, (mark_content(intro) if intro.strip() else "") + "\n")
