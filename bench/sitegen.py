"""A realistic site of N posts for the benchmarks: Dutch and English, as staff would write it.

Made from a fixed seed, so the same N gives the same site, byte for byte. Posts have front
matter (dates over several years, authors, categories, topics, a picture for some), a few
paragraphs with headings, lists, emphasis and links to other posts and services; around them
a hundred other items: services, expertise pages, events, plain pages, the home pages, a people
registry, small generated pictures and a newsletter issue.

    .venv/bin/python bench/sitegen.py 1000 /tmp/site-1000   # write one, to look at

`anchor_site` writes the same posts and pages as plain MkDocs projects (one per language)
built with Material's blog plugin: the benchmark's yardstick.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 12, 0)  # the benchmark's clock (SITE_BUILDER_NOW)
CLOCK = NOW.strftime("%Y-%m-%d %H:%M")
DUTCH_SHARE = 0.6  # a Dutch organisation writes most of its news in Dutch
PICTURES = 24

WORDS = {
    "nl": [
        "inwoners", "gemeente", "wijkteam", "ervaringsdeskundige", "gesprek", "regie", "hulp",
        "ondersteuning", "mantelzorger", "jongeren", "geldzorgen", "schulden", "werk",
        "vrijwilligers", "training", "buurt", "samen", "vertrouwen", "luisteren", "afspraak",
        "formulier", "toegang", "beleid", "uitvoering", "keukentafel", "zorg", "welzijn",
        "participatie", "kansen", "stap", "verhaal", "ervaring", "netwerk", "kennis", "vraag",
        "antwoord", "dag", "week", "jaar", "plan", "aanpak", "uitkomst", "team", "collega",
        "partner", "school", "huis", "familie"
    ],
    "en": [
        "residents", "municipality", "team", "experience", "expert", "conversation", "direction",
        "help", "support", "carer", "young", "people", "money", "worries", "debt", "work",
        "volunteers", "training", "neighbourhood", "together", "trust", "listening",
        "appointment", "form", "access", "policy", "practice", "kitchen", "table", "care",
        "wellbeing", "participation", "chances", "step", "story", "knowledge", "question",
        "answer", "day", "week", "year", "plan", "approach", "outcome", "colleague", "partner",
        "school", "home", "family"
    ],
}
GLUE = {
    "nl": [
        "de", "het", "een", "en", "van", "in", "met", "voor", "op", "naar", "die", "dat", "is",
        "zijn", "wordt", "we", "je", "ze", "ook"
    ],
    "en": [
        "the", "a", "and", "of", "in", "with", "for", "on", "to", "that", "is", "are", "we",
        "you", "they", "also", "our"
    ],
}
TAGS = ["zelfredzaamheid", "ervaringsdeskundigheid", "gemeenten", "training", "wmo", "jeugd",
        "participatie", "schulden", "mantelzorg", "eenzaamheid", "wonen", "werk", "onderwijs",
        "gezondheid", "vrijwilligers", "toegang", "beleid", "armoede", "taal", "digitaal"]
CATEGORIES = {"nl": ["Nieuws", "Academie", "Beleid", "Verhalen", "Onderzoek", "Evenementen"],
              "en": ["News", "Academy", "Policy", "Stories", "Research", "Events"]}
FOLDERS = {"nl": {"service": "diensten", "event": "agenda"},
           "en": {"service": "services", "event": "events"}}
PEOPLE = ["Anouk de Vries", "Ruben Bakker", "Samira el Amrani", "Joost van Dijk",
          "Mehmet Yilmaz", "Lotte Jansen", "Eva Smit", "Daan Visser", "Fatima Bouzid",
          "Pieter Mulder", "Sanne de Groot", "Youssef Haddou"]


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


@dataclass
class Writer:
    """Sentences and paragraphs from a fixed random source."""

    rng: random.Random
    lang: str

    def words(self, count: int) -> str:
        out = []
        for _ in range(count):
            source = GLUE if self.rng.random() < 0.35 else WORDS
            out.append(self.rng.choice(source[self.lang]))
        return " ".join(out)

    def sentence(self) -> str:
        text = self.words(self.rng.randint(7, 18))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(sentences or self.rng.randint(3, 6)))

    def title(self) -> str:
        text = self.words(self.rng.randint(3, 7))
        return text[0].upper() + text[1:]


@dataclass
class Generated:
    """What a generated site holds, for the benchmark to edit."""

    root: Path
    posts: list[Path] = field(default_factory=list)
    issue: Path | None = None


def _front_matter(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {v}" for k, v in value.items()]
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", ""])


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _pictures(folder: Path, rng: random.Random) -> list[str]:
    """Small landscape pictures (as staff upload after resizing), and the default one."""
    from PIL import Image, ImageDraw

    names = []
    for number in range(PICTURES + 1):
        name = "nieuws-standaard.png" if number == PICTURES else f"foto-{number:02d}.png"
        picture = Image.new("RGB", (480, 300), tuple(rng.randrange(120, 240) for _ in range(3)))
        draw = ImageDraw.Draw(picture)
        for _ in range(6):
            x, y, r = rng.randrange(480), rng.randrange(300), rng.randrange(20, 90)
            draw.ellipse((x - r, y - r, x + r, y + r),
                         fill=tuple(rng.randrange(0, 200) for _ in range(3)))
        folder.mkdir(parents=True, exist_ok=True)
        picture.save(folder / name, optimize=True)
        names.append(name)
    return names[:-1]


def _people(content: Path) -> list[str]:
    ids = []
    lines = []
    for number, name in enumerate(PEOPLE):
        person = slug(name)
        ids.append(person)
        lines += [f"{person}:", f"  name: {name}", "  role:", "    nl: Adviseur sociaal domein",
                  "    en: Social domain adviser",
                  f"  email: {person.replace('-', '.')}@zelfwijs.example",
                  f'  phone: "+31 33 000 1{number:03d}"', "  bio:",
                  f"    nl: {name} werkt al jaren in het sociaal domein.",
                  f"    en: {name} has worked in the social domain for years.", ""]
    _write(content / "people.yml", "\n".join(lines))
    return ids


def _body(writer: Writer, links: list[tuple[str, str]], rng: random.Random) -> str:
    parts = [writer.paragraph(), "<!-- more -->", writer.paragraph()]
    for _ in range(rng.randint(2, 3)):
        parts.append(f"## {writer.title()}")
        parts.append(writer.paragraph())
        if rng.random() < 0.5:
            parts.append("\n".join(f"- **{writer.words(2)}** {writer.words(8)}."
                                   for _ in range(rng.randint(3, 5))))
        if rng.random() < 0.2:
            parts.append('!!! tip "' + writer.title() + '"\n    ' + writer.sentence())
        parts.append(writer.paragraph())
    for text, target in links:
        parts.append(f"{writer.sentence()[:-1]}: lees ook [{text}]({target}).")
    return "\n\n".join(parts) + "\n"


def generate_site(target: Path, posts: int, seed: int = 14) -> Generated:
    """A project folder (mkdocs.yml, templates, content, newsletters) with `posts` posts."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", target / "templates")
    content = target / "content"
    people = _people(content)
    generated = Generated(target)
    pictures = _pictures(content / "nl" / "images", rng)
    shutil.copytree(content / "nl" / "images", content / "en" / "images")
    services: dict[str, list[str]] = {}
    for lang in ("nl", "en"):
        writer = Writer(rng, lang)
        folders = FOLDERS[lang]
        services[lang] = []
        for number in range(10):
            title = f"{writer.title()} {number}"
            path = f"{folders['service']}/{slug(title)}.md"
            services[lang].append(path)
            _write(content / lang / path, _front_matter({
                "title": title, "description": writer.sentence(),
                "icon": "material/handshake-outline", "tags": rng.sample(TAGS, 3),
                "contact": rng.choice(people), "order": number * 10,
            }) + "\n" + _body(writer, [], rng))
        for number in range(5):
            title = f"{writer.title()} {number}"
            _write(content / lang / "expertise" / f"{slug(title)}.md", _front_matter({
                "title": title, "description": writer.sentence(), "tags": rng.sample(TAGS, 2),
                "contact": rng.choice(people), "order": number,
            }) + "\n" + _body(writer, [], rng))
        for number in range(20):
            title = f"{writer.title()} {number}"
            start = NOW + timedelta(days=rng.randint(-300, 200), hours=rng.randint(-3, 3))
            _write(content / lang / folders["event"] / f"{slug(title)}.md", _front_matter({
                "title": title, "description": writer.sentence(), "tags": rng.sample(TAGS, 2),
                "start": f"{start:%Y-%m-%d %H}:00",
                "end": f"{start + timedelta(hours=3):%Y-%m-%d %H}:00",
                "location": "Zelfwijs, Voorbeeldlaan 10, 3811 AA Amersfoort",
                "signup": f"https://www.zelfwijs.example/aanmelden/{number}",
                "contact": rng.choice(people),
            }) + "\n" + _body(writer, [], rng))
        for number in range(14):
            title = f"{writer.title()} {number}"
            _write(content / lang / f"{slug(title)}.md", _front_matter({
                "title": title, "description": writer.sentence(),
                "order": 60 + number, "footer": number >= 10,
            }) + "\n" + _body(writer, [], rng))
        _write(content / lang / "index.md", _front_matter({
            "title": "Stichting Zelfwijs", "description": writer.sentence(),
            "image": {"src": f"images/{pictures[0]}", "alt": writer.sentence()},
            "blocks": "[services, news, events, newsletter, network]",
        }) + "\n" + writer.paragraph() + "\n")
    by_lang: dict[str, list[str]] = {"nl": [], "en": []}
    for number in range(posts):
        lang = "nl" if rng.random() < DUTCH_SHARE else "en"
        writer = Writer(rng, lang)
        title = f"{writer.title()} {number}"
        name = f"{slug(title)}.md"
        date = NOW - timedelta(days=rng.randint(0, 6 * 365), hours=rng.randint(0, 10))
        earlier = by_lang[lang][-40:]
        links = [(writer.words(3), other) for other in rng.sample(earlier, min(2, len(earlier)))]
        links.append((writer.words(2), "../../" + rng.choice(services[lang])))
        fields: dict[str, object] = {
            "title": title, "description": writer.sentence(),
            "tags": rng.sample(TAGS, rng.randint(2, 4)),
            "date": f"{date:%Y-%m-%d %H:%M}",
            "authors": rng.sample(people, rng.choice((1, 1, 1, 2))),
            "categories": rng.sample(CATEGORIES[lang], rng.choice((1, 1, 2))),
        }
        if rng.random() < 0.4:
            fields["image"] = {"src": f"../../images/{rng.choice(pictures)}",
                               "alt": writer.sentence()}
        if rng.random() < 0.01:
            fields["draft"] = True
        path = _write(content / lang / "blog" / "posts" / name,
                      _front_matter(fields) + "\n" + _body(writer, links, rng))
        if not fields.get("draft"):  # a published post never links to a draft
            by_lang[lang].append(name)
        generated.posts.append(path)
    generated.issue = _write(target / "newsletters" / "2026-11-extern.md", _front_matter({
        "subject": '"Nieuws van Zelfwijs – november 2026"', "audience": "external",
        "lang": "nl", "date": "2026-11-20 09:00",
        "preheader": '"Het laatste nieuws, en de agenda voor de winter."',
    }) + "\n" + Writer(rng, "nl").paragraph() + "\n")
    _write(target / "newsletters" / "2026-10-extern.md", _front_matter({
        "subject": '"Nieuws van Zelfwijs – oktober 2026"', "audience": "external",
        "lang": "nl", "date": "2026-10-20 09:00",
    }) + "\n" + Writer(rng, "nl").paragraph() + "\n")
    return generated


# -- the yardstick: plain MkDocs with Material's blog plugin ----------------------------------

ANCHOR_CONFIG = """\
site_name: Stichting Zelfwijs
site_url: https://www.zelfwijs.example/{prefix}
theme:
  name: material
  language: {lang}
  font: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
plugins:
  - search
  - blog
"""
# Front matter that Material's blog plugin reads for a post; the rest is ours.
POST_FIELDS = ("title", "description", "date", "authors", "categories", "draft", "tags")


def _blog_front_matter(text: str) -> str:
    """A post as Material's blog wants it: its own fields, a date with seconds-free time."""
    _, header, body = text.split("---\n", 2)
    kept, keep = [], False
    for line in header.splitlines():
        if not line.startswith(" "):
            keep = line.split(":", 1)[0] in POST_FIELDS
        if keep:
            # YAML reads a time without seconds as text; Material wants a timestamp.
            kept.append(re.sub(r"^(date: \S+ \d\d:\d\d)$", r"\1:00", line))
    return "---\n" + "\n".join(kept) + "\n---\n" + body


def anchor_site(site: Path, target: Path) -> list[Path]:
    """One plain MkDocs project per language holding the same pages and posts, built with
    Material's blog plugin; returns their mkdocs.yml files."""
    if target.exists():
        shutil.rmtree(target)
    configs = []
    for lang in ("nl", "en"):
        project = target / lang
        docs = project / "docs"
        shutil.copytree(site / "content" / lang, docs)
        for post in (docs / "blog" / "posts").glob("*.md"):
            post.write_text(_blog_front_matter(post.read_text("utf-8")), "utf-8")
        _write(docs / "blog" / "index.md", "# Nieuws\n" if lang == "nl" else "# News\n")
        authors = ["authors:"]
        for name in PEOPLE:
            authors += [f"  {slug(name)}:", f"    name: {name}",
                        "    description: Adviseur", "    avatar: ../images/foto-00.png"]
        _write(docs / "blog" / ".authors.yml", "\n".join(authors) + "\n")
        prefix = "" if lang == "nl" else "en/"
        configs.append(_write(project / "mkdocs.yml",
                              ANCHOR_CONFIG.format(lang=lang, prefix=prefix)))
    return configs


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    made = generate_site(folder, count)
    anchor_site(folder, folder.parent / (folder.name + "-anchor"))
    print(f"{len(made.posts)} posts in {folder}")
