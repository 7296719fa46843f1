"""The feed cache survives an interrupted refresh: each file is replaced whole, or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.config import FeedSource, load_config
from site_builder.feeds import partner_news
from site_builder.feeds.cache import (
    TEMP_PREFIX,
    read_cached,
    remove_leftovers,
    write_cached,
)
from site_builder.feeds.records import CachedFeed, RawEntry

from .conftest import REPO
from .feed_server import ATOM_10, RSS_20, FeedServer, serve, set_feeds

SOURCE = FeedSource(name="Partner", url="https://partner.example/feed.xml")

# Crashes in the middle of writing the cache: every file opened for writing takes half of
# what it is given, and then the process is killed, as by a power cut or `kill -9`.
CRASHING_WRITER = textwrap.dedent("""
    import builtins, io, os, signal, sys
    from pathlib import Path

    class DiesHalfway:
        def __init__(self, stream):
            self.stream = stream
        def write(self, text):
            self.stream.write(text[: len(text) // 2])
            self.stream.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        def __getattr__(self, name):
            return getattr(self.stream, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.stream.__exit__(*exc)

    def dying(opener):
        def open_for_writing(*args, **kwargs):
            stream = opener(*args, **kwargs)
            mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
            return DiesHalfway(stream) if "w" in mode else stream
        return open_for_writing

    builtins.open = io.open = dying(io.open)
    os.fdopen = dying(os.fdopen)

    from site_builder.config import FeedSource
    from site_builder.feeds.cache import write_cached
    from site_builder.feeds.records import CachedFeed, RawEntry

    source = FeedSource(name="Partner", url="https://partner.example/feed.xml")
    entry = RawEntry("2", "new title", False, None, None, "", False)
    write_cached(Path(sys.argv[1]), source, CachedFeed("Partner", source.url, "new", None,
                                                       None, (entry,) * 100))
""")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


def small_cache(tag: str) -> CachedFeed:
    return CachedFeed("Partner", SOURCE.url, tag, None, None,
                      (RawEntry("1", f"{tag} title", False, None, None, "", False),))


def test_a_refresh_that_dies_while_writing_leaves_the_last_good_cache(tmp_path: Path) -> None:
    write_cached(tmp_path, SOURCE, small_cache("old"))
    crashed = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(tmp_path)], cwd=REPO,
                             capture_output=True, text=True, timeout=60)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    cached = read_cached(tmp_path, SOURCE)
    assert cached is not None, "the cache file was left half-written"
    assert [e.title for e in cached.entries] == ["old title"]


def test_a_reader_never_sees_a_cache_file_half_replaced(tmp_path: Path) -> None:
    # A build may read the cache while a refresh writes it; either sees the old or the new.
    versions = [small_cache("a"), small_cache("b")]
    versions = [CachedFeed("Partner", SOURCE.url, v.etag, None, None, v.entries * 300)
                for v in versions]
    write_cached(tmp_path, SOURCE, versions[0])
    done = threading.Event()
    seen: list[str | None] = []

    def read_all_the_time() -> None:
        while not done.is_set():
            cached = read_cached(tmp_path, SOURCE)
            seen.append(cached.etag if cached is not None else None)

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        for n in range(200):
            write_cached(tmp_path, SOURCE, versions[n % 2])
    finally:
        done.set()
        reader.join()
    assert len(seen) > 20
    assert None not in seen, f"{seen.count(None)} of {len(seen)} reads found a partial file"


def test_temporary_files_of_a_killed_refresh_are_ignored_then_removed(tmp_path: Path) -> None:
    write_cached(tmp_path, SOURCE, small_cache("good"))
    old = tmp_path / f"{TEMP_PREFIX}killed.json"
    old.write_text('{"version": 1, "entries": [{"title": "half', encoding="utf-8")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    young = tmp_path / f"{TEMP_PREFIX}running.json"
    young.write_text("{", encoding="utf-8")
    assert [i.title for i in partner_news(tmp_path, [SOURCE], "nl")] == ["good title"]
    remove_leftovers(tmp_path, time.time())
    assert (old.exists(), young.exists()) == (False, True)


def test_a_refresh_killed_while_waiting_keeps_the_last_good_cache(
        project: Path, run, server: FeedServer) -> None:
    set_feeds(project, [{"name": "Steady", "url": server.add("/steady.xml", RSS_20)},
                        {"name": "Stuck", "url": server.add("/stuck.xml", ATOM_10)}],
              timeout=30)
    assert run(project, "feeds", "refresh").code == 0
    server.add("/steady.xml", RSS_20.replace("Nieuwe regeling", "Nog een regeling"))
    server.hang("/stuck.xml")
    refresh = subprocess.Popen([sys.executable, "-m", "site_builder", "feeds", "refresh"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while len(server.requests_for("/stuck.xml")) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # let the steady feed's answer be written, or be in writing
    refresh.send_signal(signal.SIGKILL)
    refresh.communicate()
    config = load_config(project / "mkdocs.yml")
    stuck, steady = (read_cached(config.feeds_cache_dir, s) for s in
                     sorted(config.settings.feeds, key=lambda s: s.name != "Stuck"))
    assert stuck is not None and [e.title for e in stuck.entries] == [
        "Peer support across Europe"]
    assert steady is not None and steady.entries[0].title in (
        "Nieuwe regeling voor minima", "Nog een regeling voor minima")
    assert run(project, "build").code == 0
    assert "Peer support across Europe" in (project / "site/netwerk/index.html").read_text(
        encoding="utf-8")
