"""Plain-text facts about a Markdown body: a teaser for cards, the number of words, the
headings. Read with markdown-it (CommonMark), never with regular expressions over Markdown."""

from __future__ import annotations

import math
import textwrap
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..memo import remembered

_PARSER = MarkdownIt("commonmark").enable("table")
MORE = "<!-- more -->"
TEASER_LENGTH = 180
# Material's blog plugin counts 265 words a minute; keep its figures.
WORDS_PER_MINUTE = 265


@lru_cache(maxsize=8)  # a body's facts are asked one after the other; tokens take memory
def _tokens(body: str) -> tuple[Token, ...]:
    return tuple(_PARSER.parse(body))


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


@remembered
def teaser(body: str, length: int = TEASER_LENGTH) -> str:
    """The first paragraph (before `<!-- more -->`), shortened at a word to `length`."""
    head = body.split(MORE, 1)[0]
    for token in _tokens(head):
        if token.type == "inline" and token.map is not None:
            text = _inline_text(token)
            if text:
                return textwrap.shorten(text, length, placeholder=" …")
    return ""


@remembered
def word_count(body: str) -> int:
    return sum(len(_inline_text(token).split()) for token in _tokens(body)
               if token.type == "inline")


def reading_minutes(body: str) -> int:
    return max(1, math.ceil(word_count(body) / WORDS_PER_MINUTE))


@remembered
def heading_count(body: str, level: int = 2) -> int:
    return sum(1 for token in _tokens(body)
               if token.type == "heading_open" and token.tag == f"h{level}")
