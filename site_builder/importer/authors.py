"""An old post's author(s), led to the people in content/people.yml by name or id."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slugify import slugify

from ..model import Person
from ..problems import Problems
from .front_matter import read_config
from .mkdocs_site import blog_folder
from .model import Generator, SourceSite


def _names_in(data: Any) -> dict[str, str]:
    if isinstance(data, dict) and isinstance(data.get("authors"), dict):
        data = data["authors"]  # Material's .authors.yml
    if not isinstance(data, dict):
        return {}
    names = {}
    for key, value in data.items():
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str) and name.strip():
            names[str(key)] = name.strip()
    return names


def old_author_names(site: SourceSite, problems: Problems) -> dict[str, str]:
    """The old site's own list of authors (id → name), where it has one."""
    candidates: list[Path] = []
    if site.generator is Generator.JEKYLL:
        candidates = [site.root / "_data" / f"authors.{ext}" for ext in ("yml", "yaml")]
    elif site.generator is Generator.MKDOCS:
        candidates = [site.pages_root / blog_folder(site.settings) / ".authors.yml"]
    else:
        candidates = [site.root / "data" / f"authors.{ext}" for ext in ("yml", "yaml", "toml")]
        folder = site.root / "data" / "authors"  # one file per author, named by id
        if folder.is_dir():
            candidates += sorted(p for p in folder.glob("*.*") if p.suffix in (".yml", ".yaml",
                                                                                ".toml"))
    names: dict[str, str] = {}
    for path in candidates:
        if not path.is_file():
            continue
        data = read_config(path, site.shown(path), problems)
        if path.parent.name == "authors" and isinstance(data.get("name"), str):
            names[path.stem] = data["name"]
        else:
            names.update(_names_in(data))
    return names


def written_authors(meta: Mapping[str, Any]) -> list[str]:
    """`author: Anouk`, `author: {name: Anouk}`, `authors: [anouk, piet]`..."""
    found: list[str] = []
    for key in ("authors", "author"):
        value = meta.get(key)
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str | int) and str(name).strip() and str(name) not in found:
                found.append(str(name).strip())
    return found


def match_person(written: str, old_names: Mapping[str, str],
                 people: Mapping[str, Person]) -> tuple[str | None, str]:
    """The id in people.yml for an old author (by id, or by name in any spelling of capitals
    and accents), and the author's name as the old site showed it."""
    name = old_names.get(written, written)
    wanted = {slugify(written), slugify(name)}
    for person in people.values():
        if person.id in wanted or slugify(person.name) in wanted:
            return person.id, name
    return None, name


def suggestion(name: str, people: Mapping[str, Person]) -> str:
    """' Did you mean Anouk de Vries (`anouk-de-vries`)?' for a first name or a typing
    error, else '' (another person with the same surname is no likely match)."""
    by_name = {person.name: person.id for person in people.values()}
    first_word = [n for n in by_name if n.split()[0].casefold() == name.casefold()]
    match = first_word or difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.85)
    return f" Did you mean {match[0]} (`{by_name[match[0]]}`)?" if len(match) == 1 else ""
