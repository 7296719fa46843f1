"""What an issue features: its explicit items, or what was published since the last issue;
and the partner news since then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..config import SiteConfig
from ..feeds import partner_news
from ..i18n import long_date
from ..model import Content, Item
from ..schema import Kind
from .issue import Issue

# Without a previous issue, news from this long before the issue date is included.
FIRST_ISSUE_LOOKBACK = timedelta(days=31)
EVENT_LIMIT = 5
PARTNER_LIMIT = 5


@dataclass(frozen=True)
class Selection:
    news: tuple[Item, ...]
    events: tuple[Item, ...]


def _readable_by(issue: Issue, item: Item) -> bool:
    """The audience boundary for email: external readers only ever get public items."""
    return (item.lang == issue.meta.lang
            and (item.is_public or not issue.is_external)
            and item.is_published(issue.meta.date))


def previous_issue_date(issue: Issue, others: Iterable[Issue]) -> datetime | None:
    earlier = [o.meta.date for o in others
               if o.meta.audience is issue.meta.audience and o.meta.lang == issue.meta.lang
               and o.meta.date < issue.meta.date]
    return max(earlier, default=None)


def select(issue: Issue, content: Content, others: Iterable[Issue]) -> Selection:
    if issue.meta.items is not None:
        chosen = [content.item(source) for source in issue.meta.items]
        featured = [item for item in chosen if item is not None and _readable_by(issue, item)]
        return Selection(
            news=tuple(i for i in featured if i.kind is not Kind.EVENT),
            events=tuple(i for i in featured if i.kind is Kind.EVENT),
        )
    since = previous_issue_date(issue, others) or issue.meta.date - FIRST_ISSUE_LOOKBACK
    news = sorted(
        (p for p in content.of_kind(Kind.POST)
         if _readable_by(issue, p) and since < p.meta.date <= issue.meta.date),
        key=lambda p: p.meta.date, reverse=True)
    events = sorted(
        (e for e in content.of_kind(Kind.EVENT)
         if _readable_by(issue, e) and e.meta.start >= issue.meta.date),
        key=lambda e: e.meta.start)[:EVENT_LIMIT]
    return Selection(news=tuple(news), events=tuple(events))


def network_news(config: SiteConfig, issue: Issue, others: Iterable[Issue]
                 ) -> list[dict[str, Any]]:
    """Partner news from the feed cache (never the network) since the previous issue.

    Only items with an https link: an email links nowhere else."""
    if not issue.wants_partner_news:
        return []
    since = previous_issue_date(issue, others)
    items = partner_news(config.feeds_cache_dir, config.settings.feeds, issue.meta.lang,
                         PARTNER_LIMIT * 2, since=since)
    return [{"title": item.title, "url": item.link, "description": item.summary,
             "meta": item.source + (f" · {long_date(item.date, issue.meta.lang)}"
                                    if item.date else "")}
            for item in items if item.link and item.link.startswith("https://")
            ][:PARTNER_LIMIT]
