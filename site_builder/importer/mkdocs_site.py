"""Reading an MkDocs site: every page in `docs/`, and Material's blog posts in
`blog/posts/` (or wherever its blog plugin settings put them)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from slugify import slugify

from ..problems import Problems
from ..schema import Kind
from .addresses import collect
from .body import TITLE_HEADING
from .dates import parse_when
from .detect import markdown_files
from .front_matter import read_source
from .kinds import kind_of_page
from .model import Skipped, SourcePage, SourceSite


def blog_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The options of Material's blog plugin in mkdocs.yml, {} when it is not used."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    for name, options in entries:
        if str(name).split("/")[-1] == "blog":
            return dict(options or {}) | {"enabled": True}
    return {}


def blog_folder(config: dict[str, Any]) -> str:
    return str(blog_settings(config).get("blog_dir") or "blog").strip("/")


def created_date(meta: dict[str, Any]) -> Any:
    """Material writes a post's date as `date: 2024-01-10` or `date: {created: ...}`."""
    value = meta.get("date")
    return value.get("created") if isinstance(value, dict) else value


def read_mkdocs(site: SourceSite, problems: Problems) -> tuple[list[SourcePage], list[Skipped]]:
    blog = blog_folder(site.settings)
    posts = str(blog_settings(site.settings).get("post_dir") or "{blog}/posts").replace(
        "{blog}", blog).strip("/")
    pages: list[SourcePage] = []
    skipped: list[Skipped] = []
    for path in markdown_files(site.pages_root):
        rel = PurePosixPath(path.relative_to(site.pages_root).as_posix())
        shown = site.shown(path)
        if rel.as_posix() == f"{blog}/index.md" and blog_settings(site.settings):
            skipped.append(Skipped(shown, "it is the overview page of the old blog; this site "
                                   "makes its own."))
            continue
        source = read_source(path, shown, problems)
        if source is None:
            continue
        meta = source.meta or {}
        is_post = rel.as_posix().startswith(posts + "/")
        kind = kind_of_page(meta, Kind.POST if is_post else None)
        is_index = rel.stem in ("index", "README")
        slug = str(meta.get("slug") or (rel.parent.name if is_index else rel.stem))
        if is_post:
            when = parse_when(created_date(meta))
            day = f"{when.moment:%Y/%m/%d}/" if when else ""
            heading = TITLE_HEADING.match(source.body)
            title_slug = slugify(str(meta.get("title") or (heading["text"] if heading else "")))
            address = f"{blog}/{day}{meta.get('slug') or title_slug or rel.stem}"
        else:
            address = (rel.parent if is_index else rel.with_suffix("")).as_posix()
        pages.append(SourcePage(
            path=path, shown=shown, rel=rel, kind=kind, meta=meta,
            key_lines=source.key_lines, body=source.body, body_line=source.body_line,
            slug=slug, urls=collect(address, base_path=site.base_path), folder=rel.parent,
            is_index=is_index and kind is Kind.PAGE,
        ))
    return pages, skipped
