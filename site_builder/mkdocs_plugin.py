"""The MkDocs plugin: glue only.

It declares the `site_builder` settings so MkDocs accepts them in mkdocs.yml,
stops a plain `mkdocs build`, which would publish `content/` as it is
(internal items included), and hands the core's picture sizes to Markdown.
All features live in the core.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import markdown
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .images import PICTURES_MANIFEST, PictureSizes
from .website.mkdocs_run import STAGE_MARKER


class SiteBuilderConfig(Config):
    content_dir = c.Type(str, default="content")
    languages = c.ListOfItems(c.Type(str), default=["nl", "en"])
    organisation = c.Type(dict, default={})
    # Every key under it (sender, ..., signup_limits, trusted_proxies) is checked by the core
    # (config.NewsletterSettings), so new ones need no declaring here.
    newsletter = c.Type(dict, default={})
    # Partner feeds: checked in full by the core (config.Settings); MkDocs only needs to
    # accept the keys.
    feeds = c.ListOfItems(c.Type(dict), default=[])
    feeds_cache_dir = c.Type(str, default=".cache/feeds")
    feeds_timeout = c.Type((int, float), default=10)
    build_cache_dir = c.Type(str, default=".cache/build")
    default_image = c.Optional(c.Type(str))
    images_cache_dir = c.Type(str, default=".cache/images")


class SiteBuilderPlugin(BasePlugin[SiteBuilderConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not (Path(config.docs_dir) / STAGE_MARKER).is_file():
            raise PluginError(
                "this site is built with `site-builder build` (or previewed with "
                "`site-builder serve`), not with `mkdocs` directly: the publishing system "
                "checks the content and keeps internal items off the public site."
            )
        manifest = Path(config.docs_dir) / PICTURES_MANIFEST
        if manifest.is_file():
            config.markdown_extensions.append(PictureSizes.from_manifest(
                manifest.read_text(encoding="utf-8"), source_of=_markdown_file))
        return None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Publish pages at the addresses the core chose (posts under their date), as
        Material's blog plugin did: the staged path keeps relative links working."""
        marker = Path(config.docs_dir) / STAGE_MARKER
        try:
            urls = json.loads(marker.read_text("utf-8")).get("urls") or {}
        except ValueError:
            urls = {}
        for file in files.documentation_pages():
            url = urls.get(file.src_uri)
            if url:
                file.dest_uri = url + "index.html"
                file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir,
                                                                   file.dest_uri))
                file.url = url
        return None


def _markdown_file(md: markdown.Markdown) -> str | None:
    """The staged file a Markdown instance is rendering: MkDocs gives each page its own
    instance, with a `relpath` processor that holds the page's file."""
    try:
        relpath = md.treeprocessors["relpath"]
    except KeyError:
        return None
    file = getattr(relpath, "file", None)
    return getattr(file, "src_uri", None)
