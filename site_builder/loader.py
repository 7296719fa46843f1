"""Reading `content/` into the content model, collecting every problem on the way."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path, PurePosixPath

from .cancel import checkpoint
from .drafts import notes_to_check
from .frontmatter import YamlDocument, parse_markdown, parse_yaml, read_text, titled_by_heading
from .i18n import SECTION_FOLDERS
from .links import references
from .model import Content, Item, Person, UncheckedFile
from .parallel import in_halves
from .problems import Problem, Problems
from .raw_html import sanitise_markdown
from .schema import SCHEMAS, HomeMeta, Kind, PersonMeta
from .settings_problems import validate_meta
from .website.excerpt import count_ahead

PEOPLE_FILE = "people.yml"
# What MkDocs reads as Markdown; only `.md` is ours.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def kind_of(path_in_language: PurePosixPath, lang: str) -> Kind:
    """A file's kind follows from its folder; outside the section folders it is a page.
    A section's own `index.md` is its overview page; an `index.md` in a folder inside the
    section is an item with its pictures beside it (a page bundle, as Hugo calls it)."""
    text = str(path_in_language)
    for kind, folder in SECTION_FOLDERS[lang].items():
        if text.startswith(folder + "/") and text != f"{folder}/index.md":
            return kind
    return Kind.PAGE


def not_read_because(relative: PurePosixPath, languages: tuple[str, ...]) -> str | None:
    """Why a Markdown file in content/ is not read, and what to do; None when it is read."""
    languages_shown = " or ".join(f"content/{lang}/" for lang in languages)
    if relative.suffix != ".md":
        return (f"this file is not read: content files end in `.md`. Rename it to "
                f"`{relative.stem}.md`.")
    if len(relative.parts) == 1 or relative.parts[0] not in languages:
        return (f"this file is not read: it is outside the language folders. Move it into "
                f"{languages_shown}.")
    if relative.name == "_index.md":
        return ("this file is not read: `_index.md` is Hugo's name for a section's front page;"
                " here it is `index.md`. Rename it to `index.md` (or, if that exists, move "
                "its text there).")
    hidden = next((part for part in relative.parts if part.startswith(("_", "."))), None)
    if hidden is not None:
        what = "file" if hidden == relative.name else "folder"
        return (f"this file is not read: a {what} whose name starts with `_` or `.` "
                f"(`{hidden}`) is left out of the site. Rename it or move the file out of it "
                "to publish it; to keep it off the site until it is ready, set `draft: true`.")
    if relative.name == "README.md":
        return ("this file is not read: MkDocs would take a README.md as the front page of its "
                "folder. Rename it (to `index.md` if it is meant as the front page).")
    return None


def _localized(value: str | dict[str, str] | None) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"*": value}
    return dict(value)


def load_people(content_dir: Path, label: str, problems: Problems) -> dict[str, Person]:
    path = content_dir / PEOPLE_FILE
    shown = f"{label}/{PEOPLE_FILE}"
    if not path.is_file():
        problems.warning(shown, None, "there is no people registry yet: contact persons and "
                         "blog authors are listed in this file.")
        return {}
    text = read_text(path, shown, problems)
    document = parse_yaml(text, shown, problems) if text is not None else None
    if document is None:
        return {}
    if not isinstance(document.data, dict):
        problems.error(shown, 1, "the people registry must list people by id, like "
                       "`anouk-de-vries:` with `name:` and `role:` indented below it.")
        return {}
    people: dict[str, Person] = {}
    for person_id, fields in document.data.items():
        line = document.line_of(str(person_id))
        if not isinstance(fields, dict):
            problems.error(shown, line, f"`{person_id}` needs settings indented below it, "
                           "at least `name: ...`.")
            continue
        nested = YamlDocument(fields, {
            key.split(".", 1)[1]: value
            for key, value in document.lines.items()
            if key.startswith(f"{person_id}.")
        })
        meta = validate_meta(PersonMeta, nested, shown, problems)
        if meta is None:
            # Still known by id (its error is reported above): otherwise every page naming
            # the person would get an error of its own for one mistake in this file.
            name = fields.get("name")
            people[str(person_id)] = Person(id=str(person_id), name=str(name or person_id))
            continue
        people[str(person_id)] = Person(
            id=str(person_id),
            name=meta.name,
            role=_localized(meta.role),
            bio=_localized(meta.bio),
            email=meta.email,
            phone=meta.phone,
            avatar=meta.avatar,
        )
    return people


def load_item(path: Path, source: str, label: str, problems: Problems
              ) -> Item | UncheckedFile | None:
    shown = f"{label}/{source}"
    text = read_text(path, shown, problems)
    if text is None:
        return None
    parsed = parse_markdown(text, shown, problems, settings_required=False)
    if parsed is None:
        return None
    parsed = titled_by_heading(parsed)
    body = sanitise_markdown(parsed.body, shown, parsed.body_line, problems)
    # The content check asks for the body's links next, and its pages for its words: found
    # now, from one parse (the sanitiser's, when it reads the body alike), remembered.
    references(body)
    count_ahead(body)
    relative = PurePosixPath(source)
    lang = relative.parts[0]
    kind = kind_of(PurePosixPath(*relative.parts[1:]), lang)
    schema = HomeMeta if relative.parts[1:] == ("index.md",) else SCHEMAS[kind]
    meta = validate_meta(schema, parsed.meta, shown, problems, lang)
    if meta is None:
        return UncheckedFile(source, lang, dict(parsed.meta.data), body,
                             parsed.body_line, dict(parsed.meta.lines))
    return Item(kind=kind, lang=lang, source=source, meta=meta, body=body,
                body_line=parsed.body_line, key_lines=dict(parsed.meta.lines),
                to_check=notes_to_check(text, parsed.body_line))


def load_content(content_dir: Path, languages: tuple[str, ...], label: str,
                 problems: Problems) -> Content:
    """Read every language folder of content/ and the people registry."""
    items: list[Item] = []
    unreadable: set[str] = set()
    unchecked: list[UncheckedFile] = []
    outside = sorted(p for p in content_dir.iterdir() if p.name not in languages) \
        if content_dir.is_dir() else []
    for lang in languages:
        if not (content_dir / lang).is_dir():
            problems.error(f"{label}/{lang}", None, f"the folder for language '{lang}' is "
                           "missing. Create it, with at least an index.md home page.")
    # Every Markdown file is read or reported: none is left out in silence.
    to_read: list[str] = []
    for folder in [content_dir / lang for lang in languages] + outside:
        found = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in found:
            if not path.is_file() or path.suffix.lower() not in MARKDOWN_SUFFIXES:
                continue
            relative = path.relative_to(content_dir).as_posix()
            reason = not_read_because(PurePosixPath(relative), languages)
            if reason is not None:
                problems.warning(f"{label}/{relative}", None, reason)
            else:
                to_read.append(relative)
    read = in_halves(partial(_load_items, content_dir, label), to_read)
    for source, (item, found) in zip(to_read, read, strict=True):
        problems.extend(found)
        if isinstance(item, Item):
            items.append(item)
            continue
        unreadable.add(source)
        if item is not None:
            unchecked.append(item)
    people = load_people(content_dir, label, problems)
    return Content(languages=languages, people=people, items=tuple(items),
                   unreadable=frozenset(unreadable), unchecked=tuple(unchecked))


def _load_items(content_dir: Path, label: str, sources: Sequence[str]
                ) -> list[tuple[Item | UncheckedFile | None, list[Problem]]]:
    """Each file read, with what was found wrong in it."""
    read = []
    for source in sources:
        checkpoint()
        found = Problems()
        read.append((load_item(content_dir / source, source, label, found), list(found)))
    return read
