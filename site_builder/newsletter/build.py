"""Building one issue: check, select, render, inline once, package; then write its folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import memo
from ..check import checked_content, newsletter_issues, shown_path
from ..config import SiteConfig
from ..model import Content
from ..problems import ContentError, Problem, Problems
from .email_links import issue_links
from .inline import inline_css
from .issue import Issue, check_featured, load_issue
from .message import Envelope, MessageTemplate, Recipient
from .origins import strip_marks
from .render import Inliner, IssueRenderer, RenderedIssue, email_environment
from .rules import check_email
from .select import network_news, select
from .strings import EMAIL_STRINGS

TEMPLATES_DIR = "templates"


@dataclass(frozen=True)
class BuiltIssue:
    rendered: RenderedIssue
    message: MessageTemplate
    warnings: tuple[Problem, ...] = ()  # at the Markdown lines, like `check`'s

    @property
    def issue(self) -> Issue:
        return self.rendered.issue

    @property
    def preview_recipient(self) -> Recipient:
        """How a reader without a name sees it: the built files and the web version."""
        return Recipient(email="reader@example.org")

    def preview(self) -> tuple[str, str, bytes]:
        text, html = self.message.bodies(self.preview_recipient)
        return html, text, self.message.personalise(self.preview_recipient)


def render_issue(config: SiteConfig, content: Content, issue: Issue, others: Iterable[Issue],
                 now: datetime, inline: Inliner = inline_css) -> BuiltIssue:
    """Everything for one issue, or a ContentError naming every problem, each at the
    Markdown file and line it comes from. `inline` puts the CSS into the HTML (premailer);
    tests that build hundreds of emails pass one that leaves the HTML as it is."""
    problems = Problems()
    check_featured(issue, content, now, problems)
    problems.raise_if_errors()
    others = list(others)
    renderer = IssueRenderer(config, content, email_environment(config.root / TEMPLATES_DIR),
                             problems, issue_links(config, content, issue, [issue, *others], now),
                             inline)
    marked = renderer.render(issue, select(issue, content, others),
                             network_news(config, issue, others))
    rendered = replace(marked, html=strip_marks(marked.html))
    settings = config.settings.newsletter
    fallback = EMAIL_STRINGS[issue.meta.lang]["reader" if issue.is_external else "colleague"]
    envelope = Envelope(sender=settings.sender, reply_to=settings.reply_to,
                        unsubscribe_url=settings.unsubscribe_url,
                        unsubscribe_mailto=settings.unsubscribe_mailto)
    built = BuiltIssue(rendered, MessageTemplate(rendered, envelope, fallback),
                       tuple(problems.warnings))
    # The rules read the email as a reader gets it, with the marks that say where each part
    # of it was written.
    _text, html = MessageTemplate(marked, envelope, fallback).bodies(built.preview_recipient)
    css = (config.root / TEMPLATES_DIR / "email" / "email.css").read_text("utf-8")
    # One problem per place: a line the Markdown check refused needs no second message.
    refused = {(p.path, p.line) for p in problems.errors}
    problems.extend(p for p in check_email(html, f"{issue.shown} (email)", css,
                                           renderer.fragments)
                    if (p.path, p.line) not in refused)
    problems.raise_if_errors()
    return built


def prepare_issue(config: SiteConfig, issue_file: Path, now: datetime) -> BuiltIssue:
    """Read the content and every issue, then build the one in `issue_file`."""
    memo.attach(config.build_cache_dir, few=True)  # when the check is used again
    content, content_warnings = checked_content(config, now, reuse=True)
    problems = Problems()
    if not issue_file.is_file():
        raise ContentError([Problem(str(issue_file), None, "this newsletter file does not "
                                    "exist. Give the path of a .md file in newsletters/.")])
    issue = load_issue(issue_file, shown_path(issue_file), problems)
    if issue is None:
        problems.raise_if_errors()
    assert issue is not None
    others = [o for o in newsletter_issues(config, Problems()) if o.path != issue.path]
    # What `check` prints comes with the build's own findings, each once: the content's
    # warnings, what was taken out of the intro (or refused in it: the rest is still built,
    # to report everything at once), and what rendering found.
    read = [*content_warnings, *problems]
    try:
        built = render_issue(config, content, issue, others, now)
    except ContentError as error:
        raise ContentError(dict.fromkeys([*read, *error.problems])) from None
    finally:
        memo.save()
    if problems.errors:
        raise ContentError(dict.fromkeys([*read, *built.warnings]))
    return replace(built, warnings=tuple(dict.fromkeys([*read, *built.warnings])))


def write_issue(built: BuiltIssue, out_dir: Path) -> Path:
    """Write email.html, email.txt and message.eml into out_dir/<issue>/, all or nothing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / built.issue.slug
    html, text, message = built.preview()
    with tempfile.TemporaryDirectory(prefix=".newsletter-", dir=out_dir) as work:
        fresh = Path(work, "issue")
        fresh.mkdir()
        (fresh / "email.html").write_text(html, encoding="utf-8")
        (fresh / "email.txt").write_text(text, encoding="utf-8")
        (fresh / "message.eml").write_bytes(message)
        if target.exists():
            target.rename(Path(work, "previous"))
        fresh.rename(target)
        shutil.rmtree(Path(work, "previous"), ignore_errors=True)
    return target
