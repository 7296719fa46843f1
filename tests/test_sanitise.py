"""One sanitising policy for HTML in content: what writers may use, what is taken out and
reported at its line, and that the site, the email and check all apply the same."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from site_builder import sanitise
from site_builder.problems import Problems
from site_builder.raw_html import sanitise_markdown
from site_builder.sanitise import (
    SanitiseExtension,
    allowed_url,
    clean,
    clean_start_tag,
    events,
    guard,
    mark_content,
)
from site_builder.website.active_content import active_content
from site_builder.website.built_site import BuiltSite

from .conftest import Result, write


def sanitised(body: str, first_line: int = 1) -> tuple[str, list[str]]:
    problems = Problems()
    text = sanitise_markdown(body, "page.md", first_line, problems)
    return text, [str(p) for p in problems]


@pytest.mark.parametrize("url, allowed", [
    ("https://www.zelfwijs.example/", True), ("http://example.org", True),
    ("mailto:info@zelfwijs.example", True), ("tel:+31330001200", True),
    ("../diensten/coaching.md", True), ("#programma", True), ("/afmelden/", True),
    ("javascript:alert(1)", False), (" JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:msgbox", False),
])
def test_links_may_lead_to_web_mail_phone_and_site_addresses_only(url: str,
                                                                 allowed: bool) -> None:
    assert allowed_url(url) is allowed


@pytest.mark.parametrize("name, tag, cleaned, removed", [
    ("p", '<p class="lead">', '<p class="lead">', ()),
    ("a", '<a href="https://x.example/" onclick="go()">', '<a href="https://x.example/">',
     ("onclick",)),
    ("a", '<a href="&#106;avascript:alert(1)">', "<a>", ("href",)),
    ("div", "<div style=\"background:url(https://t.example/p.gif)\">", "<div>", ("style",)),
    ("td", '<td colspan="2" style="text-align: left">', '<td colspan="2" '
     'style="text-align: left">', ()),
    ("img", '<img src="foto.jpg" alt="Twee mensen" width="300" />',
     '<img src="foto.jpg" alt="Twee mensen" width="300" />', ()),
    ("div", "<div markdown>", "<div markdown>", ()),
    ("input", '<input type="radio" name="tabs" id="t1" checked>',
     '<input type="radio" name="tabs" id="t1" checked>', ()),
    ("input", '<input type="text" name="q">', "", ("name", "type")),
    ("script", "<script>", "", ()),
    ("o:p", "<o:p>", "", ()),
])
def test_a_start_tag_keeps_what_the_policy_allows(name: str, tag: str, cleaned: str,
                                                  removed: tuple[str, ...]) -> None:
    result = clean_start_tag(name, tag)
    assert (result.text, result.removed) == (cleaned, removed)


CASES = [
    pytest.param("Tekst met <b>vet</b> en <abbr title=\"Wet maatschappelijke ondersteuning\">"
                 "Wmo</abbr>.", "Tekst met <b>vet</b> en <abbr title=\"Wet maatschappelijke "
                 "ondersteuning\">Wmo</abbr>.", [], id="allowed HTML stays as written"),
    pytest.param("Intro\n\n<style>\n\nNieuws", "Intro\n\n\n\nNieuws",
                 ["page.md:3: warning: removed <style> and what it held"],
                 id="an unclosed style is taken out and the rest stays"),
    pytest.param("<style>p{color:red}</style>\n\nTekst", "\n\nTekst",
                 ["page.md:1: warning: removed <style>"], id="a style with its rules"),
    pytest.param("a\n<script>\nalert(1)\n</script>\nb", "a\n\n\n\nb",
                 ["page.md:2: warning: removed <script>"],
                 id="a script goes with its code and keeps the line numbers"),
    pytest.param('<p onclick="x()">Klik</p>', "<p>Klik</p>",
                 ["page.md:1: warning: removed the event handler `onclick` from <p>"],
                 id="an event handler"),
    pytest.param("<div>\nOpen blok\n\n**Daarna**", "<div>\nOpen blok</div>\n\n**Daarna**",
                 ["page.md:1: warning: the HTML tag <div> is never closed"],
                 id="an unclosed div is closed where its block ends"),
    pytest.param("<div markdown>\n\n*Markdown* erin\n\n</div>",
                 "<div markdown>\n\n*Markdown* erin\n\n</div>", [],
                 id="a div closed further on is left as it is"),
    pytest.param('<a title="x>oeps\n\nVolgende alinea', "oeps\n\nVolgende alinea",
                 ["page.md:1: warning: removed the HTML tag <a> with a quote that is never "
                  "closed"], id="a tag with an unclosed quote"),
    pytest.param("<<script>b>x</script>", "<", ["page.md:1: warning: removed <script>"],
                 id="what is left after a removal is checked again"),
    pytest.param("```html\n<script>alert(1)</script>\n```", "```html\n<script>alert(1)"
                 "</script>\n```", [], id="fenced code is shown as written"),
    pytest.param('!!! note\n\n    <span onclick="x()">Let op</span>',
                 '!!! note\n\n    <span>Let op</span>',
                 ["page.md:3: warning: removed the event handler `onclick` from <span>"],
                 id="inside an admonition"),
    pytest.param('Kijk:\n\n<iframe src="https://video.example/1"></iframe>\nVerder',
                 "Kijk:\n\n\nVerder",
                 ["page.md:3: error: an embedded page (<iframe>) loads video.example for "
                  "every visitor without asking"],
                 id="a pasted frame is refused with what to write instead"),
    pytest.param("<!-- notitie voor onszelf -->\nTekst", "<!-- notitie voor onszelf -->\n"
                 "Tekst", [], id="a comment stays in the Markdown; no output shows it"),
    pytest.param("Lees [meer](javascript:alert(1))", "Lees [meer](javascript:alert(1))",
                 ["page.md:1: error: the link leads to 'javascript:alert(1)', which is not "
                  "allowed"], id="a javascript: link in Markdown is refused"),
    pytest.param("![Logo](data:image/png;base64,AAAA)", "![Logo](data:image/png;base64,AAAA)",
                 ["page.md:1: error: the image 'data:image/png;base64,AAAA' cannot be shown"],
                 id="a data: image is refused"),
    pytest.param('[Site](https://x.example/){ onclick="go()" }',
                 '[Site](https://x.example/){ onclick="go()" }',
                 ["page.md:1: warning: the setting `onclick` between { } is not allowed"],
                 id="an attribute list may not set an event handler"),
    pytest.param("[Site](https://x.example/){ .md-button target=_blank }",
                 "[Site](https://x.example/){ .md-button target=_blank }", [],
                 id="an attribute list may set a class and target"),
]


@pytest.mark.parametrize("body, cleaned, reported", CASES)
def test_html_in_markdown_is_cleaned_where_it_was_written(body: str, cleaned: str,
                                                          reported: list[str]) -> None:
    text, problems = sanitised(body)
    assert text == cleaned
    assert len(problems) == len(reported)
    for problem, start in zip(problems, reported, strict=True):
        assert problem.startswith(start)


def test_lines_count_from_the_line_the_body_starts_on() -> None:
    _text, problems = sanitised("Tekst\n\n<font color=red>Rood</font>", first_line=7)
    assert problems == ["page.md:9: warning: removed the HTML tag <font> (its text stays): "
                        "the site and the newsletter do not use it. It often comes with text "
                        "pasted from Word or a web page."]


def test_a_word_paste_gets_one_warning_per_kind_of_thing_at_its_first_line() -> None:
    body = "\n".join(f"<p class=MsoNormal style='margin:0'>Regel {n}<o:p></o:p></p>"
                     for n in range(1, 6))
    text, problems = sanitised(body)
    assert "style=" not in text and "<o:p>" not in text and "Regel 5" in text
    assert problems == [
        "page.md:1: warning: removed formatting (the style attribute), as pasted from Word "
        "or a web page: the site and the newsletter apply their own design. (5 times in "
        "this file; the first is here)",
        "page.md:1: warning: removed the HTML tag <o:p> (its text stays): the site and the "
        "newsletter do not use it. It often comes with text pasted from Word or a web page. "
        "(5 times in this file; the first is here)",
    ]


# -- the guard in every rendering ------------------------------------------------------------
def test_the_guard_leaves_clean_html_exactly_as_it_is() -> None:
    html = '<p>Een <a href="../x/">link</a><br />en &amp; <img alt="a" src="a.png" /></p>'
    assert guard(html) == html


# HTML that one reading or writing could take differently from another: the guard's quick
# way (the text read once, written out again) must decide as comparing both readings does.
SPELLINGS = [
    '<p>Een <a href="../x/">link</a><br />en &amp; <img alt="a" src="a.png" /></p>',
    "<p>Tijd&nbsp;en\xa0ruimte: 3 &lt; 4 &gt; 2, &quot;citaat&quot; &#8217;s &eacute;</p>",
    '<p><a href="/zoek/?q=wmo&amp;p=2" title="Zeg &quot;ja&quot;">z</a></p>',
    "<P CLASS='x'>Hoofdletters</P><DIV/><br></br><hr/>",
    '<input type="radio" checked name="t" id="t1"><label for="t1">Tab</label>',
    "<table><tr><td>zonder tbody</td></tr></table>",
    "<pre>\n\ncode met <b>vet</b></pre><textarea>\ntekst</textarea>",
    '<p class="a" class="b">dubbel</p><p style="text-align: left;">stijl</p>',
    "<p>open <b>niet gesloten<p>en <i>verkeerd</b> genest</i>",
    "<script>if (a < b) alert(1)</script><style>p{color:red}</style>",
    "<!DOCTYPE html><![CDATA[x]]><?php echo 1 ?></ x><p>rest</p>",
    '<a href="javascript:alert(1)">klik</a><img src="x" onerror="alert(1)">',
    '<p onclick="x()">alleen een attribuut te veel</p>',
    "<p>een element te veel: <blink>knipper</blink></p>",
    "<p>a</p><!-- more --><p>b</p>",
    "<p>half <a href=\"open",
    "tekst & meer &amp c < d",
]


@pytest.mark.parametrize("html", SPELLINGS)
def test_the_guard_decides_as_comparing_what_a_browser_reads_of_both(html: str) -> None:
    cleaned = clean(html)
    compared = "<!--" not in html.replace("<!-- more -->", "") and \
        events(cleaned) == events(html)
    assert guard(html) == (html if compared else cleaned)


def test_the_guard_reads_clean_html_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown's own HTML is what nh3 writes once read: the guard reads it once."""
    html = markdown.markdown(
        "## Kop\n\nTekst met *nadruk*, een [link](https://www.example.org/?a=1&b=2 "
        '"titel") & een ![foto](f.png){ width="300" }.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n'
        "\n```\nif a < b: print('x')\n```\n\nRegel  \nbreuk &nbsp;en\xa0spatie.\n",
        extensions=["attr_list", "tables", "fenced_code"])
    read: list[str] = []
    monkeypatch.setattr(sanitise, "events", lambda text: read.append(text) or [])
    assert guard(html) == html
    assert read == []


def test_the_guard_cleans_what_slipped_through_and_drops_comments() -> None:
    assert guard('<p onclick="x()">a</p><!--[if mso]><img src="t.gif"><![endif]-->') == \
        "<p>a</p>"


def test_the_guard_keeps_the_blog_excerpt_separator() -> None:
    assert guard("<p>a</p><!-- more --><p>b</p>") == "<p>a</p><!-- more --><p>b</p>"


def test_on_a_site_page_only_the_writers_part_is_cleaned() -> None:
    md = markdown.Markdown(extensions=["md_in_html", SanitiseExtension(marked_only=True)])
    page = ('<form action="/aanmelden/"><input type="email" name="email"></form>\n\n'
            + mark_content('Tekst <b onclick="x()">vet</b>') + "\n\n<aside>Kaart</aside>")
    html = md.convert(page)
    assert '<form action="/aanmelden/">' in html and "<aside>Kaart</aside>" in html
    assert "<p>Tekst <b>vet</b></p>" in html
    assert "onclick" not in html and "sb:content" not in html


# -- the built site ----------------------------------------------------------------------------
THEME_PAGE = """<html><head><script src="assets/bundle.js"></script><style>body{}</style></head>
<body onload="init()"><article class="md-content__inner md-typeset">
<p>Tekst</p>
{content}
</article><script>var theme = 1;</script></body></html>"""


def built(content: str) -> BuiltSite:
    page = THEME_PAGE.replace("{content}", content)
    return BuiltSite(frozenset({"index.html"}), {"index.html": page}, "https://x.example/")


def test_the_themes_own_scripts_and_styles_pass_the_active_content_gate() -> None:
    assert active_content(built("<p>Gewoon</p>")) == []


@pytest.mark.parametrize("content, finding", [
    ("<script>alert(1)</script>", "the content holds a <script>"),
    ("<div><style>p{}</style></div>", "the content holds a <style>"),
    ('<img src="a.png" onerror="x()">', "event handler (onerror on <img>)"),
    ('<a href=" java&#x09;script:alert(1)">x</a>', "`javascript:` address (href on <a>)"),
])
def test_the_active_content_gate_flags_what_could_run_at_its_line(content: str,
                                                                  finding: str) -> None:
    problems = active_content(built(content))
    assert len(problems) == 1
    assert problems[0].path == "site/index.html" and problems[0].line == 4
    assert finding in problems[0].message


def test_check_built_passes_the_sample_site_and_fails_on_a_script_in_page_content(
        project: Path, sample_site: Path, run: Callable[..., Result]) -> None:
    site = shutil.copytree(sample_site, project / "site")
    assert run(project, "check", "--built").code == 0
    page = site / "diensten" / "index.html"
    html = page.read_text("utf-8")
    page.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                 '<article class="md-content__inner md-typeset">'
                                 "<script>alert(1)</script>"), "utf-8")
    result = run(project, "check", "--built")
    assert result.code == 1
    assert "site/diensten/index.html:" in result.err
    assert "the content holds a <script>" in result.err


def test_check_and_build_report_the_same_warnings_at_the_same_lines(
        project: Path, run: Callable[..., Result]) -> None:
    write(project / "content/nl/plakwerk.md", "---\ntitle: Plakwerk\n---\n\nTekst\n\n"
          "<p style='color:red' onclick='x()'>Rood</p>\n\n<script>alert(1)</script>\n")
    checked, built_site = run(project, "check"), run(project, "build")
    assert checked.code == 0 and built_site.code == 0
    warnings = [line for line in checked.err.splitlines() if "warning" in line]
    assert warnings == [line for line in built_site.err.splitlines() if "warning" in line]
    assert [w.split(": warning")[0] for w in warnings] == ["content/nl/plakwerk.md:7"] * 2 + [
        "content/nl/plakwerk.md:9"]
    page = (project / "site/plakwerk/index.html").read_text("utf-8")
    assert "Rood" in page and "onclick" not in page and "alert(1)" not in page
