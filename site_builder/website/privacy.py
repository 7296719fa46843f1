"""The privacy scan of a built site: nothing may make a reader's browser contact another host.

A request to another host tells that host who is reading what (the reader's address, the
page), so fonts, scripts, stylesheets, images, frames and the like must all come from the
site itself. Links a reader chooses to follow are fine: only what loads without a click
counts. Pure: a `BuiltSite` in, one `Problem` per address out.

Scripts are harder to read than markup, so a script is held to a strict rule: no address of
another host in a string at all, except the few that Material's own bundle holds for features
this site does not switch on (listed in THEME_CONDITIONAL_LOADS, each with the markup that
would switch it on, which the scan looks for). The browser test in the suite watches every
request a page really makes, as the second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..problems import Problem
from .built_site import BuiltSite, Tag

# Tags whose address the browser fetches as soon as the page loads.
LOADED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> values that make the browser contact the address (preconnect and
# dns-prefetch send no page, but they do tell the host a reader is there).
LOADED_LINK_RELS = frozenset({
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
    "mask-icon", "manifest", "preload", "prefetch", "prerender", "preconnect", "dns-prefetch",
    "modulepreload",
})

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)
# An address written in a script: a quoted string that starts with http(s):// or with
# // and a host name with a dot (so a `//comment` inside a string is not one).
_JS_ADDRESS = re.compile(r"""["'`]((?:https?:)?//(?:[\w.-]+\.[a-z]{2,}|\$\{)[^"'`\s]*)""",
                         re.I)
# Namespaces are names, not addresses that anything fetches.
NAMESPACES = ("http://www.w3.org/",)


@dataclass(frozen=True)
class ConditionalLoad:
    """An address in Material's bundle that it fetches only when a page switches it on."""

    pattern: str  # a regular expression for the address as the bundle writes it
    when: str
    switch: str | None  # markup that switches the feature on; None: no page can

    def matches(self, url: str) -> bool:
        return re.match(self.pattern, url) is not None


THEME_CONDITIONAL_LOADS = (
    ConditionalLoad(r"https://unpkg\.com/resize-observer-polyfill$",
                    "only in browsers without ResizeObserver, which every browser that "
                    "Material supports has", None),
    ConditionalLoad(r"https://unpkg\.com/mermaid@[\d.]+/dist/mermaid\.min\.js$",
                    "on a page with a Mermaid diagram", 'class="mermaid"'),
    ConditionalLoad(r"https://api\.github\.com/(repos|users)/\$\{\w+\}",
                    "when mkdocs.yml sets repo_url (repository facts in the header)",
                    'data-md-component="source"'),
    ConditionalLoad(r"https://\$\{\w+\}/api/v4/projects/",
                    "when mkdocs.yml sets repo_url to a GitLab address",
                    'data-md-component="source"'),
)


def is_other_host(site: BuiltSite, url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    if not re.match(r"https?://", url, re.I):
        return False  # relative, data:, blob:, mailto: ...
    return not site.is_own_host(url)


def _line_at(text: str, offset: int, first_line: int = 1) -> int:
    return first_line + text.count("\n", 0, offset)


def css_addresses(css: str) -> Iterator[tuple[str, int]]:
    """(address, offset) of every url() and @import in a stylesheet."""
    # Blank out comments without moving the offsets that give line numbers.
    css = _CSS_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(css):
            yield match.group(2).strip(), match.start()


def _tag_addresses(tag: Tag) -> Iterator[str]:
    for attribute in LOADED_ATTRIBUTES.get(tag.name, ()):
        value = tag.attrs.get(attribute, "").strip()
        if not value:
            continue
        if attribute == "srcset":
            yield from (c.split()[0] for c in value.split(",") if c.strip())
        else:
            yield value
    if tag.name == "link" and set(tag.attrs.get("rel", "").lower().split()) & LOADED_LINK_RELS:
        yield tag.attrs.get("href", "")
    if tag.name == "meta" and tag.attrs.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH_URL.search(tag.attrs.get("content", ""))
        if match:
            yield match.group(1)


def _page_loads(site: BuiltSite, page: str) -> Iterator[Problem]:
    parsed = site.parsed(page)
    where = site.where(page)
    for tag in parsed.tags:
        for url in _tag_addresses(tag):
            if is_other_host(site, url):
                yield Problem(where, tag.line, f"<{tag.name}> loads `{url}` from another "
                              "host; serve it from the site itself.")
        for url, _ in css_addresses(tag.attrs.get("style", "")):
            if is_other_host(site, url):
                yield Problem(where, tag.line, f"a style attribute loads `{url}` from another "
                              "host; serve it from the site itself.")
    for css, first_line in parsed.styles:
        for url, offset in css_addresses(css):
            if is_other_host(site, url):
                yield Problem(where, _line_at(css, offset, first_line), f"a <style> block "
                              f"loads `{url}` from another host; serve it from the site itself.")
    html = site.texts[page]
    for load in THEME_CONDITIONAL_LOADS:
        if load.switch and load.switch in html:
            yield Problem(where, _line_at(html, html.index(load.switch)),
                          f"this page makes the theme load a script or data from another "
                          f"host ({load.when}: `{load.switch}`); leave that feature off.")


def _stylesheet_loads(site: BuiltSite, path: str) -> Iterator[Problem]:
    css = site.texts[path]
    for url, offset in css_addresses(css):
        if is_other_host(site, url):
            yield Problem(site.where(path), _line_at(css, offset), f"the stylesheet loads "
                          f"`{url}` from another host; serve it from the site itself.")


def _script_loads(site: BuiltSite, path: str) -> Iterator[Problem]:
    script = site.texts[path]
    for match in _JS_ADDRESS.finditer(script):
        url = match.group(1)
        if url.startswith(NAMESPACES) or not (url.startswith("https://${") or
                                                is_other_host(site, url)):
            continue
        if any(load.matches(url) for load in THEME_CONDITIONAL_LOADS):
            continue  # checked on the pages, where the feature would be switched on
        yield Problem(site.where(path), _line_at(script, match.start()), f"the script holds "
                      f"the address `{url}` of another host, which it may load without a "
                      "click; serve it from the site itself.")


def third_party_loads(site: BuiltSite) -> list[Problem]:
    """Everything in pages, stylesheets and scripts that would fetch from another host."""
    problems: list[Problem] = []
    for path in sorted(site.texts):
        if path.endswith(".html"):
            problems.extend(_page_loads(site, path))
        elif path.endswith(".css"):
            problems.extend(_stylesheet_loads(site, path))
        elif path.endswith(".js"):
            problems.extend(_script_loads(site, path))
    return problems
