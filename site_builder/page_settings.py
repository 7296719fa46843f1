"""Material's page and post settings that depend on the theme and on mkdocs.yml.

The schema knows their shape; whether `template: x.html`, `icon: set/name` and
`status: name` exist is up to the theme and the configuration, and a blog post's
`links` must lead somewhere a reader may go. A build would fail on any of them
(or show a broken link), so `check` finds them first, at the file and line.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import material

from .config import SiteConfig
from .drafts import unpublished_link
from .model import Content, Item
from .problems import Problems, did_you_mean, likely_meant
from .schema import PostLink, PostMeta

# Material shows these statuses with an icon of its own; others need `extra: status:`.
MATERIAL_STATUSES = ("new", "deprecated")


def theme_folders(config: SiteConfig) -> list[Path]:
    """Where the theme looks for templates and icons: `custom_dir` first, then Material's."""
    return [*own_theme_folders(config), Path(material.__file__).parent / "templates"]


def own_theme_folders(config: SiteConfig) -> list[Path]:
    """The site's own folder of templates and icons (`custom_dir`), if it has one."""
    theme = config.raw.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return [config.root / str(custom)] if custom else []


def _icon_hint(icon: str, folders: Iterable[Path]) -> str:
    icon_set, _, name = icon.partition("/")
    names = [path.stem for folder in folders
             for path in (folder / ".icons" / icon_set).glob("*.svg")]
    meant = likely_meant(name, names) if names else None
    return f" Did you mean `{icon_set}/{meant}`?" if meant else ""


def _check_theme_settings(item: Item, folders: list[Path], statuses: set[str], shown: str,
                          problems: Problems) -> None:
    meta = item.meta
    if meta.template and not any((folder / meta.template).is_file() for folder in folders):
        problems.error(shown, item.line_of("template"), f"the template '{meta.template}' does "
                       "not exist. Use an HTML template of the theme (like `main.html`), or put "
                       "your own in the theme's `custom_dir` (templates/overrides/).")
    if meta.icon and not any((folder / ".icons" / f"{meta.icon}.svg").is_file()
                             for folder in folders):
        problems.error(shown, item.line_of("icon"), f"there is no icon '{meta.icon}'."
                       f"{_icon_hint(meta.icon, folders)} Pick one from "
                       "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/ "
                       "and write it like `icon: material/handshake-outline`.")
    if meta.status and meta.status not in statuses:
        problems.error(shown, item.line_of("status"), f"the status '{meta.status}' is not "
                       f"defined.{did_you_mean(meta.status, statuses)} Use one of "
                       f"{', '.join(f'`{s}`' for s in sorted(statuses))}, or describe it in "
                       "mkdocs.yml under `extra:` → `status:`, like `new: Recently added`.")


def _link_targets(links: Iterable[PostLink], prefix: str = "links") -> Iterable[tuple[str, str]]:
    for index, link in enumerate(links):
        if link.target:
            yield f"{prefix}.{index}", link.target
        yield from _link_targets(link.links, f"{prefix}.{index}")


def _check_post_links(item: Item, content: Content, label: str, shown: str, now: datetime,
                      problems: Problems) -> None:
    """A post's `links` are paths from the language folder, as in Material's `nav`."""
    if not isinstance(item.meta, PostMeta):
        return
    for key, target in _link_targets(item.meta.links):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue
        source = posixpath.normpath(posixpath.join(item.lang, unquote(parts.path)))
        linked = content.item(source)
        line = item.line_of(key)
        if linked is None:
            if source in content.unreadable:
                continue
            problems.error(shown, line, f"the link '{target}' in `links` leads to a page that "
                           f"does not exist ({label}/{source}). In `links`, write the path of "
                           "a page from the language folder, like `diensten/coaching.md`, or "
                           "a web address.")
        elif item.is_public and not linked.is_public:
            problems.error(shown, line, f"this public post links to the internal page "
                           f"{label}/{linked.source} in `links`. Internal content must never be "
                           "linked from a public page.")
        elif item.is_published(now) and not linked.is_published(now):
            problems.error(shown, line, unpublished_link(target, f"{label}/{linked.source}",
                                                         linked))


def check_page_settings(content: Content, config: SiteConfig, label: str, problems: Problems,
                        now: datetime) -> None:
    """Templates, icons and statuses exist; a post's `links` lead where readers may go."""
    folders = theme_folders(config)
    extra = config.raw.get("extra") or {}
    defined = extra.get("status") if isinstance(extra, dict) else None
    statuses = set(MATERIAL_STATUSES) | set(defined if isinstance(defined, dict) else ())
    for item in content.items:
        shown = f"{label}/{item.source}"
        _check_theme_settings(item, folders, statuses, shown, problems)
        _check_post_links(item, content, label, shown, now, problems)
