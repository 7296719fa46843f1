"""The newsletter archive on the public site: external issues only, each with its web version.

The web version is the email itself as a page, as its readers know it, with
the general unsubscribe page instead of a personal link. Internal issues
never reach the site.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..config import SiteConfig
from ..i18n import long_date
from ..model import Content
from ..problems import Problems
from ..subscriptions.pages import site_signup_section
from ..website.feed import FEED_FILE, FeedEntry, rss_feed
from ..website.links import language_prefix, relative_url
from ..website.pages import StagedLanguage, StagedPage, _md_text
from .build import load_issues, render_issue
from .issue import Issue
from .strings import EMAIL_STRINGS

ARCHIVE_ORDER_AFTER = "blog"


def published_external(issues: list[Issue], lang: str, now: datetime) -> list[Issue]:
    """External issues of one language whose date has passed, newest first."""
    return sorted((i for i in issues if i.is_external and i.meta.lang == lang
                   and i.meta.date <= now), key=lambda i: i.meta.date, reverse=True)


def add_archive(staged: StagedLanguage, config: SiteConfig, content: Content,
                now: datetime, nav_after: str) -> None:
    """Add the archive page, a web version per issue and the archive's feed to `staged`."""
    lang = staged.lang
    problems = Problems()
    everything = load_issues(config, problems)
    problems.raise_if_errors()
    issues = published_external(everything, lang, now)
    folder = config.settings.newsletter.archive[lang]
    strings = EMAIL_STRINGS[lang]
    organisation = config.settings.organisation.name
    base = config.site_url + language_prefix(lang, content.default_language) + folder + "/"
    lines = [f"# {_md_text(strings['archive'])}", "",
             strings["archive_intro"].format(organisation=organisation), ""]
    entries = []
    for issue in issues:
        built = render_issue(config, content, issue,
                             [o for o in everything if o.path != issue.path], now)
        html, _text, _message = built.preview()
        page = f"{folder}/{issue.slug}/index.html"
        from_site_root = language_prefix(lang, content.default_language) + page
        staged.files[page] = _images_from_this_site(html, config.site_url,
                                                    from_site_root).encode("utf-8")
        when = long_date(issue.meta.date, lang)
        lines.append(f"- [{_md_text(issue.meta.subject)}]({issue.slug}/index.html) · {when}"
                     + (f"<br>{_md_text(issue.preheader)}" if issue.preheader else ""))
        entries.append(FeedEntry(issue.meta.subject, f"{base}{issue.slug}/", issue.meta.date,
                                 issue.preheader or issue.meta.subject))
    if not issues:
        lines.append(strings["no_issues"])
    lines += ["", f"[{strings['archive_feed']}]({FEED_FILE})"]
    if config.settings.newsletter.subscribe_url:  # the subscription service's sign-up form
        lines += ["", site_signup_section(lang, config.settings.newsletter.subscribe_url,
                                          organisation)]
    staged.files[f"{folder}/{FEED_FILE}"] = rss_feed(
        entries, title=f"{organisation}: {strings['archive']}", home_url=base,
        feed_url=base + FEED_FILE, description=strings["archive_intro"].format(
            organisation=organisation), lang=lang)
    folders = config.settings.newsletter.archive
    here = language_prefix(lang, content.default_language) + folder + "/"
    alternates = {other: relative_url(here, language_prefix(other, content.default_language)
                                      + folders[other] + "/") for other in config.languages}
    staged.pages[f"{folder}/index.md"] = StagedPage(
        {"title": strings["archive"], "alternates": alternates, "alternates_from": f"{folder}/"},
        "\n".join(lines) + "\n")
    position = next((i + 1 for i, entry in enumerate(staged.nav)
                     if isinstance(entry, dict) and nav_after in entry), len(staged.nav))
    staged.nav.insert(position, {strings["archive"]: f"{folder}/index.md"})


def _images_from_this_site(html: str, site_url: str, page: str) -> str:
    """`page` is the web version's path from the root of the whole site."""
    # On the site, the web version loads our images by relative address: the same files,
    # and no request to the production host from a preview or a staging copy.
    up = "../" * page.count("/")
    return re.sub(rf'(<img\b[^>]*?\bsrc=")({re.escape(site_url)})', rf"\g<1>{up}", html)
