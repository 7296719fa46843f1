"""The whole import, decided before anything is written: read the old site, choose each
page's kind and new path, convert every page, and see which new files are already there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath

from slugify import slugify

from ..check import shown_path
from ..config import SiteConfig
from ..i18n import SECTION_FOLDERS
from ..loader import kind_of, load_people
from ..problems import ContentError, Problem, Problems
from ..schema import Kind
from .assets import AssetPlan
from .authors import old_author_names
from .context import ImportContext, is_home, written_as_draft
from .convert import Converted, convert_page
from .dates import parse_when, site_zone
from .detect import detect_site
from .event_fields import fallback_start
from .hugo import read_hugo
from .index import SourceIndex
from .jekyll import read_jekyll
from .kinds import EXPIRY_KEYS, hidden_on_old_site
from .mkdocs_site import read_mkdocs
from .model import Generator, Note, Skipped, SourcePage, SourceSite, Target

KIND_NAMES = {Kind.PAGE: "page", Kind.POST: "news post", Kind.EVENT: "event",
              Kind.SERVICE: "service", Kind.EXPERTISE: "expertise page"}


class Status(StrEnum):
    NEW = "new"  # written by this import
    UNCHANGED = "unchanged"  # the same file is there already (an earlier import)
    EXISTS = "exists"  # another file is there: the old page is not imported


@dataclass
class PlannedFile:
    converted: Converted
    status: Status


@dataclass
class ImportPlan:
    site: SourceSite
    lang: str
    label: str  # content/ as the user sees it
    files: list[PlannedFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    copies: dict[Path, str] = field(default_factory=dict)  # pictures and files to copy

    @property
    def to_write(self) -> list[Converted]:
        return [f.converted for f in self.files if f.status is Status.NEW]


def _read(site: SourceSite, lang: str) -> tuple[list[SourcePage], list[Skipped]]:
    problems = Problems()
    if site.generator is Generator.JEKYLL:
        found = read_jekyll(site, problems)
    elif site.generator is Generator.HUGO:
        found = read_hugo(site, lang, problems)
    else:
        found = read_mkdocs(site, problems)
    problems.raise_if_errors()
    return found


def _kind(page: SourcePage, context: ImportContext, notes: dict[str, list[Note]]) -> Kind:
    """An event needs a start; without one the old file becomes a page."""
    if page.kind is Kind.EVENT and fallback_start(page, context) is None:
        notes.setdefault(page.rel.as_posix(), []).append(Note(
            "It looks like an event, but the old site gave no date it starts, so it is a page "
            "here. To make it an event, move it to the events folder and add `start:` and "
            "`end:`.", needs_you=True))
        return Kind.PAGE
    return page.kind


def _hidden_on_old_site(page: SourcePage, context: ImportContext) -> bool:
    """A draft on the old site, or a page past its end date: the old site did not show it."""
    expiry = next((w for k in EXPIRY_KEYS if (w := parse_when(page.meta.get(k), context.zone))),
                  None)
    return hidden_on_old_site(page.meta, page.rel.parts[0] == "_drafts") or bool(
        expiry and expiry.moment <= context.now)


def _output(page: SourcePage, kind: Kind, lang: str, notes: list[Note]) -> str:
    name = slugify(page.slug) or slugify(str(page.meta.get("title") or "")) or "pagina"
    if kind is not Kind.PAGE:
        return f"{lang}/{SECTION_FOLDERS[lang][kind]}/{name}.md"
    folder = PurePosixPath(*(slugify(part) or part for part in page.folder.parts))
    path = folder / ("index.md" if page.is_index else f"{name}.md")
    found = kind_of(path, lang)
    if found is not Kind.PAGE:
        path = PurePosixPath(f"{name}.md")
        notes.append(Note(f"It was in a folder that holds {KIND_NAMES[found]}s here, so it "
                          "is put at the top. If it is one, move it into that folder and add "
                          "the settings it needs.", needs_you=True))
    return f"{lang}/{path.as_posix()}"


def _unique(output: str, taken: set[str]) -> str:
    number, candidate = 1, output
    while candidate in taken:
        number += 1
        candidate = output.removesuffix(".md") + f"-{number}.md"
    taken.add(candidate)
    return candidate


def plan_import(config: SiteConfig, folder: Path, lang: str, now: datetime,
                generator: Generator | None = None) -> ImportPlan:
    """Everything the import would do; raises ContentError (nothing written) on bad input."""
    site = detect_site(folder, shown_path(folder.resolve()).rstrip("/"), generator)
    pages, skipped = _read(site, lang)
    if not pages:
        raise ContentError([Problem(site.shown_root, None, f"this {site.generator.label} site "
                                    "has no pages to import:")] + [
            Problem(s.shown, None, f"not imported: {s.reason}") for s in skipped])
    label = shown_path(config.content_dir)
    problems = Problems()
    people = load_people(config.content_dir, label, problems)
    problems.raise_if_errors()
    index = SourceIndex(site, pages)
    context = ImportContext(
        site=site, index=index, assets=AssetPlan(config.content_dir), targets={},
        people=people, old_names=old_author_names(site, problems), lang=lang,
        languages=config.languages, now=now,
        zone=site_zone(site.settings.get("timezone") or site.settings.get("timeZone")),
        label=label)
    problems.raise_if_errors()
    extra_notes: dict[str, list[Note]] = {}
    kinds = {page.rel.as_posix(): _kind(page, context, extra_notes) for page in pages}
    if not people and Kind.POST in kinds.values():
        raise ContentError([Problem(f"{label}/people.yml", None, "news posts name their "
                                    "authors from this file, and it lists nobody yet. Add at "
                                    "least one person, then import again.")])
    taken: set[str] = set()
    kept: list[SourcePage] = []
    for page in pages:
        rel = page.rel.as_posix()
        output = _output(page, kinds[rel], lang, extra_notes.setdefault(rel, []))
        if is_home(output) and _hidden_on_old_site(page, context):
            # Everything else comes in as a draft, but the home page cannot be one.
            skipped.append(Skipped(page.shown, "the old site did not show it (a draft, or past "
                                   "its end date), and here it would be the home page, which "
                                   "cannot be a draft; bring it over by hand when it may be "
                                   "published."))
            continue
        output = _unique(output, taken)
        kept.append(page)
        context.targets[rel] = Target(output, written_as_draft(output),
                                      (config.content_dir / output).exists())
    pages = kept
    plan = ImportPlan(site, lang, label, skipped=skipped)
    for page in pages:
        rel = page.rel.as_posix()
        context.assets.owner = rel
        converted = convert_page(context, page, kinds[rel])
        converted.settings.notes[:0] = extra_notes.get(rel, [])
        existing = config.content_dir / converted.target.output
        status = Status.NEW
        if converted.target.exists:
            same = existing.is_file() and existing.read_bytes() == converted.text.encode()
            status = Status.UNCHANGED if same else Status.EXISTS
        plan.files.append(PlannedFile(converted, status))
    written = {f.converted.page.rel.as_posix() for f in plan.files if f.status is Status.NEW}
    plan.copies = context.assets.to_copy(written)
    return plan
