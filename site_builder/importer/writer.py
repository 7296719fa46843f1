"""Writing an import: first into a staged copy of content/ that `check` reads (so nothing is
written that would not pass), then into content/ itself, never over an existing file, and
taking back what was written when a write fails halfway."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from ..check import checked_content, shown_path
from ..config import SiteConfig
from ..problems import ContentError, Problem
from .convert import DROPPABLE
from .plan import ImportPlan


def _staged_config(config: SiteConfig, stage: Path) -> SiteConfig:
    """The same site, reading its content from the staged copy."""
    settings = config.settings.model_copy(update={"content_dir": str(stage)})
    return dataclasses.replace(config, settings=settings)


def staged_problems(config: SiteConfig, plan: ImportPlan, now: datetime) -> list[Problem]:
    """The errors `check` reports about the new files, were they written: the real check, on
    a copy of content/ made of links to the real files (so it costs little) and the new files."""
    label = shown_path(config.content_dir)
    with tempfile.TemporaryDirectory(prefix="site-builder-import-") as folder:
        stage = Path(folder) / "content"
        shutil.copytree(config.content_dir, stage, copy_function=os.symlink)
        current = ""
        try:
            for converted in plan.to_write:
                current = converted.target.output
                (stage / current).parent.mkdir(parents=True, exist_ok=True)
                (stage / current).write_text(converted.text, encoding="utf-8")
            for source, current in plan.copies.items():
                (stage / current).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(source, stage / current)
        except OSError as exc:  # a file where the import needs a folder, for instance
            raise ContentError([Problem(f"{label}/{current}", None, "the import cannot "
                                        f"write this file ({exc.strerror}): is a file in the "
                                        "way where it needs a folder? Move it, then import "
                                        "again; nothing was written.")]) from None
        try:
            checked_content(_staged_config(config, stage), now)
        except ContentError as exc:
            staged_label = shown_path(stage.resolve())
            return [Problem(p.path.replace(staged_label, label, 1), p.line,
                            p.message.replace(staged_label, label), p.severity)
                    for p in exc.problems if p.is_error]
    return []


def _drop_refused(plan: ImportPlan, problems: list[Problem]) -> bool:
    """Leave out each setting the check refused that the import can do without (a Material
    icon or status this site lacks, say); True when one was."""
    by_path = {f"{plan.label}/{c.target.output}": c for c in plan.to_write}
    dropped = False
    for problem in problems:
        converted = by_path.get(problem.path)
        key = converted.setting_at(problem.line) if converted and problem.line else None
        if converted and key in DROPPABLE and key in converted.settings.values:
            converted.drop(key, problem.message)
            dropped = True
    return dropped


def settle(config: SiteConfig, plan: ImportPlan, now: datetime) -> None:
    """Make sure the new files pass `check`: settings it refuses that the import can do
    without are left out and reported; any other error stops the import, nothing written."""
    problems = staged_problems(config, plan, now)
    for _ in range(3):
        if not _drop_refused(plan, problems):
            break
        problems = staged_problems(config, plan, now)
    by_path = {f"{plan.label}/{c.target.output}": c.page.shown for c in plan.to_write}
    ours = []
    for problem in problems:
        source = next((old for path, old in by_path.items()
                       if path == problem.path or path in problem.message), None)
        if source:
            ours.append(Problem(problem.path, problem.line, f"{problem.message} (This is the "
                                f"import of {source}: take that file out of the old site's "
                                "folder, import again, and bring it over by hand.)"))
    if ours:
        raise ContentError(ours)


def write_plan(content_dir: Path, plan: ImportPlan) -> None:
    """Write every new file and copy every picture, each only where nothing exists yet."""
    created: list[Path] = []
    made_folders: list[Path] = []

    def folder_for(path: Path) -> None:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir()
            made_folders.append(folder)

    path = content_dir
    try:
        for source, target in plan.copies.items():
            path = content_dir / target
            folder_for(path)
            with source.open("rb") as reader, path.open("xb") as writer:
                created.append(path)
                shutil.copyfileobj(reader, writer)
        for converted in plan.to_write:
            path = content_dir / converted.target.output
            folder_for(path)
            with path.open("x", encoding="utf-8") as writer:
                created.append(path)
                writer.write(converted.text)
    except OSError as exc:
        for done in reversed(created):
            done.unlink(missing_ok=True)
        for folder in reversed(made_folders):
            with contextlib.suppress(OSError):  # another file is in it: keep it
                folder.rmdir()
        what = ("appeared while the import ran" if isinstance(exc, FileExistsError)
                else f"could not be written ({exc.strerror or exc})")
        raise ContentError([Problem(str(path), None, f"this file {what}, so nothing was "
                                    "imported. Run the import again.")]) from None
