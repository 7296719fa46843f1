"""The text of a page as its language's MkDocs build reads it.

MkDocs turns a Markdown link to a file of the same build into a working address; everything
else it leaves as written. So, before it reads a page: a video's address becomes the
click-to-load player (video.py); a link to the shared folder (`../../shared/x.pdf`, outside
the language) leads to the copy in the language's build; and links in HTML, which MkDocs
does not touch, lead to the address from the site's root (a post's text also shows in the
blog's listings, so an address relative to the post's own page would break there).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..link_rewrite import rewrite_targets
from ..links import Reference
from ..model import SHARED_DIR, Item
from ..video import site_markdown

if TYPE_CHECKING:
    from ..linking import LinkResolver, Origin


def staged_body(item: Item, links: LinkResolver) -> str:
    """The item's text, ready for its language's build."""
    return staged_markdown(item.body, links.origin_of(item, now_published=True),
                           item.docs_path, links)


def staged_markdown(body: str, origin: Origin, docs_path: str, links: LinkResolver) -> str:
    """Markdown written at `origin`, ready to be built as `docs_path` of its language."""
    root = urlsplit(links.site.site_url).path or "/"

    def new_target(ref: Reference) -> str | None:
        if not (ref.is_local or ref.is_site_address) and not ref.target.startswith("#"):
            return None
        if ref.tag in ("iframe", "script", "link"):
            return None
        target, _problems = links.resolve(origin, ref)
        if ref.in_html and target.url is not None and not target.external:
            return None if ref.target.startswith("#") else root + target.url
        if target.file and target.file.split("/", 1)[0] == SHARED_DIR and not ref.in_html:
            # The language's copy of a shared file, from the staged page.
            return posixpath.relpath(target.file, posixpath.dirname(docs_path) or ".")
        return None

    return rewrite_targets(site_markdown(body, origin.lang), new_target)
