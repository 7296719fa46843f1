"""Reading a Jekyll site: `_posts/` (dated file names), `_drafts/`, collections such as
`_events/`, and pages anywhere else that have a settings block."""

from __future__ import annotations

import re
from datetime import date
from fnmatch import fnmatch
from pathlib import PurePosixPath
from typing import Any

from ..problems import Problems
from ..schema import Kind
from .addresses import collect, expand
from .dates import parse_when, site_zone
from .detect import markdown_files
from .front_matter import read_source
from .kinds import folder_kind, kind_of_page
from .model import Skipped, SourcePage, SourceSite

_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
LISTING = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+(site\.|paginator\.)")


def _collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    declared = config.get("collections") or {}
    if isinstance(declared, list):
        return {str(name): {} for name in declared}
    if isinstance(declared, dict):
        return {str(k): v if isinstance(v, dict) else {} for k, v in declared.items()}
    return {}


def _excluded(rel: PurePosixPath, patterns: list[str]) -> bool:
    text = rel.as_posix()
    return any(fnmatch(text, p.strip("/")) or text.startswith(p.strip("/") + "/")
               for p in patterns if isinstance(p, str) and p.strip("/"))


def _categories(meta: dict[str, Any]) -> list[str]:
    value = meta.get("categories", meta.get("category"))
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []


def _post_values(meta: dict[str, Any], slug: str, day: date | None) -> dict[str, Any]:
    values: dict[str, Any] = {"title": slug, "slug": slug, "name": slug, "output_ext": "",
                              "categories": "/".join(c.lower() for c in _categories(meta))}
    if day:
        values.update(year=f"{day:%Y}", month=f"{day:%m}", day=f"{day:%d}",
                      i_month=str(day.month), i_day=str(day.day), short_year=f"{day:%y}",
                      y_day=f"{day:%j}")
    return values


def read_jekyll(site: SourceSite, problems: Problems) -> tuple[list[SourcePage], list[Skipped]]:
    config = site.settings
    collections = _collections(config)
    excluded = [str(p) for p in config.get("exclude") or [] if isinstance(p, str)]
    style = str(config.get("permalink") or "date")
    zone = site_zone(config.get("timezone"))
    pages: list[SourcePage] = []
    skipped: list[Skipped] = []
    for path in markdown_files(site.pages_root):
        rel = PurePosixPath(path.relative_to(site.pages_root).as_posix())
        top = rel.parts[0]
        collection = top[1:] if top.startswith("_") else None
        if collection and top not in ("_posts", "_drafts") and collection not in collections:
            continue  # _includes, _layouts, _data...: parts of the old site's design
        if _excluded(rel, excluded):
            continue
        shown = site.shown(path)
        source = read_source(path, shown, problems)
        if source is None:
            continue
        if source.meta is None:
            skipped.append(Skipped(shown, "it has no settings block at the top, so the old site "
                                   "did not show it as a page."))
            continue
        meta = source.meta
        if LISTING.search(source.body):
            skipped.append(Skipped(shown, "it is an overview that the old site filled in by "
                                   "itself; this site makes its own overviews."))
            continue
        stem = PurePosixPath(rel.name).stem
        dated = _DATED_NAME.match(stem)
        day = date(int(dated[1]), int(dated[2]), int(dated[3])) if dated else None
        slug = str(meta.get("slug") or (dated[4] if dated else stem))
        in_posts = top in ("_posts", "_drafts")
        hint = Kind.POST if in_posts else folder_kind(top) if collection else None
        kind = kind_of_page(meta, hint)
        when = parse_when(meta.get("date"), zone)
        url_day = when.moment.date() if when else day
        if in_posts:
            pattern = _STYLES.get(style, style)
            url = expand(pattern, {**_post_values(meta, slug, url_day), "title": slug})
        elif collection:
            settings = collections.get(collection, {})
            pattern = str(settings.get("permalink") or "/:collection/:path:output_ext")
            pattern = _STYLES.get(pattern, pattern)
            path_in = rel.relative_to(top).with_suffix("").as_posix()
            url = expand(pattern, {**_post_values(meta, slug, url_day), "collection": collection,
                                   "path": path_in, "name": stem, "title": slug})
        else:
            url = rel.with_suffix("").as_posix()
        is_index = stem == "index"
        folder = rel.parent if not collection else PurePosixPath()
        pages.append(SourcePage(
            path=path, shown=shown, rel=rel, kind=kind, meta=meta,
            key_lines=source.key_lines, body=source.body, body_line=source.body_line,
            slug=slug if not is_index else (rel.parent.name or "index"), name_date=day,
            # A draft had no address of its own on the old site.
            urls=collect(meta.get("permalink"), url if top != "_drafts" else None,
                         meta.get("redirect_from"), base_path=site.base_path),
            folder=folder, is_index=is_index,
        ))
    return pages, skipped
