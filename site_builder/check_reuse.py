"""The last check of the content, used again by a command that finds the content as it was.

Reading and checking every file of a big site takes a second or more, and most commands
(`newsletter build` after `build`, `build` after a template change) find the content as the
last one left it. What the check finds depends only on: the files of content/ (Markdown and
YAML by their text; pictures and other files by size, time and inode, as the picture
catalogue judges them), the theme folders of the site (page settings name templates), the
site's settings, the newsletter issues the site archives, site_builder's code and the
installed packages, the folder the command runs in (messages name paths from there), and
the moment: through nothing but which of the content's dates have passed.

So the result is kept with a key of all of those but the moment and the Markdown texts,
with the content's dates and a hash of each Markdown file. It is used again when the key is
the same, the moment lies between the same two dates and every text is as it was. When only
texts changed (a writer's usual save), the check is made again for the changed files alone
if the caller can (`again`, check.py). Only a check without errors is kept, one per site (in
the build cache).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from .model import Content
from .problems import Problem

KIND = "checked-content"
# Files read for their text: the content model is made of them, and a save can keep a
# file's size and (to the filesystem's tick) its time.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
READ_SUFFIXES = MARKDOWN_SUFFIXES | {".yml", ".yaml"}


@dataclass(frozen=True)
class FileCheck:
    """What reading one Markdown file and checking it against the rest of the site found,
    and the content files it uses."""

    problems: tuple[Problem, ...]
    used: frozenset[str]


@dataclass(frozen=True)
class SiteCheck:
    """The content, what checking it found, and the content files its pages use: for the
    site as a whole, and for each item by its source (`files`)."""

    content: Content
    site_problems: tuple[Problem, ...]
    site_used: frozenset[str]
    files: Mapping[str, FileCheck] = field(default_factory=dict)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.site_problems + tuple(
            problem for found in self.files.values() for problem in found.problems)

    @property
    def used(self) -> frozenset[str]:
        return self.site_used.union(*(found.used for found in self.files.values()))


# The settings block of a Markdown file, as frontmatter.py finds it (a line `---` first, to
# the next line `---` or `...`); the whitespace it allows around them is a part of what
# Python's strip() removes, so a block found here never ends before the one read there.
_SETTINGS_BLOCK = re.compile(
    rb"[ \t\r\f\v]*---[ \t\r\f\v]*\n(?:.*?\n)??[ \t\r\f\v]*(?:---|\.\.\.)[ \t\r\f\v]*(?:\n|\Z)",
    re.DOTALL)


def settings_block(text: bytes) -> bytes:
    """The settings block at the top of a Markdown file's `text`; all of it when there is
    none (a file without settings changes the site as a whole, never only its text)."""
    found = _SETTINGS_BLOCK.match(text)
    return found.group() if found else text


def folder_fingerprint(folder: Path, texts: dict[str, bytes] | None = None,
                       settings: dict[str, bytes] | None = None) -> list[Any]:
    """Every file and folder in `folder`: Markdown and YAML by their text, the rest by size,
    modification time and inode. With `texts`, the Markdown files are left out of the list
    and their hashes go into `texts` instead, by their path from `folder`, and the hashes
    of their settings blocks into `settings`, when given."""
    from .website.build_cache import digest

    found: list[Any] = []
    if not folder.is_dir():
        return found
    for root, folders, files in os.walk(folder):
        folders.sort()
        relative = os.path.relpath(root, folder)
        found.append(relative + "/")
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                suffix = os.path.splitext(name)[1].lower()
                if texts is not None and suffix in MARKDOWN_SUFFIXES:
                    with open(path, "rb") as handle:
                        text = handle.read()
                    shown = os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/")
                    texts[shown] = digest(text)
                    if settings is not None:
                        settings[shown] = digest(settings_block(text))
                elif suffix in READ_SUFFIXES:
                    with open(path, "rb") as handle:
                        found.append((relative, name, digest(handle.read())))
                else:
                    stat = os.stat(path)
                    found.append((relative, name, stat.st_size, stat.st_mtime_ns,
                                  stat.st_ino))
            except OSError:
                found.append((relative, name, None))
    return found


def content_dates(content: Content) -> list[datetime]:
    """Every date and time in the content's settings, in order."""
    found: list[datetime] = []

    def collect(value: Any) -> None:
        if isinstance(value, datetime):
            found.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                collect(inner)
        elif isinstance(value, list | tuple | set | frozenset):
            for inner in value:
                collect(inner)

    for item in content.items:
        collect(item.meta.model_dump())
    return sorted(found)


def between(dates: list[datetime], moment: datetime) -> tuple[int, int]:
    """Where `moment` lies among `dates`: equal for two moments that every comparison with
    a date of the content (before, at, after) tells apart in the same way."""
    return bisect.bisect_left(dates, moment), bisect.bisect_right(dates, moment)


class Reused(NamedTuple):
    """A check; the key of what it was made from but the moment and the Markdown texts;
    where the moment lies among the content's dates."""

    check: SiteCheck
    key: bytes
    between: tuple[int, int]


def reused_check(cache_dir: Path, site: Path, key_parts: Iterable[Any], moment: datetime,
                 check: Callable[[], SiteCheck], *, texts: Mapping[str, bytes] | None = None,
                 again: Callable[[SiteCheck, set[str]], SiteCheck | None] | None = None,
                 later: Callable[[Callable[[], None]], None] | None = None) -> Reused:
    """The check kept for this site in the cache in `cache_dir` if nothing it depends on
    changed (`key_parts`, the Markdown `texts` by path, and where `moment` lies among the
    content's dates). If only some texts changed, `again(kept, changed paths)` when it can
    (not None: it may change the items' texts, never their settings); otherwise `check()`.
    A new result is kept for the next time when it found no errors: by the function given
    to `later`, when there is one (a build keeps it while its pages are built), else now."""
    from .website.build_cache import BuildCache, digest

    texts = dict(texts or {})
    key = digest(*key_parts)
    slot = digest(str(site), os.getcwd())
    cache = BuildCache(cache_dir)
    try:
        kept = cache.get(KIND, slot)
    finally:
        cache.close()
    result = None
    if kept is not None and kept["key"] == key and \
            between(kept["dates"], moment) == kept["between"]:
        if kept["texts"] == texts:
            return Reused(kept["check"], key, kept["between"])
        if again is not None and kept["texts"].keys() == texts.keys():
            changed = {path for path, text in texts.items() if kept["texts"][path] != text}
            result = again(kept["check"], changed)
    if result is None:
        result = check()
        dates = content_dates(result.content)
    else:  # `again` changes texts, not settings: the dates are those kept
        dates = kept["dates"]
    where = between(dates, moment)
    if not any(problem.is_error for problem in result.problems):
        entry = {"key": key, "texts": texts, "dates": dates, "between": where,
                 "check": result}

        def keep() -> None:
            cache = BuildCache(cache_dir)
            try:
                cache.put(KIND, slot, entry)
                cache.flush()
            finally:
                cache.close()

        (later or _now)(keep)
    return Reused(result, key, where)


def _now(work: Callable[[], None]) -> None:
    work()
