"""Videos from YouTube and Vimeo without tracking.

A writer puts a video's address on a line of its own (bare, `<...>`, or as a link with a
title: `[Terugblik op de training](https://www.youtube.com/watch?v=...)`). On the site it
becomes a player that loads nothing from the video's host until the visitor presses play
(`templates/site/assets/site-builder.js` puts the player in); in an email, a linked title.
A pasted `<iframe>` would load the host for every visitor: `check` explains this instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from markdown_it.token import Token

from .links import Reference, parse
from .memo import remembered

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
                  "www.youtube-nocookie.com", "youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_BARE_URL = re.compile(r"^<?(https?://\S+?)>?$")
_SECONDS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")

WORDS = {
    "nl": {"untitled": "Video op {host}", "play": "Video afspelen",
           "notice": "Deze video staat op {host}. Pas als je op ‘Video afspelen’ drukt, wordt "
                     "hij geladen en kan {host} gegevens over je bezoek verzamelen.",
           "elsewhere": "Of bekijk hem op {host}", "email": "{title} (video op {host})"},
    "en": {"untitled": "Video on {host}", "play": "Play video",
           "notice": "This video is hosted on {host}. It loads only when you press ‘Play "
                     "video’; {host} may then collect data about your visit.",
           "elsewhere": "Or watch it on {host}", "email": "{title} (video on {host})"},
}


@dataclass(frozen=True)
class Video:
    host: str  # "YouTube" or "Vimeo"
    address: str  # as the writer gave it: where the email and the fallback link lead
    player: str  # the player, loaded only after a click


def _start(query: dict[str, list[str]]) -> str:
    match = _SECONDS.match((query.get("t") or query.get("start") or [""])[0])
    if not match or not any(match.groups()):
        return ""
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return f"&start={hours * 3600 + minutes * 60 + seconds}"


def video_at(address: str) -> Video | None:
    """The video at a YouTube or Vimeo address, or None for any other address."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    path = [part for part in parts.path.split("/") if part]
    query = parse_qs(parts.query)
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be":
            video_id = path[0] if path else ""
        elif path[:1] in (["embed"], ["shorts"], ["live"], ["v"]):
            video_id = path[1] if len(path) > 1 else ""
        else:
            video_id = (query.get("v") or [""])[0]
        if not _YOUTUBE_ID.match(video_id):
            return None
        return Video("YouTube", address, f"https://www.youtube-nocookie.com/embed/{video_id}"
                     f"?autoplay=1{_start(query)}")
    if host in _VIMEO_HOSTS:
        numbers = [part for part in path if part.isdigit()]
        if not numbers:
            return None
        after = path[path.index(numbers[0]) + 1:]
        secret = (query.get("h") or after[:1] or [""])[0]
        return Video("Vimeo", address, f"https://player.vimeo.com/video/{numbers[0]}"
                     f"?autoplay=1&dnt=1" + (f"&h={secret}" if secret else ""))
    return None


@dataclass(frozen=True)
class VideoLine:
    """A paragraph that is only a video's address: lines `start` up to `end` of the body."""

    start: int  # from 0
    end: int
    video: Video
    title: str | None


def _paragraph_video(inline: Token) -> tuple[Video, str | None] | None:
    children = [child for child in inline.children or ()
                if not (child.type == "text" and not child.content.strip())]
    if len(children) == 1 and children[0].type == "text":
        bare = _BARE_URL.match(children[0].content.strip())
        video = video_at(bare.group(1)) if bare else None
        return (video, None) if video else None
    if len(children) >= 2 and children[0].type == "link_open" and children[-1].type == (
            "link_close"):
        video = video_at(str(children[0].attrGet("href") or ""))
        words = "".join(c.content for c in children[1:-1]).strip()
        if video is None:
            return None
        is_address = children[0].markup == "autolink" or words == video.address
        return video, None if is_address or not words else words
    return None


@remembered
def video_lines(body: str) -> list[VideoLine]:
    """Every paragraph of `body` that is only a video's address."""
    lowered = body.lower()
    if "youtu" not in lowered and "vimeo" not in lowered:
        return []  # no video address: the body need not be parsed for one
    found = []
    tokens = parse(body)
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or not token.map or token.level:
            continue
        match = _paragraph_video(tokens[index + 1])
        if match:
            found.append(VideoLine(token.map[0], token.map[1], *match))
    return found


def _replace(body: str, render) -> str:
    lines = body.split("\n")
    for found in reversed(video_lines(body)):
        indent = re.match(r"\s*", lines[found.start]).group(0)
        new = [indent + line for line in render(found)]
        new += [""] * (found.end - found.start - len(new))  # the lines after keep their place
        lines[found.start:found.end] = new
    return "\n".join(lines)


def site_markdown(body: str, lang: str) -> str:
    """The body with each video line as a click-to-load player (an HTML block)."""
    words = WORDS[lang]

    def player(found: VideoLine) -> list[str]:
        video = found.video
        title = found.title or words["untitled"].format(host=video.host)
        e = html.escape
        return [
            f'<figure class="sb-video" data-sb-video="{e(video.player)}" '
            f'data-sb-video-title="{e(title)}">',
            '<div class="sb-video__screen">',
            f'<div class="sb-video__title">{e(title)}</div>',
            f'<button type="button" class="sb-video__play" hidden>{e(words["play"])}</button>',
            f'<p class="sb-video__notice">{e(words["notice"].format(host=video.host))} '
            f'<a href="{e(video.address)}">{e(words["elsewhere"].format(host=video.host))}'
            "</a>.</p>",
            "</div>",
            "</figure>",
        ]
    return _replace(body, player)


def email_markdown(body: str, lang: str) -> str:
    """The body with each video line as a linked title; every other line stays in place."""
    words = WORDS[lang]

    def link(found: VideoLine) -> list[str]:
        title = found.title or words["untitled"].format(host=found.video.host)
        text = words["email"].format(title=title, host=found.video.host)
        escaped = "".join("\\" + ch if ch in "[]*_`<>\\" else ch for ch in text)
        return [f"[▶ {escaped}]({found.video.address})"]
    return _replace(body, link)


def iframe_problem(ref: Reference) -> str | None:
    """What to write instead of a pasted `<iframe>`."""
    if ref.tag != "iframe":
        return None
    video = video_at(ref.target)
    if video is not None:
        return (f"a pasted {video.host} player (<iframe>) loads {video.host} for every "
                "visitor, before they choose to watch, and no email can show it. Put the "
                f"video's address on a line of its own instead, like `{_watch(video)}` or "
                f"`[Title of the video]({_watch(video)})`: the site shows a player that loads "
                "only when the visitor presses play, and the newsletter a link.")
    host = urlsplit(ref.target).hostname or "another site"
    return (f"an embedded page (<iframe>) loads {host} for every visitor without asking, and "
            "no email can show it. Link to it instead: `[What it shows](address)`.")


def _watch(video: Video) -> str:
    if video.host == "YouTube":
        video_id = video.player.split("/embed/", 1)[1].split("?", 1)[0]
        return f"https://www.youtube.com/watch?v={video_id}"
    video_id = video.player.split("/video/", 1)[1].split("?", 1)[0]
    return f"https://vimeo.com/{video_id}"
