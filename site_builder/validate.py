"""Checks across files: people, counterparts, links, images, and the audience boundary."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from .body_check import check_markdown, report_findings
from .drafts import check_home_pages, check_unfinished, unpublished_link
from .images import ImageCatalogue, is_picture
from .linking import LinkResolver, Origin
from .links import Reference
from .model import SHARED_DIR, Content, Item, UncheckedFile
from .problems import Problems, did_you_mean_id, did_you_mean_path
from .schema import EventMeta
from .settings_problems import example
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
                       f"folder, like `{example('counterpart', item.lang)}`.")
    elif other.lang == item.lang:
        problems.error(shown, line, f"the counterpart '{target}' is in the same language; "
                       "it must be the same page in the other language.")
    elif item.is_public and not other.is_public:
        problems.error(shown, line, f"this public page names an internal page as its "
                       f"counterpart ('{target}'); internal pages must never be linked publicly.")


def _check_body(item: Item | UncheckedFile, links: LinkResolver, shown: str,
                problems: Problems, now: datetime) -> set[str]:
    """Links and pictures in the text, resolved as the site and the newsletters resolve them
    (linking.py). The audience and publication rules need valid settings, so a file whose
    settings failed gets only the others. Returns the content files it uses."""
    if isinstance(item, Item):
        origin = links.origin_of(item, item.is_published(now))
    else:
        origin = Origin(shown, item.body_line, item.source, item.lang, public=False,
                        published=False)
    findings, targets = check_markdown(links, origin, item.body)
    report_findings(origin, findings, problems)
    return {target.file for target in targets.values() if target.file}


def _check_image(item: Item, links: LinkResolver, shown: str, problems: Problems) -> set[str]:
    image = item.meta.image
    if not image:
        return set()
    origin = links.origin_of(item, now_published=False)
    ref = Reference(image.src, image.alt, 1, True)
    target, messages = links.resolve(origin, ref)
    if ref.is_local and not (links.content_dir / _resolve(item, ref.path)).is_file():
        messages = [f"the image '{image.src}' does not exist. Write its path from this file, "
                    f"like `{example('image', item.lang)}`."]
    elif target.file and not messages:
        messages = links.picture_problems(image.src, target.file)
    for message in messages:
        problems.error(shown, item.line_of("image.src"), message)
    return {target.file} if target.file else set()


def check_unused_shared(content_dir: Path, label: str, used: set[str],
                         problems: Problems) -> None:
    folder = content_dir / SHARED_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(content_dir).as_posix()
        if path.is_file() and not path.name.startswith(".") and relative not in used:
            problems.warning(f"{label}/{relative}", None, "no page, post or newsletter uses "
                             "this file, yet it is published with the site. Link to it, or "
                             "delete it.")


def _check_other_pictures(content_dir: Path, label: str, images: ImageCatalogue,
                          problems: Problems) -> None:
    """Every picture in the content is published, used or not: one that cannot be read is
    reported at the file itself (where it is used, the lines that use it say so too)."""
    for path in sorted(content_dir.rglob("*")):
        source = path.relative_to(content_dir).as_posix()
        if path.is_file() and is_picture(path.name) and not any(
                part.startswith((".", "_")) for part in source.split("/")):
            reason = images.problem(source)
            if reason is not None:
                problems.error(f"{label}/{source}", None, f"this picture cannot be read: "
                               f"{reason}. Save it again as JPEG or PNG, or remove it.")


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
        line = item.line_of(f"hero.actions.{index}.link")
        if target is not None and target.is_public and target.is_draft:
            problems.error(shown, line, unpublished_link(
                link, shown.removesuffix(item.source) + target.source, target))
            continue
        if path in generated or (target is not None and target.is_public):
            continue
        if f"{item.lang}/{path}" in content.unreadable:
            continue  # that file's own error says what is wrong; one mistake, one message
        choices = sorted(generated | {i.docs_path for i in content.items
                                      if i.lang == item.lang and i.is_public})
        problems.error(shown, line,
                       f"the button '{action.text}' leads to '{link}', which is not a page of "
                       f"this site.{did_you_mean_path(path, choices)} Write the path of a page "
                       "from this file, like `contact.md` or `diensten/index.md`.")


def check_item(item: Item, content: Content, label: str, problems: Problems, now: datetime,
               links: LinkResolver) -> set[str]:
    """The checks of one item against the rest of the content; returns the content files it
    uses."""
    shown = f"{label}/{item.source}"
    _check_people(item, content, shown, problems)
    _check_counterpart(item, content, shown, problems)
    used = _check_image(item, links, shown, problems)
    used |= _check_body(item, links, shown, problems, now)
    _check_event(item, shown, problems)
    _check_home(item, content, shown, problems)
    check_unfinished(item, shown, problems)
    return used


def check_site(content: Content, content_dir: Path, label: str, problems: Problems,
               now: datetime, links: LinkResolver) -> set[str]:
    """The checks of the site as a whole: all but `check_item` of each item. Of the items
    they read the settings, never the text (the files whose settings did not validate aside:
    a check with those has errors), so a check that finds only texts changed needs to repeat
    `check_item` of those alone (check.py `_site_check` and `_check_again`). Returns the
    content files they use."""
    used: set[str] = set()
    for unchecked in content.unchecked:
        shown = f"{label}/{unchecked.source}"
        _check_people(unchecked, content, shown, problems)
        used |= _check_body(unchecked, links, shown, problems, now)
    used |= {person.avatar for person in content.people.values() if person.avatar}
    _check_unique_urls(content, label, problems)
    check_home_pages(content, label, problems)
    _check_avatars(content, content_dir, label, problems)
    if links.images is not None:
        _check_other_pictures(content_dir, label, links.images, problems)
    return used
