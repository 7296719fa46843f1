"""The command line: scaffolding, the clock, exit statuses, and running as a new user would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from site_builder.drafts import PLACEHOLDER_TEXT
from site_builder.schema import AMSTERDAM

from .conftest import REPO, Result, copy_project

SCHEDULED_POST = "content/nl/blog/posts/nieuwjaar-2027.md"


@pytest.mark.parametrize("kind", ["page", "service", "expertise", "post", "event"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_scaffolds_a_file_that_passes_check(project: Path, run: Callable[..., Result],
                                                kind: str, lang: str) -> None:
    result = run(project, "new", kind, "Nieuwe training: samen sterk!", "--lang", lang)
    assert result.code == 0, result.err
    path = project / result.out.strip()
    assert path.is_file()
    assert path.name == "nieuwe-training-samen-sterk.md"
    assert path.relative_to(project).parts[:2] == ("content", lang)
    assert 'title: "Nieuwe training: samen sterk!"' in path.read_text(encoding="utf-8")
    check = run(project, "check")
    assert check.code == 0, check.err


def test_new_puts_each_kind_in_its_folder(project: Path, run: Callable[..., Result]) -> None:
    folders = {kind: Path(run(project, "new", kind, f"Test {kind}").out.strip()).parent
               for kind in ("page", "service", "expertise", "post", "event")}
    assert folders == {
        "page": Path("content/nl"),
        "service": Path("content/nl/diensten"),
        "expertise": Path("content/nl/expertise"),
        "post": Path("content/nl/blog/posts"),
        "event": Path("content/nl/agenda"),
    }


def test_new_post_is_a_draft_until_the_writer_publishes_it(
    project: Path, run: Callable[..., Result]
) -> None:
    path = project / run(project, "new", "post", "Een nieuw bericht").out.strip()
    assert run(project, "build").code == 0
    assert "Een nieuw bericht" not in (project / "site/blog/index.html").read_text("utf-8")
    # Publishing means writing it too: what `new` wrote may not be published (test_drafts.py).
    finished = (path.read_text("utf-8").replace("draft: true", "draft: false")
                .replace('description: ""', "description: Ons nieuwe bericht.")
                .replace(PLACEHOLDER_TEXT["nl"], "De tekst van het bericht."))
    path.write_text(finished, "utf-8")
    assert run(project, "build").code == 0
    assert "Een nieuw bericht" in (project / "site/blog/index.html").read_text("utf-8")


def test_new_refuses_to_overwrite(project: Path, run: Callable[..., Result]) -> None:
    first = run(project, "new", "page", "Over ons")
    assert first.code == 1
    assert "already exists" in first.err


def test_scheduled_post_appears_once_its_date_has_passed(
    project: Path, run: Callable[..., Result]
) -> None:
    title = next(line.removeprefix("title:").strip().strip('"') for line in
                 (project / SCHEDULED_POST).read_text("utf-8").splitlines()
                 if line.startswith("title:"))
    assert run(project, "build").code == 0
    assert title not in (project / "site/rss.xml").read_text("utf-8")

    later = datetime(2027, 2, 1, 9, 0, tzinfo=AMSTERDAM)
    assert run(project, "build", now=later).code == 0
    assert title in (project / "site/rss.xml").read_text("utf-8")
    assert title in (project / "site/blog/index.html").read_text("utf-8")


def test_unknown_command_is_a_usage_error(project: Path, run: Callable[..., Result]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(project, "publiceer")
    assert stop.value.code == 2


def test_missing_configuration_is_explained(tmp_path: Path, run: Callable[..., Result]) -> None:
    result = run(tmp_path, "check")
    assert result.code == 1
    assert "mkdocs.yml: error: the configuration file is missing" in result.err


def site_builder(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, text=True,
                          capture_output=True, env={**os.environ, **env}, timeout=120)


def test_python_dash_m_builds_the_site_at_the_moment_given_by_the_environment(
    project: Path,
) -> None:
    done = site_builder(project, "build", "--out", "public", SITE_BUILDER_NOW="2027-02-01")
    assert done.returncode == 0, done.stderr
    assert "Site built in public/" in done.stdout
    assert (project / "public/index.html").is_file()
    assert "2027/01/11" in (project / "public/rss.xml").read_text("utf-8")


def test_the_command_ends_with_its_output_written_and_its_cache_kept(tmp_path: Path) -> None:
    """It ends without freeing its memory first (cli.run): nothing may be lost by that."""
    project = copy_project(tmp_path / "project")  # with a cache of its own
    done = site_builder(project, "build")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("Site built in site/\n")
    cache = sqlite3.connect(project / ".cache/build/cache.sqlite3")
    kinds = {kind for (kind,) in cache.execute("SELECT DISTINCT kind FROM entries")}
    folders = cache.execute("SELECT COUNT(*) FROM outputs").fetchone()[0]
    cache.close()
    assert {"checked-content", "markdown", "page"} <= kinds
    assert any(kind.startswith("memo-") for kind in kinds)  # by the code's version: memo.py
    assert folders == 2  # each language's files, for the next build to reuse


def test_the_command_exits_with_the_status_of_what_it_found(project: Path) -> None:
    (project / "content/nl/contact.md").write_text("---\ntitel: Contact\n---\nTekst.\n",
                                                   "utf-8")
    done = site_builder(project, "check")
    assert done.returncode == 1
    assert "unknown setting `titel`" in done.stderr
    assert done.stderr.rstrip().endswith("and run again.")


# Imported by the code that uses them, not when a command starts: every command (and a build
# that finds its calendars, pictures and emails in the cache) would wait for them.
DEFERRED_MODULES = ("icalendar", "PIL.Image", "feedgen", "rapidfuzz", "http.server",
                    "platformdirs", "site_builder.newsletter.build",
                    "site_builder.newsletter.preview", "site_builder.subscribers.store",
                    "email_validator")


def test_starting_a_command_or_a_build_imports_only_what_every_run_needs() -> None:
    code = ("import sys, site_builder.cli, site_builder.website.build\n"
            "print('\\n'.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    imported = set(done.stdout.split())
    assert "site_builder.website.build" in imported
    assert imported.isdisjoint(DEFERRED_MODULES), imported & set(DEFERRED_MODULES)


def test_bad_input_from_the_command_line_prints_no_traceback(project: Path) -> None:
    (project / "content/nl/contact.md").write_bytes(b"---\ntitle: Contact\n---\nCaf\xe9\n")
    done = site_builder(project, "build")
    assert done.returncode == 1
    assert "content/nl/contact.md:4: error: this file is not saved as UTF-8" in done.stderr
    assert "Traceback" not in done.stderr


def test_plain_mkdocs_build_is_stopped_with_an_explanation(project: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode != 0
    assert "site-builder build" in done.stderr
    assert not (project / "site").exists()


def test_the_shipped_project_checks_clean() -> None:
    done = site_builder(REPO, "check", SITE_BUILDER_NOW="2026-11-23 12:00")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
