"""`site-builder new`: a new content file with valid, commented front matter."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from slugify import slugify

from .config import SiteConfig
from .i18n import SECTION_FOLDERS
from .loader import load_people
from .problems import ContentError, Problem, Problems
from .schema import AMSTERDAM, Kind

KINDS = {
    "page": Kind.PAGE,
    "service": Kind.SERVICE,
    "expertise": Kind.EXPERTISE,
    "post": Kind.POST,
    "event": Kind.EVENT,
}

_BODY = {
    "nl": "Schrijf hier de tekst. Een regel die begint met `## ` wordt een tussenkop.\n",
    "en": "Write the text here. A line that starts with `## ` becomes a heading.\n",
}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(kind: Kind, title: str, now: datetime, person: str, place: str) -> str:
    lines = [
        f"title: {_quoted(title)}",
        'description: ""  # one or two sentences: shown in overviews, search and newsletters',
        "tags: []  # topics, like [wmo, jeugd]: pages that share a topic link to each other",
    ]
    local = now.astimezone(AMSTERDAM)
    if kind is Kind.SERVICE:
        lines.append(f"contact: {person}  # who readers can call: an id from content/people.yml")
    elif kind is Kind.EXPERTISE:
        lines.append(f"contact: {person}  # an id from content/people.yml")
    elif kind is Kind.POST:
        lines += [
            f"date: {local:%Y-%m-%d %H:%M}  # a date in the future schedules the post",
            f"authors: [{person}]",
            "categories: []",
            "draft: true  # remove this line when the post may be published",
        ]
    elif kind is Kind.EVENT:
        start = (local + timedelta(days=14)).replace(hour=13, minute=30)
        lines += [
            f"start: {start:%Y-%m-%d %H:%M}",
            f"end: {start.replace(hour=16):%Y-%m-%d %H:%M}",
            f"location: {_quoted(place)}  # or: online: true",
            "signup: mailto:info@example.org  # the address or web page where readers sign up",
        ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def scaffold(config: SiteConfig, kind_name: str, title: str, lang: str, now: datetime) -> Path:
    kind = KINDS[kind_name]
    slug = slugify(title)
    if not slug:
        raise ContentError([Problem("title", None, "the title needs at least one letter or "
                                    "digit, to make a file name from.")])
    folder = config.content_dir / lang
    if kind is not Kind.PAGE:
        folder = folder / SECTION_FOLDERS[lang][kind]
    path = folder / f"{slug}.md"
    if path.exists():
        raise ContentError([Problem(str(path), None, "this file already exists. Choose "
                                    "another title, or edit the existing file.")])
    people = load_people(config.content_dir, str(config.content_dir), Problems())
    person = sorted(people)[0] if people else "your-id"
    place = config.settings.organisation.address or "Address of the venue"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(kind, title, now, person, place) + _BODY[lang], encoding="utf-8")
    return path
