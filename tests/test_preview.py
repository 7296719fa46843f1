"""`site-builder serve`: a live preview that follows edits in content/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("the preview did not show the change in time")


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`site-builder serve` in `project` on a free port: its URL and process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SITE_BUILDER_NOW": "2026-11-23 12:00"},
    )
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def preview(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with serving(project) as (url, process):
        wait_for(lambda: "Stichting Zelfwijs" in fetch(url))
        yield url, process


def test_preview_shows_an_edit_in_content(project: Path, preview) -> None:
    url, _ = preview
    page = project / "content/nl/contact.md"
    page.write_text(page.read_text("utf-8") + "\nWe zijn verhuisd naar de Zonnelaan.\n", "utf-8")
    wait_for(lambda: "verhuisd naar de Zonnelaan" in fetch(url + "contact/"))


def test_preview_shows_drafts_marked_as_draft(preview) -> None:
    url, _ = preview
    blog = fetch(url + "blog/")
    assert "Onze plannen voor 2027" in blog
    draft = fetch(url + "blog/2026/11/19/onze-plannen-voor-2027/")
    assert "Concept: nog niet gepubliceerd" in draft


def test_preview_keeps_the_last_good_version_when_an_edit_breaks(project: Path,
                                                                 preview) -> None:
    url, process = preview
    page = project / "content/nl/contact.md"
    page.write_text(page.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    time.sleep(4)
    assert "Contact" in fetch(url + "contact/")
    assert process.poll() is None
    process.terminate()
    output = process.communicate(timeout=20)[0]
    assert "content/nl/contact.md:2: error: unknown setting `titel`" in output
    assert "still shows the last version" in output


def test_a_content_error_shows_on_every_page_and_goes_when_fixed(project: Path, preview,
                                                                  browser) -> None:
    url, _ = preview
    contact = project / "content/nl/contact.md"
    good = contact.read_text("utf-8")
    page = browser.context.new_page()
    try:
        page.goto(url + "contact/")
        overlay = page.locator("#sb-preview-problems")
        assert overlay.count() == 0

        contact.write_text(good.replace("title:", "titel:", 1), "utf-8")
        overlay.wait_for(state="visible", timeout=60_000)  # the page reloads by itself
        shown = overlay.inner_text()
        assert "content/nl/contact.md:2 unknown setting titel. Did you mean title?" in shown
        assert "The page below is the last version that built." in shown
        # Below it, the last good page.
        assert "Openingstijden" in page.locator("article.md-content__inner").inner_text()

        page.goto(url + "diensten/")
        assert "content/nl/contact.md:2" in page.locator("#sb-preview-problems").inner_text()

        contact.write_text(good, "utf-8")
        page.locator("#sb-preview-problems").wait_for(state="detached", timeout=60_000)
        assert "Diensten" in page.locator("article.md-content__inner").inner_text()
    finally:
        page.close()
        contact.write_text(good, "utf-8")


def test_a_saved_post_reloads_in_the_browser_and_the_listings_follow(project: Path, preview,
                                                                    browser) -> None:
    """The saved post is shown first (saved_pages.py): the open page reloads by itself; the
    build of the whole site follows, with the post's new teaser on the news page."""
    url, process = preview
    post = project / "content/nl/blog/posts/academie-programma-2026.md"
    address = url + "blog/2026/01/12/het-nieuwe-programma-van-de-zelfwijs-academie/"
    page = browser.context.new_page()
    try:
        page.goto(address)
        post.write_text(post.read_text("utf-8").replace(
            "Het nieuwe jaar is begonnen", "Het nieuwe jaar is goed begonnen", 1), "utf-8")
        page.get_by_text("Het nieuwe jaar is goed begonnen").wait_for(timeout=60_000)
        wait_for(lambda: "Het nieuwe jaar is goed begonnen" in fetch(
            url + "search/search_index.json"))
    finally:
        page.close()
    assert process.poll() is None


def test_a_preview_that_never_built_shows_the_errors(project: Path) -> None:
    contact = project / "content/nl/contact.md"
    contact.write_text(contact.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    with serving(project) as (url, _):
        def shows_errors() -> bool:
            try:
                fetch(url)
            except urllib.error.HTTPError as error:
                page = error.read().decode("utf-8")
                return "Nothing has built yet." in page and "content/nl/contact.md" in page
            return False

        wait_for(shows_errors)


def test_a_real_build_has_no_preview_overlay(sample_site: Path) -> None:
    pages = [p for p in sample_site.rglob("*.html")]
    assert pages
    assert not [p for p in pages if "sb-preview-problems" in p.read_text("utf-8")]


def test_the_preview_rebuilds_once_per_save(project: Path) -> None:
    """A rebuild reads the content and the templates; reading a file is not a change to
    rebuild for (it was: after the first save the preview rebuilt without end)."""
    page = project / "content/nl/contact.md"
    with serving(project) as (url, process):
        wait_for(lambda: "Stichting Zelfwijs" in fetch(url))
        page.write_text(page.read_text("utf-8") + "\nWe zijn verhuisd.\n", "utf-8")
        wait_for(lambda: "We zijn verhuisd" in fetch(url + "contact/"))
        time.sleep(8)  # more than two rebuilds of the sample take
    assert process.stdout is not None
    assert process.stdout.read().count("Preview updated") == 2  # the start and the save
