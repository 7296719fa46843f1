"""The web addresses a page had on the old site, so links written as addresses
(`/nieuws/2024/03/buurtcafe/`) can be led to the imported file."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from slugify import slugify

_PLACEHOLDER = re.compile(r":(\w+)")
_INDEX_FILES = ("index.html", "index.htm", "index.php")


def normalise(address: str, base_path: str = "") -> str:
    """One form for every way of writing the same address: `/Over-Ons/index.html`,
    `/over-ons/` and `over-ons.html` all become `over-ons`."""
    path = unquote(address.split("#", 1)[0].split("?", 1)[0]).strip()
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    path = path.strip("/").lower()
    for index in _INDEX_FILES:
        if path == index or path.endswith("/" + index):
            path = path[: -len(index)].rstrip("/")
    for suffix in (".html", ".htm"):
        path = path.removesuffix(suffix)
    return posixpath.normpath(path) if path else ""


def expand(pattern: str, values: Mapping[str, Any]) -> str:
    """A permalink pattern (`/:year/:month/:title/`) with the page's values filled in;
    a placeholder we do not know becomes empty."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), pattern)


def title_slug(text: str) -> str:
    return slugify(text)


def collect(*candidates: Any, base_path: str = "") -> tuple[str, ...]:
    """The distinct normalised addresses among strings and lists of strings."""
    found: list[str] = []
    for candidate in candidates:
        values = candidate if isinstance(candidate, list | tuple) else [candidate]
        for value in values:
            if isinstance(value, str) and value.strip():
                address = normalise(value, base_path)
                if address not in found:
                    found.append(address)
    return tuple(found)


def written_addresses(meta: Mapping[str, Any]) -> list[str]:
    """The addresses a page's own settings gave it (permalink, url, aliases,
    redirect_from), as written, to tell the reader which old addresses stop working."""
    found: list[str] = []
    for key in ("permalink", "url", "aliases", "redirect_from"):
        value = meta.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip() and item not in found:
                found.append(item.strip())
    return found
