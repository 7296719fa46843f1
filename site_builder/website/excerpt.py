"""Plain-text facts about a Markdown body: a teaser for cards, the number of words, the
headings. Read with markdown-it (CommonMark), never with regular expressions over Markdown.

Words and headings are counted as the site's Markdown reads the body (links.parse): the
text of admonitions, collapsible blocks, tabs and footnotes is read too, as Material's own
reading time reads a post's whole page. CommonMark has no such blocks, so their titles
are taken from their opening lines, as links.unindent_blocks finds them. The link finder
reads every body when content is read, so counting takes its tokens instead of parsing the
body again (`count_ahead`)."""

from __future__ import annotations

import math
import re
import textwrap
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..links import opens_block, parse
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


# The title of an admonition or a collapsible block, or a tab's label, as written.
_QUOTED_TITLE = re.compile(r'"(.*)"\s*$')


@remembered
def word_count(body: str) -> int:
    tokens = parse(body)
    return sum(len(_inline_text(token).split()) for token in tokens
               if token.type == "inline") + _title_words(body, tokens)


def _title_words(body: str, tokens: tuple[Token, ...]) -> int:
    """The words of the titles of admonitions, collapsible blocks and tabs: what the reader
    reads above their text (an admonition without a title shows its kind, one word)."""
    in_code = {line for token in tokens if token.type in ("fence", "code_block") and token.map
               for line in range(*token.map)}
    words = 0
    for number, line in enumerate(body.split("\n")):
        if number not in in_code and opens_block(line):
            quoted = _QUOTED_TITLE.search(line)
            words += len(quoted.group(1).split()) if quoted else 1
    return words


def reading_minutes(body: str) -> int:
    return max(1, math.ceil(word_count(body) / WORDS_PER_MINUTE))


@remembered
def heading_count(body: str, level: int = 2) -> int:
    return sum(1 for token in parse(body)
               if token.type == "heading_open" and token.tag == f"h{level}")


def count_ahead(body: str) -> None:
    """Count the body's words and headings now, while the link finder's tokens of it are at
    hand (remembered, for the pages made of it later)."""
    word_count(body)
    heading_count(body)
