"""Warnings for HTML and CSS that major mail clients drop, from the Can I Email data set.

The data (MIT licence) ships in data/caniemail.json, trimmed by
scripts/trim_caniemail.py. A feature is reported when a major client's
newest tested version does not support it at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import lxml.html

CLIENT_NAMES = {
    "outlook/windows": "Outlook for Windows",
    "outlook/outlook-com": "Outlook.com",
    "gmail/desktop-webmail": "Gmail",
    "gmail/android": "Gmail on Android",
    "apple-mail/ios": "Apple Mail on iPhone",
    "apple-mail/macos": "Apple Mail on Mac",
}
# Used on purpose: the phone layout and dark mode are enhancements that Outlook for
# Windows and Gmail skip (the table layout works without them), and max-height, opacity
# and overflow hide the preheader where display:none alone is not enough.
PROGRESSIVE = {
    "css-at-media", "css-at-media-prefers-color-scheme", "css-max-height", "css-opacity",
    "css-overflow",
}
_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;}]+)")


@dataclass(frozen=True)
class Unsupported:
    slug: str
    title: str
    url: str
    clients: tuple[str, ...]

    def __str__(self) -> str:
        return (f"{self.title} is not supported by {', '.join(self.clients)} "
                f"(see {self.url}).")


@cache
def _features() -> dict[str, dict]:
    data = resources.files(__package__).joinpath("data/caniemail.json").read_text("utf-8")
    return json.loads(data)["features"]


def used_features(html: str) -> set[str]:
    """Can I Email slugs for the elements, attributes and CSS an email uses."""
    document = lxml.html.document_fromstring(html)
    used: set[str] = set()
    css = " ".join(e.get("style", "") for e in document.iter() if e.get("style"))
    blocks = " ".join(style.text or "" for style in document.iter("style"))
    for element in document.iter():
        if isinstance(element.tag, str):
            used.add(f"html-{element.tag}")
            used.update(f"html-{attribute}" for attribute in element.attrib)
    for name, value in _DECLARATION.findall(f"{css} {blocks}"):
        used.add(f"css-{name}")
        used.add(f"css-{name}-{value.strip().split()[0]}")
    if "@media" in blocks:
        used.add("css-at-media")
    if "prefers-color-scheme" in blocks:
        used.add("css-at-media-prefers-color-scheme")
    return used


def unsupported(html: str) -> list[Unsupported]:
    features = _features()
    found = []
    for slug in sorted(used_features(html) - PROGRESSIVE):
        feature = features.get(slug)
        if feature is None:
            continue
        clients = tuple(name for key, name in CLIENT_NAMES.items()
                        if feature["support"].get(key) == "n")
        if clients:
            found.append(Unsupported(slug, feature["title"], feature["url"], clients))
    return found
