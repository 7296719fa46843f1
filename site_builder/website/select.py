"""What one language of the public site shows: the audience boundary lives here.

Everything the site renders (pages, listings, related content, feeds,
calendars, search) is taken from a `PublicView`, and a `PublicView` never
holds an internal item.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from ..model import Content, Item
from ..schema import EventMeta, Kind, PostMeta

RELATED_LIMIT = 3


def _by_order_then_title(item: Item) -> tuple[int, str]:
    order = getattr(item.meta, "order", None)
    return (order if order is not None else 1000, item.title.casefold())


@dataclass(frozen=True)
class PublicView:
    """The public, published items of one language at one moment."""

    content: Content
    lang: str
    now: datetime
    preview: bool = False  # live preview also shows drafts and scheduled posts, marked

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(
            item
            for item in self.content.items
            if item.lang == self.lang
            and item.is_public
            and item.is_published(self.now, include_drafts=self.preview)
        )

    @cached_property
    def _sources(self) -> frozenset[str]:
        return frozenset(item.source for item in self.items)

    def shows(self, item: Item | None) -> bool:
        return item is not None and item.source in self._sources

    def of_kind(self, kind: Kind) -> list[Item]:
        return [item for item in self.items if item.kind is kind]

    def ordered(self, kind: Kind) -> list[Item]:
        return sorted(self.of_kind(kind), key=_by_order_then_title)

    @cached_property
    def posts(self) -> list[Item]:
        """Newest first."""
        return sorted(self.of_kind(Kind.POST), key=lambda i: i.meta.date, reverse=True)

    @cached_property
    def upcoming_events(self) -> list[Item]:
        """Soonest first; an event is upcoming until it has ended."""
        events = [e for e in self.of_kind(Kind.EVENT) if e.meta.end >= self.now]
        return sorted(events, key=lambda e: e.meta.start)

    @cached_property
    def past_events(self) -> list[Item]:
        """Most recent first."""
        events = [e for e in self.of_kind(Kind.EVENT) if e.meta.end < self.now]
        return sorted(events, key=lambda e: e.meta.start, reverse=True)

    @cached_property
    def _by_topic(self) -> tuple[list[Item], dict[str, list[int]]]:
        """What can be related (posts, services, expertise pages, events not over), in the
        order related() prefers among equals (newest first, then by title, then as listed),
        and which of them have each topic: related() looks at those, not at every item."""
        eligible = [(-(other.sort_date.timestamp() if other.sort_date else 0.0),
                     other.title.casefold(), index, other)
                    for index, other in enumerate(self.items)
                    if other.kind in (Kind.POST, Kind.SERVICE, Kind.EXPERTISE, Kind.EVENT)
                    and not (isinstance(other.meta, EventMeta) and other.meta.end < self.now)]
        ranked = [entry[-1] for entry in sorted(eligible, key=lambda entry: entry[:3])]
        by_tag: dict[str, list[int]] = defaultdict(list)
        for rank, other in enumerate(ranked):
            for tag in set(other.meta.tags):
                by_tag[tag].append(rank)
        return ranked, by_tag

    def related(self, item: Item, limit: int = RELATED_LIMIT) -> list[Item]:
        """Posts, services and expertise pages sharing the most topics (tags) with `item`:
        the most shared topics first, then the newest, then by title."""
        ranked, by_tag = self._by_topic
        shared: Counter[int] = Counter()
        for tag in set(item.meta.tags):
            shared.update(by_tag.get(tag, ()))
        best = heapq.nsmallest(limit + 1, ((-count, rank) for rank, count in shared.items()))
        return [ranked[rank] for _, rank in best if ranked[rank].source != item.source][:limit]

    def is_scheduled(self, item: Item) -> bool:
        return isinstance(item.meta, PostMeta) and item.meta.date > self.now
