"""Reading `content/` into the content model, collecting every problem on the way."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .frontmatter import YamlDocument, parse_markdown, parse_yaml, read_text
from .i18n import SECTION_FOLDERS
from .model import Content, Item, Person, UncheckedFile
from .problems import Problems
from .schema import SCHEMAS, HomeMeta, Kind, PersonMeta, validate_meta

PEOPLE_FILE = "people.yml"


def kind_of(path_in_language: PurePosixPath, lang: str) -> Kind:
    """A file's kind follows from its folder; outside the section folders it is a page."""
    text = str(path_in_language)
    for kind, folder in SECTION_FOLDERS[lang].items():
        if text.startswith(folder + "/") and path_in_language.name != "index.md":
            return kind
    return Kind.PAGE


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
    parsed = parse_markdown(text, shown, problems)
    if parsed is None:
        return None
    relative = PurePosixPath(source)
    lang = relative.parts[0]
    kind = kind_of(PurePosixPath(*relative.parts[1:]), lang)
    schema = HomeMeta if relative.parts[1:] == ("index.md",) else SCHEMAS[kind]
    meta = validate_meta(schema, parsed.meta, shown, problems)
    if meta is None:
        return UncheckedFile(source, lang, dict(parsed.meta.data), parsed.body,
                             parsed.body_line, dict(parsed.meta.lines))
    return Item(kind=kind, lang=lang, source=source, meta=meta, body=parsed.body,
                body_line=parsed.body_line, key_lines=dict(parsed.meta.lines))


def load_content(content_dir: Path, languages: tuple[str, ...], label: str,
                 problems: Problems) -> Content:
    """Read every language folder of content/ and the people registry."""
    items: list[Item] = []
    unreadable: set[str] = set()
    unchecked: list[UncheckedFile] = []
    for lang in languages:
        folder = content_dir / lang
        if not folder.is_dir():
            problems.error(f"{label}/{lang}", None, f"the folder for language '{lang}' is "
                           "missing. Create it, with at least an index.md home page.")
            continue
        for path in sorted(folder.rglob("*.md")):
            relative = path.relative_to(content_dir)
            if any(part.startswith((".", "_")) for part in relative.parts):
                continue
            item = load_item(path, relative.as_posix(), label, problems)
            if isinstance(item, Item):
                items.append(item)
                continue
            unreadable.add(relative.as_posix())
            if item is not None:
                unchecked.append(item)
    people = load_people(content_dir, label, problems)
    return Content(languages=languages, people=people, items=tuple(items),
                   unreadable=frozenset(unreadable), unchecked=tuple(unchecked))
