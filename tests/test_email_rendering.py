"""Markdown to email: exact HTML and plain text for each element, from one parse."""

from __future__ import annotations

import pytest

from site_builder.newsletter.markdown_email import EmailImage, render_markdown

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}},
              "pymdownx.details", "pymdownx.superfences"]
SITE = "https://www.zelfwijs.example/"


def resolve(href: str) -> str | None:
    if href.startswith(("https://", "mailto:")):
        return href
    if href.startswith("intern/"):
        return None
    return SITE + href.removesuffix(".md") + ("/" if href.endswith(".md") else "")


def email_version(src: str) -> EmailImage | None:
    """Pictures of ours have a version for email (at most 1,200 px) beside them."""
    if not src.startswith(SITE):
        return None
    return EmailImage(src.replace(".png", "-1200w.png"), 1200, 600)


def render(source: str):
    return render_markdown(source, EXTENSIONS, resolve, email_version)


CASES = [
    pytest.param(
        "Zie [onze diensten](diensten/index.md).",
        '<p>Zie <a href="https://www.zelfwijs.example/diensten/index/">onze diensten</a>.</p>',
        "Zie onze diensten (https://www.zelfwijs.example/diensten/index/).\n",
        id="relative link becomes absolute https, text link as text (url)"),
    pytest.param(
        "Mail [info@zelfwijs.example](mailto:info@zelfwijs.example)",
        '<p>Mail <a href="mailto:info@zelfwijs.example">info@zelfwijs.example</a></p>',
        "Mail info@zelfwijs.example\n",
        id="mail link whose text is the address shows the address once"),
    pytest.param(
        "Lees [het rooster](intern/rooster.md).",
        "<p>Lees <span>het rooster</span>.</p>",
        "Lees het rooster.\n",
        id="link without public address keeps its words"),
    pytest.param(
        "## Kop\n\n### Tussenkop",
        "<h2>Kop</h2>\n<h3>Tussenkop</h3>",
        "Kop\n---\n\nTussenkop\n~~~~~~~~~\n",
        id="headings underlined, without permalinks"),
    pytest.param(
        "- een\n- twee",
        "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>",
        "- een\n- twee\n",
        id="bulleted list"),
    pytest.param(
        "1. eerst\n2. dan",
        "<ol>\n<li>eerst</li>\n<li>dan</li>\n</ol>",
        "1. eerst\n2. dan\n",
        id="numbered list"),
    pytest.param(
        "- een heel lang punt in een lijst dat zeker niet op een regel van tweeenzeventig "
        "tekens past",
        "<ul>\n<li>een heel lang punt in een lijst dat zeker niet op een regel van "
        "tweeenzeventig tekens past</li>\n</ul>",
        "- een heel lang punt in een lijst dat zeker niet op een regel van\n"
        "  tweeenzeventig tekens past\n",
        id="long list item wraps with a hanging indent"),
    pytest.param(
        "![Twee mensen aan tafel](images/tafel.png)",
        '<p><img alt="Twee mensen aan tafel" height="268" '
        'src="https://www.zelfwijs.example/images/tafel-1200w.png" '
        'style="display:block;max-width:100%;height:auto;border:0" width="536" /></p>',
        "[Twee mensen aan tafel]\n",
        id="image: its version for email, absolute, sized to the column, with a block style"),
    pytest.param(
        "![Logo](https://partner.example.org/logo.png)",
        '<p><img alt="Logo" src="https://partner.example.org/logo.png" '
        'style="display:block;max-width:100%;height:auto;border:0" width="536" /></p>',
        "[Logo]\n",
        id="image from elsewhere keeps its address and gets the column's width"),
    pytest.param(
        '!!! tip "Goed om te weten"\n\n    Bel ons gerust.',
        '<table cellpadding="0" cellspacing="0" class="admonition tip" role="presentation" '
        'width="100%"><tr><td class="admonition-cell"><p class="admonition-title">Goed om te '
        "weten</p>\n<p>Bel ons gerust.</p>\n</td></tr></table>",
        "Goed om te weten\n\nBel ons gerust.\n",
        id="admonition becomes a presentation table"),
    pytest.param(
        "| Dag | Open |\n|---|---|\n| ma | 9-17 |",
        '<table cellpadding="6" cellspacing="0" class="data-table">\n<thead>\n<tr>\n'
        "<th>Dag</th>\n<th>Open</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>ma</td>\n"
        "<td>9-17</td>\n</tr>\n</tbody>\n</table>",
        "Dag | Open\nma | 9-17\n",
        id="data table keeps its header cells"),
    pytest.param(
        "Een zin\nop twee regels.",
        "<p>Een zin\nop twee regels.</p>",
        "Een zin op twee regels.\n",
        id="soft line breaks reflow in plain text"),
]


@pytest.mark.parametrize("source, html, text", CASES)
def test_markdown_renders_to_email_html_and_plain_text(source: str, html: str,
                                                        text: str) -> None:
    rendered = render(source)
    assert rendered.html == html
    assert rendered.text == text


def test_heading_shift_puts_item_headings_under_the_item_title() -> None:
    rendered = render_markdown("## Waarom?", EXTENSIONS, resolve, heading_shift=2)
    assert rendered.html == "<h4>Waarom?</h4>"


TEXT_CASES = [
    pytest.param("- vroegsignalering\n    - wijkteam\n    - huisarts\n- nazorg",
                 "- vroegsignalering\n  - wijkteam\n  - huisarts\n- nazorg\n",
                 id="a list item keeps its text above its nested list, indented"),
    pytest.param("1. Aanmelden\n\n    Bel of mail ons.\n\n2. Gesprek",
                 "1. Aanmelden\n   Bel of mail ons.\n2. Gesprek\n",
                 id="a numbered item with a second paragraph"),
    pytest.param("-\tfoo\n\n\tbar", "- foo\n  bar\n", id="a tab-indented list keeps words apart"),
    pytest.param("```\nif a && b < c:\n    ga()\n```",
                 "    if a && b < c:\n        ga()\n", id="fenced code as written"),
    pytest.param("Typ `a && b` in het veld.", "Typ a && b in het veld.\n",
                 id="inline code as written"),
    pytest.param("&copy; 2026 Zelfwijs &amp; partners &#8211; &#X22;samen&#x22;",
                 "© 2026 Zelfwijs & partners – \"samen\"\n", id="entities decoded"),
    pytest.param('Zie <a href="https://www.zelfwijs.example/">onze site</a>.',
                 "Zie onze site (https://www.zelfwijs.example/).\n",
                 id="a link written in HTML as text (url)"),
    pytest.param("<table><tr><th>Dag</th><th>Open</th></tr><tr><td>ma</td><td>9&ndash;17"
                 "</td></tr></table>", "Dag | Open\nma | 9–17\n",
                 id="a table written in HTML, row by row"),
    pytest.param("> Citaat\n> - met een lijst", "> Citaat - met een lijst\n",
                 id="a quote as Python-Markdown reads it"),
    pytest.param("Tekst\n\n<script>alert('weg')</script>\n\nNa het script.",
                 "Tekst\n\nNa het script.\n", id="what the policy removes is not in the text"),
]


@pytest.mark.parametrize("source, text", TEXT_CASES)
def test_plain_text_keeps_every_word_as_the_reader_sees_it(source: str, text: str) -> None:
    from site_builder.problems import Problems
    from site_builder.raw_html import sanitise_markdown

    cleaned = sanitise_markdown(source, "intro.md", 1, Problems())
    assert render(cleaned).text == text


@pytest.mark.parametrize("source, address", [
    ("<info@zelfwijs.example>", "info@zelfwijs.example"),
    ("<foo\\+@bar.example.com>", "foo+@bar.example.com"),
])
def test_an_email_address_in_angle_brackets_is_written_out_in_both_parts(
        source: str, address: str) -> None:
    rendered = render(source)
    assert rendered.html == f'<p><a href="mailto:{address}">{address}</a></p>'
    assert rendered.text == f"{address}\n"
