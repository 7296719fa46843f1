"""Reading what a built page tells link previews and search engines: its head's tags and
its schema.org data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html

SITE_URL = "https://www.zelfwijs.example/"


@dataclass(frozen=True)
class Head:
    properties: dict[str, list[str]]  # Open Graph: <meta property>
    names: dict[str, list[str]]  # <meta name> (description, twitter:…)
    canonical: str | None
    alternates: list[dict[str, str]]  # <link rel="alternate"> attributes
    json_ld: list[dict[str, Any]]  # every schema.org thing, @graph flattened
    json_ld_texts: list[str]

    def og(self, key: str) -> str:
        values = self.properties.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def of_type(self, kind: str) -> dict[str, Any]:
        found = [thing for thing in self.json_ld if thing.get("@type") == kind]
        assert len(found) == 1, f"{kind}: {[t.get('@type') for t in self.json_ld]}"
        return found[0]


def read_head(page: Path) -> Head:
    document = lxml.html.fromstring(page.read_bytes())
    properties: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for meta in document.iter("meta"):
        if meta.get("property"):
            properties.setdefault(meta.get("property"), []).append(meta.get("content"))
        elif meta.get("name"):
            names.setdefault(meta.get("name"), []).append(meta.get("content"))
    canonical = [link.get("href") for link in document.iter("link")
                 if link.get("rel") == "canonical"]
    texts = [script.text or "" for script in document.iter("script")
             if script.get("type") == "application/ld+json"]
    things: list[dict[str, Any]] = []
    for text in texts:
        data = json.loads(text)
        things += data.get("@graph", [data])
    return Head(properties, names, canonical[0] if canonical else None,
                [dict(link.attrib) for link in document.iter("link")
                 if link.get("rel") == "alternate"], things, texts)


def built_file(site: Path, url: str) -> Path:
    """The file in the built site that a full address of the site names."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if url.endswith("/") else target
