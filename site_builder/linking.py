"""Where a link or picture in content leads, and what is wrong with it.

One resolution for every output: `check`, the site build and the newsletter build all ask
this module, so none of them can disagree. A link may be a path to a Markdown file or another
file (relative to the file it is written in), a site address (`/diensten/x/`, resolved
against the pages the build will make, see `website/site_map.py`), an `#anchor` (checked
against the headings of the target page), or a web address. Every problem is a plain-words
message for the Markdown line the link stands on.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .anchors import TEMPLATE_IDS, AnchorIndex
from .drafts import unpublished_link
from .images import ImageCatalogue
from .links import Reference, references
from .model import SHARED_DIR, Content, Item
from .settings_problems import example
from .website.site_map import SiteMap, SitePage


@dataclass(frozen=True)
class Origin:
    """A piece of Markdown: where it stands, and who reads what it links to."""

    shown: str  # the file, as messages show it: "content/nl/diensten/x.md"
    first_line: int  # the file's line where the Markdown starts
    source: str  # the content path relative links start from: "nl/diensten/x.md"
    lang: str
    page: SitePage | None = None  # the page of the site it is shown on (for `#anchors`)
    public: bool = True  # the public reads it: it may not lead to internal content
    published: bool = True  # it is on the site or in a newsletter now: its links must work

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.source)


@dataclass(frozen=True)
class Target:
    """Where a link leads. `url` is from the root of the whole site (pages and files) or a
    full address (other sites); None when there is nothing there for this reader."""

    url: str | None
    page: SitePage | None = None
    file: str | None = None  # a file of content/: "nl/images/x.png", "shared/folder.pdf"
    external: bool = False

    def absolute(self, site_url: str) -> str | None:
        if self.url is None or self.external:
            return self.url
        return site_url + self.url


NOWHERE = Target(None)


@dataclass(frozen=True)
class Finding:
    """A problem with one link, at a line of the Markdown (counted from its first line: 1)."""

    line: int
    message: str
    is_error: bool = True


def _with_fragment(url: str, fragment: str) -> str:
    return f"{url}#{fragment}" if fragment else url


class LinkResolver:
    """Resolves links against the content model and the pages the build will make."""

    def __init__(self, content: Content, site: SiteMap, anchors: AnchorIndex,
                 content_dir: Path, label: str = "content",
                 images: ImageCatalogue | None = None):
        self.images = images  # reads pictures: one Pillow cannot read is a problem too
        self.content = content
        self.site = site
        self.anchors = anchors
        self.content_dir = content_dir
        self.label = label
        self._by_site_url = {content.site_url_of(item): item for item in content.items}

    # -- origins -----------------------------------------------------------
    def page_of(self, item: Item) -> SitePage | None:
        """The page an item is shown on: its own, or the generated page it is the intro of."""
        page = self.site.page_for_docs(item.lang, item.docs_path)
        return page if page is not None and page.item is item else None

    def origin_of(self, item: Item, now_published: bool) -> Origin:
        return Origin(f"{self.label}/{item.source}", item.body_line, item.source, item.lang,
                      self.page_of(item), item.is_public, now_published)

    # -- the whole body ----------------------------------------------------
    def check(self, origin: Origin, body: str) -> tuple[list[Finding], dict[str, Target]]:
        """Every problem with the links and pictures in `body`, and where each link leads
        (by its address as written, unquoted)."""
        findings: list[Finding] = []
        targets: dict[str, Target] = {}
        for ref in references(body):
            if ref.is_image and not ref.text.strip():
                findings.append(Finding(ref.line, f"the image '{ref.target}' has no alt text. "
                                        "Describe what it shows between the square brackets: "
                                        f"`![{example('alt', origin.lang)}]({ref.target})`."))
            target, problems = self.resolve(origin, ref)
            if ref.is_image and target.file and not problems:
                problems = self.picture_problems(ref.target, target.file)
            findings.extend(Finding(ref.line, message) for message in problems)
            targets.setdefault(link_key(ref.target), target)
        return once(findings), targets

    def picture_problems(self, written: str, file: str) -> list[str]:
        """A picture Pillow cannot read (images/read.py), said where it is used."""
        reason = self.images.problem(file) if self.images is not None else None
        if reason is None:
            return []
        return [f"the picture '{written}' cannot be read: {reason}. Save it again as JPEG or "
                "PNG, and use that file."]

    # -- one link ----------------------------------------------------------
    def resolve(self, origin: Origin, ref: Reference) -> tuple[Target, list[str]]:
        target = ref.target.strip()
        if not target or ref.tag in ("iframe", "script", "link"):
            return NOWHERE, []  # frames: video.py; scripts and stylesheets: the sanitiser
        if "{{" in ref.path or "{%" in ref.path:
            return NOWHERE, [f"the link '{ref.target}' holds a template tag from another "
                             "tool, which this site does not run. Write the path of the file "
                             "instead, like `../diensten/schulden-en-geldzaken.md`."]
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//"):
            # A full address, even on the site's own host (which may serve more than the site,
            # like the subscription service), is not checked: as in `check --built`.
            return Target(target, external=True), []
        if not parts.path:
            return self._own_anchor(origin, ref)
        if ref.is_site_address:
            return self._site_address(origin, ref, target)
        return self._relative(origin, ref)

    def _own_anchor(self, origin: Origin, ref: Reference) -> tuple[Target, list[str]]:
        if origin.page is None:
            return NOWHERE, []  # not on the site (an internal item, a newsletter's intro)
        problem = self._anchor_problem(origin.page, ref, here=True)
        return Target(_with_fragment(origin.page.url, ref.fragment), origin.page), (
            [problem] if problem else [])

    def _anchor_problem(self, page: SitePage, ref: Reference, here: bool = False
                        ) -> str | None:
        fragment = ref.fragment
        if not fragment:
            return None
        ids = self.anchors.ids(page)
        if ids is None or fragment in ids:
            return None
        headings = sorted(i for i in ids - TEMPLATE_IDS if not i.startswith(("fn:", "fnref:")))
        close = difflib.get_close_matches(fragment, headings, n=1, cutoff=0.75)
        hint = f" Did you mean `#{close[0]}`?" if close else ""
        shown = ", ".join(f"`#{i}`" for i in headings[:8]) + (", …" if len(headings) > 8 else "")
        has = f"Its anchors: {shown}." if headings else "It has no headings."
        where = "this page has" if here else f"the page it leads to (/{page.url}) has"
        return (f"the link '{ref.target}' leads to the anchor `#{fragment}`, but {where} no "
                f"heading with that anchor.{hint} {has} An anchor is a heading's text in small "
                "letters with dashes (`## Hulp bij schulden` is `#hulp-bij-schulden`), or an "
                "id you give it: `## Hulp bij schulden {#schulden}`.")

    def _relative_path(self, origin: Origin, source: str) -> str:
        return posixpath.relpath(source, origin.folder or ".")

    # -- site addresses ----------------------------------------------------
    def _site_address(self, origin: Origin, ref: Reference, address: str
                      ) -> tuple[Target, list[str]]:
        base = urlsplit(self.site.site_url).path or "/"
        parts = urlsplit(address)
        path = parts.path
        if not path.startswith(base) and path + "/" != base:
            return NOWHERE, [f"the site address '{ref.target}' leads outside the site, which "
                             f"lives at {base}. Start it with {base}."]
        url = path[len(base):]
        page = self.site.page(url)
        fragment = ref.fragment
        if page is not None:
            problem = self._anchor_problem(page, ref)
            return Target(_with_fragment(page.url, fragment), page), (
                [problem] if problem else [])
        if self.site.has_file(url):
            return Target(url, file=url), []
        item = self._by_site_url.get(url if url.endswith("/") or not url else url + "/")
        if item is not None:
            problem = self._unpublished_problem(origin, ref, item)
            if problem:
                return NOWHERE, [problem]
        return NOWHERE, [f"the site address '{ref.target}' is not a page of the site: no "
                         f"page or file will be at /{url}.{self._page_hint(origin, url)}"]

    def _page_hint(self, origin: Origin, url: str) -> str:
        """A close page, as the path to type from this file (or its site address)."""
        lang = self.site.language_of(url)
        urls = [page.url for page in self.site.pages.values() if page.lang == lang and
                page.anchors_known]
        close = _closest(url, urls)
        if close is None:
            return ""
        page = self.site.page(close)
        if page is not None and page.item is not None and page.item.lang == origin.lang:
            return f" Did you mean `{self._relative_path(origin, page.item.source)}`?"
        return f" Did you mean `/{close}/`?"

    # -- paths -------------------------------------------------------------
    def _relative(self, origin: Origin, ref: Reference) -> tuple[Target, list[str]]:
        resolved = posixpath.normpath(posixpath.join(origin.folder, ref.path))
        if resolved == ".." or resolved.startswith("../"):
            return NOWHERE, [f"the link '{ref.target}' leads outside the content folder. Put "
                             "the file in content/ and link to it from there."]
        in_language = posixpath.normpath(posixpath.join(
            posixpath.dirname(origin.source.partition("/")[2]), ref.path))
        if resolved.split("/", 1)[0] == origin.lang and in_language.startswith("../"):
            # Each language is built on its own: a path may not climb out of it and back in.
            return NOWHERE, [f"the link '{ref.target}' leaves the {origin.lang} folder and "
                             "comes back into it, which the site cannot follow. Write "
                             f"`{self._relative_path(origin, resolved)}`."]
        if resolved.endswith(".md"):
            return self._markdown_file(origin, ref, resolved)
        return self._file(origin, ref, resolved)

    def _markdown_file(self, origin: Origin, ref: Reference, resolved: str
                       ) -> tuple[Target, list[str]]:
        if resolved in self.content.unreadable:
            return NOWHERE, []  # reported where it is
        item = self.content.item(resolved)
        lang, _, docs_path = resolved.partition("/")
        if item is None:
            page = self.site.page_for_docs(lang, docs_path)
            if page is not None and lang == origin.lang:
                problem = self._anchor_problem(page, ref)
                return Target(_with_fragment(page.url, ref.fragment), page), (
                    [problem] if problem else [])
            same_language = [i.source for i in self.content.items if i.lang == origin.lang]
            close = _closest(resolved, same_language)
            hint = f" Did you mean `{self._relative_path(origin, close)}`?" if close else ""
            return NOWHERE, [f"the link '{ref.target}' leads to a page that does not exist "
                             f"({self.label}/{resolved}).{hint}"]
        if item.lang != origin.lang:
            return NOWHERE, [f"the link '{ref.target}' leads into the other language. Link to "
                             "a page in the same language; the language switch already leads "
                             "readers to the translation (set `counterpart`)."]
        page = self.page_of(item)
        if page is None:
            problem = self._unpublished_problem(origin, ref, item)
            return NOWHERE, [problem] if problem else []
        problem = self._anchor_problem(page, ref)
        return Target(_with_fragment(page.url, ref.fragment), page), [problem] if problem else []

    def _unpublished_problem(self, origin: Origin, ref: Reference, item: Item) -> str | None:
        """The rules for a link to an item that is not on the public site."""
        if not item.is_public:
            if origin.public:
                return (f"this public page links to the internal page {self.label}/"
                        f"{item.source}. Internal content must never be linked from a public "
                        "page: remove the link or make the target public.")
            return None
        if origin.published:
            return unpublished_link(ref.target, f"{self.label}/{item.source}", item)
        return None

    def _file(self, origin: Origin, ref: Reference, resolved: str) -> tuple[Target, list[str]]:
        on_disk = self.content_dir / resolved
        top = resolved.split("/", 1)[0]
        if not on_disk.is_file():
            if on_disk.is_dir():
                return NOWHERE, [f"the link '{ref.target}' leads to a folder, not to a page or "
                                 "a file. Link to a page's Markdown file (like "
                                 "`../diensten/schulden-en-geldzaken.md`), or write its site "
                                 "address (like `/diensten/`)."]
            return NOWHERE, [f"the file '{ref.target}' does not exist (looked for "
                             f"{self.label}/{resolved}).{self._file_hint(origin, resolved)} "
                             "Check the name and the folder."]
        if top == SHARED_DIR:
            return Target(resolved, file=resolved), []
        if top in self.content.languages and top != origin.lang:
            return NOWHERE, [f"the file '{ref.target}' is in the folder of another language, "
                             "which this language's site cannot use. Move it into "
                             f"{self.label}/{SHARED_DIR}/ to use it in every language."]
        if top not in self.content.languages:
            return NOWHERE, [f"the file '{ref.target}' is outside the language folders, so it "
                             "would not be published. Move it into "
                             f"{self.label}/{SHARED_DIR}/ (for every language) or into "
                             f"{self.label}/{origin.lang}/."]
        lang, _, rest = resolved.partition("/")
        prefix = "" if lang == self.content.default_language else f"{lang}/"
        return Target(prefix + rest, file=resolved), []

    def _file_hint(self, origin: Origin, resolved: str) -> str:
        folders = [origin.lang, SHARED_DIR]
        files = [path.relative_to(self.content_dir).as_posix()
                 for folder in folders if (self.content_dir / folder).is_dir()
                 for path in (self.content_dir / folder).rglob("*") if path.is_file()]
        close = _closest(resolved, files)
        return f" Did you mean `{self._relative_path(origin, close)}`?" if close else ""


def _closest(written: str, choices: list[str]) -> str | None:
    """The one choice whose last part starts like the written one's, or is spelled nearly
    like it; None when no choice is likely right."""
    def last(path: str) -> str:
        return path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")

    name = last(written)
    if not name:
        return None
    starting = [choice for choice in choices if last(choice).startswith(name)]
    if len(starting) == 1:
        return starting[0]
    by_name = {last(choice): choice for choice in choices}
    match = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.7)
    return by_name[match[0]] if match else None


def link_key(target: str) -> str:
    """A link's address as written, for looking up where it leads."""
    return unquote(target.strip())


def once(findings: list[Finding]) -> list[Finding]:
    """Each problem once per line, however often the line repeats a link."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        if (finding.line, finding.message) not in seen:
            seen.add((finding.line, finding.message))
            kept.append(finding)
    return kept
