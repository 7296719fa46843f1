"""The link check of a built site: every internal link, `#anchor` and asset must resolve.

Pure: a `BuiltSite` in, one `Problem` per broken link out, placed at the page and line that
hold it. Links to other hosts are not followed (the check never uses the network); links to
the site's own address (`site_url`), root-absolute links (`/...`, as on Material's 404 page)
and relative links are all resolved inside the built folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from ..problems import Problem
from .built_site import BuiltSite, Tag, site_path

# The attributes that hold an address a reader follows or a browser fetches, and what to
# call the thing at that address in a message.
LINK_ATTRIBUTES: dict[tuple[str, str], str] = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("link", "href"): "linked file",
    ("img", "src"): "image",
    ("script", "src"): "script",
    ("iframe", "src"): "embedded page",
    ("source", "src"): "media file",
    ("video", "src"): "video",
    ("video", "poster"): "image",
    ("audio", "src"): "audio file",
    ("track", "src"): "subtitle file",
    ("embed", "src"): "embedded file",
    ("object", "data"): "embedded file",
}
SRCSET_TAGS = ("img", "source")


def _addresses(tag: Tag) -> Iterator[tuple[str, str]]:
    """(address, what it is) for every address in one tag."""
    for (name, attribute), what in LINK_ATTRIBUTES.items():
        if tag.name == name and tag.attrs.get(attribute, "").strip():
            yield tag.attrs[attribute].strip(), what
    if tag.name in SRCSET_TAGS and tag.attrs.get("srcset"):
        for candidate in tag.attrs["srcset"].split(","):
            if candidate.strip():
                yield candidate.split()[0], "image"


def _problem(site: BuiltSite, page: str, tag: Tag, message: str) -> Problem:
    return Problem(site.where(page), tag.line, message)


def check_link(site: BuiltSite, page: str, tag: Tag, link: str, what: str) -> Problem | None:
    """The problem with one address on one page, or None when it resolves."""
    target = site_path(site, page, link)
    if target is None:
        return None
    if target.startswith("../") or target == "..":
        return _problem(site, page, tag, f"{what} `{link}` leads outside the site.")
    target_file = site.file_for(target)
    if target_file not in site.files:
        missing = "page" if what == "link" else "file"
        return _problem(site, page, tag, f"{what} `{link}` is broken: there is no {missing} "
                        f"`{target_file}` in the built site.")
    fragment = link.partition("#")[2]
    if fragment and target_file.endswith(".html") and target_file in site.texts:
        anchor = unquote(fragment)
        if anchor not in site.parsed(target_file).ids:
            return _problem(site, page, tag, f"{what} `{link}` leads to `#{anchor}`, but "
                            f"`{target_file}` has no element with id=\"{anchor}\".")
    return None


def broken_links(site: BuiltSite) -> list[Problem]:
    """Every internal link, anchor and asset on every page that does not resolve."""
    problems = []
    for page in site.pages:
        for tag in site.parsed(page).tags:
            for link, what in _addresses(tag):
                problem = check_link(site, page, tag, link, what)
                if problem is not None:
                    problems.append(problem)
    return problems
