"""The subscriber store and `site-builder subscribers`: import, list, export, remove."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_builder.i18n import STRINGS
from site_builder.problems import ContentError
from site_builder.subscribers.csv_import import ImportRow, read_csv
from site_builder.subscribers.migrations import LATEST
from site_builder.subscribers.paths import data_dir
from site_builder.subscribers.store import open_store

from .conftest import SAMPLE_NOW, Result, write

LANGUAGES = sorted(STRINGS)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SITE_BUILDER_DATA", str(folder))
    return folder


def members(data: Path, list_name: str = "external") -> list[dict[str, object]]:
    with open_store(data) as store:
        return store.members(list_name)


def test_store_lives_in_the_data_folder_in_wal_mode_at_the_latest_schema(data: Path) -> None:
    with open_store(data) as store:
        assert store.path == data / "subscribers.sqlite3"
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert store.lists() == ["external", "internal"]
    assert (data / "subscribers.sqlite3").stat().st_mode & 0o077 == 0


def test_data_folder_defaults_to_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir({})
    assert folder.name == "site-builder"
    assert not (folder.parent / "mkdocs.yml").exists()


def test_data_folder_inside_a_project_is_refused(project: Path) -> None:
    with pytest.raises(ContentError, match="must stay out of the repository"):
        data_dir({"SITE_BUILDER_DATA": str(project / "data")})


def test_an_older_store_is_migrated_and_keeps_its_subscribers(data: Path) -> None:
    with open_store(data, migrate_to=1) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == 1
        store.import_rows("external", [ImportRow(2, "ann@example.org", "Ann", "nl")], "test",
                          SAMPLE_NOW)
    with open_store(data) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert [m["email"] for m in store.members("external")] == ["ann@example.org"]
        store.connection.execute("SELECT count(*) FROM pending_signups").fetchone()


def test_a_store_from_a_newer_version_is_refused(data: Path) -> None:
    open_store(data).close()
    with sqlite3.connect(data / "subscribers.sqlite3") as raw:
        raw.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(ContentError, match="made by a newer site-builder"):
        open_store(data)


@pytest.mark.parametrize(("csv_text", "expected"), [
    ("email,name\nann@example.org,Ann\nnot-an-address,Bob\n",
     "people.csv:3: error: the email address is not valid: An email address must have an "
     "@-sign."),
    ("email,name\n,Nobody\n", "people.csv:2: error: the email address is empty."),
    ("email,name,language\nann@example.org,Ann,de\n",
     "people.csv:2: error: the language `de` is not one of en, nl (or leave it empty)."),
    ("emial,name\nann@example.org,Ann\n",
     "people.csv:1: error: unknown column `emial`: the columns are email, name and "
     "(optionally) language. Did you mean `email`?"),
    ("name\nAnn\n", "people.csv:1: error: the header row has no `email` column."),
    ("email,name\nann@example.org,Ann,extra\n", "people.csv:2: error: this row has 3 fields"),
    ('email,name\nann@example.org,"Ann\nde Wit"\nbob@,Bob\n',  # a name over two lines
     "people.csv:4: error: the email address is not valid"),
])
def test_each_rejected_row_is_reported_with_its_line(csv_text: str, expected: str) -> None:
    read = read_csv(csv_text, "people.csv", LANGUAGES)
    assert any(str(p).startswith(expected) for p in read.problems), [str(p) for p in
                                                                     read.problems]


def test_duplicates_are_merged_case_insensitively_keeping_what_each_row_adds() -> None:
    read = read_csv("email;naam;taal\nAnn@Example.org;;en\nann@example.ORG;Ann de Wit;\n",
                    "people.csv", LANGUAGES)
    assert read.problems == ()
    assert read.merged == 1
    assert read.rows == (ImportRow(2, "Ann@example.org", "Ann de Wit", "en"),)


def test_import_with_a_rejected_row_writes_nothing(data: Path, tmp_path: Path,
                                                   run: Callable[..., Result]) -> None:
    write(tmp_path / "people.csv", "email,name\nann@example.org,Ann\nbob@@example.org,Bob\n")
    result = run(tmp_path, "subscribers", "import", "people.csv", "--list", "external")
    assert result.code == 1
    assert "people.csv:3: error: the email address is not valid" in result.err
    assert members(data) == []


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    write(tmp_path / "people.csv", "email,name\nann@example.org,Ann\nbob@@example.org,Bob\n"
          "ANN@example.org,\n")
    result = run(tmp_path, "subscribers", "import", "people.csv", "--list", "external",
                 "--skip-invalid")
    assert result.code == 0, result.err
    assert "people.csv:3: warning: the email address is not valid" in result.err
    assert "1 added" in result.out and "1 duplicate row(s) merged" in result.out
    [ann] = members(data)
    assert (ann["email"], ann["name"], ann["status"]) == ("ann@example.org", "Ann", "active")
    assert ann["consent_source"] == "CSV import of people.csv"
    assert ann["consent_at"] == "2026-11-23T11:00:00Z"


def test_an_interrupted_import_leaves_the_store_as_it_was(data: Path) -> None:
    def rows() -> Iterator[ImportRow]:
        for n in range(5):
            yield ImportRow(n + 2, f"reader{n}@example.org", None, None)
        raise KeyboardInterrupt  # Ctrl+C halfway through the file

    with open_store(data) as store:
        with pytest.raises(KeyboardInterrupt):
            store.import_rows("external", rows(), "test", SAMPLE_NOW)
        assert store.members("external") == []
        assert store.connection.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 0


def test_import_into_an_unknown_list_is_an_error_with_a_suggestion(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    write(tmp_path / "people.csv", "email,name\nann@example.org,Ann\n")
    result = run(tmp_path, "subscribers", "import", "people.csv", "--list", "extrnal")
    assert result.code == 1
    assert "--list: error: there is no list 'extrnal'" in result.err
    assert "Did you mean `external`?" in result.err


def test_list_counts_per_list_and_shows_one_list(data: Path, tmp_path: Path,
                                                 run: Callable[..., Result]) -> None:
    write(tmp_path / "staff.csv", "email,name,language\nkim@example.org,Kim,en\n")
    run(tmp_path, "subscribers", "import", "staff.csv", "--list", "internal")
    counts = run(tmp_path, "subscribers", "list")
    assert counts.code == 0
    assert [line.split()[:2] for line in counts.out.splitlines()[1:3]] == [
        ["external", "0"], ["internal", "1"]]
    people = run(tmp_path, "subscribers", "list", "--list", "internal")
    # Every field quoted (the listing is pasted into spreadsheets; see the CSV tests).
    assert people.out.splitlines()[1].startswith('"kim@example.org"\t"Kim"\t"en"\t"active"\t')


def test_export_gives_everything_stored_about_one_address_as_json(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    write(tmp_path / "people.csv", "email,name,language\nAnn@example.org,Ann,nl\n")
    run(tmp_path, "subscribers", "import", "people.csv", "--list", "external",
        "--source", "sign-up sheet, open day 2026")
    result = run(tmp_path, "subscribers", "export", "ann@EXAMPLE.org")
    exported = json.loads(result.out)
    assert exported["subscriber"]["name"] == "Ann"
    assert exported["lists"] == [{"list": "external", "status": "active",
                                  "consent_at": "2026-11-23T11:00:00Z",
                                  "consent_source": "sign-up sheet, open day 2026",
                                  "updated_at": "2026-11-23T11:00:00Z"}]
    assert exported["suppressions"] == []


def test_remove_erases_the_address_and_keeps_only_a_hashed_suppression(
    data: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    write(tmp_path / "people.csv", "email,name\nann@example.org,Ann de Wit\n")
    run(tmp_path, "subscribers", "import", "people.csv", "--list", "external")
    result = run(tmp_path, "subscribers", "remove", "Ann@example.org")
    assert result.code == 0 and "Erased everything" in result.out
    exported = json.loads(run(tmp_path, "subscribers", "export", "ann@example.org").out)
    assert exported["subscriber"] is None and exported["lists"] == []
    assert [s["reason"] for s in exported["suppressions"]] == ["removed"]
    # Not even in the file's free pages or its write-ahead log.
    raw = b"".join(path.read_bytes() for path in data.glob("subscribers.sqlite3*"))
    assert b"ann@example.org" not in raw.lower() and b"Ann de Wit" not in raw


def test_a_removed_address_is_not_imported_again(data: Path, tmp_path: Path,
                                                 run: Callable[..., Result]) -> None:
    write(tmp_path / "people.csv", "email,name\nann@example.org,Ann\n")
    run(tmp_path, "subscribers", "remove", "ann@example.org")
    result = run(tmp_path, "subscribers", "import", "people.csv", "--list", "external")
    assert "0 added" in result.out and "1 left out because they unsubscribed" in result.out
    assert members(data) == []
