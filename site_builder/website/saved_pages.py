"""The saved page first: what `serve` shows of a save before it builds the whole site again.

Building the site again after a save reads and checks every file, stages every page and runs
MkDocs' steps: seconds on a site of a thousand posts, while the writer looks at the one page
they saved. So, as Hugo's fast render does, the preview first renders only the saved pages,
with everything else as the last build left it (the other pages, the menu, the site map the
links are checked against), and shows them; then it builds the whole site, which replaces
them and brings the listings, feeds, related blocks and search up to date.

A saved page is shown first only when it can be shown as it will be: the file was a page or
post of the last build, it still reads and checks without errors, and its address, kind and
visibility are the same. Anything else (a new, moved or deleted file, a template, the
settings, the people registry) waits for the whole build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from ..check import shown_path
from ..config import SiteConfig
from ..images import ImageCatalogue
from ..linking import LinkResolver
from ..loader import MARKDOWN_SUFFIXES, load_item
from ..model import Content, Item
from ..problems import Problems
from ..validate import check_item
from .mkdocs_run import render_page_again
from .mkdocs_steps import LanguageSteps
from .pages import LanguageStager
from .paths import TEMPLATES_DIR
from .select import PublicView
from .seo import ShareSite, describe
from .staging import StagedLanguage, make_environment


@dataclass
class LastBuild:
    """What the last preview build that succeeded read and made."""

    config: SiteConfig
    content: Content
    views: dict[str, PublicView]
    links: LinkResolver
    images: ImageCatalogue
    share: ShareSite
    now: datetime
    preview: bool
    staged: dict[str, StagedLanguage]
    epochs: dict[str, str]
    # Each language's finished MkDocs build (the session adds them as they run).
    steps: dict[str, LanguageSteps] = field(default_factory=dict)


class RenderedPage(NamedTuple):
    lang: str
    path: str  # in the language's part of the site, like blog/2026/01/12/titel/index.html
    html: bytes


def pages_first(last: LastBuild, saved: Iterable[Path]) -> list[RenderedPage]:
    """The pages of the `saved` files that can be shown before the whole build (see above);
    none when a saved file may change every page."""
    content_dir = last.config.content_dir.resolve()
    stagers: dict[str, LanguageStager] = {}
    rendered = []
    for path in sorted(set(saved)):
        try:
            relative = PurePosixPath(path.resolve().relative_to(content_dir).as_posix())
        except ValueError:
            return []  # a template or mkdocs.yml
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            if len(relative.parts) > 1 and relative.parts[0] in last.staged:
                continue  # a picture or download: the pages that use it wait for the build
            return []  # the people registry, or a folder every language shares
        item = _checked_item(last, path, relative)
        if item is None:
            continue
        if item.lang not in stagers:
            stagers[item.lang] = _stager(last, item.lang)
        page = _rendered(last, stagers[item.lang], item)
        if page is not None:
            rendered.append(page)
    return rendered


def _checked_item(last: LastBuild, path: Path, relative: PurePosixPath) -> Item | None:
    """The saved file as an item, if it reads and checks without errors and is still shown
    where the last build showed it."""
    lang, source = relative.parts[0], relative.as_posix()
    before = last.content.item(source)
    if lang not in last.staged or before is None or not last.views[lang].shows(before):
        return None
    label = shown_path(last.config.content_dir)
    problems = Problems()
    item = load_item(path, source, label, problems)
    if not isinstance(item, Item) or problems.errors:
        return None
    if (item.kind, item.url, item.docs_path) != (before.kind, before.url, before.docs_path) \
            or not item.is_public \
            or not item.is_published(last.now, include_drafts=last.preview):
        return None
    check_item(item, last.content, label, problems, last.now, last.links)
    return None if problems.errors else item


def _stager(last: LastBuild, lang: str) -> LanguageStager:
    config = last.config
    return LanguageStager(last.views, lang, make_environment(config.root / TEMPLATES_DIR),
                          config.content_dir, config.site_url, config.site_name,
                          default_picture=config.settings.default_image, links=last.links,
                          images=last.images)


def _rendered(last: LastBuild, stager: LanguageStager, item: Item) -> RenderedPage | None:
    language, steps = last.staged[item.lang], last.steps.get(item.lang)
    before = language.pages.get(item.docs_path)
    page = stager.page_of(item)
    if page is None or before is None or steps is None:
        return None
    seo = before.meta["sb"]["seo"]  # the address and translations stay as they were
    describe(language, item.docs_path, page, item, url=seo["url"],
             translations=seo["alternates"], site=last.share, people=last.content.people)
    found = render_page_again(steps, item.docs_path, page, last.epochs.get(item.lang))
    return None if found is None else RenderedPage(item.lang, *found)
