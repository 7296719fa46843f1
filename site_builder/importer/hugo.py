"""Reading a Hugo site: `content/` with sections (`posts/`, `events/`), page bundles
(`posts/name/index.md` with its pictures), section pages (`_index.md`), and files in another
language (`name.en.md`)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from ..problems import Problems
from ..schema import Kind
from .addresses import collect, expand
from .dates import parse_when, site_zone
from .detect import markdown_files
from .front_matter import read_source
from .kinds import folder_kind, kind_of_page
from .model import Skipped, SourcePage, SourceSite


def _language_of(name: str) -> tuple[str, str | None]:
    """`about.en.md` → ("about", "en"); `about.md` → ("about", None)."""
    stem = PurePosixPath(name).stem
    base, _, lang = stem.rpartition(".")
    if base and len(lang) == 2 and lang.isalpha():
        return base, lang.lower()
    return stem, None


def _permalink(config: dict[str, Any], section: str) -> str | None:
    permalinks = config.get("permalinks") or {}
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.120+: permalinks by page kind
        permalinks = permalinks["page"]
    pattern = permalinks.get(section) if isinstance(permalinks, dict) else None
    return pattern if isinstance(pattern, str) else None


def read_hugo(site: SourceSite, lang: str, problems: Problems
              ) -> tuple[list[SourcePage], list[Skipped]]:
    config = site.settings
    zone = site_zone(config.get("timeZone") or config.get("timezone"))
    # A file without a language in its name is in the site's default language.
    default_lang = str(config.get("defaultContentLanguage") or config.get("languageCode")
                       or "en")[:2].lower()
    pages: list[SourcePage] = []
    skipped: list[Skipped] = []
    for path in markdown_files(site.pages_root):
        rel = PurePosixPath(path.relative_to(site.pages_root).as_posix())
        shown = site.shown(path)
        stem, file_lang = _language_of(rel.name)
        file_lang = file_lang or default_lang
        if file_lang != lang:
            skipped.append(Skipped(shown, f"it is in another language ('{file_lang}'); import "
                                   f"it with --lang {file_lang} if this site has that language."))
            continue
        source = read_source(path, shown, problems)
        if source is None:
            continue
        meta = source.meta or {}
        if meta.get("headless"):
            continue  # a bundle of resources for other pages, never a page itself
        section = rel.parts[0] if len(rel.parts) > 1 else ""
        is_branch, is_leaf = stem == "_index", stem == "index"
        hint = folder_kind(section)
        if is_branch and (len(rel.parts) == 1 or (hint and len(rel.parts) == 2)):
            skipped.append(Skipped(shown, "it is the overview page of "
                                   + ("the whole site" if len(rel.parts) == 1
                                      else f"the section '{section}'")
                                   + "; this site makes its own overviews. Copy its text by hand "
                                   "if it says something the overview should say."))
            continue
        kind = kind_of_page(meta, hint if not is_branch else None)
        name = rel.parent.name if is_leaf or is_branch else stem
        slug = str(meta.get("slug") or name)
        when = parse_when(meta.get("date") or meta.get("publishDate"), zone)
        pattern = _permalink(config, section)
        values: dict[str, Any] = {"section": section, "sections": rel.parent.as_posix(),
                                  "slug": slug, "filename": name, "slugorfilename": slug,
                                  "contentbasename": name,
                                  "title": slugify(str(meta.get("title") or name))}
        if when:
            values.update(year=f"{when.moment:%Y}", month=f"{when.moment:%m}",
                          day=f"{when.moment:%d}")
        if pattern and not is_branch:
            address = expand(pattern, values)
        else:
            address = (rel.parent if is_leaf or is_branch else rel.parent / slug).as_posix()
        pages.append(SourcePage(
            path=path, shown=shown, rel=rel, kind=kind, meta=meta,
            key_lines=source.key_lines, body=source.body, body_line=source.body_line,
            slug=slug, urls=collect(meta.get("url"), address, meta.get("aliases"),
                                    base_path=site.base_path),
            folder=rel.parent, is_index=(is_leaf or is_branch) and kind is Kind.PAGE,
        ))
    return pages, skipped
