"""Addresses inside the built site: between staged files, and across the language builds.

Each language is its own MkDocs build (Material's blog needs that), so a
link to the other language leaves the build's root: `../` from English to
Dutch, `en/` from Dutch to English.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath


def md_link(from_docs_path: str, to_docs_path: str) -> str:
    """Relative link between two files of one build, as MkDocs expects in Markdown."""
    return posixpath.relpath(to_docs_path, posixpath.dirname(from_docs_path) or ".")


def page_url(docs_path: str) -> str:
    """The directory URL MkDocs gives a Markdown file (use_directory_urls)."""
    path = PurePosixPath(docs_path)
    if path.stem == "index":
        parent = str(path.parent)
        return "" if parent == "." else parent + "/"
    return str(path.with_suffix("")) + "/"


def language_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def build_link(target_lang: str, url: str, build_lang: str, default: str) -> str:
    """A URL in `target_lang`'s part of the site, relative to the root of `build_lang`'s build."""
    if target_lang == build_lang:
        return url
    to_site_root = "" if build_lang == default else "../"
    return to_site_root + language_prefix(target_lang, default) + url


def relative_url(from_url: str, to_url: str) -> str:
    """Link from one page to another, both given as URLs from the root of the whole site."""
    link = posixpath.relpath("/" + to_url, "/" + from_url)
    return link + "/" if to_url.endswith("/") or not to_url else link
