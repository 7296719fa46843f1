"""The build cache and the build's files, on their own: what a quick build takes from the
cache is what was put there, the cache keeps what builds use, and reusing an earlier build's
file never changes that file."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder import memo
from site_builder.website.build_cache import KEEP_DAYS, BuildCache, meta_digest, try_cache_again
from site_builder.website.site_output import SiteOutput


def test_entries_read_ahead_are_the_entries_asked_for(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    for number in range(3):
        cache.put("page", bytes([number]), {"number": number})
    cache.flush()
    cache.close()
    cache = BuildCache(tmp_path)
    cache.read_ahead("page", [bytes([0]), bytes([1]), b"not there"])
    assert cache.get("page", bytes([0])) == {"number": 0}
    assert cache.get("page", bytes([1])) == {"number": 1}
    assert cache.get("page", bytes([2])) == {"number": 2}  # not read ahead
    assert cache.get("page", b"not there") is None
    cache.close()


def test_the_cache_keeps_what_builds_use_and_forgets_the_rest(tmp_path: Path) -> None:
    today = int(time.time() // 86400)
    cache = BuildCache(tmp_path)
    for name in (b"got", b"kept", b"idle", b"old"):
        cache.put("page", name, name.decode())
    cache.flush()
    cache.db.execute("UPDATE entries SET used = ?", (today - 3,))
    cache.db.execute("UPDATE entries SET used = ? WHERE key = ?",
                     (today - KEEP_DAYS - 1, b"old"))
    cache.close()
    cache = BuildCache(tmp_path)
    assert cache.get("page", b"got") == "got"
    cache.keep("page", {b"new": cache.get_raw("page", b"kept") or b""}, [b"kept"])
    used = dict(cache.db.execute("SELECT key, used FROM entries"))
    cache.close()
    assert used == {b"got": today, b"kept": today, b"new": today, b"idle": today - 3}


def test_a_file_written_over_a_reused_one_leaves_the_earlier_build_as_it_was(
        tmp_path: Path) -> None:
    first = SiteOutput(tmp_path / "first")
    first.write("blog/post/index.html", b"<p>the post</p>")
    second = SiteOutput(tmp_path / "second", [(tmp_path / "first", first.manifest)])
    record = first.manifest["blog/post/index.html"]
    assert second.reuse("blog/post/index.html", record[0])
    assert second.manifest["blog/post/index.html"] == record  # the same file, linked
    second.write("blog/post/index.html", b"<p>the post, changed</p>")
    assert (tmp_path / "first/blog/post/index.html").read_bytes() == b"<p>the post</p>"
    assert (tmp_path / "second/blog/post/index.html").read_bytes() == \
        b"<p>the post, changed</p>"


def test_a_file_changed_since_it_was_written_is_not_reused(tmp_path: Path) -> None:
    first = SiteOutput(tmp_path / "first")
    what = first.write("index.html", b"<p>home</p>")
    (tmp_path / "first/index.html").write_bytes(b"<p>changed by hand</p>")
    second = SiteOutput(tmp_path / "second", [(tmp_path / "first", first.manifest)])
    assert not second.reuse("index.html", what)


def test_settings_hash_alike_only_when_alike() -> None:
    settings = {"title": "Een post", "sb": {"tags": ["a", "b"], "readtime": 3}}
    assert meta_digest(settings) == meta_digest({"title": "Een post",
                                                 "sb": {"tags": ["a", "b"], "readtime": 3}})
    assert meta_digest(settings) != meta_digest({**settings, "title": "Een andere post"})
    assert meta_digest({"count": 1}) != meta_digest({"count": True})
    dated = {"date": date(2026, 11, 23)}  # not for marshal: by canonical JSON
    assert meta_digest(dated) == meta_digest({"date": date(2026, 11, 23)})
    assert meta_digest(dated) != meta_digest({"date": date(2026, 11, 24)})


@memo.remembered
def _shouted(text: str) -> str:
    return text.upper()


def test_a_build_reads_back_what_this_code_remembered(tmp_path: Path) -> None:
    memo.attach(tmp_path)
    try:
        assert _shouted("hallo") == "HALLO"
        memo.save()
        memo.forget()
        memo.attach(tmp_path)
        assert memo.MEMO.values  # read back whole, before anything is asked
    finally:
        memo.forget()


def test_a_build_does_not_read_what_older_code_remembered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its keys hold that code's fingerprint: nothing would ask for them again."""
    memo.attach(tmp_path)
    try:
        _shouted("oude code")
        memo.save()
        memo.forget()
        monkeypatch.setattr("site_builder.website.build_cache.code_fingerprint",
                            lambda: b"a newer version of the code")
        memo.attach(tmp_path)
        assert not memo.MEMO.values
    finally:
        memo.forget()


def test_a_build_after_a_newsletter_in_the_same_process_reads_all_that_was_kept(
        tmp_path: Path) -> None:
    """A newsletter asks for a few results, one by one; a build in the same process (the
    live preview, a test) must still read them all at once, not one query each."""
    memo.attach(tmp_path)
    try:
        _shouted("bewaard")
        memo.save()
        memo.forget()
        memo.attach(tmp_path, few=True)
        assert not memo.MEMO.values
        memo.attach(tmp_path)
        assert memo.MEMO.values and not memo.MEMO.one_by_one
    finally:
        memo.forget()


def test_a_cache_another_build_writes_to_for_a_while_is_waited_for_and_said_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Another build (or the live preview) writing to the cache: after a moment the build
    says what it waits for, instead of seeming to hang, and then uses the cache."""
    earlier = BuildCache(tmp_path)  # an earlier build made the cache
    earlier.put("page", b"earlier", "value")
    earlier.flush()
    earlier.close()
    monkeypatch.setattr("site_builder.website.build_cache.NOTICE_AFTER", 0.1)
    try_cache_again()  # nothing said yet in this process
    holder = sqlite3.connect(tmp_path / "cache.sqlite3", isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # writing, for about a second
    done = threading.Timer(1.0, lambda: holder.execute("ROLLBACK"))
    done.start()
    try:
        cache = BuildCache(tmp_path)
        cache.put("page", b"key", "value")
        cache.flush()
        cache.close()
    finally:
        done.join()
        holder.close()
    said = capsys.readouterr().err
    assert said.count("Waiting for the build cache in ") == 1
    assert "another site-builder command (a build, or the live preview)" in said
    assert not cache.unusable and "could not be used" not in said
    assert BuildCache(tmp_path).get("page", b"key") == "value"


def test_a_cache_found_locked_is_not_waited_for_again_until_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each try waits for the lock's timeout: a build that found the cache locked goes on
    without it, instead of waiting again at every step; the next build tries again."""
    BuildCache(tmp_path).close()  # the file exists
    monkeypatch.setattr("site_builder.website.build_cache.BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(tmp_path / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        first = BuildCache(tmp_path)
        first.put("page", b"key", "value")
        first.flush()
        assert first.unusable
        assert BuildCache(tmp_path).unusable
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try_cache_again()
    again = BuildCache(tmp_path)
    again.put("page", b"key", "value")
    again.flush()
    assert not again.unusable and again.get("page", b"key") == "value"
    again.close()
