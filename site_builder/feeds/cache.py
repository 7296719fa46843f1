"""The feed cache folder: one JSON file per feed, replaced whole and atomically.

A refresh that is interrupted (Ctrl+C, a crash, a full disk) leaves every file either as
it was or as it became, never half-written: each file is written under a temporary name
in the same folder, flushed to disk, and then renamed over the old one with `os.replace`,
which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from slugify import slugify

from ..config import FeedSource
from .records import CachedFeed

TEMP_PREFIX = ".partial-"


def cache_file(cache_dir: Path, source: FeedSource) -> Path:
    """The feed's file; the URL is part of the name, so a feed that moves starts afresh."""
    digest = hashlib.sha256(source.url.encode("utf-8")).hexdigest()[:12]
    return cache_dir / f"{slugify(source.name)[:60] or 'feed'}-{digest}.json"


def read_cached(cache_dir: Path, source: FeedSource) -> CachedFeed | None:
    """The feed's last good answer, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(cache_file(cache_dir, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    cached = CachedFeed.from_json(data)
    # A file from another feed (renamed in mkdocs.yml) is not this feed's news.
    return cached if cached is not None and cached.url == source.url else None


def write_cached(cache_dir: Path, source: FeedSource, cached: CachedFeed) -> Path:
    """Replace the feed's file atomically: readers see the old file or the new, never a part."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_file(cache_dir, source)
    data = json.dumps(cached.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=cache_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target


def remove_leftovers(cache_dir: Path, now: float, older_than: float = 3600.0) -> None:
    """Temporary files of a refresh that was killed before it could rename them. Young ones
    may belong to a refresh running right now, so they stay."""
    if cache_dir.is_dir():
        for leftover in cache_dir.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                if now - leftover.stat().st_mtime > older_than:
                    leftover.unlink()
