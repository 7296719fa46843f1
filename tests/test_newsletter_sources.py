"""A newsletter's problems are reported at the Markdown file and line they come from (the
issue's intro, or the post whose text is in the email), never at the issue's first line or a
line of generated HTML; its links resolve as on the site; footnotes become numbered notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Result, write
from .test_source_links import append

INTERNAL_POST = "content/nl/blog/posts/nieuwe-urenregistratie.md"


def issue(project: Path, intro: str, *, audience: str = "external", items: str = "") -> str:
    write(project / "newsletters/2026-12-proef.md",
          f"---\nsubject: Proef\naudience: {audience}\nlang: nl\ndate: 2026-11-22\n"
          f"preheader: Een proef\n{items}---\n\n{intro}\n")
    return "newsletters/2026-12-proef.md"


def build(run: Callable[..., Result], project: Path, path: str) -> Result:
    return run(project, "newsletter", "build", path, "--out", "out")


def test_a_broken_link_in_a_featured_post_is_reported_at_the_posts_line(
        project: Path, run: Callable[..., Result]) -> None:
    path = issue(project, "Beste collega's,", audience="internal",
                 items=f"items:\n  - {INTERNAL_POST.removeprefix('content/')}\n")
    line = append(project, INTERNAL_POST, "Zie [het rooster](/intranet/rooster/).")
    for command in (("check",), ("newsletter", "check", path)):
        result = run(project, *command)
        assert result.code == 1
        rows = [row for row in result.err.splitlines() if ": error: " in row]
        assert rows == [f"{INTERNAL_POST}:{line}: error: the site address '/intranet/rooster/' "
                        "is not a page of the site: no page or file will be at "
                        "/intranet/rooster/."], result.err


def test_an_email_rule_is_reported_at_the_intro_line(project: Path,
                                                     run: Callable[..., Result]) -> None:
    path = issue(project, "Eerste alinea.\n\nDe agenda staat online: [klik hier](/agenda/).")
    result = build(run, project, path)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{path}:11: error: the link text 'klik hier' does not say where it leads; use words "
        "that name the destination.")


def test_an_email_rule_in_a_posts_text_is_reported_at_the_posts_line(
        project: Path, run: Callable[..., Result]) -> None:
    path = issue(project, "Beste collega's,", audience="internal",
                 items=f"items:\n  - {INTERNAL_POST.removeprefix('content/')}\n")
    # Since issue 12 the sanitising policy takes a `style` on a paragraph out when the post is
    # read (it was `<p style="margin: 1rem">`, for the rem rule); a table cell may still set
    # its width, and the email rules judge the value.
    line = append(project, INTERNAL_POST, '<table><tr><td style="width: 10rem">Met ruimte.'
                  "</td></tr></table>")
    result = build(run, project, path)
    assert result.code == 1
    assert f"{INTERNAL_POST}:{line}: error: the CSS uses rem units" in result.err
    assert "(email)" not in result.err


def test_site_addresses_and_anchors_become_links_to_the_live_site(
        project: Path, run: Callable[..., Result]) -> None:
    path = issue(project, "Zie [onze diensten](/diensten/), [het team](/team/) en "
                 "[de kosten](diensten/schulden-en-geldzaken.md#geld-en-werk).")
    result = build(run, project, path)
    assert result.code == 0, result.err
    html = (project / "out/2026-12-proef/email.html").read_text("utf-8")
    assert 'href="https://www.zelfwijs.example/diensten/"' in html
    assert 'href="https://www.zelfwijs.example/team/"' in html
    assert ('href="https://www.zelfwijs.example/diensten/schulden-en-geldzaken/#geld-en-werk"'
            in html)
    assert "sb-origin" not in html


def test_a_missing_anchor_fails_the_newsletter_at_the_intro_line(
        project: Path, run: Callable[..., Result]) -> None:
    path = issue(project, "Zie [de kosten](diensten/schulden-en-geldzaken.md#prijzen).")
    result = build(run, project, path)
    assert result.code == 1
    assert result.err.startswith(f"{path}:9: error: the link "
                                 "'diensten/schulden-en-geldzaken.md#prijzen' leads to the anchor")


def test_footnotes_become_numbered_notes_at_the_end_of_the_item(
        project: Path, run: Callable[..., Result]) -> None:
    path = issue(project, "Beste collega's,", audience="internal",
                 items=f"items:\n  - {INTERNAL_POST.removeprefix('content/')}\n")
    append(project, INTERNAL_POST, "Vanaf januari geldt het nieuwe rooster[^1].\n\n"
           "[^1]: Zie het [overzicht van de diensten](../../diensten/index.md).")
    result = build(run, project, path)
    assert result.code == 0, result.err
    html = (project / "out/2026-12-proef/email.html").read_text("utf-8")
    text = (project / "out/2026-12-proef/email.txt").read_text("utf-8")
    assert "rooster<sup" in html and ">[1]</sup>." in html
    assert '<div class="footnotes"' in html
    assert ('Zie het <a href="https://www.zelfwijs.example/diensten/"' in html)
    assert "#fn" not in html and "footnote-backref" not in html
    assert "het nieuwe rooster[1]." in text
    # Links read `text (url)` in plain text since issue 12 (they read `text: url`).
    assert "1. Zie het overzicht van de diensten (https://www.zelfwijs.example/diensten/)." in (
        " ".join(text.split()))
    notes = html.index('class="footnotes"')
    assert html.index("rooster<sup") < notes < html.index('class="footer"')


def test_a_video_in_an_email_is_a_linked_title(project: Path,
                                               run: Callable[..., Result]) -> None:
    path = issue(project, "Kijk terug:\n\n"
                 "[Terugblik op de inspiratiemiddag](https://www.youtube.com/watch?v=dQw4w9WgXcQ)")
    result = build(run, project, path)
    assert result.code == 0, result.err
    html = (project / "out/2026-12-proef/email.html").read_text("utf-8")
    assert ('>▶ Terugblik op de inspiratiemiddag (video op YouTube)</a>' in html)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "<iframe" not in html


def test_links_in_html_become_links_to_the_live_site(project: Path,
                                                     run: Callable[..., Result]) -> None:
    path = issue(project, '<p>Lees <a href="diensten/schulden-en-geldzaken.md">over schulden'
                 '</a> of bekijk <a href="/agenda/">de agenda</a>.</p>')
    result = build(run, project, path)
    assert result.code == 0, result.err
    html = (project / "out/2026-12-proef/email.html").read_text("utf-8")
    assert 'href="https://www.zelfwijs.example/diensten/schulden-en-geldzaken/"' in html
    assert 'href="https://www.zelfwijs.example/agenda/"' in html


def test_an_email_rule_a_teaser_breaks_is_reported_at_the_items_setting(
        project: Path, run: Callable[..., Result]) -> None:
    # The teaser's link reads the post's title: its `title:` line is where to fix it.
    post = "content/nl/blog/posts/academie-programma-2026.md"
    text = (project / post).read_text("utf-8")
    write(project / post, text.replace("title: Het nieuwe programma van de Zelfwijs Academie",
                                       "title: Klik hier"))
    path = issue(project, "Hallo.", items=f"items:\n  - {post.removeprefix('content/')}\n")
    expected = (f"{post}:2: error: the link text 'klik hier' does not say where it leads; "
                "use words that name the destination.")
    for command in (("check",), ("newsletter", "check", path),
                    ("newsletter", "build", path, "--out", "out")):
        result = run(project, *command)
        assert result.code == 1, command
        rows = [row for row in result.err.splitlines() if ": error: " in row]
        assert rows == [expected], (command, result.err)
