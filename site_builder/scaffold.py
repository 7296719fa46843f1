"""`site-builder new`: a new draft with valid front matter, commented in its language."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from slugify import slugify

from .config import Organisation, SiteConfig
from .drafts import PLACEHOLDER_TEXT
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

# The guidance comments `new` writes, in the language of the file.
_COMMENTS = {
    "nl": {
        "description": "een of twee zinnen: te zien in overzichten, zoekresultaten en de "
                       "nieuwsbrief",
        "tags": "onderwerpen, zoals [wmo, jeugd]: pagina's met een gedeeld onderwerp "
                "verwijzen naar elkaar",
        "contact_service": "bij wie lezers terechtkunnen: een id uit content/people.yml",
        "contact": "een id uit content/people.yml",
        "date": "een datum in de toekomst plant het bericht in",
        "authors": "ids uit content/people.yml",
        "categories": "zoals [Nieuws, Academie]",
        "start": "Nederlandse tijd",
        "location": "of: online: true",
        "online": "of: location: \"adres van de locatie\"",
        "signup": "het e-mailadres of de webpagina waar lezers zich aanmelden",
        "draft": "een concept is alleen te zien in de preview. Haal deze regel weg als de "
                 "tekst af is en online mag",
    },
    "en": {
        "description": "one or two sentences: shown in overviews, search results and the "
                       "newsletter",
        "tags": "topics, like [wmo, youth]: pages that share a topic link to each other",
        "contact_service": "who readers can turn to: an id from content/people.yml",
        "contact": "an id from content/people.yml",
        "date": "a date in the future schedules the post",
        "authors": "ids from content/people.yml",
        "categories": "like [News, Academy]",
        "start": "Dutch time",
        "location": "or: online: true",
        "online": "or: location: \"address of the venue\"",
        "signup": "the email address or web page where readers sign up",
        "draft": "a draft is shown in the preview only. Remove this line when the text is "
                 "ready to be published",
    },
}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(kind: Kind, title: str, now: datetime, person: str, lang: str,
                 organisation: Organisation) -> str:
    """The settings block `new` writes: valid, a draft, with comments in the file's language."""
    says = _COMMENTS[lang]
    lines = [
        f"title: {_quoted(title)}",
        f'description: ""  # {says["description"]}',
        f"tags: []  # {says['tags']}",
    ]
    local = now.astimezone(AMSTERDAM)
    if kind is Kind.SERVICE:
        lines.append(f"contact: {person}  # {says['contact_service']}")
    elif kind is Kind.EXPERTISE:
        lines.append(f"contact: {person}  # {says['contact']}")
    elif kind is Kind.POST:
        lines += [
            f"date: {local:%Y-%m-%d %H:%M}  # {says['date']}",
            f"authors: [{person}]  # {says['authors']}",
            f"categories: []  # {says['categories']}",
        ]
    elif kind is Kind.EVENT:
        start = (local + timedelta(days=14)).replace(hour=13, minute=30)
        lines += [
            f"start: {start:%Y-%m-%d %H:%M}  # {says['start']}",
            f"end: {start.replace(hour=16):%Y-%m-%d %H:%M}",
            f"location: {_quoted(organisation.address)}  # {says['location']}"
            if organisation.address else f"online: true  # {says['online']}",
            f"signup: mailto:{organisation.email}  # {says['signup']}"
            if organisation.email else f"# signup: https://...  # {says['signup']}",
        ]
    lines.append(f"draft: true  # {says['draft']}")
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
    folder.mkdir(parents=True, exist_ok=True)
    text = front_matter(kind, title, now, person, lang, config.settings.organisation)
    path.write_text(text + PLACEHOLDER_TEXT[lang] + "\n", encoding="utf-8")
    return path
