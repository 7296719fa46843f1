"""MkDocs' build, step by step, on a staged language held in memory, with a page cache.

`mkdocs.commands.build.build()` reads every page from disk, parses its YAML front matter,
converts its Markdown and renders its template, every time. This module takes the same steps
in the same order (files, navigation, pages, static files, theme templates, pages, anchors,
`post_build`), calling the same plugin events, but:

- the pages come from memory: their settings and Markdown, as staged (no YAML round trip);
- a page's Markdown is converted only when what it depends on changed (its text, its address,
  the targets of its links, the Markdown configuration, the versions), and its HTML is
  rendered only when its inputs changed (its settings, content, the navigation, the
  configuration, the theme's templates): see `build_cache.py` for the keys;
- the files go through a `SiteOutput`, which reuses identical files of earlier builds;
- for the largest language of a build, the pages' Markdown is converted before they are
  populated, half in a forked process (`convert_in_halves`), and taken as from the cache.

The output is the same, byte for byte, as MkDocs' own build of the same staged files
(tests/test_incremental_build.py compares them). The page cache is used only when every
plugin is one whose effect on a page is known (`search`, `site_builder`); with any other
plugin every page is converted and rendered, as MkDocs would.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from jinja2 import FileSystemBytecodeCache
from mkdocs import utils
from mkdocs.commands.build import _build_template, get_context
from mkdocs.structure.files import File, Files, file_sort_key, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..cancel import checkpoint
from ..parallel import in_halves
from .build_cache import (
    BuildCache,
    digest,
    markdown_fingerprint,
    markdown_key,
    meta_digest,
    page_key,
    theme_fingerprint,
    toc_tokens,
)
from .mkdocs_render import MarkdownConverter, shared_navigation
from .site_output import SiteOutput
from .staging import StagedLanguage, StagedPage

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.commands.build")

# Plugins whose effect on one page the page cache knows: Material's search indexes a page's
# content (its entries are kept with the page), site_builder only moves posts' addresses.
KNOWN_PLUGINS = frozenset({"material/search", "search", "site_builder"})
PAGE_EVENTS = ("pre_page", "page_markdown", "page_content", "page_context", "post_page")


def staged_markdown(page: StagedPage) -> str:
    """The Markdown MkDocs reads after the front matter (mkdocs.utils.meta.get_data): the
    page's text itself when it is in that form already (no copy)."""
    body = page.body
    if len(body) > 1 and body[-1] == "\n" and not body[-2].isspace() \
            and not body[0].isspace():
        return body
    return f"{body.strip()}\n".lstrip("\n")


# Settings' values with nothing inside to sort or copy.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def staged_meta(value: Any) -> Any:
    """The settings as MkDocs reads them back from the staged YAML: keys sorted, a copy.
    Plain values are taken without a call: a post's settings hold hundreds of them."""
    if isinstance(value, dict):
        return {key: item if type(item) in _LEAVES else staged_meta(item)
                for key, item in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [item if type(item) in _LEAVES else staged_meta(item) for item in value]
    return value


# A plain dict's attributes are its type's: every other name can only be one of its keys.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def dict_first_getattr(env: jinja2.Environment) -> None:
    """Jinja reads `x.name` as the attribute `name`, failing that the key: on a plain dict
    (every page's settings, and the cards, links and dates site-builder gives the
    templates) the attribute lookup raises first, some 230,000 times for one language of
    a 1,000-post site. A plain dict has no attribute of its own, so for any name its type
    lacks, the key is looked up first: the same value, without the exception."""
    looked_up = env.getattr

    def getattr_(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:  # Jinja's own way: an undefined value, and what it says
                pass
        return looked_up(obj, attribute)

    env.getattr = getattr_  # type: ignore[method-assign]


class StagedPageFile(File):
    """A staged page: MkDocs sees a Markdown file in the docs folder; its settings and text
    are taken from memory (`populate`), and its text on disk only if a plugin asks for it."""

    def __init__(self, path: str, staged: StagedPage, config: MkDocsConfig) -> None:
        super().__init__(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        self.staged = staged

    @property
    def content_string(self) -> str:
        return self.staged.text()

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")


def staged_files(config: MkDocsConfig, staged: StagedLanguage) -> Files:
    """The staged language as MkDocs `Files`, in the order and with the exclusions that
    `get_files` gives the same files on disk."""
    docs_dir, site_dir = config.docs_dir, config.site_dir
    use_directory_urls = config.use_directory_urls
    found: list[File] = [StagedPageFile(path, page, config)
                         for path, page in staged.pages.items()]
    for path, data in staged.files.items():
        file = File(path, docs_dir, site_dir, use_directory_urls)
        file._content = data
        found.append(file)
    for path, source in staged.copies.items():
        file = File(path, docs_dir, site_dir, use_directory_urls)
        file.abs_src_path = str(source)
        found.append(file)
    found.sort(key=file_sort_key)
    by_dest: dict[str, File] = {}
    conflicting: list[tuple[File, File]] = []
    for file in found:
        previous = by_dest.setdefault(file.dest_uri, file)
        if previous is not file:
            conflicting.append((previous, file))
    set_exclusions(found, config)
    # README.md beside index.md in one folder: the index wins (get_files, part 2).
    for first, second in conflicting:
        loser = first if second.inclusion.is_included() else second
        if loser is first and first.inclusion.is_included():
            log.warning(f"Excluding '{first.src_uri}' from the site because it conflicts "
                        f"with '{second.src_uri}'.")
        if loser in found:
            found.remove(loser)
    return Files(found)


class _RecordingFiles:
    """`Files`, recording every path a page's links look up: what its HTML depends on."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.looked_up: dict[str, File | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.looked_up[path] = found
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


def _link_target(file: File | None) -> tuple[str, str, bool] | None:
    return None if file is None else (file.src_uri, file.url, file.inclusion.is_excluded())


class BuiltLanguage(NamedTuple):
    files: Files
    nav: Navigation
    env: jinja2.Environment
    doc_files: list[File]


@dataclass
class LanguageSteps:
    """One language's MkDocs build, given its loaded configuration and staged pages."""

    config: MkDocsConfig
    staged: StagedLanguage
    output: SiteOutput
    cache: BuildCache | None
    warnings: list[str] = field(default_factory=list)  # what MkDocs logged (mkdocs_run)
    counts: dict[str, int] = field(default_factory=lambda: {"converted": 0, "rendered": 0,
                                                            "reused": 0})
    built: BuiltLanguage | None = None  # what the build made, for `render_again`
    # The staged pages are not used after this build (`site-builder build`, not the live
    # preview): MkDocs gets each page's settings as staged instead of a copy (a twentieth
    # of a cold build's memory), sorted only when the page is rendered.
    hand_over: bool = False
    # The pages' Markdown is converted in two processes at once (`_convert_ahead`): for the
    # largest language of a build, which would otherwise finish long after the others.
    convert_in_halves: bool = False
    # The Markdown each page's converted Markdown was read ahead by, and its key.
    _keys_ahead: dict[str, tuple[str, bytes]] = field(default_factory=dict, init=False)
    # Pages' converted Markdown made before they are populated, by page (`_convert_ahead`).
    _converted_ahead: dict[str, dict[str, Any]] = field(default_factory=dict, init=False)

    @property
    def caching(self) -> bool:
        """Whether the page cache may be used: every plugin's effect on a page is known."""
        if self.cache is None:
            return False
        plugins = self.config.plugins
        for event in PAGE_EVENTS:
            for method in plugins.events[event]:
                if plugins._event_origins.get(method) not in KNOWN_PLUGINS:
                    return False
        return True

    def run(self) -> None:
        self._theme_environments()
        try:
            self._steps()
        except Exception as exc:
            self.config.plugins.on_build_error(error=exc)
            raise

    def _steps(self) -> None:
        config = self.config
        config = self.config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        self._markdown_fingerprint = markdown_fingerprint(config) if self.caching else None
        self._converter = MarkdownConverter(config)
        files = staged_files(config, self.staged)
        env = config.theme.get_env()
        self._add_theme_files(files, env)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=lambda level: level.is_included())
        self._read_markdown_ahead(doc_files)
        if self.convert_in_halves:
            self._convert_ahead(doc_files, files)
        for file in doc_files:
            checkpoint()
            if file.page is None:
                Page(None, file, config)
            self._populate(file.page, files)
        env = config.plugins.on_env(env, config=config, files=files)
        shared_navigation(env, nav, config)
        self.built = BuiltLanguage(files, nav, env, doc_files)
        for file in files:
            if not file.is_documentation_page() and file.inclusion.is_included():
                self._copy(file)
        for name in config.theme.static_templates:
            self._theme_template(name, env, files, nav)
        for name in config.extra_templates:
            self._extra_template(name, files, nav)
        self._pages(doc_files, nav, env)
        log_level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)

    def render_again(self, path: str, staged: StagedPage) -> tuple[str, bytes] | None:
        """The page at staged `path` with new settings and text, rendered as the build just
        run would render it; with the build's other pages, navigation and templates as they
        were. Returns where it goes in the site and its HTML; None when the build had no such
        page, or MkDocs skips it."""
        assert self.built is not None, "render_again follows a build"
        files, nav, env, doc_files = self.built
        file = files.get_file_from_path(path)
        if not isinstance(file, StagedPageFile) or file.page is None:
            return None
        file.staged = staged
        self._populate(file.page, files)
        html = self._render_page(file.page, doc_files, nav, env)
        return None if html is None else (file.dest_uri, html)

    def _theme_environments(self) -> None:
        """Every Jinja environment of the theme (MkDocs', the search plugin's) looks up
        `x.name` in a plain dict by its key first (`dict_first_getattr`), and, with a cache,
        keeps its compiled templates there: compiling Material's takes longer than
        rendering."""
        theme = self.config.theme
        make_env = theme.get_env
        compiled = FileSystemBytecodeCache(str(self.cache.jinja_folder())) \
            if self.cache is not None else None

        def get_env() -> jinja2.Environment:
            env = make_env()
            dict_first_getattr(env)
            if compiled is not None:
                env.bytecode_cache = compiled
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    # -- files -------------------------------------------------------------
    def _add_theme_files(self, files: Files, env: jinja2.Environment) -> None:
        """Files.add_files_from_theme, from a listing of the theme's folders made once:
        Material's folder alone holds 14,000 files (its icons)."""
        config = self.config
        for path, folder in theme_listing(config, env, self.cache):
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    def _copy(self, file: File) -> None:
        content = file._content
        if content is None:
            self.output.copy(file.dest_uri, file.abs_src_path)
        else:
            self.output.write(file.dest_uri, content.encode("utf-8") if isinstance(
                content, str) else content)

    # -- pages: Markdown ---------------------------------------------------
    def _read_markdown_ahead(self, doc_files: list[File]) -> None:
        """Read the converted Markdown of every staged page from the cache at once, by the
        key it has unless a plugin changes its Markdown (then it is read on its own)."""
        fingerprint = self._markdown_fingerprint
        if self.cache is None or not self.caching or not fingerprint:
            return
        for file in doc_files:
            if isinstance(file, StagedPageFile):
                markdown = staged_markdown(file.staged)
                self._keys_ahead[file.src_uri] = (
                    markdown, markdown_key(fingerprint, file.src_uri, file.url, markdown))
        self.cache.read_ahead("markdown", [key for _, key in self._keys_ahead.values()])

    def _populate(self, page: Page, files: Files) -> None:
        """mkdocs.commands.build._populate_page, with the page taken from the stage."""
        config = self.config
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            staged = page.file.staged
            # The settings as staged until the page is rendered (`_pages`): most pages of a
            # quick build are not, and sorting a copy of each was a tenth of its MkDocs step.
            page.markdown = staged_markdown(staged)
            page.meta = staged.meta if self.hand_over else staged_meta(staged.meta)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                            config=config, files=files)
            self._render_markdown(page, files)
            page.content = config.plugins.on_page_content(page.content, page=page,
                                                          config=config, files=files)
        except Exception as exc:
            log.error(f"Error reading page '{page.file.src_uri}': {exc}")
            raise
        finally:
            config._current_page = None

    def _render_markdown(self, page: Page, files: Files) -> None:
        cache = self.cache if self.caching else None
        key = self._markdown_key(page) if cache is not None else None
        # Converted ahead from the staged Markdown, which is the page's: no plugin changes it.
        ahead = self._converted_ahead.pop(page.file.src_uri, None)
        if ahead is not None and self._take_converted(page, files, ahead):
            self.counts["converted"] += 1
            if cache is not None and key is not None:
                cache.put("markdown", key, ahead)
            return
        if cache is not None and key is not None:
            entry = cache.get("markdown", key)
            if entry is not None and self._take_converted(page, files, entry):
                return
        entry = self._converted(page, files)
        self.counts["converted"] += 1
        if cache is not None and key is not None and entry is not None:
            cache.put("markdown", key, entry)

    def _converted(self, page: Page, files: Files) -> dict[str, Any] | None:
        """Convert the page's Markdown; what it made, to keep (None: MkDocs had something
        to say about it, which is said again whenever it is converted)."""
        recording = _RecordingFiles(files)
        warnings_before = len(self.warnings)
        self._converter.render(page, recording)  # type: ignore[arg-type]
        if len(self.warnings) != warnings_before:
            return None
        return {
            "content": page.content, "toc": toc_tokens(page), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {path: _link_target(file) for path, file in recording.looked_up.items()},
            "links_to_anchors": {file.src_uri: dict(anchors) for file, anchors in
                                 (page.links_to_anchors or {}).items()},
        }

    @staticmethod
    def _take_converted(page: Page, files: Files, entry: dict[str, Any]) -> bool:
        """The page as converted earlier (`_converted`); False when a page it links to is
        not what it was then."""
        if not all(_link_target(files.get_file_from_path(path)) == target
                   for path, target in entry["links"].items()):
            return False
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {
                files.get_file_from_path(uri): dict(anchors)
                for uri, anchors in entry["links_to_anchors"].items()}
        return True

    def _convert_ahead(self, doc_files: list[File], files: Files) -> None:
        """Convert the Markdown of the pages the cache does not hold, every other one in a
        forked process, at the same time (parallel.in_halves); the pages then take it when
        they are populated, in their order, as from the cache. Only where no plugin changes
        a page's Markdown: it is then the staged Markdown."""
        if self._changes_markdown():
            return
        to_convert = [file for file in doc_files if isinstance(file, StagedPageFile)
                      and not self._in_cache(file)]
        converted = in_halves(partial(self._convert_all, files), to_convert)
        self._converted_ahead = {file.src_uri: entry for file, entry
                                 in zip(to_convert, converted, strict=True) if entry}

    def _convert_all(self, files: Files, to_convert: Sequence[File]
                     ) -> list[dict[str, Any] | None]:
        config, found = self.config, []
        for file in to_convert:
            checkpoint()
            page = file.page if file.page is not None else Page(None, file, config)
            page.markdown = staged_markdown(file.staged)
            warnings_before = len(self.warnings)
            config._current_page = page
            try:
                entry = self._converted(page, files)
            except Exception:  # converted again when populated, and reported there
                entry = None
            finally:
                config._current_page = None
                # Said again, in the pages' order, when the page is converted again.
                del self.warnings[warnings_before:]
            page.content = page.markdown = None  # until populated
            found.append(entry)
        return found

    def _changes_markdown(self) -> bool:
        plugins = self.config.plugins
        return bool(plugins.events["pre_page"] or plugins.events["page_markdown"])

    def _in_cache(self, file: File) -> bool:
        ahead = self._keys_ahead.get(file.src_uri)
        return ahead is not None and self.cache is not None and \
            self.cache.holds("markdown", ahead[1])

    def _markdown_key(self, page: Page) -> bytes | None:
        """The key of the page's converted Markdown (None: the settings have none); the one
        read ahead while its Markdown is the same, instead of hashing it again."""
        fingerprint = self._markdown_fingerprint
        if not fingerprint:
            return None
        markdown = page.markdown or ""
        ahead = self._keys_ahead.get(page.file.src_uri)
        if ahead is not None and ahead[0] == markdown:
            return ahead[1]
        return markdown_key(fingerprint, page.file.src_uri, page.file.url, markdown)

    # -- pages: HTML -------------------------------------------------------
    def _pages(self, doc_files: list[File], nav: Navigation, env: jinja2.Environment) -> None:
        cache = self.cache if self.caching else None
        search = _search_index(self.config)
        site = cache.site_fingerprint(self.config, nav) if cache is not None else None
        keys: list[bytes | None] = [None] * len(doc_files)
        if cache is not None and site is not None:
            # Every page is populated: its key is known now, and all are read at once.
            keys = [page_key(site, file.page, _settings_digest(file)) for file in doc_files]
            cache.read_ahead("page", keys)
        for file, key in zip(doc_files, keys, strict=True):
            checkpoint()
            page = file.page
            assert page is not None
            entry = cache.get("page", key) if cache is not None and key is not None else None
            if entry is not None and (entry["digest"] is None or self.output.reuse(
                    file.dest_uri, entry["digest"])):
                if search is not None:  # unpickled for this page alone: no copy needed
                    search.entries.extend(entry["search"])
                self.counts["reused"] += 1
                continue
            before = len(search.entries) if search is not None else 0
            if self.hand_over:  # sorted for this page's templates only
                page.meta = staged_meta(file.staged.meta)
            html = self._render_page(page, doc_files, nav, env)
            if self.hand_over:
                page.meta = file.staged.meta
            self.counts["rendered"] += 1
            digest_ = self.output.write(file.dest_uri, html) if html is not None else None
            if cache is not None and key is not None:
                # `put` pickles them at once: what the search plugin does later is not kept.
                cache.put("page", key, {
                    "digest": digest_,
                    "search": search.entries[before:] if search is not None else []})

    def _render_page(self, page: Page, doc_files: list[File], nav: Navigation,
                     env: jinja2.Environment) -> bytes | None:
        """mkdocs.commands.build._build_page, returning the page instead of writing it."""
        config = self.config
        config._current_page = page
        try:
            page.active = True
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            if output.strip():
                return output.encode("utf-8", errors="xmlcharrefreplace")
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
            return None
        except Exception as exc:
            log.error(f"Error building page '{page.file.src_uri}': {exc}")
            raise
        finally:
            page.active = False
            config._current_page = None

    def _extra_template(self, name: str, files: Files, nav: Navigation) -> None:
        """mkdocs.commands.build._build_extra_template, writing through the output."""
        import jinja2

        file = files.get_file_from_path(name)
        if file is None:
            log.warning(f"Template skipped: '{name}' not found in docs_dir.")
            return
        try:
            template = jinja2.Template(file.content_string)
        except Exception as exc:
            log.warning(f"Error reading template '{name}': {exc}")
            return
        output = _build_template(name, template, files, self.config, nav)
        if output.strip():
            self.output.write(file.dest_uri, output.encode("utf-8"))
        else:
            log.info(f"Template skipped: '{name}' generated empty output.")

    def _theme_template(self, name: str, env: jinja2.Environment, files: Files,
                        nav: Navigation) -> None:
        """mkdocs.commands.build._build_theme_template, writing through the output."""
        from jinja2.exceptions import TemplateNotFound

        try:
            template = env.get_template(name)
        except TemplateNotFound:
            log.warning(f"Template skipped: '{name}' not found in theme directories.")
            return
        output = _build_template(name, template, files, self.config, nav)
        if not output.strip():
            log.info(f"Template skipped: '{name}' generated empty output.")
            return
        data = output.encode("utf-8")
        self.output.write(name, data)
        if name == "sitemap.xml":
            timestamp = utils.get_build_timestamp(
                pages=[f.page for f in files.documentation_pages() if f.page is not None])
            self.output.write(f"{name}.gz", _gzipped(data, f"{name}.gz", timestamp))


_THEME_LISTINGS: dict[bytes, list[tuple[str, str]]] = {}


def theme_listing(config: MkDocsConfig, env: jinja2.Environment, cache: BuildCache | None
                  ) -> list[tuple[str, str]]:
    """The theme's static files (path, theme folder), as Files.add_files_from_theme finds
    them; kept for the theme's version and the contents of its other folders."""
    key = digest(theme_fingerprint(config), config.theme.static_templates)
    listing = _THEME_LISTINGS.get(key)
    if listing is None and cache is not None:
        listing = cache.get("theme", key)
    if listing is None:
        found = Files([])
        found.add_files_from_theme(env, config)
        listing = [(file.src_uri, file.src_dir) for file in found]
        if cache is not None:
            cache.put("theme", key, listing)
    _THEME_LISTINGS[key] = listing
    return listing


def _gzipped(data: bytes, filename: str, mtime: int) -> bytes:
    import io

    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=filename, mode="wb", mtime=mtime) as gz:
        gz.write(data)
    return buffer.getvalue()


def _search_index(config: MkDocsConfig) -> Any | None:
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None


def _settings_digest(file: File) -> bytes:
    if isinstance(file, StagedPageFile):
        return file.staged.settings_digest
    assert file.page is not None
    return meta_digest(file.page.meta)
