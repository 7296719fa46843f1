"""Building the whole public site: every language into a temporary folder, then a swap.

A failed build leaves the previous site untouched: nothing is written to the
target folder until every language has built.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from ..check import checked_content, image_catalogue, link_resolver, newsletter_issues
from ..config import SiteConfig
from ..feeds.items import partner_news
from ..i18n import strings
from ..images import PICTURES_MANIFEST, ImageCatalogue
from ..newsletter.archive import add_archive
from ..problems import Problem, Problems
from ..subscriptions.pages import signup_form_html
from .build_date import source_date_epoch
from .cards import CardMaker, Pictures
from .mkdocs_run import run_mkdocs, write_stage
from .pages import stage_language
from .select import PublicView
from .seo import add_seo, share_site
from .staging import StagedLanguage, make_environment

TEMPLATES_DIR = "templates"
NETWORK_LIMIT = 30  # partner news items on the network page


def render_site(config: SiteConfig, target: Path, now: datetime, *, preview: bool = False,
                work_dir: Path | None = None) -> list[Problem]:
    """Validate, then build every language into `target` (replaced whole). Returns warnings."""
    images = image_catalogue(config)
    content, warnings = checked_content(config, now, images=images)
    views = {lang: PublicView(content, lang, now, preview) for lang in config.languages}
    links = link_resolver(config, content, now, newsletter_issues(config, Problems()),
                          preview=preview, images=images)
    env = make_environment(config.root / TEMPLATES_DIR)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-builder-", dir=work_dir or target.parent) \
            as work:
        stage_root, new_site = Path(work, "stage"), Path(work, "site")
        staged_languages = {}
        for lang in config.languages:
            # Partner news comes from the feed cache only: a build never waits on the network.
            news = partner_news(config.feeds_cache_dir, config.settings.feeds, lang,
                                NETWORK_LIMIT)
            staged = stage_language(views, lang, env, config.content_dir, config.site_url,
                                    config.site_name, news, config.settings.default_image,
                                    home_signup_form(config, lang), links, images)
            add_archive(staged, config, content, now, news_section=strings(lang)["blog"],
                        cards=CardMaker(lang, Pictures(images),
                                        config.settings.default_image))
            assets = config.root / TEMPLATES_DIR / "site" / "assets"
            staged.copies.update({f"assets/{p.name}": p for p in sorted(assets.glob("*.*"))})
            publish_pictures(staged, images)
            staged_languages[lang] = staged
        # Link previews, search engines and translations need every language staged first.
        add_seo(staged_languages, share_site(config, images), content.people)
        # The default language builds first: MkDocs empties its site_dir, en/ included.
        for lang, staged in staged_languages.items():
            docs_dir = stage_root / lang
            write_stage(staged, docs_dir)
            site_dir = new_site if lang == content.default_language else new_site / lang
            run_mkdocs(config, staged, docs_dir, site_dir,
                       source_date_epoch=source_date_epoch(views[lang]))
        _swap(new_site, target, Path(work, "previous"))
    return warnings


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


def _swap(new: Path, target: Path, trash: Path) -> None:
    if target.exists():
        target.rename(trash)
    new.rename(target)
    shutil.rmtree(trash, ignore_errors=True)
