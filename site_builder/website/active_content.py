"""The active-content scan of a built site: nothing from a page's content may run.

Content passes the sanitising policy (sanitise.py) before and while it is rendered; this
scan looks at the result as a browser gets it, as the last line of defence. Inside the
content of a page (what its Markdown made) it flags every `<script>`, `<style>`, event
handler (`onclick=...`) and `javascript:` address. The theme's own scripts, around the
content, are the theme's business. Pure: a `BuiltSite` in, one `Problem` per finding out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import Problem
from .built_site import BuiltSite, Tag

ACTIVE_ELEMENTS = ("script", "style")
# Attributes whose value a browser follows or loads as an address.
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                      "background", "srcdoc", "cite")
# Browsers ignore control characters and whitespace in a scheme: `java\tscript:` runs too.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")
ACTIVE_SCHEMES = ("javascript:", "vbscript:")


def _is_active_address(value: str) -> bool:
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(ACTIVE_SCHEMES)


def _findings(tag: Tag) -> Iterator[str]:
    if tag.name in ACTIVE_ELEMENTS:
        yield f"the content holds a <{tag.name}>"
    for attribute, value in tag.attrs.items():
        if attribute.startswith("on"):
            yield f"the content holds an event handler ({attribute} on <{tag.name}>)"
        elif attribute in ADDRESS_ATTRIBUTES and _is_active_address(value):
            yield f"the content holds a `javascript:` address ({attribute} on <{tag.name}>)"


def active_content(site: BuiltSite) -> list[Problem]:
    """Every script, style, event handler and `javascript:` address inside page content."""
    problems = []
    for page in site.pages:
        for tag in site.parsed(page).tags:
            if not tag.in_content:
                continue
            problems += [Problem(site.where(page), tag.line, f"{finding}: page content may "
                                 "not hold scripts, styles or event handlers. Remove it from "
                                 "the page's Markdown (`site-builder check` names the line).")
                         for finding in _findings(tag)]
    return problems
