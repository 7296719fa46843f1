"""Checks across files: people, counterparts, links, images, and the audience boundary."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from .links import references
from .model import Content, Item, UncheckedFile
from .problems import Problems, did_you_mean_id, did_you_mean_path
from .schema import EventMeta
from .website.paths import generated_pages


def _resolve(item: Item | UncheckedFile, target: str) -> str:
    """A link target relative to the item, as a path relative to content/."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(item.source), target))


def _check_people(item: Item | UncheckedFile, content: Content, shown: str,
                  problems: Problems) -> None:
    settings = item.meta.model_dump() if isinstance(item, Item) else item.settings
    references_by_key: list[tuple[str, str]] = []
    contact = settings.get("contact")
    if isinstance(contact, str) and contact:
        references_by_key.append(("contact", contact))
    authors = settings.get("authors")
    if isinstance(authors, list | tuple):
        references_by_key += [(f"authors.{i}", a) for i, a in enumerate(authors)
                              if isinstance(a, str)]
    for key, person_id in references_by_key:
        if person_id not in content.people:
            problems.error(
                shown, item.line_of(key),
                f"'{person_id}' is not in the people registry (content/people.yml)."
                f"{did_you_mean_id(person_id, content.people)} Use the id of a person listed "
                "there, "
                "or add the person to that file.",
            )


def _check_counterpart(item: Item, content: Content, shown: str, problems: Problems) -> None:
    target = item.meta.counterpart
    if not target:
        return
    line = item.line_of("counterpart")
    other = content.item(target)
    if target in content.unreadable:
        return
    if other is None:
        sources = [i.source for i in content.items if i.lang != item.lang]
        problems.error(shown, line, f"the counterpart '{target}' does not exist."
                       f"{did_you_mean_path(target, sources)} Write the path from the content "
                       "folder, like `en/services/peer-support.md`.")
    elif other.lang == item.lang:
        problems.error(shown, line, f"the counterpart '{target}' is in the same language; "
                       "it must be the same page in the other language.")
    elif item.is_public and not other.is_public:
        problems.error(shown, line, f"this public page names an internal page as its "
                       f"counterpart ('{target}'); internal pages must never be linked publicly.")


def _check_body(item: Item | UncheckedFile, content: Content, content_dir: Path, shown: str,
                problems: Problems, now: datetime) -> None:
    """Links and images in the text. The audience and publication checks need valid
    settings, so a file whose settings failed gets only the others."""
    label = shown[: -len(item.source)]
    for ref in references(item.body):
        line = item.body_line + ref.line - 1
        if ref.is_image and not ref.text.strip():
            problems.error(shown, line, f"the image '{ref.target}' has no alt text. Describe "
                           "what it shows between the square brackets: `![A group of people "
                           "talking](photo.jpg)`.")
        if not ref.is_local or not ref.path:
            continue
        resolved = _resolve(item, ref.path)
        if not resolved.endswith(".md"):
            if not (content_dir / resolved).is_file():
                problems.error(shown, line, f"the file '{ref.target}' does not exist (looked "
                               f"for {label}{resolved}). Check the name and the folder.")
            continue
        target = content.item(resolved)
        if resolved in content.unreadable:
            continue
        if target is None:
            same_language = [i.source for i in content.items if i.lang == item.lang]
            suggestion = did_you_mean_path(resolved, same_language)
            problems.error(shown, line, f"the link '{ref.target}' leads to a page that does not "
                           f"exist ({label}{resolved}).{suggestion}")
        elif target.lang != item.lang:
            problems.error(shown, line, f"the link '{ref.target}' leads into the other language."
                           " Link to a page in the same language; the language switch "
                           "already leads readers to the translation (set `counterpart`).")
        elif not isinstance(item, Item):
            continue
        elif item.is_public and not target.is_public:
            problems.error(shown, line, f"this public page links to the internal page "
                           f"{label}{target.source}. Internal content must never be linked "
                           "from a public page: remove the link or make the target public.")
        elif item.is_published(now) and not target.is_published(now):
            problems.error(shown, line, f"the link '{ref.target}' leads to a post that is not "
                           "published yet (a draft, or dated in the future), so the link "
                           "would be broken on the site.")


def _check_image(item: Item, content_dir: Path, shown: str, problems: Problems) -> None:
    image = item.meta.image
    if image and not (content_dir / _resolve(item, image.src)).is_file():
        problems.error(shown, item.line_of("image.src"), f"the image '{image.src}' does not "
                       "exist. Write its path from this file, like `../images/photo.jpg`.")


def _check_unique_urls(content: Content, label: str, problems: Problems) -> None:
    by_url: dict[str, list[Item]] = defaultdict(list)
    for item in content.items:
        by_url[content.site_url_of(item)].append(item)
    for url, items in by_url.items():
        for other in items[1:]:
            problems.error(f"{label}/{other.source}", 1, f"this page would have the same web "
                           f"address (/{url}) as {label}/{items[0].source}. Give it another "
                           "file name or `slug`.")


def _check_event(item: Item, shown: str, problems: Problems) -> None:
    meta = item.meta
    if isinstance(meta, EventMeta) and item.is_public and not meta.signup:
        problems.warning(shown, 1, "this event has no `signup:` link, so readers cannot sign "
                         "up from the site.")


def _check_avatars(content: Content, content_dir: Path, label: str,
                   problems: Problems) -> None:
    for person in content.people.values():
        if person.avatar and not (content_dir / person.avatar).is_file():
            problems.error(f"{label}/people.yml", None, f"the avatar '{person.avatar}' of "
                           f"{person.id} does not exist. Write its path from the content "
                           "folder, like `nl/images/anouk.jpg`.")


def _material_icon_exists(name: str) -> bool:
    import material

    return (Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg").is_file()


def _check_icon(item: Item, shown: str, problems: Problems) -> None:
    icon = getattr(item.meta, "icon", None)
    if icon and not _material_icon_exists(icon):
        problems.error(shown, item.line_of("icon"), f"there is no icon '{icon}'. Pick one from "
                       "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/ "
                       "and write it like `icon: material/handshake-outline`.")


def _check_home(item: Item, content: Content, shown: str, problems: Problems) -> None:
    """A call to action on the home page must lead to a page the site has."""
    hero = getattr(item.meta, "hero", None)
    if hero is None:
        return
    generated = generated_pages(item.lang)
    for index, action in enumerate(hero.actions):
        link = action.link
        if urlsplit(link).scheme or link.startswith(("#", "/")):
            continue
        path = posixpath.normpath(urlsplit(link).path)
        target = content.item(f"{item.lang}/{path}")
        if path in generated or (target is not None and target.is_public):
            continue
        choices = sorted(generated | {i.docs_path for i in content.items
                                      if i.lang == item.lang and i.is_public})
        problems.error(shown, item.line_of(f"hero.actions.{index}.link"),
                       f"the button '{action.text}' leads to '{link}', which is not a page of "
                       f"this site.{did_you_mean_path(path, choices)} Write the path of a page "
                       "from this file, like `contact.md` or `diensten/index.md`.")


def check_content(content: Content, content_dir: Path, label: str, problems: Problems,
                  now: datetime) -> None:
    """Every check that needs more than one file; adds to `problems`."""
    for item in content.items:
        shown = f"{label}/{item.source}"
        _check_people(item, content, shown, problems)
        _check_counterpart(item, content, shown, problems)
        _check_image(item, content_dir, shown, problems)
        _check_body(item, content, content_dir, shown, problems, now)
        _check_event(item, shown, problems)
        _check_icon(item, shown, problems)
        _check_home(item, content, shown, problems)
    for unchecked in content.unchecked:
        shown = f"{label}/{unchecked.source}"
        _check_people(unchecked, content, shown, problems)
        _check_body(unchecked, content, content_dir, shown, problems, now)
    _check_unique_urls(content, label, problems)
    _check_avatars(content, content_dir, label, problems)
