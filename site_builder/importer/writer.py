"""Writing an import: first into a staged copy of content/ that `check` reads (so nothing is
written that would not pass), then into content/ itself, never over an existing file, and
taking back what was written when a write fails halfway."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from ..config import SiteConfig
from ..loader import load_content
from ..problems import ContentError, Problem, Problems
from ..validate import check_content
from .plan import ImportPlan


def staged_problems(config: SiteConfig, plan: ImportPlan, now: datetime) -> list[Problem]:
    """The errors `check` would report about the new files, were they written. The staged
    copy links to the real files instead of copying them, so it costs little."""
    new = {f"{plan.label}/{c.target.output}": c.page.shown for c in plan.to_write}
    problems = Problems()
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
            raise ContentError([Problem(f"{plan.label}/{current}", None, "the import cannot "
                                        f"write this file ({exc.strerror}): is a file in the "
                                        "way where it needs a folder? Move it, then import "
                                        "again; nothing was written.")]) from None
        content = load_content(stage, config.languages, plan.label, problems)
        check_content(content, stage, plan.label, problems, now)
    found = []
    for problem in problems.errors:
        source = new.get(problem.path) or next(
            (old for path, old in new.items() if path in problem.message), None)
        if source:
            found.append(Problem(problem.path, problem.line, f"{problem.message} (This is the "
                                 f"import of {source}: take that file out of the old site's "
                                 "folder, import again, and bring it over by hand.)"))
    return found


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
