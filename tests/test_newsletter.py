"""Newsletter issues: built from the same content, checked, packaged, and kept in bounds."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from site_builder.config import load_config
from site_builder.newsletter.build import prepare_issue
from site_builder.newsletter.message import Recipient
from site_builder.newsletter.rules import check_email

from .conftest import REPO, SAMPLE_NOW, Result, write
from .test_preview import free_port

INTERNAL_SENTENCE = "Dit bericht is alleen bedoeld voor medewerkers van Zelfwijs."
SAMPLE_ISSUES = sorted(p.name for p in (REPO / "newsletters").glob("*.md"))


@pytest.fixture
def newsletter_project(project: Path) -> Path:
    assert (project / "newsletters").is_dir()
    return project


def parse_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_sample_issues_exist_for_each_audience_and_language() -> None:
    texts = [(REPO / "newsletters" / name).read_text("utf-8") for name in SAMPLE_ISSUES]
    assert any("audience: internal" in t and "lang: nl" in t for t in texts)
    assert any("audience: external" in t and "lang: nl" in t for t in texts)
    assert any("audience: external" in t and "lang: en" in t for t in texts)


@pytest.mark.parametrize("name", SAMPLE_ISSUES)
def test_sample_issue_builds_and_passes_check(newsletter_project: Path,
                                              run: Callable[..., Result], name: str) -> None:
    issue = f"newsletters/{name}"
    check = run(newsletter_project, "newsletter", "check", issue)
    assert check.code == 0, check.err
    built = run(newsletter_project, "newsletter", "build", issue, "--out", "out")
    assert built.code == 0, built.err
    folder = newsletter_project / "out" / name.removesuffix(".md")
    assert sorted(p.name for p in folder.iterdir()) == ["email.html", "email.txt",
                                                         "message.eml"]
    html = (folder / "email.html").read_text("utf-8")
    assert check_email(html, "email.html") == []


def test_message_has_text_and_html_parts_and_the_headers_clients_need(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    assert run(newsletter_project, "newsletter", "build", "newsletters/2026-11-extern.md",
               "--out", "out").code == 0
    message = parse_eml(newsletter_project / "out/2026-11-extern/message.eml")
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["From"] == "Stichting Zelfwijs <nieuwsbrief@zelfwijs.example>"
    assert message["Reply-To"] == "info@zelfwijs.example"
    assert message["Subject"] == "Nieuws van Zelfwijs – november 2026"
    assert message["Date"].datetime.isoformat() == "2026-11-20T09:00:00+01:00"
    assert message["Message-ID"].endswith("@zelfwijs.example>")
    assert message["Content-Language"] == "nl"
    assert message["List-Unsubscribe"].startswith("<https://")
    assert "mailto:" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Beste lezer," in text and "Beste lezer," in html
    assert "Nieuws\n------" in text
    assert '<html lang="nl"' in html


def test_plain_text_is_rendered_not_scraped(newsletter_project: Path,
                                            run: Callable[..., Result]) -> None:
    run(newsletter_project, "newsletter", "build", "newsletters/2026-11-extern.md",
        "--out", "out")
    text = (newsletter_project / "out/2026-11-extern/email.txt").read_text("utf-8")
    flowing = " ".join(text.split())
    # Links read `text (url)` (issue 12; they read `text: url` before).
    assert ("netwerkmiddag voor gemeenten (https://www.zelfwijs.example/agenda/"
            "netwerkmiddag-gemeenten/)") in flowing
    assert "<" not in text.replace("<https", "")
    assert max(len(line) for line in text.splitlines() if "https://" not in line) <= 100


def test_internal_content_never_reaches_an_external_issue_or_its_web_version(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    for name in SAMPLE_ISSUES:
        assert run(newsletter_project, "newsletter", "build", f"newsletters/{name}", "--out",
                   "out").code == 0
    assert run(newsletter_project, "build").code == 0
    internal = (newsletter_project / "out/2026-11-intern/email.txt").read_text("utf-8")
    assert INTERNAL_SENTENCE.split(".")[0] in " ".join(internal.split())
    external_outputs = [p for p in (newsletter_project / "out").rglob("*")
                        if p.is_file() and "intern/" not in p.as_posix()]
    external_outputs += [p for p in (newsletter_project / "site").rglob("*") if p.is_file()]
    for path in external_outputs:
        data = path.read_bytes()
        if path.suffix == ".eml":
            message = parse_eml(path)
            data = "".join(part.get_content() for part in message.iter_parts()).encode()
        assert b"alleen bedoeld voor medewerkers" not in data, path


def test_external_issue_featuring_an_internal_item_is_an_error(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    write(newsletter_project / "newsletters/lek.md",
          "---\nsubject: Lek\naudience: external\nlang: nl\ndate: 2026-11-21\n"
          "preheader: Test\nitems:\n  - nl/blog/posts/wat-betekent-eigen-regie.md\n"
          "  - nl/blog/posts/nieuwe-urenregistratie.md\n---\nHallo.\n")
    result = run(newsletter_project, "newsletter", "build", "newsletters/lek.md")
    assert result.code == 1
    assert ("newsletters/lek.md:9: error: 'nl/blog/posts/nieuwe-urenregistratie.md' is "
            "internal") in result.err
    assert not (newsletter_project / "build/newsletters/lek").exists()


def test_misspelt_item_gets_a_suggestion(newsletter_project: Path,
                                         run: Callable[..., Result]) -> None:
    write(newsletter_project / "newsletters/typo.md",
          "---\nsubject: Typo\naudience: external\nlang: nl\ndate: 2026-11-21\n"
          "preheader: Test\nitems:\n  - nl/blog/posts/wat-betekent-eigen-regi.md\n---\nHoi.\n")
    result = run(newsletter_project, "newsletter", "check", "newsletters/typo.md")
    assert result.code == 1
    assert "newsletters/typo.md:8: error: the item" in result.err
    assert "Did you mean `nl/blog/posts/wat-betekent-eigen-regie.md`?" in result.err


def test_issue_with_fifteen_items_stays_under_gmails_clipping_size(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    content = newsletter_project / "content"
    sources = sorted(p.relative_to(content).as_posix() for folder in
                     ("nl/blog/posts", "nl/diensten", "nl/expertise")
                     for p in (content / folder).glob("*.md")
                     if "internal" not in p.read_text("utf-8") and "draft: true"
                     not in p.read_text("utf-8") and "2027" not in p.name + p.read_text(
                         "utf-8").split("---")[1].split("date:")[-1][:6])
    chosen = sources[:15]
    assert len(chosen) == 15
    items = "".join(f"  - {source}\n" for source in chosen)
    write(newsletter_project / "newsletters/groot.md",
          "---\nsubject: Grote editie\naudience: external\nlang: nl\ndate: 2026-11-22\n"
          f"preheader: Vijftien onderwerpen\nitems:\n{items}---\n" + "Een lange inleiding. " * 60)
    assert run(newsletter_project, "newsletter", "build", "newsletters/groot.md", "--out",
               "out").code == 0
    html = (newsletter_project / "out/groot/email.html").read_bytes()
    assert html.count(b'class="teaser-title"') == 15
    assert len(html) < 102_000


def test_email_rules_report_each_violation_with_its_place() -> None:
    html = ("<!DOCTYPE html>\n<html>\n<body>\n<table><tr><td>x</td></tr></table>\n"
            '<img src="http://example.org/a.png">\n<a href="https://example.org">klik hier</a>\n'
            '<script>alert(1)</script>\n<p style="width: calc(100% - 2rem)">y</p>\n'
            '<img src="data:image/png;base64,AAA" alt="x" width="10">\n</body>\n</html>\n')
    messages = [f"{p.line}: {p.message}" for p in check_email(html, "email.html")]
    expected_starts = [
        "2: the <html> element has no lang attribute",
        "4: a layout table lacks role=\"presentation\"",
        "5: the image http://example.org/a.png has no alt text",
        "5: the image http://example.org/a.png has no width",
        "5: the image 'http://example.org/a.png' is not an absolute https address",
        "6: the link text 'klik hier' does not say where it leads",
        "7: <script> is not allowed in email",
        "8: the CSS uses calc()",
        "8: the CSS uses rem units",
        "9: a data: URI in src",
        "None: the email has no preheader",
    ]
    for start in expected_starts:
        assert any(m.startswith(start) for m in messages), (start, messages)


def test_newsletter_check_fails_on_an_intro_that_breaks_the_rules(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    write(newsletter_project / "newsletters/fout.md",
          "---\nsubject: Fout\naudience: external\nlang: nl\ndate: 2026-11-21\n"
          "preheader: Test\n---\nMeer weten? [Klik hier](https://www.zelfwijs.example/).\n\n"
          '<iframe src="https://video.example/x"></iframe>\n')
    result = run(newsletter_project, "newsletter", "check", "newsletters/fout.md")
    assert result.code == 1
    # Each at the Markdown line that wrote it (it was a line of the built HTML before).
    assert "newsletters/fout.md:8: error: the link text 'klik hier'" in result.err
    assert "newsletters/fout.md:10: error: an embedded page (<iframe>)" in result.err
    assert "(email)" not in result.err


def test_personalising_fills_in_name_and_unsubscribe_link_after_inlining() -> None:
    config = load_config(REPO / "mkdocs.yml")
    built = prepare_issue(config, REPO / "newsletters/2026-11-extern.md", SAMPLE_NOW)
    zoe = Recipient("zoe@example.org", "Zoë de Wit", "https://www.zelfwijs.example/afmelden/?t=abc",
                    "2026-11-extern.0a1b2c@zelfwijs.example")
    raw = built.message.personalise(zoe)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Beste Zoë de Wit," in html and "Beste Zoë de Wit," in text
    assert 'href="https://www.zelfwijs.example/afmelden/?t=abc"' in html
    assert "__SB_" not in raw.decode("ascii") + html + text
    assert message["To"].addresses[0].display_name == "Zoë de Wit"
    assert message["List-Unsubscribe"].startswith("<https://www.zelfwijs.example/afmelden/?t=abc>")
    again = built.message.personalise(zoe)
    assert again == raw
    other = email.message_from_bytes(built.message.personalise(Recipient("ann@example.org")),
                                     policy=email.policy.default)
    # The Message-ID is the one the send journal holds for this recipient (random, so it
    # names nobody); without one, the preview's.
    assert message["Message-ID"] == "<2026-11-extern.0a1b2c@zelfwijs.example>"
    assert other["Message-ID"] == "<2026-11-extern.preview@zelfwijs.example>"
    assert "Beste lezer," in other.get_body(("html",)).get_content()


def test_a_name_cannot_add_headers(newsletter_project: Path) -> None:
    config = load_config(REPO / "mkdocs.yml")
    built = prepare_issue(config, REPO / "newsletters/2026-11-extern.md", SAMPLE_NOW)
    raw = built.message.personalise(Recipient("x@example.org", "Eve\r\nBcc: all@example.org"))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Bcc"] is None


def test_external_issues_are_in_the_archive_with_a_feed_and_internal_ones_are_not(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    assert run(newsletter_project, "build").code == 0
    site = newsletter_project / "site"
    archive = (site / "nieuwsbrief/index.html").read_text("utf-8")
    assert "Nieuws van Zelfwijs – november 2026" in archive
    assert "intern" not in [p.name for p in (site / "nieuwsbrief").iterdir()]
    assert not any("2026-11-intern" in str(p) for p in site.rglob("*"))
    web = (site / "nieuwsbrief/2026-11-extern/index.html").read_text("utf-8")
    assert "Deze maand verwelkomen we vier nieuwe" in web  # the issue's intro
    feed = feedparser.parse((site / "nieuwsbrief/rss.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].link == (
        "https://www.zelfwijs.example/nieuwsbrief/2026-11-extern/")
    english = feedparser.parse((site / "en/newsletter/rss.xml").read_bytes())
    assert [e.title for e in english.entries] == ["News from Zelfwijs – November 2026"]


def test_web_version_link_in_the_email_leads_to_the_archived_page(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    run(newsletter_project, "newsletter", "build", "newsletters/2026-11-extern.md", "--out",
        "out")
    html = (newsletter_project / "out/2026-11-extern/email.html").read_text("utf-8")
    assert 'href="https://www.zelfwijs.example/nieuwsbrief/2026-11-extern/"' in html
    internal = run(newsletter_project, "newsletter", "build", "newsletters/2026-11-intern.md",
                   "--out", "out")
    assert internal.code == 0
    assert "nieuwsbrief/2026-11-intern" not in (
        newsletter_project / "out/2026-11-intern/email.html").read_text("utf-8")


def test_screenshots_are_made_at_desktop_and_phone_width(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    result = run(newsletter_project, "newsletter", "preview", "newsletters/2026-11-extern.md",
                 "--screenshot", "shots")
    assert result.code == 0, result.err
    desktop = newsletter_project / "shots/2026-11-extern-desktop.png"
    phone = newsletter_project / "shots/2026-11-extern-phone.png"
    assert Image.open(desktop).size == (1280, 1800)
    assert Image.open(phone).size == (390, 2400)
    assert desktop.stat().st_size > 20_000


def test_check_warns_about_html_that_major_clients_drop(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    # <abbr> is HTML that content may hold (a <video> is taken out by the sanitising
    # policy since issue 12), and Outlook for Windows drops it.
    write(newsletter_project / "newsletters/video.md",
          "---\nsubject: Video\naudience: external\nlang: nl\ndate: 2026-11-21\n"
          'preheader: Test\n---\nKijk mee naar de <abbr title="Wet maatschappelijke '
          'ondersteuning">Wmo</abbr>.\n')
    result = run(newsletter_project, "newsletter", "check", "newsletters/video.md")
    assert result.code == 0
    assert "newsletters/video.md: warning: <abbr> element is not supported by" in result.err
    assert "Outlook for Windows" in result.err
    assert "caniemail.com/features/html-abbr/" in result.err


def test_shipped_template_uses_nothing_major_clients_drop(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    for name in SAMPLE_ISSUES:
        result = run(newsletter_project, "newsletter", "check", f"newsletters/{name}")
        assert result.code == 0
        assert "warning" not in result.err, result.err


def test_preview_serves_the_issue_on_loopback(newsletter_project: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "newsletter", "preview",
         "newsletters/2026-11-extern.md", "--port", str(port)],
        cwd=newsletter_project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SITE_BUILDER_NOW": "2026-11-23 12:00"})
    try:
        page = ""
        deadline = time.monotonic() + 90  # the issue is built first; slow on a busy machine
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/email.html",
                                            timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert "Nieuws van Zelfwijs – november 2026" in page
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_archived_issue_whose_email_would_be_refused_stops_the_site_build(
    newsletter_project: Path, run: Callable[..., Result]
) -> None:
    """The site's archive holds only issues whose email can be sent: the email is built
    (beside the languages' own builds) and its rules apply."""
    issue = newsletter_project / "newsletters/2026-09-extern.md"
    issue.write_text(issue.read_text("utf-8") + "\nMeer weten? [Klik hier]"
                     "(https://www.zelfwijs.example/over-ons/).\n", "utf-8")
    line = issue.read_text("utf-8").splitlines().index(
        "Meer weten? [Klik hier](https://www.zelfwijs.example/over-ons/).") + 1
    result = run(newsletter_project, "build")
    assert result.code == 1
    assert (f"newsletters/2026-09-extern.md:{line}: error: the link text 'klik hier' does "
            "not say where it leads") in result.err
    assert not (newsletter_project / "site").exists()
