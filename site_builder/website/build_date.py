"""The build date MkDocs stamps into a language's sitemap (`<lastmod>`) and its `.gz` header.

MkDocs takes that date from the wall clock unless SOURCE_DATE_EPOCH is set, so two builds of
the same content on different days (or around midnight) differ in sitemap.xml and
sitemap.xml.gz, and every daily scheduled build would deploy a "changed" sitemap. We set it
to a moment derived from the content instead: the latest moment, not after the build's clock
(`now`), at which the passage of time changed what this language shows, that is the newest
published post or the end of the most recently finished event. The same content at the same
clock gives the same date, and the date moves only when the schedule changes the site.
Edits to undated pages do not move it; `<lastmod>` is a hint to search engines, and a
stable hint is worth more than one that changes every day.
"""

from __future__ import annotations

from datetime import datetime

from ..schema import EventMeta, PostMeta
from .select import PublicView


def content_date(view: PublicView) -> datetime:
    """The newest dated change to this view at `view.now`; `now` itself if nothing is dated."""
    moments = [item.meta.date for item in view.items
               if isinstance(item.meta, PostMeta) and item.meta.date <= view.now]
    moments += [item.meta.end for item in view.items
                if isinstance(item.meta, EventMeta) and item.meta.end <= view.now]
    return max(moments, default=view.now)


def source_date_epoch(view: PublicView) -> str:
    """`content_date` as the reproducible-builds SOURCE_DATE_EPOCH value (whole seconds)."""
    return str(int(content_date(view).timestamp()))
