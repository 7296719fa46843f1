"""One issue rendered as email: HTML (CSS inlined once) and plain text, with placeholders
for the per-recipient values, which are filled in later without inlining again."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..body_check import check_markdown, report_findings
from ..config import SiteConfig
from ..i18n import event_when, long_date
from ..images import ImageCatalogue, sibling_url
from ..linking import LinkResolver, Origin, link_key
from ..links import Reference, references
from ..model import SHARED_DIR, Content, Item
from ..problems import Problems
from ..schema import EventMeta, PostMeta
from ..site_markdown import site_extensions
from .email_links import email_source, intro_origin, item_origin
from .inline import inline_css
from .issue import Issue
from .markdown_email import EmailImage, EmailMarkdown, fit, render_markdown
from .origins import Fragment, Fragments, settings_fragment
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
    # The pictures of ours it shows: address of the picture on the site -> its source, so a
    # preview can show them before the site is published.
    pictures: tuple[tuple[str, str], ...] = ()


@functools.cache
def email_environment(templates_dir: Path) -> Environment:
    """One per templates folder: Jinja compiles each template once and reloads it only when
    its file changes (a site build renders every archived issue; the tests, hundreds)."""
    return Environment(
        loader=FileSystemLoader(str(templates_dir / "email")),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
    )


class _Addresses:
    """Absolute https addresses of content on the public site."""

    def __init__(self, config: SiteConfig, content: Content, images: ImageCatalogue | None):
        self.site_url = config.site_url
        self.content = content
        self.content_dir = config.content_dir
        self.images = images
        self.pictures_shown: dict[str, str] = {}

    def prefix(self, lang: str) -> str:
        return "" if lang == self.content.default_language else f"{lang}/"

    def page(self, item: Item) -> str:
        return self.site_url + self.content.site_url_of(item)

    def file(self, source: str) -> str:
        lang, _, rest = source.partition("/")
        if lang not in self.content.languages:  # the shared folder, at the site's root
            return self.site_url + source
        return self.site_url + self.prefix(lang) + rest

    def picture(self, source: str) -> EmailImage | None:
        """The picture at `source` (a path in content/) as email shows it: its version of at
        most 1,200 px, published beside it on the site, with its size."""
        version = self.images.email_version(source) if self.images is not None else None
        if version is None:
            return None
        url = self.file(source)
        self.pictures_shown[url] = source
        return EmailImage(sibling_url(url, version.name), version.width, version.height)

    def image(self, url: str) -> EmailImage | None:
        """`picture`, for an address on the site (a picture in the Markdown of an email)."""
        if not url.startswith(self.site_url):
            return None
        relative = url.removeprefix(self.site_url)
        lang = next((lang for lang in self.content.languages
                     if self.prefix(lang) and relative.startswith(self.prefix(lang))),
                    self.content.default_language)
        relative = relative.removeprefix(self.prefix(lang))
        shared = relative.split("/", 1)[0] == SHARED_DIR  # one folder for every language
        return self.picture(relative if shared else f"{lang}/{relative}")


def web_url(config: SiteConfig, content: Content, issue: Issue) -> str | None:
    """External issues have a web version on the public site; internal ones never do."""
    if not issue.is_external:
        return None
    folder = config.settings.newsletter.archive[issue.meta.lang]
    prefix = "" if issue.meta.lang == content.default_language else f"{issue.meta.lang}/"
    return f"{config.site_url}{prefix}{folder}/{issue.slug}/"


Inliner = Callable[[str, str], tuple[str, list[str]]]


class IssueRenderer:
    """`inline` puts the CSS into the HTML (premailer); tests that render hundreds of emails
    pass one that leaves the HTML as it is."""

    def __init__(self, config: SiteConfig, content: Content, env: Environment,
                 problems: Problems, links: LinkResolver, inline: Inliner = inline_css):
        self.inline = inline
        self.config = config
        self.content = content
        self.env = env
        self.problems = problems
        self.links = links
        self.addresses = _Addresses(config, content, links.images)
        self.extensions = site_extensions(config.raw.get("markdown_extensions"))
        self.fragments = Fragments()

    def _markdown(self, issue: Issue, markdown: str, origin: Origin, heading_shift: int = 0
                  ) -> EmailMarkdown:
        """Rendered for email; its problems reported at its lines (same as `check`), and the
        HTML marked with where it came from, for the email rules."""
        findings, targets = check_markdown(self.links, origin, markdown)
        source = email_source(markdown, self.links, origin)
        report_findings(origin, findings, self.problems)
        site_url = self.config.site_url

        def resolve(href: str) -> str | None:
            target = targets.get(link_key(href))
            if target is None:  # written where the line finder does not look: no line to give
                target, _problems = self.links.resolve(origin, Reference(href, "", 1, False))
            return target.absolute(site_url)

        rendered = render_markdown(source, self.extensions, resolve, self.addresses.image,
                                   heading_shift)
        address_lines: dict[str, int] = {}
        for ref in references(source):
            address = resolve(ref.target)
            if address:
                address_lines.setdefault(address, ref.line)
        fragment = Fragment(origin, tuple(source.split("\n")), address_lines)
        return EmailMarkdown(self.fragments.mark(rendered.html, fragment), rendered.text)

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
            # As the site's cards: the item's picture, in its version for email.
            picture = self.addresses.picture(posixpath.normpath(
                posixpath.join(posixpath.dirname(item.source), image.src)))
            if picture is not None:
                width, height = fit(picture)
                entry["image"] = {"src": picture.src, "alt": image.alt, "width": width,
                                  "height": height}
        origin = item_origin(self.links, issue, item)
        if not item.is_public:
            # Internal items have no page on the site, so the email carries them whole.
            body = self._markdown(issue, item.body, origin, heading_shift=2)
            entry["description"] = None
            entry["body_html"], entry["body_text"] = body.html, body.text
        # The teaser's parts come from the item's settings: the rules report them there.
        shown = entry["image"] or {}
        entry["origin"] = self.fragments.marks(settings_fragment(
            replace(origin, first_line=1), item,
            {"title": item.title, "description": entry["description"],
             "image.alt": shown.get("alt")},
            {"image.src": shown.get("src"), "signup": entry["signup"]}))
        return entry

    def render(self, issue: Issue, selection: Selection,
               partner_news: Iterable[dict[str, Any]] = ()) -> RenderedIssue:
        lang = issue.meta.lang
        strings = EMAIL_STRINGS[lang]
        organisation = self.config.settings.organisation
        why = strings["why_external" if issue.is_external else "why_internal"]
        t = {**strings, "greeting": strings["greeting"].format(name=NAME),
             "why": why.format(organisation=organisation.name)}
        intro = self._markdown(issue, issue.intro, intro_origin(issue))
        context = {
            "lang": lang,
            "subject": issue.meta.subject,
            "preheader": issue.preheader,
            "preheader_padding": PREHEADER_PADDING,
            "organisation": organisation,
            "t": t,
            "intro_html": intro.html,
            "intro_text": intro.text.strip("\n").rstrip(),
            "news": [self.entry(issue, item) for item in selection.news],
            "events": [self.entry(issue, item) for item in selection.events],
            "partner_news": list(partner_news),
            "web_url": web_url(self.config, self.content, issue),
            "unsubscribe_url": UNSUBSCRIBE_URL,
        }
        html = self.env.get_template("email.html.j2").render(context)
        css = (self.config.root / "templates" / "email" / "email.css").read_text("utf-8")
        inlined, messages = self.inline(html, css)
        text = re.sub(r"\n{3,}", "\n\n", self.env.get_template("email.txt.j2").render(context))
        return RenderedIssue(issue, inlined, text, context["web_url"], tuple(messages),
                             tuple(sorted(self.addresses.pictures_shown.items())))
