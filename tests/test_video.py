"""A YouTube or Vimeo address on its own line: on the site a player that asks nothing of the
video's host until the visitor presses play; in email a linked title; a pasted <iframe> is
explained by `check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.video import email_markdown, site_markdown, video_at

from .browser import Browser, serve_folder
from .conftest import Result
from .test_source_links import append, errors_at

SERVICE = "content/nl/diensten/schulden-en-geldzaken.md"
EN_SERVICE = "content/en/services/money-and-debt-support.md"
YOUTUBE_ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize("address, player", [
    (f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
     f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"),
    (f"https://youtu.be/{YOUTUBE_ID}?t=90",
     f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&start=90"),
    (f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=1m5s",
     f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&start=65"),
    (f"https://www.youtube.com/shorts/{YOUTUBE_ID}",
     f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
    ("https://vimeo.com/76979871/a1b2c3d4e5",
     "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=a1b2c3d4e5"),
])
def test_video_addresses_are_recognised(address: str, player: str) -> None:
    video = video_at(address)
    assert video is not None and video.player == player


@pytest.mark.parametrize("address", ["https://www.youtube.com/", "https://vimeo.com/about",
                                     "https://www.zelfwijs.example/video.mp4"])
def test_other_addresses_are_not_videos(address: str) -> None:
    assert video_at(address) is None


def test_only_a_video_on_its_own_line_becomes_a_player() -> None:
    body = (f"Tekst met https://youtu.be/{YOUTUBE_ID} erin.\n\n"
            f"[Onze training](https://youtu.be/{YOUTUBE_ID})\n\n"
            f"- https://youtu.be/{YOUTUBE_ID}\n")
    staged = site_markdown(body, "nl")
    assert staged.count('class="sb-video"') == 1
    assert 'data-sb-video-title="Onze training"' in staged
    assert staged.startswith(f"Tekst met https://youtu.be/{YOUTUBE_ID} erin.")


def test_in_email_a_video_keeps_its_line() -> None:
    body = "Kijk:\n\n<https://vimeo.com/76979871>\n\nVerder."
    assert email_markdown(body, "en").split("\n") == [
        "Kijk:", "", "[▶ Video on Vimeo (video on Vimeo)](https://vimeo.com/76979871)", "",
        "Verder."]


def test_a_pasted_player_fails_check_with_the_alternative(project: Path,
                                                          run: Callable[..., Result]) -> None:
    line = append(project, SERVICE, f'<iframe width="560" height="315" src="https://www.youtube'
                  f'.com/embed/{YOUTUBE_ID}" title="YouTube video player" allowfullscreen>'
                  "</iframe>")
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert errors_at(result, SERVICE, line) == [
            f"{SERVICE}:{line}: error: a pasted YouTube player (<iframe>) loads YouTube for "
            "every visitor, before they choose to watch, and no email can show it. Put the "
            "video's address on a line of its own instead, like "
            f"`https://www.youtube.com/watch?v={YOUTUBE_ID}` or `[Title of the video]"
            f"(https://www.youtube.com/watch?v={YOUTUBE_ID})`: the site shows a player that "
            "loads only when the visitor presses play, and the newsletter a link."]


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with a YouTube video on a Dutch and a Vimeo video on an English page."""
    from site_builder.cli import main

    from .conftest import SAMPLE_NOW, copy_project

    project = copy_project(tmp_path_factory.mktemp("video") / "project")
    append(project, SERVICE, "Hoe een gesprek over geldzorgen verloopt:\n\n"
           f"[Terugblik: geldzorgen bespreekbaar maken](https://www.youtube.com/watch?v={YOUTUBE_ID})")
    append(project, EN_SERVICE, "https://vimeo.com/76979871")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert main(["build", "--out", str(project / "site")], clock=lambda: SAMPLE_NOW) == 0
        assert main(["check", "--built"], clock=lambda: SAMPLE_NOW) == 0
    return project / "site"


@pytest.mark.parametrize("path, host", [
    ("diensten/schulden-en-geldzaken/", "https://www.youtube-nocookie.com/embed/"),
    ("en/services/money-and-debt-support/", "https://player.vimeo.com/video/"),
])
def test_the_player_loads_nothing_from_the_host_until_play_is_pressed(
        browser: Browser, video_site: Path, path: str, host: str) -> None:
    with serve_folder(video_site) as base_url, browser.opened(base_url + path) as (
            page, other_hosts):
        assert other_hosts == []
        assert page.locator(".sb-video iframe").count() == 0
        button = page.locator(".sb-video__play")
        assert button.is_visible()
        button.click()
        player = page.locator(".sb-video iframe.sb-video__player")
        player.wait_for()
        assert page.locator(".sb-video__screen").count() == 0
        assert player.get_attribute("src").startswith(host)
        assert player.get_attribute("title")


def test_the_page_with_a_player_passes_the_accessibility_audit(browser: Browser,
                                                               video_site: Path) -> None:
    with serve_folder(video_site) as base_url:
        for width in (1280, 390):
            visit = browser.visit(base_url + "diensten/schulden-en-geldzaken/", width=width)
            assert visit.violations == [], visit.violation_report()
            assert visit.other_hosts == []
