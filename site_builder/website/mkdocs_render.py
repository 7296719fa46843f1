"""Two pieces of MkDocs' and Material's rendering, without the work they repeat per page.

- `MarkdownConverter` is `mkdocs.structure.pages.Page.render`: MkDocs sets up a new
  Python-Markdown instance, with every extension, for every page, which takes a third of the
  conversion. When every extension is one whose state Python-Markdown's `reset()` clears (its
  own and pymdown-extensions), one instance converts all pages of a language; otherwise each
  page gets its own, as in MkDocs.
- `shared_navigation` keeps the HTML of Material's navigation (the drawer and the tabs) for
  the pages that are not in it (posts, listing pages, archives): on those pages no item is
  marked, so the navigation is the same HTML for every page at the same depth, and it is
  rendered once per depth instead of once per page. A site's own navigation templates may
  take part as long as they use the page only to ask which item it is, as Material's do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.structure.pages")

# Extensions whose per-document state Markdown.reset() clears (they register a reset), and
# site-builder's own, which keep none. An extension given as an object says so itself.
RESETTING = ("markdown.extensions.", "pymdownx.", "site_builder.")
# Material's partials that show the navigation, and depend on the page only through which
# item is the page (or holds it).
NAVIGATION_PARTIALS = ("partials/nav.html", "partials/tabs.html")
# Everything they include, which must not show more of the page either.
NAVIGATION_PARTS = (*NAVIGATION_PARTIALS, "partials/nav-item.html", "partials/tabs-item.html",
                    "partials/logo.html", "partials/source.html", "partials/toc.html",
                    "partials/toc-item.html")


def _reusable(config: MkDocsConfig) -> bool:
    for extension in config["markdown_extensions"]:
        if not isinstance(extension, str):
            if not getattr(extension, "reset_safe", False):
                return False
            continue
        name = extension if "." in extension else f"markdown.extensions.{extension}"
        if not name.startswith(RESETTING):
            return False
    return True


class MarkdownConverter:
    """Page.render for the pages of one build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.reuse = _reusable(config)
        self._md: markdown.Markdown | None = None

    def _markdown(self) -> markdown.Markdown:
        if self._md is not None:
            return self._md.reset()
        md = markdown.Markdown(extensions=self.config["markdown_extensions"],
                               extension_configs=self.config["mdx_configs"] or {})
        if self.reuse:
            self._md = md
        return md

    def render(self, page: Page, files: Files) -> None:
        """What Page.render does (mkdocs/structure/pages.py), step by step."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._markdown()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, self.config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, files, self.config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


def _navigation_urls(nav: Navigation, config: MkDocsConfig) -> list[str]:
    """Every address the navigation partials write (through the `url` filter)."""
    urls = {str(config.theme.get("logo") or ""), str(config.extra.get("homepage") or "")}
    if nav.homepage is not None:
        urls.add(nav.homepage.url)

    def visit(items: list[Any]) -> None:
        for item in items:
            if getattr(item, "url", None) is not None:
                urls.add(str(item.url))
            visit(getattr(item, "children", None) or [])

    visit(nav.items)
    return sorted(urls)


def _about_the_page(env: jinja2.Environment, name: str, material_dir: Path) -> bool:
    """Whether a template may show something of the page: a template of the site's own
    (custom_dir) that uses `page` other than to ask which item it is. Material's navigation
    partials only ask that."""
    try:
        template = env.get_template(name)
    except Exception:
        return False
    filename = Path(template.filename or "")
    if filename.is_relative_to(material_dir):
        return False
    source = filename.read_text("utf-8")
    if source not in _SHOWS_THE_PAGE:  # each build of `serve` asks again
        try:
            _SHOWS_THE_PAGE[source] = not _only_asks_which_item(env.parse(source))
        except Exception:
            _SHOWS_THE_PAGE[source] = True
    return _SHOWS_THE_PAGE[source]


_SHOWS_THE_PAGE: dict[str, bool] = {}


def _is_page(node: Any) -> bool:
    from jinja2 import nodes

    return isinstance(node, nodes.Name) and node.name == "page"


def _which_item(node: Any) -> str | None:
    """'eq' for `item == page` (or `page == item`), 'in' for `page in item.pages`, 'ne' for
    `item != page`: questions whose answer is the same for every page outside the
    navigation (False, False, True). None for anything else."""
    from jinja2 import nodes

    if not isinstance(node, nodes.Compare) or len(node.ops) != 1:
        return None
    left, operand = node.expr, node.ops[0]
    right = operand.expr
    if operand.op in ("eq", "ne") and _is_page(left) != _is_page(right):
        other = right if _is_page(left) else left
        if isinstance(other, nodes.Name | nodes.Getattr) and _only_asks_which_item(other):
            return str(operand.op)
    if operand.op == "in" and _is_page(left) and isinstance(right, nodes.Getattr) and \
            right.attr == "pages" and _only_asks_which_item(right):
        return "in"
    return None


def _only_asks_which_item(node: Any) -> bool:
    """Whether `page` appears under `node` only in `_which_item` questions (or where such a
    question, answered for a page outside the navigation, keeps the template from going)."""
    from jinja2 import nodes

    if _which_item(node) is not None:
        return True
    if isinstance(node, nodes.If):
        never = _which_item(node.test) in ("eq", "in")  # False for a page outside
        return _only_asks_which_item(node.test) and \
            (never or all(_only_asks_which_item(child) for child in node.body)) and \
            all(_only_asks_which_item(child) for child in [*node.elif_, *node.else_])
    if _is_page(node):
        return False
    return all(_only_asks_which_item(child) for child in node.iter_child_nodes())


def shared_navigation(env: jinja2.Environment, nav: Navigation, config: MkDocsConfig) -> None:
    """Render Material's navigation partials once per set of addresses for the pages outside
    the navigation: the partials show such a page only through addresses relative to it."""
    import material
    from mkdocs.utils import normalize_url

    material_dir = Path(material.__file__).parent / "templates"
    if any(_about_the_page(env, name, material_dir) for name in NAVIGATION_PARTS):
        return
    in_nav = {id(page) for page in nav.pages}
    urls = _navigation_urls(nav, config)
    for name in NAVIGATION_PARTIALS:
        template = env.get_template(name)
        render = template.root_render_func
        kept: dict[Any, str] = {}

        def shared(context: Any, render: Any = render, kept: dict[Any, str] = kept
                   ) -> Iterator[str]:
            page, base_url = context.get("page"), context.get("base_url")
            if page is None or id(page) in in_nav:
                yield from render(context)
                return
            key = (base_url, tuple(normalize_url(url, page, base_url) for url in urls))
            if key not in kept:
                kept[key] = "".join(render(context))
            yield kept[key]

        template.root_render_func = shared
