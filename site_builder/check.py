"""Reading and checking all content: the first stage of every command."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from .config import SiteConfig
from .loader import load_content
from .model import Content
from .problems import Problem, Problems
from .validate import check_content


def shown_path(path: Path) -> str:
    """A path as the user can open it from where they ran the command."""
    relative = os.path.relpath(path, Path.cwd())
    return str(path) if relative.startswith("..") else relative


def checked_content(config: SiteConfig, now: datetime) -> tuple[Content, list[Problem]]:
    """All content, validated; raises ContentError listing every error (and warning)."""
    problems = Problems()
    label = shown_path(config.content_dir)
    if not config.content_dir.is_dir():
        problems.error(label, None, "the content folder does not exist. Create it, or set "
                       "`content_dir` in the site_builder section of mkdocs.yml.")
        problems.raise_if_errors()
    default_image = config.settings.default_image
    if default_image and not (config.content_dir / default_image).is_file():
        problems.error(config.path.name, None, f"the `default_image` '{default_image}' does not "
                       f"exist in {label}/. Write its path from the content folder, like "
                       "`nl/images/nieuws.png`, or leave the setting out.")
    content = load_content(config.content_dir, config.languages, label, problems)
    check_content(content, config.content_dir, label, problems, now)
    problems.raise_if_errors()
    return content, problems.warnings
