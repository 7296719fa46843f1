"""The links of a newsletter issue, resolved as on the site at the issue's moment.

The same resolution as `check` and the site (linking.py): relative paths from the language
folder for the intro, from the item's own file for an item's text; site addresses become
full addresses on the live site (`site_url`). Problems are reported at the Markdown file and
line they come from: the issue file for the intro, the item's file for its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..body_check import check_markdown, report_findings
from ..check import link_resolver
from ..config import SiteConfig
from ..link_rewrite import rewrite_targets
from ..linking import LinkResolver, Origin
from ..links import Reference
from ..model import Content, Item
from ..problems import Problems
from ..video import email_markdown
from .issue import Issue, check_featured


def issue_moment(issue: Issue, now: datetime) -> datetime:
    """An issue links to the site as it is when the issue goes out."""
    return max(now, issue.meta.date)


def issue_links(config: SiteConfig, content: Content, issue: Issue, issues: Sequence[Issue],
                now: datetime) -> LinkResolver:
    return link_resolver(config, content, issue_moment(issue, now), list(issues))


def intro_origin(issue: Issue) -> Origin:
    """An intro links like a page at the top of its language folder."""
    lang = issue.meta.lang
    return Origin(issue.shown, issue.intro_line, f"{lang}/index.md", lang,
                  public=issue.is_external, published=True)


def item_origin(links: LinkResolver, issue: Issue, item: Item) -> Origin:
    """An item whose whole text is in the email (an internal one: it has no page)."""
    return Origin(f"{links.label}/{item.source}", item.body_line, item.source, item.lang,
                  public=issue.is_external, published=True)


def email_source(markdown: str, links: LinkResolver, origin: Origin) -> str:
    """The Markdown as the email renders it, lines in place: videos as linked titles, and
    links in HTML (which Markdown leaves alone) as full addresses."""
    site_url = links.site.site_url

    def absolute(ref: Reference) -> str | None:
        if not ref.in_html or ref.tag in ("iframe", "script", "link"):
            return None
        target, _problems = links.resolve(origin, ref)
        return target.absolute(site_url)

    return rewrite_targets(email_markdown(markdown, origin.lang), absolute)


def check_issue_links(config: SiteConfig, content: Content, issue: Issue,
                      issues: Sequence[Issue], now: datetime, problems: Problems) -> set[str]:
    """What `newsletter build` would refuse in the issue's settings and intro; returns the
    content files the intro uses."""
    check_featured(issue, content, now, problems)
    links = issue_links(config, content, issue, issues, now)
    origin = intro_origin(issue)
    findings, targets = check_markdown(links, origin, issue.intro)
    report_findings(origin, findings, problems)
    return {target.file for target in targets.values() if target.file}
