"""Reading and checking all content: the first stage of every command."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from .anchors import AnchorIndex
from .cancel import checkpoint
from .check_reuse import FileCheck, SiteCheck, folder_fingerprint, reused_check
from .config import SiteConfig
from .images import ImageCatalogue
from .linking import LinkResolver
from .loader import load_content, load_item
from .model import Content, Item
from .newsletter.issue import Issue, load_issue
from .page_settings import check_page_settings, own_theme_folders
from .parallel import in_halves
from .problems import Problem, Problems
from .validate import check_item, check_site, check_unused_shared
from .website.build_cache import code_fingerprint
from .website.site_map import site_map


def shown_path(path: Path) -> str:
    """A path as the user can open it from where they ran the command."""
    relative = os.path.relpath(path, Path.cwd())
    return str(path) if relative.startswith("..") else relative


def newsletter_issues(config: SiteConfig, problems: Problems) -> list[Issue]:
    """Every issue in the newsletter folder, oldest file name first."""
    folder = config.root / config.settings.newsletter.dir
    issues = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        issue = load_issue(path, shown_path(path), problems)
        if issue is not None:
            issues.append(issue)
    return issues


def image_catalogue(config: SiteConfig) -> ImageCatalogue:
    """The pictures of the content, with the cache of their resized files."""
    return ImageCatalogue(config.content_dir, config.images_cache_dir,
                          label=shown_path(config.content_dir))


# The resolvers made for the latest content read: a build asks for the same site (the same
# moment, the same archived issues, the same pictures) from the check, the staging and each
# newsletter issue, and making one maps the whole site.
_RESOLVERS: dict[tuple[object, ...], tuple[ImageCatalogue, LinkResolver]] = {}
_RESOLVED_FOR: list[tuple[SiteConfig, Content]] = []


def link_resolver(config: SiteConfig, content: Content, moment: datetime,
                  issues: list[Issue], *, preview: bool = False,
                  images: ImageCatalogue | None = None) -> LinkResolver:
    """Links resolved against the site as a build at `moment` makes it; pictures read with
    `images` (a new catalogue if none is given)."""
    # In one order: a newsletter issue lists itself first, and is the same site.
    archived = {lang: sorted(slugs) for lang, slugs in archived_issues(issues, moment).items()}
    if not _RESOLVED_FOR or _RESOLVED_FOR[0][0] is not config or \
            _RESOLVED_FOR[0][1] is not content:
        _RESOLVERS.clear()
        _RESOLVED_FOR[:] = [(config, content)]
    if images is None:  # the pictures as read for this content already (they are the same)
        images = next((known for known, _ in reversed(_RESOLVERS.values())), None) or \
            image_catalogue(config)
    key = (moment, preview, id(images), tuple(sorted((lang, tuple(slugs))
                                                     for lang, slugs in archived.items())))
    if key not in _RESOLVERS or _RESOLVERS[key][0] is not images:
        _RESOLVERS[key] = images, _new_resolver(config, content, moment, archived, preview,
                                                images)
    return _RESOLVERS[key][1]


def archived_issues(issues: list[Issue], moment: datetime) -> dict[str, list[str]]:
    """The issues the site's newsletter archive shows at `moment`, by language."""
    archived: dict[str, list[str]] = {}
    for issue in issues:
        if issue.is_external and issue.meta.date <= moment:
            archived.setdefault(issue.meta.lang, []).append(issue.slug)
    return archived


def forget_resolvers() -> None:
    """Let the content they hold go (a build's MkDocs steps need the memory)."""
    _RESOLVERS.clear()
    _RESOLVED_FOR.clear()


def _new_resolver(config: SiteConfig, content: Content, moment: datetime,
                  archived: dict[str, list[str]], preview: bool,
                  images: ImageCatalogue) -> LinkResolver:
    pages = site_map(content, moment, site_url=config.site_url, content_dir=config.content_dir,
                     archive_folders=config.settings.newsletter.archive,
                     archived_issues=archived,
                     default_picture=config.settings.default_image, preview=preview,
                     images=images)
    return LinkResolver(content, pages, AnchorIndex(config.raw.get("markdown_extensions")),
                        config.content_dir, shown_path(config.content_dir), images)


@dataclass(frozen=True)
class ContentInputs:
    """What a reused check found the content made of: for a build to tell which parts of
    the site are made of what they were made of last time (website/stage_reuse.py)."""

    key: bytes  # all but the moment and the Markdown files (check_reuse.py)
    between: tuple[int, int]  # where the moment lies among the content's dates
    texts: dict[str, bytes]  # each Markdown file's text, hashed, by its path in content/
    settings: dict[str, bytes]  # each Markdown file's settings block, hashed


def checked_content(config: SiteConfig, now: datetime, *, newsletters: bool = False,
                    images: ImageCatalogue | None = None, reuse: bool = False
                    ) -> tuple[Content, list[Problem]]:
    """All content, validated; raises ContentError listing every error (and warning).
    With `newsletters`, every newsletter issue is checked too (as `newsletter check` would).
    Pictures are read with `images` (a new catalogue if none is given). With `reuse`, the
    last check is used again if nothing it depends on changed (check_reuse.py)."""
    content, warnings, _ = content_and_inputs(config, now, newsletters=newsletters,
                                              images=images, reuse=reuse)
    return content, warnings


def content_and_inputs(config: SiteConfig, now: datetime, *, newsletters: bool = False,
                       images: ImageCatalogue | None = None, reuse: bool = False,
                       later: Callable[[Callable[[], None]], None] | None = None
                       ) -> tuple[Content, list[Problem], ContentInputs | None]:
    """`checked_content`, and with `reuse` what the content was found made of; the check is
    kept for the next command by the function given to `later`, if any (check_reuse.py)."""
    problems = Problems()
    label = shown_path(config.content_dir)
    if not config.content_dir.is_dir():
        problems.error(label, None, "the content folder does not exist. Create it, or set "
                       "`content_dir` in the site_builder section of mkdocs.yml.")
        problems.raise_if_errors()
    # What is wrong in the issues is collected apart: an issue whose intro has an error can
    # still be built, to report the rest, as long as the content is sound.
    in_issues = Problems()
    issues = newsletter_issues(config, in_issues)
    inputs = None
    if reuse:
        texts: dict[str, bytes] = {}
        settings: dict[str, bytes] = {}
        site, key, moment = reused_check(config.build_cache_dir, config.path, [
            code_fingerprint(), config.raw, label, archived_issues(issues, now),
            folder_fingerprint(config.content_dir, texts, settings),
            [folder_fingerprint(folder) for folder in own_theme_folders(config)]],
            now, lambda: _site_check(config, now, issues, images, label), texts=texts,
            again=lambda kept, changed: _check_again(config, now, issues, images, label,
                                                     kept, changed), later=later)
        inputs = ContentInputs(key, moment, texts, settings)
    else:
        site = _site_check(config, now, issues, images, label)
    content = site.content
    problems.extend(site.problems)
    used_by_newsletters: set[str] = set()
    if newsletters or issues:
        from .newsletter.email_links import check_issue_links

        for issue in issues:
            used_by_newsletters |= check_issue_links(config, content, issue, issues, now,
                                                     in_issues)
    check_unused_shared(config.content_dir, label, site.used | used_by_newsletters, problems)
    if newsletters:
        if not problems.errors:
            _render_issues(config, content, issues, now, in_issues)
        problems.extend(in_issues)
    problems.raise_if_errors()
    return content, problems.warnings, inputs


def _site_check(config: SiteConfig, now: datetime, issues: list[Issue],
                images: ImageCatalogue | None, label: str) -> SiteCheck:
    """The content read and checked, but for the newsletters' use of its shared files."""
    problems = Problems()
    default_image = config.settings.default_image
    if default_image and not (config.content_dir / default_image).is_file():
        problems.error(config.path.name, None, f"the `default_image` '{default_image}' does not "
                       f"exist in {label}/. Write its path from the content folder, like "
                       "`nl/images/nieuws.png`, or leave the setting out.")
    read = Problems()
    content = load_content(config.content_dir, config.languages, label, read)
    links = link_resolver(config, content, now, issues, images=images)
    by_file: dict[str, list[Problem]] = {}
    for problem in read:
        by_file.setdefault(problem.path, []).append(problem)
    files = {}
    checked = in_halves(partial(_check_items, content, label, now, links), content.items)
    for item, (in_text, used) in zip(content.items, checked, strict=True):
        found = Problems()
        found.extend(by_file.pop(f"{label}/{item.source}", []))
        found.extend(in_text)
        files[item.source] = FileCheck(tuple(found), used)
    problems.extend(problem for rest in by_file.values() for problem in rest)
    used = check_site(content, config.content_dir, label, problems, now, links)
    check_page_settings(content, config, label, problems, now)
    return SiteCheck(content, tuple(problems), frozenset(used), files)


def _check_items(content: Content, label: str, now: datetime, links: LinkResolver,
                 items: Sequence[Item]) -> list[tuple[list[Problem], frozenset[str]]]:
    """What `check_item` finds in each of `items`, and the files each uses."""
    checked = []
    for item in items:
        checkpoint()
        found = Problems()
        used = check_item(item, content, label, found, now, links)
        checked.append((list(found), frozenset(used)))
    return checked


def _check_again(config: SiteConfig, now: datetime, issues: list[Issue],
                 images: ImageCatalogue | None, label: str, kept: SiteCheck,
                 changed: set[str]) -> SiteCheck | None:
    """`kept` with the Markdown files at the paths `changed` read and checked again, when
    only their texts changed: not their settings, nor the anchors other pages can link to.
    The rest of the site cannot see anything else of a text (validate.check_site), so what
    was found in the other files stands. None when that is not so: then all is checked."""
    before = {item.source: item for item in kept.content.items}
    if not changed <= before.keys() & kept.files.keys():
        return None
    anchors = AnchorIndex(config.raw.get("markdown_extensions"))
    items: dict[str, Item] = {}
    read: dict[str, Problems] = {}
    for source in sorted(changed):
        found = Problems()
        item = load_item(config.content_dir / source, source, label, found)
        old = before[source]
        if not isinstance(item, Item) or (item.kind, item.meta) != (old.kind, old.meta) or \
                anchors.ids_of_markdown(item.body) != anchors.ids_of_markdown(old.body):
            return None
        items[source], read[source] = item, found
    content = replace(kept.content, items=tuple(items.get(item.source, item)
                                                for item in kept.content.items))
    links = link_resolver(config, content, now, issues, images=images)
    files = dict(kept.files)
    for source, item in items.items():
        used = check_item(item, content, label, read[source], now, links)
        files[source] = FileCheck(tuple(read[source]), frozenset(used))
    return SiteCheck(content, kept.site_problems, kept.site_used, files)


def _render_issues(config: SiteConfig, content: Content, issues: list[Issue], now: datetime,
                   problems: Problems) -> None:
    """Each issue built as `newsletter build` (and, for the archive, `build`) builds it, so
    what they would refuse (an email rule, at its Markdown line) `check` refuses first. What
    was found already is not repeated."""
    from .newsletter.build import render_issue
    from .problems import ContentError

    seen = set(problems)
    for issue in issues:
        others = [other for other in issues if other.path != issue.path]
        try:
            found = list(render_issue(config, content, issue, others, now).warnings)
        except ContentError as error:
            found = error.problems
        for problem in found:
            if problem not in seen:
                seen.add(problem)
                problems.extend([problem])
