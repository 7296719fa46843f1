"""The build cache in `.cache/build/`: what earlier builds converted and rendered, by key.

A key is a hash of everything that goes into a result, so a result found under its key is
the result a fresh build would make:

- a page's Markdown, converted to HTML: the Markdown, the page's place and address, the
  Markdown extensions and their settings, link checking settings, and the code (the version
  of every installed package: MkDocs, Material, Python-Markdown, pymdown-extensions,
  Pygments, Jinja...; and site_builder's own files). The targets its links led to are kept
  with the result and looked up again: a result whose link targets moved or went is not used.
- a page's HTML: the page's settings, content, table of contents, title and address, the
  navigation (every title and address in it), the whole MkDocs configuration, the theme's
  templates (Material's version, and every file of `custom_dir`) and the build date.

Nothing is ever looked up by file name or date, so a stale result cannot be found: when
anything changes, the key changes. Results not used for two weeks are removed. The folder is
safe to delete at any time; the next build is a cold one.
"""

from __future__ import annotations

import enum
import hashlib
import json
import marshal
import mmap
import os
import pickle
import sqlite3
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from datetime import time as dt_time
from functools import cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

F = TypeVar("F", bound=Callable[..., Any])
CACHE_FOLDER = ".cache/build"
SCHEMA = 2  # 2: entries indexed by the day they were last used
KEEP_DAYS = 14
PENDING_LIMIT = 4 * 1024 * 1024  # bytes of new results held before they are written
BUSY_TIMEOUT = 60  # seconds another build may keep the cache busy
NOTICE_AFTER = 3  # seconds of waiting for a busy cache before saying so
READ_AHEAD = 500  # keys asked for in one query (SQLite before 3.32 allows 999 values)
# Settings that say where files are, not what they hold.
PLACES = frozenset({"docs_dir", "site_dir", "config_file_path", "dev_addr", "watch"})


class Uncacheable(Exception):
    """A value whose effect on the output cannot be written into a key."""


def digest(*parts: Any) -> bytes:
    """A 16-byte hash of strings, bytes and canonical values."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        _feed(hasher, part)
    return hasher.digest()


def _feed(hasher: Any, part: Any) -> None:
    # Texts (most often a page's) go in as they are, also inside lists: writing them as
    # JSON first, escaping every character, was a good part of a quick build.
    if isinstance(part, bytes):
        data = b"b" + part
    elif isinstance(part, str):
        data = b"s" + part.encode("utf-8", "surrogatepass")
    elif isinstance(part, list | tuple):
        hasher.update(b"l" + len(part).to_bytes(8, "little"))
        for item in part:
            _feed(hasher, item)
        return
    else:
        data = b"j" + canonical(part).encode("utf-8", "surrogatepass")
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)


def canonical(value: Any) -> str:
    """A text that is equal for equal settings: sorted keys, no addresses in memory."""
    try:  # plain data, the usual case: JSON, written in C
        return _CANONICAL.encode(value)
    except TypeError:  # keys of several types
        return repr(_plain(value))


def _json_default(value: Any) -> Any:
    plain = _plain(value)
    return ["~", repr(plain)] if not isinstance(plain, str | int | float | bool) else plain


# json.dumps with these settings, made once: it would make an encoder for every value.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_json_default)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return value
    if isinstance(value, datetime | date | dt_time):
        return (type(value).__name__, value.isoformat(), str(getattr(value, "tzinfo", None)))
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, Mapping) or (hasattr(value, "items") and hasattr(value, "keys")):
        return ("map", tuple(sorted((str(k), _plain(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_plain(item) for item in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(_plain(item)) for item in value)))
    kind = type(value)
    if hasattr(value, "on_config") and hasattr(value, "config"):  # a plugin: its settings
        return ("plugin", kind.__module__, kind.__qualname__, _plain(value.config))
    if kind.__name__ == "Theme":
        return ("theme", value.name, tuple(value.dirs), tuple(value.static_templates),
                str(getattr(value, "locale", "")), _plain(value._vars))
    if kind.__name__ in ("GitIgnoreSpec", "PathSpec"):
        return ("spec", tuple(str(getattr(p, "pattern", p)) for p in value.patterns))
    if kind.__name__ in ("Locale", "_IpAddressValue"):  # value objects, whole in their text
        return (kind.__name__, str(value))
    if hasattr(value, "getConfigs"):  # a Markdown extension given as an object
        key = getattr(value, "cache_key", None)
        if key is None:
            raise Uncacheable(f"{kind.__qualname__} has no cache_key")
        return ("extension", kind.__module__, kind.__qualname__, _plain(value.getConfigs()),
                _plain(key() if callable(key) else key))
    raise Uncacheable(f"cannot write a {kind.__qualname__} into a key")


@cache
def code_fingerprint() -> bytes:
    """The versions of every installed package (MkDocs, Material, Markdown and its
    extensions, Jinja, Pygments, premailer...), Python's, and site_builder's own files."""
    installed = sorted(
        name for folder in sys.path if os.path.isdir(folder)
        for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info")))
    package = Path(__file__).resolve().parents[1]
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".j2", ".json", ".css"):
            hasher.update(path.relative_to(package).as_posix().encode())
            hasher.update(path.read_bytes())
    return digest(installed, sys.version, hasher.digest())


def markdown_fingerprint(config: MkDocsConfig) -> bytes | None:
    """What a page's conversion depends on besides the page: the extensions and settings."""
    try:
        return digest(code_fingerprint(), config["markdown_extensions"], config["mdx_configs"],
                      config.validation, config.use_directory_urls)
    except Uncacheable:
        return None


def markdown_key(fingerprint: bytes, src_uri: str, url: str, markdown: str) -> bytes:
    """The key of a page's converted Markdown: given apart, it is known before the page."""
    return digest(fingerprint, src_uri, url, markdown)


def theme_files(folder: str | Path) -> bytes:
    hasher = hashlib.blake2b(digest_size=16)
    root = Path(folder)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(root).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.digest()


def theme_fingerprint(config: MkDocsConfig) -> bytes:
    """Material's and MkDocs' own templates by version; any other theme folder by content."""
    import material
    import mkdocs

    packaged = {str(Path(module.__file__).parent): module.__name__
                for module in (material, mkdocs)}
    parts: list[Any] = []
    for folder in config.theme.dirs:
        owner = next((name for root, name in packaged.items()
                      if os.path.commonpath([root, folder]) == root), None)
        parts.append(("package", owner) if owner else ("files", theme_files(folder)))
    return digest(*parts)


def config_fingerprint(config: MkDocsConfig) -> bytes | None:
    """The whole MkDocs configuration, after the plugins' `config` events, but its paths."""
    try:
        return digest(code_fingerprint(),
                      [(key, value) for key, value in config.items() if key not in PLACES])
    except Uncacheable:
        return None


def nav_fingerprint(nav: Navigation) -> bytes:
    """Every title, address and nesting in the navigation, which every page shows."""

    def items(entries: Iterable[Any]) -> list[Any]:
        out = []
        for entry in entries:
            if entry.is_page:
                out.append(("page", entry.title, entry.url, entry.file.src_uri))
            elif entry.is_section:
                out.append(("section", entry.title, items(entry.children)))
            else:
                out.append(("link", entry.title, entry.url))
        return out

    return digest(items(nav.items))


def toc_tokens(page: Page) -> list[dict[str, Any]]:
    """The table of contents as the toc extension's tokens, from which get_toc rebuilds it."""

    def tokens(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"level": item.level, "id": item.id, "name": item.title,
                 "children": tokens(item.children)} for item in items]

    return tokens(page.toc)


def meta_digest(meta: Any) -> bytes:
    """A page's settings, hashed as marshal writes them: three times as quick as canonical
    JSON, and as exact (version 2 writes every value whole, never a reference to one written
    before). Keys count in the order they are in, which is the same for the same settings:
    pages' settings are made, and read back (staged_meta), in one order. A set inside, in an
    order of its own, would only make its key not found. What marshal cannot write (dates)
    is hashed as canonical JSON."""
    try:
        return digest(b"marshal" + marshal.dumps(meta, 2))
    except ValueError:
        return digest(meta)


def page_key(site: bytes, page: Page, settings: bytes) -> bytes:
    """The key of a page's HTML; `settings`: its settings hashed (meta_digest), as staged."""
    return digest(site, page.file.src_uri, page.file.dest_uri, page.url, page.title or "",
                  settings, page.content or "", toc_tokens(page),
                  page.update_date, page.canonical_url or "", page.edit_url or "")


class DamagedEntry(Exception):
    """An entry that cannot be unpickled: the file was changed by something else."""


def _busy(exc: Exception) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _damaged(exc: Exception) -> bool:
    return isinstance(exc, DamagedEntry) or getattr(exc, "sqlite_errorname", "").startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _unpickled(data: bytes) -> Any:
    try:
        return pickle.loads(data)
    except Exception as exc:  # garbage can fail to unpickle in any way
        raise DamagedEntry(f"an entry could not be read: {exc}") from exc


_said: set[str] = set()
_UNUSABLE: set[Path] = set()  # cache folders this process found locked or unwritable
# Whether a process of this build said it waits for the cache: a byte of memory that the
# processes forked from this one share, so that the build says it once, not once each.
_WAITING_SAID = mmap.mmap(-1, 1)


def try_cache_again() -> None:
    """Forget which cache folders were found unusable: a new build tries them again."""
    _UNUSABLE.clear()
    _said.clear()
    _WAITING_SAID[0] = 0


def _say_once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        print(message, file=sys.stderr, flush=True)


def _unless_unusable(default: Callable[[], Any]) -> Callable[[F], F]:
    """A method that does nothing (and gives `default()`) once the cache is unusable, and
    makes it unusable at a database error."""
    def wrap(method: F) -> F:
        @wraps(method)
        def guarded(self: BuildCache, *args: Any, **kwargs: Any) -> Any:
            if self.unusable:
                return default()
            try:
                try:
                    return method(self, *args, **kwargs)
                except sqlite3.OperationalError as exc:
                    if not (_busy(exc) and self._wait_longer()):
                        raise
                    # Done again whole: each of these methods changes nothing until it
                    # has what it needs from the file.
                    return method(self, *args, **kwargs)
            except sqlite3.ProgrammingError:  # a mistake in this code, not in the file
                raise
            except (sqlite3.DatabaseError, DamagedEntry) as exc:
                self._give_up(exc)
                return default()
        return guarded  # type: ignore[return-value]
    return wrap


class BuildCache:
    """Results of earlier builds in one SQLite file; safe for two builds at once.

    The cache only ever saves time, so a cache that cannot be used never stops a build: at
    the first error (a damaged file, a disk that is full, a lock held past the timeout) it is
    left alone for the rest of the run, every lookup misses and nothing is written. A damaged
    file is removed, so the next build starts a fresh one; each case is said once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "cache.sqlite3"
        self._pending: dict[tuple[str, bytes], bytes] = {}
        self._pending_bytes = 0
        self._used: set[tuple[str, bytes]] = set()
        # Entries read before they are asked for (`read_ahead`); None: there is none.
        self._ahead: dict[tuple[str, bytes], bytes | None] = {}
        self._fingerprints: dict[int, Any] = {}
        self._db: sqlite3.Connection | None = None
        self._opened_in: tuple[int, int] | None = None  # process and thread
        # Not tried again in this run once it failed (each try may wait for the timeout).
        self.unusable = folder in _UNUSABLE
        # How long SQLite waits for another process's write: a short while, then (once
        # that is said) the rest of BUSY_TIMEOUT (`_wait_longer`).
        self._timeout = min(NOTICE_AFTER, BUSY_TIMEOUT)
        _OPEN.add(self)

    @property
    def db(self) -> sqlite3.Connection:
        """This process's connection, opened when first needed (a connection must never be
        used in a process forked after it was opened: `_before_fork`)."""
        if self._db is None:
            self._db = self._open()
            self._opened_in = (os.getpid(), threading.get_ident())
        return self._db

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._remove()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                db.executescript(f"""
                    DROP TABLE IF EXISTS entries;
                    DROP TABLE IF EXISTS outputs;
                    CREATE TABLE entries (kind TEXT, key BLOB, value BLOB, used INTEGER,
                                          PRIMARY KEY (kind, key)) WITHOUT ROWID;
                    -- Finds the few entries a build must mark as used today, and the old ones.
                    CREATE INDEX entries_used ON entries (used);
                    CREATE TABLE outputs (folder TEXT PRIMARY KEY, manifest BLOB);
                    PRAGMA user_version = {SCHEMA};
                """)
        except BaseException:
            db.close()
            raise
        return db

    def _remove(self) -> bool:
        """Delete the cache's files; False when another process did it first."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return True

    def _wait_longer(self) -> bool:
        """After NOTICE_AFTER seconds of waiting for another process: say so, and wait
        the rest of BUSY_TIMEOUT. False when that time has been waited already."""
        longer = BUSY_TIMEOUT - self._timeout
        if longer <= 0:
            return False
        self._timeout = BUSY_TIMEOUT
        from ..check import shown_path  # only now: it loads the content checks

        if not _WAITING_SAID[0]:
            _WAITING_SAID[0] = 1
            print(f"Waiting for the build cache in {shown_path(self.folder)}: another "
                  "site-builder command (a build, or the live preview) is writing to it. "
                  f"This build goes on without it after {BUSY_TIMEOUT:g} seconds.",
                  file=sys.stderr, flush=True)
        if self._db is not None:
            self._db.execute(f"PRAGMA busy_timeout = {int(longer * 1000)}")
        return True

    def _give_up(self, exc: Exception) -> None:
        self.unusable = True
        self._pending.clear()
        self._pending_bytes = 0
        self._used.clear()
        self._ahead.clear()
        from ..check import shown_path  # only now: it loads the content checks

        folder = shown_path(self.folder)
        if _damaged(exc):
            if self._remove():
                _say_once(f"The build cache in {folder} was damaged ({exc}) and has "
                          "been removed; this build goes on without it and the next one "
                          "starts a new cache.")
        else:
            _UNUSABLE.add(self.folder)
            _say_once(f"The build cache in {folder} could not be used ({exc}); this "
                      "build goes without it. The cache only saves time; the folder is safe "
                      "to delete.")

    def _let_go_before_fork(self) -> None:
        if self._db is not None and self._opened_in == (os.getpid(), threading.get_ident()):
            self._db.close()
            self._db = self._opened_in = None

    def _disown_after_fork(self) -> None:
        if self._db is not None:  # opened by another thread of the parent: never touched here
            _INHERITED.append(self._db)
            self._db = self._opened_in = None

    # -- entries -----------------------------------------------------------
    @_unless_unusable(lambda: None)
    def get(self, kind: str, key: bytes) -> Any | None:
        data = self.get_raw(kind, key)
        if data is None:
            return None
        value = _unpickled(data)
        if (kind, key) not in self._pending:
            self._used.add((kind, key))
        return value

    @_unless_unusable(lambda: None)
    def get_raw(self, kind: str, key: bytes) -> bytes | None:
        """An entry as kept, still pickled."""
        pending = self._pending.get((kind, key))
        if pending is not None:
            return pending
        if (kind, key) in self._ahead:
            return self._ahead.pop((kind, key))
        row = self.db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?",
                              (kind, key)).fetchone()
        return None if row is None else row[0]

    def holds(self, kind: str, key: bytes) -> bool:
        """Whether an entry of `key` is at hand: read ahead, or made by this build."""
        return (kind, key) in self._pending or self._ahead.get((kind, key)) is not None

    @_unless_unusable(lambda: None)
    def read_ahead(self, kind: str, keys: Iterable[bytes]) -> None:
        """Read the entries of `keys` now, a few queries for all instead of one query each
        (a build asks for one or two per page); `get` then takes them from memory."""
        wanted = [key for key in dict.fromkeys(keys) if (kind, key) not in self._pending]
        for start in range(0, len(wanted), READ_AHEAD):
            chunk = wanted[start:start + READ_AHEAD]
            self._ahead.update(((kind, key), None) for key in chunk)
            marks = ", ".join("?" * len(chunk))
            self._ahead.update(
                ((kind, key), value) for key, value in self.db.execute(
                    f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})",
                    (kind, *chunk)))

    def put(self, kind: str, key: bytes, value: Any) -> None:
        if self.unusable:
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending[(kind, key)] = data
        self._pending_bytes += len(data)
        if self._pending_bytes > PENDING_LIMIT:  # a cold build of a large site: write as it goes
            self._write()

    @_unless_unusable(lambda: {})
    def all(self, kind: str) -> dict[bytes, bytes]:
        """Every entry of a kind, still pickled."""
        return dict(self.db.execute("SELECT key, value FROM entries WHERE kind = ?", (kind,)))

    def keep(self, kind: str, values: dict[bytes, bytes], used: Iterable[bytes]) -> None:
        """Store pickled entries, and mark entries read since the last `keep` as used."""
        if self.unusable:
            return
        for key, value in values.items():
            self._pending[(kind, key)] = value
        self._used.update((kind, key) for key in used)
        self.flush()

    @_unless_unusable(lambda: None)
    def _write(self, *, finish: bool = False) -> None:
        today = int(time.time() // 86400)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "INSERT OR REPLACE INTO entries (kind, key, value, used) VALUES (?, ?, ?, ?)",
                [(kind, key, value, today) for (kind, key), value in self._pending.items()])
            if finish:
                # Only the entries not used yet today: an entry is marked once a day, and
                # most of a build's are marked already (by the index, not row by row).
                stale = self._used.intersection(self.db.execute(
                    "SELECT kind, key FROM entries WHERE used < ?", (today,)))
                self.db.executemany("UPDATE entries SET used = ? WHERE kind = ? AND key = ?",
                                    [(today, kind, key) for kind, key in stale])
                self.db.execute("DELETE FROM entries WHERE used < ?", (today - KEEP_DAYS,))
        self._pending.clear()
        self._pending_bytes = 0
        if finish:
            self._used.clear()

    def flush(self) -> None:
        """Write what this build made, mark what it used, forget what nobody used lately."""
        self._write(finish=True)

    # -- fingerprints, once per configuration ------------------------------
    def site_fingerprint(self, config: MkDocsConfig, nav: Navigation) -> bytes | None:
        configured = config_fingerprint(config)
        if configured is None:
            return None
        return digest(configured, theme_fingerprint(config), nav_fingerprint(nav),
                      os.environ.get("SOURCE_DATE_EPOCH", ""))

    def jinja_folder(self) -> Path:
        """Compiled templates (Jinja's own cache, checked against each template's text)."""
        folder = self.folder / "jinja"
        folder.mkdir(exist_ok=True)
        return folder

    # -- what earlier builds wrote where -----------------------------------
    @_unless_unusable(lambda: (None, {}))
    def manifest(self, folder: Path) -> tuple[Any, dict[str, Any]]:
        """What the last build in `folder` was made from (as it gave it), and its files."""
        row = self.db.execute("SELECT manifest FROM outputs WHERE folder = ?",
                              (str(folder),)).fetchone()
        return _unpickled(row[0]) if row else (None, {})

    @_unless_unusable(lambda: None)
    def set_manifest(self, folder: Path, inputs: Any, manifest: dict[str, Any]) -> None:
        data = pickle.dumps((inputs, manifest), protocol=pickle.HIGHEST_PROTOCOL)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO outputs (folder, manifest) VALUES (?, ?)",
                            (str(folder), data))

    @_unless_unusable(lambda: None)
    def forget_manifest(self, folder: Path) -> None:
        with self.db:
            self.db.execute("DELETE FROM outputs WHERE folder = ?", (str(folder),))

    def close(self) -> None:
        if self._db is not None and self._opened_in is not None \
                and self._opened_in[0] == os.getpid():
            self._db.close()
        self._db = self._opened_in = None
        _OPEN.discard(self)


# SQLite connections must not cross a fork: a forked process that uses or closes one it
# inherited can damage the database (sqlite.org/howtocorrupt.html, section 2.6). So every
# connection this thread holds is closed before a fork (each reopens when next used), and
# the forked process keeps any other one untouched until it exits.
_OPEN: weakref.WeakSet[BuildCache] = weakref.WeakSet()
_INHERITED: list[sqlite3.Connection] = []


def _before_fork() -> None:
    for kept in list(_OPEN):
        kept._let_go_before_fork()


def _after_fork_in_child() -> None:
    for kept in list(_OPEN):
        kept._disown_after_fork()


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
