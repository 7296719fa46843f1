"""Shared fixtures: a copy of the shipped project in tmp_path, and the CLI run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.schema import AMSTERDAM

from .browser import Browser, axe_source, open_browser, serve_folder

REPO = Path(__file__).resolve().parents[1]
# The day the sample content was written: its upcoming events are still upcoming.
SAMPLE_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)


def copy_project(target: Path) -> Path:
    """The shipped mkdocs.yml, templates, content and newsletters, as a fresh user has them."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("templates", "content", "newsletters"):
        shutil.copytree(REPO / folder, target / folder)
    return target


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def pictures_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Resized pictures shared by the test projects: the cache names each file by the
    picture's content and recipe, so sharing it is safe, and the sample pictures are resized
    once per run instead of once per test."""
    return tmp_path_factory.mktemp("pictures-cache")


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build results shared by the test projects: each is kept by everything it depends on
    (test_incremental_build.py proves a cached build the same as a clean one after every
    kind of edit), so a test's own edits are built anew and the rest is not rendered again
    for every test. Tests of the cache itself make their projects with `copy_project`."""
    return tmp_path_factory.mktemp("build-cache")


def share_caches(project: Path, pictures: Path, build: Path) -> Path:
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "images").symlink_to(pictures, target_is_directory=True)
    (project / ".cache" / "build").symlink_to(build, target_is_directory=True)
    return project


@pytest.fixture
def project(tmp_path: Path, pictures_cache: Path, build_cache: Path) -> Path:
    return share_caches(copy_project(tmp_path / "project"), pictures_cache, build_cache)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> Callable[..., Result]:
    """Run `site-builder ARGS` in a folder, at a given moment, and capture what it prints."""

    def _run(cwd: Path, *args: str, now: datetime = SAMPLE_NOW) -> Result:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args), clock=lambda: now)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, pictures_cache: Path,
                build_cache: Path) -> Path:
    """The shipped sample content built once, at SAMPLE_NOW; tests only read it."""
    project_dir = share_caches(copy_project(tmp_path_factory.mktemp("sample") / "project"),
                               pictures_cache, build_cache)
    out = project_dir / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project_dir)
        assert main(["build", "--out", str(out)], clock=lambda: SAMPLE_NOW) == 0
    return out


@pytest.fixture(scope="session")
def sample_server(sample_site: Path) -> Iterator[str]:
    """The sample site served over HTTP on 127.0.0.1, as a static host would; its base URL."""
    with serve_folder(sample_site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system Chromium with axe-core; one per test module (a fresh profile each)."""
    with open_browser(axe_source()) as opened:
        yield opened


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
