"""The content check reads each body with markdown-it twice: the sanitiser (every link
kept, to check its address) and the link finder (footnotes known, refused addresses left as
text). Where a body holds nothing the two parsers read differently, both use one parse."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder import links, raw_html
from site_builder.links import references
from site_builder.loader import load_item
from site_builder.problems import Problems
from site_builder.raw_html import sanitise_markdown, shares_link_tokens
from site_builder.website.excerpt import heading_count, word_count

from .conftest import write

BODIES = [
    "## Aanpak\n\nEen [link](../diensten/coaching.md) en ![foto](../images/a.jpg).\n",
    "| Wet | Wat |\n| --- | --- |\n| Wmo | [zorg](https://www.example.org/wmo) |\n",
    '<div class="sb-note" markdown>\n**Let op:** <a href="/contact/">bel ons</a>.\n</div>\n',
    "Zie [de wet][wmo] en <https://www.example.org/>.\n\n[wmo]: https://www.example.org/wmo\n",
    "```python\nprint('[geen link](x.md)')\n```\n\n    ingesprongen code [x](y.md)\n",
    "- een\n- [twee](twee.md){ .knop }\n\n> citaat met [link](https://example.org)\n",
]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts each parser reads."""
    seen: list[str] = []
    for parser in (links.PARSER, raw_html._PARSER):
        def counting(text: str, env: object = None, *, _parse=parser.parse) -> object:
            seen.append(text)
            return _parse(text, env)
        monkeypatch.setattr(parser, "parse", counting)
    links.parse.cache_clear()
    raw_html._tokens.cache_clear()
    yield seen
    links.parse.cache_clear()
    raw_html._tokens.cache_clear()


@pytest.mark.parametrize("body", BODIES)
def test_both_parsers_read_a_shared_body_alike(body: str) -> None:
    assert shares_link_tokens(body)
    text = links.unindent_blocks(body)
    assert [t.as_dict() for t in links.PARSER.parse(text)] == \
        [t.as_dict() for t in raw_html._PARSER.parse(text)]


@pytest.mark.parametrize("body", [
    "Een voetnoot.[^1]\n\n[^1]: De noot.\n", "Een noot^[meteen hier].\n",
    "[klik](javascript:alert(1))\n", "[klik](&#106;avascript:alert(1))\n",
    "![x](data:image/svg+xml,abc)\n", "[x](FILE:///etc/passwd)\n",
])
def test_a_body_the_parsers_may_read_differently_is_not_shared(body: str) -> None:
    assert not shares_link_tokens(body)


def test_the_sanitiser_and_the_link_finder_parse_a_shared_body_once(
        parses: list[str]) -> None:
    address = f"https://www.example.org/{uuid.uuid4().hex}"  # nothing remembered of it
    body = f"Lees [meer]({address}) <b>nu</b>.\n"
    assert sanitise_markdown(body, "page.md", 1, Problems()) == body
    assert [ref.target for ref in references(body)] == [address]
    assert len(parses) == 1


def test_a_refused_address_is_still_refused_and_not_a_link_to_check(
        parses: list[str]) -> None:
    body = f"Lees [meer](javascript:alert('{uuid.uuid4().hex}')).\n"
    problems = Problems()
    sanitise_markdown(body, "page.md", 1, problems)
    assert "the link leads to 'javascript:alert(" in str(list(problems))
    assert references(body) == []  # the link finder's parser leaves it as text
    assert len(parses) == 2


def read_body(folder: Path, body: str) -> str:
    """The body of a content file as reading it gives it; what was parsed is then let go,
    so only what reading remembered is left for later steps."""
    write(folder / "nl/over-ons.md", f"---\ntitle: Over ons\n---\n\n{body}")
    item = load_item(folder / "nl/over-ons.md", "nl/over-ons.md", "content", Problems())
    assert item is not None
    links.parse.cache_clear()
    raw_html._tokens.cache_clear()
    return item.body


def test_reading_a_file_finds_its_links_for_the_check_that_follows(
        tmp_path: Path, parses: list[str]) -> None:
    """The check runs after every file is read: the links are found while the sanitiser's
    tokens are at hand, and the check finds them remembered."""
    address = f"https://www.example.org/{uuid.uuid4().hex}"
    body = read_body(tmp_path, f"Lees [meer]({address}).\n")
    assert len(parses) == 1
    assert [ref.target for ref in references(body)] == [address]
    assert len(parses) == 1


def test_reading_a_file_counts_its_words_for_the_pages_made_later(
        tmp_path: Path, parses: list[str]) -> None:
    """A post's reading time and a page's table of contents need its words and headings:
    counted from the tokens the link finder reads anyway, and remembered."""
    unique = uuid.uuid4().hex  # nothing remembered of it
    body = read_body(tmp_path, f"Wij werken ({unique}).\n\n## Een\n\n!!! tip\n\n    ## Twee\n")
    assert len(parses) == 1
    assert (word_count(body), heading_count(body)) == (6, 2)
    assert len(parses) == 1
