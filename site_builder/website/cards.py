"""The one card: what a listing, the home page and related blocks show of an item.

A card is plain data (a dict, for the theme's `partials/sb-card.html`): title, address,
teaser, date, picture or icon, and for events when and where. Addresses are relative to the
root of the language's build; the template makes them relative to the page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from ..i18n import event_when, long_date, strings
from ..images import ImageCatalogue
from ..model import Item
from ..schema import AMSTERDAM, EventMeta, Kind, PostMeta
from .excerpt import teaser


def content_path(item: Item, src: str) -> str:
    """A file named in an item's settings, as a path from the content folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(item.source), src))


def staged_path(path_in_content: str, lang: str) -> str:
    """Where a content file lands in one language's build: its language folder is the root;
    files outside the language folders keep their path."""
    first, _, rest = path_in_content.partition("/")
    return rest if first == lang else path_in_content


@dataclass(frozen=True)
class Pictures:
    """The pictures in content/ as the site publishes them (images/): the main file, its
    width and height, and its smaller versions for `srcset`."""

    images: ImageCatalogue

    def image(self, path_in_content: str, alt: str, lang: str) -> dict[str, Any]:
        src = staged_path(path_in_content, lang)
        picture: dict[str, Any] = {"src": src, "alt": alt}
        found = self.images.picture(path_in_content)
        if found is None or not (found.width and found.height):
            return picture
        picture.update(width=found.width, height=found.height)
        renditions = found.renditions(posixpath.basename(src))
        if len(renditions) > 1:
            folder = posixpath.dirname(src)
            picture["srcset"] = [{"src": posixpath.join(folder, r.name), "width": r.width}
                                 for r in renditions]
        return picture


@dataclass(frozen=True)
class CardMaker:
    lang: str
    pictures: Pictures
    default_picture: str | None = None  # path from content/: the picture of a post without one
    _made: dict[int, tuple[Item, dict[str, Any]]] = field(default_factory=dict, compare=False,
                                                          repr=False)

    def card(self, item: Item) -> dict[str, Any]:
        """The card of an item; made once per item, since most items show on several
        listings (a copy each time: the stagers put cards in pages' settings)."""
        made = self._made.get(id(item))
        if made is None or made[0] is not item:
            made = self._made[id(item)] = (item, self._card(item))
        card = dict(made[1])
        if "image" in card:
            card["image"] = dict(card["image"])
        return card

    def _card(self, item: Item) -> dict[str, Any]:
        t = strings(self.lang)
        meta = item.meta
        card: dict[str, Any] = {
            "kind": item.kind.value,
            "title": item.title,
            "url": item.url,
            "text": meta.description or teaser(item.body),
        }
        icon = getattr(meta, "icon", None)
        if icon:
            card["icon"] = icon
        # An event's card shows its date; a service with an icon shows its icon.
        if meta.image and item.kind is not Kind.EVENT and not icon:
            card["image"] = self.pictures.image(content_path(item, meta.image.src), "",
                                                self.lang)
        elif item.kind is Kind.POST and self.default_picture:
            card["image"] = self.pictures.image(self.default_picture, "", self.lang)
        if isinstance(meta, PostMeta):
            card["date"] = long_date(meta.date, self.lang)
            card["iso_date"] = meta.date.astimezone(AMSTERDAM).date().isoformat()
            if meta.categories:
                card["label"] = meta.categories[0]
        if isinstance(meta, EventMeta):
            start = meta.start.astimezone(AMSTERDAM)
            card["when"] = event_when(meta.start, meta.end, self.lang)
            card["iso_date"] = start.isoformat()
            card["where"] = meta.location or (t["online"] if meta.online else "")
            card["day"], card["month"] = str(start.day), long_date(start, self.lang).split()[1]
        return card
