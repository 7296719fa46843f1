"""Building the whole public site: every language into a temporary folder, then a swap.

A failed build leaves the previous site untouched: nothing is written to the
target folder until every language has built.
"""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from .. import memo
from ..check import (
    content_and_inputs,
    forget_resolvers,
    image_catalogue,
    link_resolver,
    newsletter_issues,
)
from ..config import SiteConfig
from ..feeds.items import partner_news
from ..i18n import strings
from ..images import PICTURES_MANIFEST, ImageCatalogue
from ..linking import LinkResolver
from ..model import Content
from ..newsletter.archive import add_archive, check_archive_emails
from ..parallel import Waiting, can_fork
from ..problems import Problem, Problems
from ..subscriptions.pages import signup_form_html
from .build_cache import try_cache_again
from .build_date import source_date_epoch
from .cards import CardMaker, Pictures
from .language_builds import (
    Built,
    LanguageBuilds,
    LanguageJob,
    PreviewSession,
    Previous,
    build_language,
    language_folder,
    previous_builds,
)
from .outline_exchange import Share
from .pages import stage_language
from .paths import TEMPLATES_DIR
from .saved_pages import LastBuild
from .select import PublicView
from .seo import add_seo, share_site
from .spare_site import remember_spare, spare_folder, take_spare
from .stage_reuse import (
    files_unchanged,
    outline,
    outlined_language,
    settings_key,
    site_key,
    stage_key,
)
from .staging import PageReuse, StagedLanguage, make_environment

OLD_SITE = ".old-"  # .site.old-x1y2: a replaced site, being deleted
NETWORK_LIMIT = 30  # partner news items on the network page


def render_site(config: SiteConfig, target: Path, now: datetime, *, preview: bool = False,
                work_dir: Path | None = None, use_cache: bool = True,
                session: PreviewSession | None = None) -> list[Problem]:
    """Validate, then build every language into `target` (replaced whole). Returns warnings.

    With `use_cache`, what earlier builds made is reused where its inputs are the same
    (build_cache.py); a `session` (the live preview) updates its served folder in place."""
    # Work whose result only a later command reads (keeping the check): done beside the
    # language builds, or after whatever stopped the build before them.
    later: list[Callable[[], None]] = []
    try_cache_again()  # the live preview's next build may find it free again
    with _collecting_less(), _language_builders(
            config, session is None and len(config.languages) > 1 and can_fork()) as builders:
        try:
            return _render_site(config, target, now, preview, work_dir, use_cache, session,
                                later, builders)
        finally:
            for work in later:
                work()
            if later and use_cache:
                memo.save()  # what it remembered (the build stopped before its languages)


@contextlib.contextmanager
def _language_builders(config: SiteConfig, wanted: bool
                       ) -> Iterator[dict[str, Waiting[LanguageJob, Built]]]:
    """A process for each language's MkDocs build, forked before anything is read. When the
    languages are staged each in a process of its own, forked once the site is read and
    checked (holding all of it), each is built in one of these, which holds only its staged
    pages: the largest process of a cold build is then a fifth smaller."""
    builders = {lang: Waiting(partial(build_language, config)) for lang in config.languages} \
        if wanted else {}
    try:
        yield builders
    finally:
        for builder in builders.values():
            builder.abandon()


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """A build makes hundreds of thousands of small objects that live until it ends (the
    content, the staged pages) and hardly any cycles: the garbage collector's passes over
    them took a tenth of a cached build. Objects made so far are left out of its passes
    (`gc.freeze`; so is the content, once read) and it runs less often, until the build
    ends: `serve` runs on in the same process."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _render_site(config: SiteConfig, target: Path, now: datetime, preview: bool,
                 work_dir: Path | None, use_cache: bool, session: PreviewSession | None,
                 later: list[Callable[[], None]],
                 builders: dict[str, Waiting[LanguageJob, Built]]) -> list[Problem]:
    if use_cache:
        memo.attach(config.build_cache_dir)
    images = image_catalogue(config)
    # The preview's content changes with every save: there is no check to use again.
    content, warnings, inputs = content_and_inputs(config, now, images=images,
                                                   reuse=use_cache and session is None,
                                                   later=later.append)
    gc.freeze()
    views = {lang: PublicView(content, lang, now, preview) for lang in config.languages}
    epochs = {lang: source_date_epoch(views[lang]) for lang in config.languages}
    target = target.resolve()
    previous = previous_builds(config.build_cache_dir, target, config.languages) \
        if use_cache and session is None else {}
    stage_keys: dict[str, bytes | None] = {}
    reuse = None  # without a reused check, nothing is known of what the content was made of
    site = site_key(config, inputs, preview=preview) if inputs is not None else None
    if inputs is not None and site is not None:
        stage_keys = {lang: stage_key(site, inputs, lang, config.languages, epoch=epochs[lang])
                      for lang in config.languages}
        reuse = PageReuse(settings_key(site, inputs), inputs.texts)
    kept = _kept_languages(config, content, target, previous, stage_keys)
    sizes = {lang: len(views[lang].items) for lang in config.languages}
    stager = SiteStager(config, content, views, now, images, preview, reuse)
    to_stage = [lang for lang in config.languages if lang not in kept]
    # Each language staged in a process of its own, at the same time as the others, and
    # built in its builder, where processes can be forked; the live preview stays in one
    # process (its threads).
    each_in_own = session is None and len(to_stage) > 1 and can_fork()
    if each_in_own:
        stager.emails_checked_elsewhere = True
        later.append(partial(check_archive_emails, config, content, now, to_stage))
    else:  # built in this process, or in one forked from it
        for builder in builders.values():
            builder.abandon()
        builders = {}
    staged = {} if each_in_own else {lang: stager.language(lang) for lang in to_stage}
    if not each_in_own:
        stager.describe(staged, kept)
    # Where the languages are staged in processes of their own, what the check remembered
    # is kept while they work (LanguageBuilds.run): before, they waited for it.
    held = memo.hold_back() if each_in_own else None
    if use_cache and held is None:
        memo.save()
    if session is not None:
        session.update(config, staged, epochs, LastBuild(
            config, content, views, stager.links, images, share_site(config, images), now,
            preview, staged, epochs))
        forget_resolvers()
        return warnings
    target.parent.mkdir(parents=True, exist_ok=True)
    builds = LanguageBuilds(config, staged, epochs,
                            config.build_cache_dir if use_cache else None,
                            previous=previous, stage_keys=stage_keys, kept=frozenset(kept),
                            stage=partial(stager.in_own_process, kept) if each_in_own
                            else None, largest=max(to_stage, key=sizes.get, default=None),
                            builders=builders)
    if not each_in_own:
        # From here on only the staged pages are needed: their memory serves MkDocs.
        forget_resolvers()
        del content, views, staged, stager
        memo.forget()
    # The staged site stays until the build is done: the collector need not go through it
    # while MkDocs works (its full passes were a tenth of that step in a quick build), and
    # a forked language process then leaves the memory it shares with this one untouched.
    gc.freeze()
    with tempfile.TemporaryDirectory(prefix=".site-builder-", dir=work_dir or target.parent) \
            as work:
        new_site = Path(work, "site")
        if use_cache:
            builds.spare = take_spare(config.build_cache_dir, target, new_site,
                                      config.languages)
        beside = list(later)
        later.clear()
        manifests = builds.run(new_site, Path(work, "stage"), earlier=target, beside=beside,
                               held=held)
        if each_in_own:  # the languages' processes kept what they remembered in the cache:
            memo.forget()  # the next command in this process reads it from there
        kept_spare = _swap(new_site, target, keep_spare=use_cache)
        builds.remember(target, manifests)
        if kept_spare:
            remember_spare(config.build_cache_dir, target, config.languages,
                           {lang: files for lang, (_, files) in previous.items()})
    return warnings


def _kept_languages(config: SiteConfig, content: Content, target: Path,
                    previous: dict[str, Previous], stage_keys: dict[str, bytes | None]
                    ) -> dict[str, StagedLanguage]:
    """The languages whose last build into `target` is still right, as outlines of their
    pages: made of the same inputs, and their files there as that build left them."""
    kept = {}
    for lang, (inputs, files) in previous.items():
        key = stage_keys.get(lang)
        if key is None or inputs is None or inputs.stage != key or inputs.outline is None:
            continue
        language = outlined_language(lang, inputs.outline, content)
        if language is not None and files_unchanged(
                language_folder(target, lang, config.languages[0]), files):
            kept[lang] = language
    return kept


@dataclass
class SiteStager:
    """What staging any language of the site needs, made once: the links of every page and
    the stagers' templates. Staging reads the feed cache, and no other file."""

    config: SiteConfig
    content: Content
    views: dict[str, PublicView]
    now: datetime
    images: ImageCatalogue
    preview: bool = False
    reuse: PageReuse | None = None
    emails_checked_elsewhere: bool = False  # check_archive_emails runs in another process

    def __post_init__(self) -> None:
        self.links = site_links(self.config, self.content, self.now, self.images, self.preview)
        self.env = make_environment(self.config.root / TEMPLATES_DIR)

    def language(self, lang: str) -> StagedLanguage:
        """One language's pages and files, but their descriptions (`describe`)."""
        config, images = self.config, self.images
        # Partner news comes from the feed cache only: a build never waits on the network.
        news = partner_news(config.feeds_cache_dir, config.settings.feeds, lang, NETWORK_LIMIT)
        language = stage_language(self.views, lang, self.env, config.content_dir,
                                  config.site_url, config.site_name, news,
                                  config.settings.default_image,
                                  home_signup_form(config, lang), self.links, images,
                                  self.reuse)
        add_archive(language, config, self.content, self.now,
                    news_section=strings(lang)["blog"],
                    cards=CardMaker(lang, Pictures(images), config.settings.default_image),
                    check_emails=not self.emails_checked_elsewhere)
        assets = config.root / TEMPLATES_DIR / "site" / "assets"
        language.copies.update({f"assets/{p.name}": p for p in sorted(assets.glob("*.*"))})
        publish_pictures(language, images)
        return language

    def describe(self, staged: Mapping[str, StagedLanguage],
                 outlined: Mapping[str, StagedLanguage]) -> None:
        """Link previews, search engines and translations: they need every language staged,
        or `outlined` (stage_reuse.py)."""
        add_seo(staged, share_site(self.config, self.images), self.content.people,
                outlined=outlined)

    def in_own_process(self, kept: Mapping[str, StagedLanguage], lang: str,
                       share: Share) -> StagedLanguage:
        """`lang` staged while the other languages are staged in processes of their own
        (language_builds.py), which tell each other their pages' outlines by `share`."""
        language = self.language(lang)
        others = {other: outlined_language(other, shared, self.content)
                  for other, shared in share(outline(language)).items()}
        self.describe({lang: language}, {**kept, **{
            other: staged for other, staged in others.items() if staged is not None}})
        forget_resolvers()
        return language


def stage_site(config: SiteConfig, content: Content, views: dict[str, PublicView],
               now: datetime, images: ImageCatalogue, preview: bool = False, *,
               kept: Mapping[str, StagedLanguage] | None = None,
               reuse: PageReuse | None = None) -> dict[str, StagedLanguage]:
    """Every language's pages and files, in memory (pure but for reading the feed cache);
    the `kept` languages (outlines of their pages, stage_reuse.py) are not staged again,
    but the others' pages name theirs as translations."""
    kept = kept or {}
    stager = SiteStager(config, content, views, now, images, preview, reuse)
    staged = {lang: stager.language(lang) for lang in config.languages if lang not in kept}
    stager.describe(staged, kept)
    return staged


def site_links(config: SiteConfig, content: Content, now: datetime, images: ImageCatalogue,
               preview: bool) -> LinkResolver:
    """The links of the site's pages, resolved as the site is built at `now`."""
    return link_resolver(config, content, now, newsletter_issues(config, Problems()),
                         preview=preview, images=images)


def home_signup_form(config: SiteConfig, lang: str) -> str | None:
    """The newsletter sign-up form for the home page, when the subscription service runs."""
    action = config.settings.newsletter.subscribe_url
    return signup_form_html(lang, action, "home") if action else None


def publish_pictures(staged: StagedLanguage, images: ImageCatalogue) -> None:
    """Photos go into the site resized and without their metadata, never as they are; the
    Markdown extension reads their sizes from the manifest beside the staged pages."""
    staged.copies.update(images.publish(
        staged.pictures, taken=[*staged.copies, *staged.files, *staged.pages]))
    manifest = images.manifest(staged.pictures)
    staged.files[PICTURES_MANIFEST] = json.dumps(manifest, sort_keys=True).encode("utf-8")


def _swap(new: Path, target: Path, *, keep_spare: bool = False) -> bool:
    """Put the new site in place of the old one, which is kept as the spare for the next
    build (spare_site.py) or deleted after this command ends: deleting thousands of files
    would otherwise be a good part of a quick build. True when the old site is the spare."""
    spare = spare_folder(target)
    trash: Path | None = None
    if spare.exists():  # one this build did not take: it could not be trusted
        trash = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_SITE}", dir=target.parent))
        spare.rename(trash / spare.name)
    kept = False
    if target.exists():
        if keep_spare:
            target.rename(spare)
            kept = True
        else:
            trash = trash or Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_SITE}",
                                                   dir=target.parent))
            target.rename(trash / target.name)
    new.rename(target)
    # Also what a deletion that was stopped half-way left behind.
    delete_later(sorted(target.parent.glob(f".{target.name}{OLD_SITE}*")))
    return kept


def delete_later(folders: list[Path]) -> None:
    """Delete `folders` in a process of their own, which outlives this one."""
    if not folders:
        return
    code = "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, *map(str, folders)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
