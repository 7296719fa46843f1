"""One issue rendered as email: HTML (CSS inlined once) and plain text, with placeholders
for the per-recipient values, which are filled in later without inlining again."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import imagesize
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..config import SiteConfig
from ..i18n import event_when, long_date
from ..model import Content, Item
from ..problems import Problems
from ..schema import EventMeta, PostMeta
from .inline import inline_css
from .issue import Issue
from .markdown_email import CONTENT_WIDTH, LinkResolver, render_markdown
from .select import Selection
from .strings import EMAIL_STRINGS

NAME = "__SB_NAME__"
UNSUBSCRIBE_URL = "__SB_UNSUBSCRIBE_URL__"
# Invisible characters after the preheader keep clients from showing body text after it.
PREHEADER_PADDING = "&#8199;&#847;" * 60


@dataclass(frozen=True)
class RenderedIssue:
    issue: Issue
    html: str
    text: str
    web_url: str | None
    css_messages: tuple[str, ...] = ()


def email_environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir / "email")),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
    )


class _Addresses:
    """Absolute https addresses of content on the public site."""

    def __init__(self, config: SiteConfig, content: Content):
        self.site_url = config.site_url
        self.content = content
        self.content_dir = config.content_dir

    def prefix(self, lang: str) -> str:
        return "" if lang == self.content.default_language else f"{lang}/"

    def page(self, item: Item) -> str:
        return self.site_url + self.content.site_url_of(item)

    def file(self, source: str) -> str:
        lang, _, rest = source.partition("/")
        return self.site_url + self.prefix(lang) + rest

    def resolver(self, base_source: str, public_only: bool, problems: Problems, shown: str,
                 line: int) -> LinkResolver:
        def resolve(href: str) -> str | None:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                return href
            if not parts.path:
                return None
            target = posixpath.normpath(posixpath.join(posixpath.dirname(base_source),
                                                       parts.path))
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            if not target.endswith(".md"):
                if not (self.content_dir / target).is_file():
                    problems.error(shown, line, f"the file '{href}' does not exist (looked for "
                                   f"content/{target}).")
                return self.file(target)
            item = self.content.item(target)
            if item is None:
                problems.error(shown, line, f"the link '{href}' leads to a page that does not "
                               f"exist (content/{target}).")
                return None
            if not item.is_public:
                if public_only:
                    problems.error(shown, line, f"the link '{href}' leads to internal content "
                                   "that external readers may not see.")
                return None
            return self.page(item) + fragment

        return resolve

    def image_width(self, url: str) -> int | None:
        """The width of an image of ours, read from the file in content/."""
        if not url.startswith(self.site_url):
            return None
        relative = url.removeprefix(self.site_url)
        lang = next((lang for lang in self.content.languages
                     if self.prefix(lang) and relative.startswith(self.prefix(lang))),
                    self.content.default_language)
        source = self.content_dir / lang / relative.removeprefix(self.prefix(lang))
        if not source.is_file():
            return None
        width, _height = imagesize.get(str(source))
        return width if width > 0 else None


def web_url(config: SiteConfig, content: Content, issue: Issue) -> str | None:
    """External issues have a web version on the public site; internal ones never do."""
    if not issue.is_external:
        return None
    folder = config.settings.newsletter.archive[issue.meta.lang]
    prefix = "" if issue.meta.lang == content.default_language else f"{issue.meta.lang}/"
    return f"{config.site_url}{prefix}{folder}/{issue.slug}/"


class IssueRenderer:
    def __init__(self, config: SiteConfig, content: Content, env: Environment,
                 problems: Problems):
        self.config = config
        self.content = content
        self.env = env
        self.problems = problems
        self.addresses = _Addresses(config, content)
        self.extensions = config.raw.get("markdown_extensions") or []

    def _markdown(self, issue: Issue, source: str, base: str, line: int, heading_shift: int = 0):
        resolve = self.addresses.resolver(base, issue.is_external, self.problems, issue.shown,
                                          line)
        return render_markdown(source, self.extensions, resolve, self.addresses.image_width,
                               heading_shift)

    def entry(self, issue: Issue, item: Item) -> dict[str, Any]:
        lang = issue.meta.lang
        entry: dict[str, Any] = {"title": item.title, "description": item.meta.description,
                                 "meta": "", "image": None, "signup": None,
                                 "url": self.addresses.page(item) if item.is_public else None}
        if isinstance(item.meta, PostMeta):
            entry["meta"] = long_date(item.meta.date, lang)
        if isinstance(item.meta, EventMeta):
            place = item.meta.location or ("Online" if item.meta.online else "")
            entry["meta"] = event_when(item.meta.start, item.meta.end, lang) + (
                f" · {place}" if place else "")
            entry["signup"] = item.meta.signup
        image = item.meta.image
        if image is not None and item.is_public:
            src = self.addresses.file(posixpath.normpath(
                posixpath.join(posixpath.dirname(item.source), image.src)))
            width = min(self.addresses.image_width(src) or CONTENT_WIDTH, CONTENT_WIDTH)
            entry["image"] = {"src": src, "alt": image.alt, "width": width}
        if not item.is_public:
            # Internal items have no page on the site, so the email carries them whole.
            body = self._markdown(issue, item.body, item.source, item.body_line,
                                  heading_shift=2)
            entry["description"] = None
            entry["body_html"], entry["body_text"] = body.html, body.text
        return entry

    def render(self, issue: Issue, selection: Selection,
               partner_news: Iterable[dict[str, Any]] = ()) -> RenderedIssue:
        lang = issue.meta.lang
        strings = EMAIL_STRINGS[lang]
        organisation = self.config.settings.organisation
        why = strings["why_external" if issue.is_external else "why_internal"]
        t = {**strings, "greeting": strings["greeting"].format(name=NAME),
             "why": why.format(organisation=organisation.name)}
        intro = self._markdown(issue, issue.intro, f"{lang}/index.md", issue.intro_line)
        context = {
            "lang": lang,
            "subject": issue.meta.subject,
            "preheader": issue.preheader,
            "preheader_padding": PREHEADER_PADDING,
            "organisation": organisation,
            "t": t,
            "intro_html": intro.html,
            "intro_text": intro.text.strip(),
            "news": [self.entry(issue, item) for item in selection.news],
            "events": [self.entry(issue, item) for item in selection.events],
            "partner_news": list(partner_news),
            "web_url": web_url(self.config, self.content, issue),
            "unsubscribe_url": UNSUBSCRIBE_URL,
        }
        html = self.env.get_template("email.html.j2").render(context)
        css = (self.config.root / "templates" / "email" / "email.css").read_text("utf-8")
        inlined, messages = inline_css(html, css)
        text = re.sub(r"\n{3,}", "\n\n", self.env.get_template("email.txt.j2").render(context))
        return RenderedIssue(issue, inlined, text, context["web_url"], tuple(messages))
