"""Every CommonMark example and every kind of paste, through the real email and site builds.

Each example of the CommonMark specification is the intro of a newsletter issue, rendered by
the newsletter build (without premailer's CSS inlining, which costs 280 ms an email; the
full builds below inline). Whatever the Markdown, an email has its footer and unsubscribe
link, no active HTML, a plain-text part with every word of the HTML part and no entity left;
or it is refused at the file and line of the Markdown. Pasted HTML (Word, an unclosed
<style>, a <script>, an <iframe>, a tracking url()) goes through one full newsletter build
and one full site build, as posts and pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest

from site_builder.check import checked_content
from site_builder.config import SiteConfig, load_config
from site_builder.model import Content
from site_builder.newsletter.build import render_issue
from site_builder.newsletter.issue import load_issue
from site_builder.newsletter.strings import EMAIL_STRINGS
from site_builder.problems import ContentError, Problems
from site_builder.website.active_content import active_content
from site_builder.website.built_site import read_built_site
from site_builder.website.privacy import third_party_loads

from .conftest import SAMPLE_NOW, Result, copy_project, write
from .markdown_examples import (
    AFTER,
    REFUSED,
    REMOVED,
    SNIPPETS,
    Example,
    active_html,
    commonmark_examples,
    entities_left,
    missing_words,
    pinned_spec_version,
)

ISSUE_HEAD = ("---\nsubject: Voorbeelden\naudience: internal\nlang: nl\n"
              "date: 2026-11-20 09:00\npreheader: Een voorbeeld\nitems: []\n---\n")
UNSUBSCRIBE = "https://www.zelfwijs.example/afmelden/"


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return commonmark_examples()


@dataclass
class Newsletters:
    project: Path
    config: SiteConfig
    content: Content
    # Words the templates show in the HTML part only (the organisation's name in the header):
    # those of an issue with a one-word intro.
    template_only: Counter[str] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def newsletters(tmp_path_factory: pytest.TempPathFactory) -> Newsletters:
    project = copy_project(tmp_path_factory.mktemp("examples") / "project")
    config = load_config(project / "mkdocs.yml")
    content, _warnings = checked_content(config, SAMPLE_NOW)
    setup = Newsletters(project, config, content)
    setup.template_only = Counter(missing_words(*email_of_intro(setup, "leeg", "Hallo")))
    return setup


def keep_css(html: str, css: str) -> tuple[str, list[str]]:
    """Instead of premailer: the CSS stays out of the elements, and its media queries go into
    a <style> block in the head, as premailer leaves them (the email rules look for them)."""
    media = css[css.index("\n@media"):]
    return html.replace("</head>", f"<style>{media}</style>\n</head>", 1), []


def email_faults(html: str, text: str, template_only: Counter[str]) -> list[str]:
    """What is wrong with a built email, in words; [] when nothing is."""
    document = lxml.html.document_fromstring(html)
    faults = []
    if not html.rstrip().endswith("</html>"):
        faults.append("the HTML is cut short")
    footer_links = document.xpath('//td[contains(@class, "footer")]//a/@href')
    if not any(href.startswith(UNSUBSCRIBE) for href in footer_links):
        faults.append("the HTML has no footer with the unsubscribe link")
    unsubscribe = EMAIL_STRINGS["nl"]["unsubscribe"]
    if not text.rstrip().splitlines()[-1].startswith(f"{unsubscribe}: {UNSUBSCRIBE}"):
        faults.append("the text does not end with the unsubscribe link")
    body = document.find("body")
    faults += [f"active HTML: {found}" for found in active_html(body)]
    missing = list((Counter(missing_words(html, text)) - template_only).elements())
    if missing:
        faults.append(f"words of the HTML missing from the text: {missing[:8]}")
    left = entities_left(html, text)
    if left:
        faults.append(f"entities left in the text: {left[:8]}")
    return faults


def email_of_intro(setup: Newsletters, name: str, markdown: str) -> tuple[str, str]:
    """The email of an issue whose intro is `markdown`, through the newsletter build."""
    path = write(setup.project / "newsletters" / f"{name}.md", ISSUE_HEAD + markdown)
    try:
        problems = Problems()
        issue = load_issue(path, f"newsletters/{name}.md", problems)
        problems.raise_if_errors()
        assert issue is not None
        built = render_issue(setup.config, setup.content, issue, [], SAMPLE_NOW,
                             inline=keep_css)
        html, text, _message = built.preview()
        return html, text
    finally:
        path.unlink()


def refusal_faults(error: ContentError, shown: str, first: int, last: int) -> list[str]:
    """A refusal must name the Markdown file, and a line inside the Markdown that was given."""
    return [f"refused at the wrong place: {problem}" for problem in error.problems
            if problem.is_error and (problem.path != shown or problem.line is None
                                     or not first <= problem.line <= last)]


def test_the_examples_are_the_whole_pinned_specification(examples: list[Example]) -> None:
    assert pinned_spec_version() == "0.31.2"
    assert len(examples) == 652
    assert [e.number for e in examples] == list(range(1, 653))


def test_every_commonmark_example_becomes_a_whole_safe_email_or_a_refusal_at_its_line(
        examples: list[Example], newsletters: Newsletters) -> None:
    first = ISSUE_HEAD.count("\n") + 1
    faults: dict[int, list[str]] = {}
    built = 0
    for example in examples:
        name = f"spec-{example.number:03}"
        try:
            html, text = email_of_intro(newsletters, name, example.markdown)
        except ContentError as error:
            last = first + example.markdown.count("\n")
            found = refusal_faults(error, f"newsletters/{name}.md", first, last)
        else:
            built += 1
            found = email_faults(html, text, newsletters.template_only)
        if found:
            faults[example.number] = found
    assert faults == {}
    assert built > 500  # most examples are plain Markdown that builds


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: s.name)
def test_pasted_html_in_an_intro_leaves_a_whole_safe_email(newsletters: Newsletters,
                                                           snippet) -> None:
    markdown = f"Eerst een gewone alinea.\n\n{snippet.markdown}\n\n{AFTER}\n"
    if snippet.refused:
        with pytest.raises(ContentError) as refusal:
            email_of_intro(newsletters, "plakwerk", markdown)
        first = ISSUE_HEAD.count("\n") + 3
        assert refusal_faults(refusal.value, "newsletters/plakwerk.md", first, first) == []
        assert any(p.message.startswith(snippet.refused) for p in refusal.value.problems)
        return
    html, text = email_of_intro(newsletters, "plakwerk", markdown)
    assert email_faults(html, text, newsletters.template_only) == []
    assert AFTER in html and AFTER in text
    assert snippet.removed not in html and snippet.removed not in text


# -- one full newsletter build and one full site build, with everything pasted ---------------
def post(title: str, markdown: str, audience: str = "internal") -> str:
    return (f"---\ntitle: {title}\ndate: 2026-11-10 10:00\nauthors: [anouk-de-vries]\n"
            f"audience: {audience}\ndescription: Een voorbeeld van plakwerk.\n---\n\n"
            f"Eerst een gewone alinea.\n\n{markdown}\n\n{AFTER}\n")


POST_FIRST_LINE = 11  # the line where post() puts the snippet


@pytest.fixture(scope="module")
def pasted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with every snippet as an internal post, and an internal issue
    with an unclosed <style> in its intro that features them all."""
    project = copy_project(tmp_path_factory.mktemp("pasted") / "project")
    items = []
    for number, snippet in enumerate(REMOVED, 1):
        source = f"nl/blog/posts/plakwerk-{number}.md"
        write(project / "content" / source, post(f"Plakwerk {number}", snippet.markdown))
        items.append(source)
    listed = "".join(f"  - {source}\n" for source in items)
    head = ISSUE_HEAD.replace("items: []\n", "items:\n" + listed)
    write(project / "newsletters" / "2026-12-plakwerk.md",
          head + "Het intro begint.\n\n<style>\n\nEn het intro gaat door.\n")
    return project


def style_line_of_pasted_issue() -> int:
    """The line of the intro's unclosed <style> in the issue that `pasted` writes."""
    return ISSUE_HEAD.count("\n") + len(REMOVED) + 3


def warning_lines(result: Result) -> set[str]:
    return {line for line in result.err.splitlines() if ": warning: " in line}


def test_a_full_newsletter_build_with_pasted_html_reports_it_at_each_post_and_stays_whole(
        pasted: Path, run: Callable[..., Result]) -> None:
    built = run(pasted, "newsletter", "build", "newsletters/2026-12-plakwerk.md",
                "--out", "out")
    assert built.code == 0, built.err
    warnings = warning_lines(built)
    for number, snippet in enumerate(REMOVED, 1):
        shown = f"content/nl/blog/posts/plakwerk-{number}.md"
        lines = {int(w.split(":")[1]) for w in warnings if w.startswith(shown + ":")}
        assert lines, f"no warning for {snippet.name}"
        last = POST_FIRST_LINE + snippet.markdown.count("\n")
        assert all(POST_FIRST_LINE <= line <= last for line in lines), (snippet.name, lines)
    assert (f"newsletters/2026-12-plakwerk.md:{style_line_of_pasted_issue()}: warning: "
            "removed <style>") in built.err
    folder = pasted / "out" / "2026-12-plakwerk"
    html = (folder / "email.html").read_text("utf-8")
    text = (folder / "email.txt").read_text("utf-8")
    document = lxml.html.document_fromstring(html)
    assert active_html(document.find("body")) == []
    assert [s.tag for s in document.iter("style")] == ["style"]  # the email's own, in <head>
    assert document.find("head/style") is not None
    for snippet in REMOVED:
        assert snippet.removed not in html and snippet.removed not in text, snippet.name
    assert html.count(AFTER) == len(REMOVED) and text.count(AFTER) == len(REMOVED)
    assert "En het intro gaat door." in html and "En het intro gaat door." in text
    assert "Stichting Zelfwijs" in document.xpath('string(//td[contains(@class, "footer")])')
    assert set(missing_words(html, text)) <= {"Stichting", "Zelfwijs"}  # also in the header
    check = run(pasted, "newsletter", "check", "newsletters/2026-12-plakwerk.md")
    assert check.code == 0, check.err
    # `check` reports the same, before anything is built.
    checked = run(pasted, "check")
    assert checked.code == 0, checked.err
    assert warning_lines(checked) == warnings


@pytest.mark.parametrize("snippet", REFUSED, ids=lambda s: s.name)
def test_check_build_and_newsletter_build_refuse_a_pasted_player_at_its_line_alike(
        project: Path, run: Callable[..., Result], snippet) -> None:
    write(project / "content/nl/blog/posts/speler.md", post("Een speler", snippet.markdown))
    write(project / "newsletters/2026-12-speler.md", ISSUE_HEAD.replace(
        "items: []", "items:\n  - nl/blog/posts/speler.md") + "Hallo.\n")
    place = f"content/nl/blog/posts/speler.md:{POST_FIRST_LINE}: error: {snippet.refused}"
    refusals = set()
    for command in (("check",), ("build",),
                    ("newsletter", "build", "newsletters/2026-12-speler.md")):
        result = run(project, *command)
        assert result.code == 1, command
        errors = [line for line in result.err.splitlines() if ": error: " in line]
        assert len(errors) == 1 and errors[0].startswith(place), (command, result.err)
        refusals.add(errors[0])
    assert len(refusals) == 1  # the same words everywhere


def test_a_javascript_link_in_markdown_is_refused_at_its_line(
        project: Path, run: Callable[..., Result]) -> None:
    write(project / "content/nl/blog/posts/link.md",
          post("Een link", "Lees [meer](javascript:alert(1)) hier.", audience="public"))
    result = run(project, "check")
    assert result.code == 1
    assert f"content/nl/blog/posts/link.md:{POST_FIRST_LINE}: error: the link leads to " \
           "'javascript:alert(1)', which is not allowed" in result.err
    assert run(project, "build").code == 1


def test_a_site_build_of_every_example_and_paste_has_no_active_content(
        examples: list[Example], tmp_path: Path, run: Callable[..., Result],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One site build: each example and each snippet as a page. Examples that the content
    check refuses (a link to a file that is not there) are refused at their file and line,
    and left out of the build."""
    project = copy_project(tmp_path / "project")
    body_line = 5
    pages = {}
    for example in examples:
        pages[f"nl/voorbeelden/spec-{example.number:03}.md"] = example.markdown
    for number, snippet in enumerate(SNIPPETS, 1):
        pages[f"nl/plakwerk/plakwerk-{number}.md"] = \
            f"Eerst een gewone alinea.\n\n{snippet.markdown}\n\n{AFTER}\n"
    for source, markdown in pages.items():
        write(project / "content" / source, f"---\ntitle: Voorbeeld\n---\n\n{markdown}")
    monkeypatch.chdir(project)  # so problems name `content/...`, as `check` prints them
    try:
        checked_content(load_config(project / "mkdocs.yml"), SAMPLE_NOW)
        errors = []
    except ContentError as error:
        errors = [problem for problem in error.problems if problem.is_error]
    refused = {p.path.removeprefix("content/") for p in errors}
    for problem in errors:
        source = problem.path.removeprefix("content/")
        assert source in pages, str(problem)
        last = body_line + pages[source].count("\n")
        assert problem.line is not None and body_line <= problem.line <= last, str(problem)
    assert refused & {s for s in pages if "plakwerk" in s} == {
        f"nl/plakwerk/plakwerk-{number}.md"
        for number, snippet in enumerate(SNIPPETS, 1) if snippet.refused}
    for source in refused:
        (project / "content" / source).unlink()
    result = run(project, "build")
    assert result.code == 0, result.err
    site = read_built_site(project / "site", "https://www.zelfwijs.example/")
    assert active_content(site) == []
    assert third_party_loads(site) == []
    for number, snippet in enumerate(SNIPPETS, 1):
        if snippet.refused:
            continue
        page = (project / "site/plakwerk" / f"plakwerk-{number}" / "index.html").read_text()
        assert AFTER in page and snippet.removed not in page, snippet.name


def test_a_remote_url_in_a_style_reaches_no_output(project: Path,
                                                   run: Callable[..., Result]) -> None:
    """A tracking pixel in a style, in an external issue's intro and in a public post: not in
    the email, its text, the message, the web version, the post's page or any other file."""
    tracking = ('<div style="background-image:url(https://tracker.example.com/p.gif)">Nieuws'
                "</div>\n\n<span style=\"background: URL( 'https://tracker.example.com/q.gif' )"
                '">Meer</span>\n\nEen alinea.\n{ style="background:url(https://tracker.example'
                '.com/r.gif)" }\n')
    write(project / "content/nl/blog/posts/pixel.md",
          post("Een pixel", tracking, audience="public"))
    write(project / "newsletters/2026-11-pixel.md", ISSUE_HEAD.replace(
        "audience: internal", "audience: external").replace("items: []\n", "")
        + tracking)
    built = run(project, "newsletter", "build", "newsletters/2026-11-pixel.md", "--out", "out")
    assert built.code == 0, built.err
    site = run(project, "build")
    assert site.code == 0, site.err
    assert (project / "site/nieuwsbrief/2026-11-pixel/index.html").is_file()
    outputs = [path for folder in ("out", "site") for path in (project / folder).rglob("*")
               if path.is_file()]
    assert len(outputs) > 100
    for path in outputs:
        assert b"tracker.example" not in path.read_bytes(), path
