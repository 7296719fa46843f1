"""`site-builder import DIR`: Markdown from a Jekyll, Hugo or MkDocs site brought into
content/ as files that pass `check`, with a report of what changed and what needs a person.

Stages, each its own module: detect (which generator), the readers (jekyll, hugo,
mkdocs_site), the text rewrites (liquid, shortcodes, links), the settings (fields), one page
(convert), the whole import (plan), writing it (writer) and the report (report)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..config import SiteConfig
from .model import Generator
from .plan import ImportPlan, plan_import
from .report import render_report
from .writer import settle, write_plan

__all__ = ["Generator", "ImportPlan", "import_site", "render_report"]


def import_site(config: SiteConfig, folder: Path, lang: str, now: datetime, *,
                generator: Generator | None = None, dry_run: bool = False) -> ImportPlan:
    """Plan the import, make sure its files pass `check`, then write them (unless dry_run).
    Raises ContentError, with nothing written, when the input is wrong."""
    plan = plan_import(config, folder, lang, now, generator)
    settle(config, plan, now)
    if not dry_run:
        write_plan(config.content_dir, plan)
    return plan
