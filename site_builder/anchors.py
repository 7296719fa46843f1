"""The `#anchors` a page of the site has: the ids of its headings and `{#id}` attributes.

Found by rendering the page's Markdown with the site's own extensions, so the slug function,
the numbering of repeated headings (`_1`) and explicit ids are exactly the site's. Rendered
only for pages that a link with an anchor points at, once each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import markdown

from .site_markdown import site_extensions, split_extensions

if TYPE_CHECKING:
    from .website.site_map import SitePage

_ID = re.compile(r'\bid="([^"]*)"')
# Ids the page template gives every content page (templates/overrides/partials/sb-page.html).
TEMPLATE_IDS = frozenset({"sb-related-title", "sb-contact-title"})


class AnchorIndex:
    def __init__(self, configured_extensions: Sequence[Any] | None):
        names, options = split_extensions(site_extensions(configured_extensions))
        self._markdown = markdown.Markdown(extensions=names, extension_configs=options)
        self._cache: dict[str, frozenset[str]] = {}

    def ids_of_markdown(self, text: str) -> frozenset[str]:
        self._markdown.reset()
        rendered = self._markdown.convert(text)
        return frozenset(html.unescape(found) for found in _ID.findall(rendered))

    def ids(self, page: SitePage) -> frozenset[str] | None:
        """The ids on a page, or None when the theme makes the page and they are not known."""
        if not page.anchors_known:
            return None
        if page.url not in self._cache:
            body = page.item.body if page.item is not None else ""
            self._cache[page.url] = (self.ids_of_markdown(body) | frozenset(page.ids)
                                     | TEMPLATE_IDS)
        return self._cache[page.url]
