"""Which of our kinds an old page is: a post, an event or a page.

The folder says most (Jekyll's `_posts`, Hugo's `posts/`, Material's `blog/posts/`), the
page's own `type` or `layout` says more, and event fields (a start with an end or a place)
make an event wherever the file was."""

from __future__ import annotations

from typing import Any

from ..schema import Kind

POST_FOLDERS = frozenset({"posts", "post", "blog", "news", "nieuws", "artikelen", "articles",
                          "berichten", "_posts", "_drafts"})
EVENT_FOLDERS = frozenset({"events", "event", "agenda", "evenementen", "activiteiten",
                           "bijeenkomsten", "_events", "_agenda"})

START_KEYS = ("start", "start_date", "startDate", "startdate", "starts", "begin", "event_date",
              "eventDate", "eventdate", "date_start")
END_KEYS = ("end", "end_date", "endDate", "enddate", "ends", "until", "event_end", "eventEnd",
            "date_end")
PLACE_KEYS = ("location", "venue", "place", "address", "where", "locatie", "plaats")
_TYPES = {"event": Kind.EVENT, "events": Kind.EVENT, "post": Kind.POST, "posts": Kind.POST,
          "blog": Kind.POST, "news": Kind.POST}


def folder_kind(folder: str) -> Kind | None:
    """The kind a folder of the old site held, by its name."""
    name = folder.lower()
    if name in EVENT_FOLDERS:
        return Kind.EVENT
    if name in POST_FOLDERS:
        return Kind.POST
    return None


def has_any(meta: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return any(meta.get(key) not in (None, "") for key in keys)


def kind_of_page(meta: dict[str, Any], folder_hint: Kind | None) -> Kind:
    declared = _TYPES.get(str(meta.get("type") or meta.get("layout") or "").lower())
    if declared is Kind.EVENT or (
            has_any(meta, START_KEYS) and (has_any(meta, END_KEYS) or has_any(meta, PLACE_KEYS))):
        return Kind.EVENT
    return folder_hint or declared or Kind.PAGE


EXPIRY_KEYS = ("expiryDate", "expirydate", "expires", "unpublishdate")


def hidden_on_old_site(meta: dict[str, Any], in_drafts_folder: bool) -> bool:
    """A draft, or a page the old site did not publish (Jekyll's `published: false`)."""
    return in_drafts_folder or meta.get("draft") is True or meta.get("published") is False
