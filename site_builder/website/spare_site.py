"""The site a build replaces, kept as the next build's starting point.

A build writes the new site beside the old one and swaps it in, so that a failed build
leaves the old site as it was. Written into a new folder, that meant making every folder
of the site and linking every unchanged file again, and deleting as many from the old
one, for a build in which one page changed: a folder costs a fifth of a millisecond to make
here, more while the last site is still being deleted. So the replaced site is kept beside
the site, as `.site.spare`, and the next build takes it as its new folder: it writes only
the files that differ from it, removes the ones no longer made, then swaps it in.

What the spare holds is known from the cache (the manifests of the build that made it).
A build that takes the spare forgets that first: a spare left by a build stopped half-way
is not known, and is deleted. A spare holding a file the manifests do not name (one added
by hand to the site, or left by a stopped build) is deleted too: the site is then built
into a new folder, as it always was without a cache.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .build_cache import BuildCache

SPARE = ".spare"  # .site.spare beside site/

Manifest = dict[str, Any]


def spare_folder(target: Path) -> Path:
    return target.parent / f".{target.name}{SPARE}"


def _prefixes(languages: Iterable[str]) -> dict[str, str]:
    """Each language's folder in the site: the first at the root, the others in their own."""
    languages = list(languages)
    return {lang: "" if lang == languages[0] else f"{lang}/" for lang in languages}


def take_spare(cache_dir: Path, target: Path, into: Path, languages: tuple[str, ...]
               ) -> dict[str, Manifest] | None:
    """Move the spare of `target` to `into` when the cache knows all it holds; the manifest
    of each language's files in it. None when there is none to take; one that cannot be
    trusted is left where it is, for the swap to delete."""
    spare = spare_folder(target)
    if not spare.is_dir():
        return None
    prefixes = _prefixes(languages)
    cache = BuildCache(cache_dir)
    try:
        manifests = {lang: cache.manifest(spare / prefix)[1]
                     for lang, prefix in prefixes.items()}
        # Taken from here on: a build stopped half-way leaves a spare no build trusts.
        for prefix in prefixes.values():
            cache.forget_manifest(spare / prefix)
    finally:
        cache.close()
    if not all(manifests.values()) or not holds_only(spare, {
            prefixes[lang] + relative for lang, files in manifests.items()
            for relative in files}):
        return None
    try:
        spare.rename(into)
    except OSError:  # another filesystem (a work folder elsewhere): build a new folder
        return None
    return manifests


def holds_only(folder: Path, files: set[str]) -> bool:
    """Whether every file in `folder` is one of `files` (paths from it, `/` between)."""
    root = os.fspath(folder)
    for current, _, names in os.walk(root):
        relative = os.path.relpath(current, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        if any(prefix + name not in files for name in names):
            return False
    return True


def remember_spare(cache_dir: Path, target: Path, languages: tuple[str, ...],
                   manifests: dict[str, Manifest]) -> None:
    """What the spare of `target` now holds: the site it replaced, as `manifests` say."""
    cache = BuildCache(cache_dir)
    try:
        for lang, prefix in _prefixes(languages).items():
            cache.set_manifest(spare_folder(target) / prefix, None, manifests.get(lang, {}))
    finally:
        cache.close()
