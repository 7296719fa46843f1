"""`site-builder import DIR`: a Jekyll, Hugo or MkDocs site becomes content that passes
`check`, with a report of what changed and what needs a person, and nothing is ever
overwritten. The old sites in tests/import_sites/ are small inventions of our own."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.importer.addresses import normalise
from site_builder.importer.dates import parse_when
from site_builder.importer.plan import plan_import
from site_builder.importer.writer import write_plan
from site_builder.problems import ContentError
from site_builder.video import video_lines

from .conftest import SAMPLE_NOW, Result, write

OLD_SITES = Path(__file__).parent / "import_sites"


@pytest.fixture
def old_site(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of one of the old sites, as the user would have it next to the project."""

    def _copy(name: str) -> Path:
        target = tmp_path / f"old-{name}"
        shutil.copytree(OLD_SITES / name, target)
        return target

    return _copy


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time: 'nothing changed' means this is equal."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def text(project: Path, relative: str) -> str:
    return (project / "content" / relative).read_text(encoding="utf-8")


def flat(report: str) -> str:
    """The report without its line wrapping, to look for whole sentences in it."""
    return " ".join(report.split())


def line_with(project: Path, relative: str, needle: str) -> int:
    lines = text(project, relative).split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


IMPORTED = {
    "jekyll": ["nl/blog/posts/buurtcafe-geopend.md", "nl/blog/posts/vrijwilligers-gezocht.md",
               "nl/blog/posts/zomerfeest-plannen.md", "nl/agenda/inloopochtend-formulieren.md",
               "nl/wijkfonds.md", "shared/images/buurtcafe.png", "shared/images/koffie.png",
               "shared/downloads/jaarverslag-2023.pdf"],
    "hugo": ["nl/blog/posts/taalcafe.md", "nl/blog/posts/spreekuur-wmo.md",
             "nl/agenda/buurtmaaltijd.md", "nl/over/index.md", "nl/over/team.md",
             "shared/images/cover.png", "shared/images/groep.png", "shared/images/wijkkaart.png"],
    "mkdocs": ["nl/aanpak.md", "nl/blog/posts/eerste-stappen.md", "shared/images/schema.png"],
}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_import_turns_an_old_site_into_content_that_passes_check(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path],
        name: str) -> None:
    result = run(project, "import", str(old_site(name)))
    assert result.code == 0, result.err
    for relative in IMPORTED[name]:
        assert (project / "content" / relative).is_file(), relative
    check = run(project, "check")
    assert check.code == 0, check.err


@pytest.mark.parametrize(("name", "generator"), [("jekyll", "Jekyll"), ("hugo", "Hugo"),
                                                 ("mkdocs", "MkDocs")])
def test_import_says_which_kind_of_site_it_recognised(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path],
        name: str, generator: str) -> None:
    result = run(project, "import", str(old_site(name)), "--dry-run")
    assert result.out.startswith(f"Importing the {generator} site in ")


def test_posts_events_and_pages_go_to_their_folders_and_posts_are_drafts(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    out = flat(run(project, "import", str(old_site("jekyll"))).out)
    assert "became content/nl/blog/posts/buurtcafe-geopend.md: a news post, written as a " \
           "draft." in out
    assert "became content/nl/agenda/inloopochtend-formulieren.md: an event" in out
    assert "became content/nl/wijkfonds.md: a page" in out
    for post in ("buurtcafe-geopend", "vrijwilligers-gezocht", "zomerfeest-plannen"):
        assert "\ndraft: true\n" in text(project, f"nl/blog/posts/{post}.md")


def test_jekyll_settings_become_ours(project: Path, run: Callable[..., Result],
                                     old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("jekyll")))
    post = text(project, "nl/blog/posts/buurtcafe-geopend.md")
    assert "title: Het buurtcafé is open!\n" in post
    assert "description: Elke woensdag staat de koffie klaar in het buurthuis.\n" in post
    assert "date: 2024-03-05 14:30\n" in post  # +0100 in winter is Dutch time
    assert "authors: [anouk-de-vries]\n" in post  # `anouk` in _data/authors.yml: Anouk de Vries
    assert "categories: [Nieuws, Buurt]\n" in post  # a string of words in Jekyll
    assert "image:\n  src: ../../../shared/images/buurtcafe.png\n  alt: Een lange tafel" in post
    for old_setting in ("layout:", "redirect_from:", "comments:", "header:", "excerpt:"):
        assert old_setting not in post
    tags = text(project, "nl/blog/posts/vrijwilligers-gezocht.md")
    assert "tags: [vrijwilligers, voedselbank]\n" in tags
    page = text(project, "nl/wijkfonds.md")
    assert "order:" not in page  # the old menu's numbers mean nothing among ours


def test_jekyll_liquid_becomes_markdown(project: Path, run: Callable[..., Result],
                                        old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("jekyll")))
    post = text(project, "nl/blog/posts/buurtcafe-geopend.md")
    assert "{%" not in post and "{{" not in post
    assert "[waarom we vrijwilligers zoeken](vrijwilligers-gezocht.md)" in post  # post_url
    assert "[wat het wijkfonds doet](../../wijkfonds.md)" in post  # link
    assert ("![Twee mensen drinken koffie aan een tafel.](../../../shared/images/koffie.png)\n\n"
            "*De eerste bezoekers aan tafel.*") in post  # include figure
    assert "\n<https://www.youtube.com/watch?v=dQw4w9WgXcQ>\n" in post  # include video
    assert "[het jaarverslag 2023 (pdf)](../../../shared/downloads/jaarverslag-2023.pdf)" in post
    assert "mail info@buurtkracht-oost.example." in post  # {{ site.email }}


def test_hugo_settings_and_shortcodes_become_ours(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("hugo")))
    post = text(project, "nl/blog/posts/taalcafe.md")  # a page bundle, with TOML settings
    assert "date: 2024-09-02 10:00\n" in post
    assert "authors: [samira-el-amrani]\n" in post  # by name
    assert "slug: taalcafe\n" in post
    assert "description: Elke dinsdag oefenen buren" in post  # summary
    assert "image:\n  src: ../../../shared/images/cover.png\n  alt: Mensen rond een tafel" in post
    assert "{{<" not in post
    assert "![Een groep buren lacht om een grap.](../../../shared/images/groep.png)" in post
    assert "[Sfeerimpressie van het taalcafé](https://www.youtube.com/watch?v=a1b2c3d4e5f)" in post
    assert "!!! tip\n    Neem gerust iemand mee." in post
    assert "[spreekuur Wmo](spreekuur-wmo.md)" in post  # ref
    assert "[ons team](../../over/team.md)" in post  # relref
    assert "Bel ons op 033 000 99 88." in post  # param
    wmo = text(project, "nl/blog/posts/spreekuur-wmo.md")
    assert "date: 2024-10-01 11:00\n" in wmo  # 09:00Z is 11:00 Dutch summer time
    assert "[kaart van ons werkgebied](../../over/index.md#werkgebied)" in wmo


def test_the_hugo_report_names_old_addresses_and_a_picture_it_could_not_find(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    out = flat(run(project, "import", str(old_site("hugo"))).out)
    assert "The old site had this page at /2024/taalcafe/" in out  # aliases
    line = line_with(project, "nl/over/team.md", "Meer over")  # it stood below this line
    assert (f"line {line}: The picture `/images/teamfoto.png` was not found in the old "
            "site's folder, so it is left out. Add it again if you have it.") in out
    assert "teamfoto" not in text(project, "nl/over/team.md")
    assert "is now a Markdown picture" not in out  # said only where the picture came along


@pytest.mark.parametrize(("name", "event", "settings"), [
    ("hugo", "buurtmaaltijd", ["start: 2026-12-12 17:30", "end: 2026-12-12 20:00",
                               "location: Wijkcentrum Het Anker, Kerkplein 2, Amersfoort",
                               "signup: https://wijkteam-oost.example/aanmelden/maaltijd"]),
    ("jekyll", "inloopochtend-formulieren", [
        "start: 2026-12-09 10:00", "end: 2026-12-09 12:00",
        "location: Buurthuis De Schakel, Dorpsstraat 4, Amersfoort",
        "signup: mailto:aanmelden@buurtkracht-oost.example"]),
])
def test_event_fields_of_the_old_site_become_our_event(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path], name: str,
        event: str, settings: list[str]) -> None:
    run(project, "import", str(old_site(name)))
    written = text(project, f"nl/agenda/{event}.md")
    for setting in settings:
        assert f"\n{setting}\n" in written


def test_an_embedded_video_becomes_the_sites_own_player(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    out = flat(run(project, "import", str(old_site("hugo"))).out)
    (video,) = video_lines(text(project, "nl/blog/posts/taalcafe.md"))
    assert video.title == "Sfeerimpressie van het taalcafé"
    assert video.video.host == "YouTube"
    assert "now the site's own player, which loads nothing from YouTube until the visitor " \
           "presses play" in out


def test_mkdocs_heading_becomes_the_title_and_material_dates_are_read(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("mkdocs")))
    page = text(project, "nl/aanpak.md")
    assert page.startswith("---\ntitle: Onze aanpak\n")
    assert "\nicon: material/handshake-outline\n" in page  # Material's icon, kept
    assert "# Onze aanpak" not in page
    assert "![Schema van de aanpak in drie stappen](../shared/images/schema.png)" in page
    post = text(project, "nl/blog/posts/eerste-stappen.md")
    # Material's date: {created, updated}, the update kept (it used to be left out).
    assert "date:\n  created: 2024-01-10\n  updated: 2024-02-01\n" in post
    assert "authors: [anouk-de-vries]\n" in post  # `anouk` in the blog's .authors.yml
    assert "[onze aanpak](../../aanpak.md#de-eerste-stap)" in post


@pytest.mark.parametrize(("lastmod", "date"), [
    ("2024-03-01T16:45:00+01:00", "date:\n  created: 2024-02-01\n  updated: 2024-03-01 16:45\n"),
    ("2024-02-01", "date: 2024-02-01\n"),  # not changed after it was written
])
def test_a_hugo_lastmod_becomes_the_posts_updated_date(
        project: Path, run: Callable[..., Result], tmp_path: Path, lastmod: str,
        date: str) -> None:
    write(tmp_path / "oud/hugo.toml",
          'baseURL = "https://oud.example/"\ndefaultContentLanguage = "nl"\n')
    write(tmp_path / "oud/content/posts/bericht.md", "---\ntitle: Een bericht\ndate: 2024-02-01\n"
          f"lastmod: {lastmod}\nauthor: Anouk de Vries\n---\n\nTekst.\n")
    result = run(project, "import", str(tmp_path / "oud"))
    assert result.code == 0, result.err
    assert date in text(project, "nl/blog/posts/bericht.md")
    assert run(project, "check").code == 0


def test_the_report_names_what_needs_a_person_at_the_line_of_the_new_file(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    out = flat(run(project, "import", str(old_site("jekyll"))).out)
    post = "nl/blog/posts/buurtcafe-geopend.md"
    assert "What you need to do:" in out
    contact = line_with(project, post, "Kijk op de contactpagina")
    assert (f"line {contact}: The link “contactpagina” led to `/contact/` on the old site, "
            "which is not among the imported pages; it is now plain text.") in out
    assert "plattegrond.png` was not found in the old site's folder, so it is left out" in out
    assert "Its author Piet Jansen is not in content/people.yml." in out
    assert "/vrijwilligers/. Those addresses stop working after the move" in out
    form = "{% include aanmeldformulier.html %}"
    assert f"`{form}` put a piece of the old site's design here" in out
    assert "Not imported: content/nl/over-ons.md already exists and is different." in out
    assert "1 new page at the top of content/nl/ will be in the site's menu once published" in out
    assert ("The link “wie wij zijn” leads to content/nl/over-ons.md, which was there before the "
            "import (the old page did not replace it): check that it is the right page.") in out
    assert re.search(r"index\.md: it is an overview that the old site filled in by itself", out)
    assert re.search(r"\d+ things need you", out)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_every_line_the_report_names_is_the_line_of_that_link_in_the_new_file(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path],
        name: str) -> None:
    out = run(project, "import", str(old_site(name))).out
    checked = 0
    for section in out.split("\n\n"):
        became = re.search(r"became content/(\S+): ", section)
        if not became:
            continue
        lines = text(project, became.group(1)).split("\n")
        notes = flat(section)
        # What stands on the named line: the link's text, the picture, the value filled in.
        for pattern in (r"line (\d+): The link “([^”]+)”",
                        r"line (\d+): The picture (\S+) is copied",
                        r"line (\d+): `[^`]+` is replaced by what it showed: (.+?)\.(?=\s|$)"):
            for number, expected in re.findall(pattern, notes):
                assert expected in lines[int(number) - 1], (became.group(1), number, expected)
                checked += 1
    assert checked


def test_an_unknown_author_is_marked_in_the_file_and_still_passes_check(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("jekyll")))
    post = text(project, "nl/blog/posts/vrijwilligers-gezocht.md")
    assert "# Nakijken: Op de oude site was Piet Jansen de auteur: zie het verslag van de " \
        "import." in post
    assert run(project, "check").code == 0


def test_an_imported_file_cannot_be_published_while_a_note_to_check_is_in_it(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    """The unknown author became a placeholder (someone from people.yml), so the draft passes
    the check; removing `draft: true` must not publish that placeholder unnoticed."""
    run(project, "import", str(old_site("jekyll")))
    relative = "nl/blog/posts/vrijwilligers-gezocht.md"
    publish(project, relative)
    line = line_with(project, relative, "# Nakijken: Op de oude site was Piet Jansen")
    checked = run(project, "check")
    assert checked.code == 1
    assert (f"content/{relative}:{line}: error: the import left a note here for a person to "
            "check: \"Nakijken: Op de oude site was Piet Jansen de auteur") in flat(checked.err)
    assert "Do what it says, then delete that line" in flat(checked.err)
    path = project / "content" / relative
    path.write_text(path.read_text("utf-8").replace(
        text(project, relative).split("\n")[line - 1] + "\n", ""), "utf-8")
    # (It still links to drafts of the same import: those are reported as ever.)
    assert "the import left a note" not in run(project, "check").err


def test_a_picture_cannot_be_published_with_the_description_the_import_wrote(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("hugo")))
    relative = "nl/blog/posts/spreekuur-wmo.md"
    path = project / "content" / relative
    # The writer shows the picture (the three lines without `# `) and publishes the post.
    path.write_text(path.read_text("utf-8").replace("# image:", "image:").replace(
        "#   src:", "  src:").replace("#   alt:", "  alt:"), "utf-8")
    publish(project, relative)
    checked = run(project, "check")
    assert checked.code == 1
    assert "the picture's description is still the example the import wrote" in flat(
        checked.err)


def test_a_picture_without_a_description_is_copied_but_not_shown(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    out = flat(run(project, "import", str(old_site("hugo"))).out)
    post = text(project, "nl/blog/posts/spreekuur-wmo.md")
    assert "![](" not in post
    # The picture waits, commented out, for its description.
    assert "# image:\n#   src: ../../../shared/images/wijkkaart.png\n" in post
    assert (project / "content/shared/images/wijkkaart.png").is_file()
    assert "The picture wijkkaart.png has no description, so it is left out" in out


def test_links_between_imported_drafts_are_kept(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    run(project, "import", str(old_site("mkdocs")))
    page = text(project, "nl/aanpak.md")
    assert "[onze eerste ervaringen](blog/posts/eerste-stappen.md)" in page


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_every_imported_file_is_a_draft(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path],
        name: str) -> None:
    out = flat(run(project, "import", str(old_site(name))).out)
    written = re.findall(r"became content/(\S+): an? [a-z ]+?, written as a draft\.", out)
    assert len(written) == len(re.findall(r"became content/", out)) > 0
    for relative in written:
        assert "\ndraft: true\n" in text(project, relative), relative
    assert "files are drafts: the preview (site-builder serve) shows them" in out


def _mkdocs_site_with_a_home(tmp_path: Path, home_settings: str = "") -> Path:
    write(tmp_path / "oud/mkdocs.yml", "site_name: Old\n")
    write(tmp_path / "oud/docs/index.md", f"{home_settings}# Welcome\n\nRead [how we work]"
          "(approach.md).\n")
    write(tmp_path / "oud/docs/approach.md", "# How we work\n\nWe listen first.\n")
    return tmp_path / "oud"


def test_a_missing_home_page_comes_in_published_because_a_home_cannot_be_a_draft(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    (project / "content/en/index.md").unlink()
    result = run(project, "import", str(_mkdocs_site_with_a_home(tmp_path)), "--lang", "en")
    assert result.code == 0, result.err
    home = text(project, "en/index.md")
    assert home.startswith("---\ntitle: Welcome\n") and "draft:" not in home
    assert "\ndraft: true\n" in text(project, "en/approach.md")
    # The published home may not link to a draft: the link waits as plain text.
    assert "Read how we work." in home
    out = flat(result.out)
    assert "became content/en/index.md: a page." in out
    assert "which is a draft (put the link back once that page is published)" in out
    assert "The new home page content/en/index.md is not a draft (a home page cannot be one)" in out
    assert run(project, "check").code == 0


def test_a_home_page_the_old_site_did_not_show_is_not_imported(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    (project / "content/en/index.md").unlink()
    old = _mkdocs_site_with_a_home(tmp_path, "---\ndraft: true\n---\n\n")
    result = run(project, "import", str(old), "--lang", "en")
    assert result.code == 0, result.err
    assert not (project / "content/en/index.md").exists()
    assert "docs/index.md: the old site did not show it (a draft, or past its end date), and " \
           "here it would be the home page, which cannot be a draft" in flat(result.out)


def test_a_second_import_of_the_same_folder_overwrites_nothing(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    folder = old_site("hugo")
    assert run(project, "import", str(folder)).code == 0
    before = snapshot(project / "content")
    again = run(project, "import", str(folder))
    assert again.code == 0, again.err
    assert snapshot(project / "content") == before
    assert "is already there, the same as this import would write it: left as it is." in flat(
        again.out)
    assert "Wrote 0 new files and copied no pictures. 5 files were already there." in flat(
        again.out)
    assert run(project, "check").code == 0


def test_import_never_overwrites_an_existing_page(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    home = (project / "content/nl/index.md").read_bytes()
    out = flat(run(project, "import", str(old_site("mkdocs"))).out)
    assert (project / "content/nl/index.md").read_bytes() == home
    assert "Not imported: content/nl/index.md already exists and is different." in out


def test_a_dry_run_reports_and_writes_nothing(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    before = snapshot(project / "content")
    result = run(project, "import", str(old_site("jekyll")), "--dry-run")
    assert result.code == 0
    assert "(a trial run: nothing is written)" in flat(result.out)
    assert "Would write 5 new files" in flat(result.out)
    assert snapshot(project / "content") == before


def test_import_with_lang_en_takes_the_english_files_into_the_english_folders(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    result = run(project, "import", str(old_site("hugo")), "--lang", "en")
    assert result.code == 0, result.err
    post = text(project, "en/blog/posts/spreekuur-wmo.md")
    assert "title: Drop-in hour about the Wmo\n" in post
    assert not (project / "content/nl/blog/posts/spreekuur-wmo.md").exists()
    assert "taalcafe-van-start/index.md: it is in another language ('nl')" in flat(result.out)
    assert run(project, "check").code == 0


def test_the_comments_in_an_imported_file_are_in_the_files_language(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    assert run(project, "import", str(old_site("jekyll"))).code == 0
    dutch = text(project, "nl/blog/posts/buurtcafe-geopend.md")
    assert "# Overgenomen van de oude site: haal de regel `draft: true` weg" in dutch
    assert "Imported from the old site" not in dutch
    assert run(project, "import", str(old_site("hugo")), "--lang", "en").code == 0
    english = text(project, "en/blog/posts/spreekuur-wmo.md")
    assert "# Imported from the old site: remove the line `draft: true`" in english


def publish(project: Path, relative: str) -> None:
    """What a writer does after looking an imported file over: remove its draft line."""
    path = project / "content" / relative
    kept = [line for line in path.read_text(encoding="utf-8").split("\n")
            if not line.startswith(("draft: true", "# Imported from the old site: remove",
                                    "# Overgenomen van de oude site: haal"))]
    path.write_text("\n".join(kept), encoding="utf-8")


def test_all_three_imports_build_and_what_is_published_by_hand_is_on_the_site(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    for name in ("jekyll", "hugo", "mkdocs"):
        assert run(project, "import", str(old_site(name))).code == 0
    publish(project, "nl/agenda/buurtmaaltijd.md")
    publish(project, "nl/over/index.md")
    built = run(project, "build")
    assert built.code == 0, built.err
    site = project / "site"
    assert "Buurtmaaltijd in het wijkcentrum" in (site / "agenda/index.html").read_text("utf-8")
    assert "Ons werkgebied" in (site / "over/index.html").read_text("utf-8")
    assert (site / "shared/images/wijkkaart.png").is_file()
    assert "Taalcafé" not in (site / "blog/index.html").read_text("utf-8")  # still a draft
    assert not (site / "blog/2024/09/02/taalcafe").exists()


# -- wrong input: exit 1, the file and the line, nothing written -----------------------------

def _file(tmp_path: Path) -> Path:
    return write(tmp_path / "notes.md", "# Losse aantekeningen\n")


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "bestaat-niet"


def _no_markdown(tmp_path: Path) -> Path:
    write(tmp_path / "old/notes.txt", "Alleen tekst, geen Markdown.\n")
    return tmp_path / "old"


def _unknown_kind(tmp_path: Path) -> Path:
    write(tmp_path / "old/pagina.md", "# Een pagina\n\nZonder instellingen of configuratie.\n")
    return tmp_path / "old"


@pytest.mark.parametrize(("make", "message"), [
    (_file, "this is a file, not a folder"),
    (_missing, "this folder does not exist"),
    (_no_markdown, "there are no Markdown files (.md) in this folder"),
    (_unknown_kind, "cannot tell which kind of site this is"),
])
def test_a_folder_that_is_not_an_old_site_is_a_clear_error(
        project: Path, run: Callable[..., Result], tmp_path: Path,
        make: Callable[[Path], Path], message: str) -> None:
    folder = make(tmp_path)
    before = snapshot(project / "content")
    result = run(project, "import", str(folder))
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err
    assert snapshot(project / "content") == before


def test_an_unknown_kind_of_site_can_be_named_with_from(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    folder = _unknown_kind(tmp_path)
    result = run(project, "import", str(folder), "--from", "mkdocs")
    assert result.code == 0, result.err
    assert text(project, "nl/pagina.md").startswith("---\ntitle: Een pagina\n")


@pytest.mark.parametrize(("name", "relative", "old", "new", "line", "message"), [
    ("jekyll", "_posts/2024-05-12-vrijwilligers-gezocht.md", "tags: \"vrijwilligers voedselbank\"",
     "tags: [vrijwilligers, voedselbank", 6, "is not valid YAML"),
    ("hugo", "content/events/buurtmaaltijd.md", 'location = "Wijkcentrum',
     'location = Wijkcentrum', 6, "not valid TOML"),
    ("mkdocs", "docs/aanpak.md", "hide:\n  - toc\n", "hide:\n  - toc\n", None,
     "settings block that starts with `---` on line 1 is never closed"),
])
def test_broken_settings_in_the_old_site_are_an_error_with_file_and_line(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path], name: str,
        relative: str, old: str, new: str, line: int | None, message: str) -> None:
    folder = old_site(name)
    path = folder / relative
    broken = path.read_text(encoding="utf-8").replace(old, new, 1)
    if line is None:  # the closing `---` taken away
        broken = broken.replace("\n---\n", "\n", 1)
        line = 1
    path.write_text(broken, encoding="utf-8")
    before = snapshot(project / "content")
    result = run(project, "import", str(folder))
    assert result.code == 1
    assert f"{relative}:{line}: error: " in result.err
    assert message in result.err
    assert "nothing was written" in result.err
    assert snapshot(project / "content") == before


def test_an_import_that_would_not_pass_check_writes_nothing(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    # Our own page at wijkfonds/ would share its web address with the imported wijkfonds.md.
    write(project / "content/nl/wijkfonds/index.md", "---\ntitle: Ons wijkfonds\n---\n\nTekst.\n")
    before = snapshot(project / "content")
    result = run(project, "import", str(old_site("jekyll")))
    assert result.code == 1
    assert "content/nl/wijkfonds.md:1: error: this page would have the same web address" in (
        result.err) or "same web address (/wijkfonds/)" in result.err
    assert "This is the import of" in result.err
    assert snapshot(project / "content") == before


def test_a_setting_the_check_refuses_is_left_out_and_reported(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    write(tmp_path / "oud/mkdocs.yml", "site_name: Oud\n")
    write(tmp_path / "oud/docs/werkwijze.md",
          "---\nicon: material/bestaat-helemaal-niet\n---\n\n# Werkwijze\n\nZo werken we.\n")
    result = run(project, "import", str(tmp_path / "oud"))
    assert result.code == 0, result.err
    assert "icon:" not in text(project, "nl/werkwijze.md")
    assert ("Its setting `icon: material/bestaat-helemaal-niet` is left out: there is no icon "
            "'material/bestaat-helemaal-niet'.") in flat(result.out)
    assert run(project, "check").code == 0


def test_materials_post_links_are_kept_and_a_template_this_site_lacks_is_reported(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    write(tmp_path / "oud/mkdocs.yml", "site_name: Oud\nplugins:\n  - blog\n")
    write(tmp_path / "oud/docs/werkwijze.md",
          "---\ntemplate: landing.html\n---\n\n# Werkwijze\n\nZo werken we.\n")
    write(tmp_path / "oud/docs/blog/posts/bericht.md",
          "---\ndate: 2024-05-01\nauthors: [anouk]\nlinks:\n  - werkwijze.md\n"
          "  - Elders: https://elders.example/\n---\n\n# Een bericht\n\nTekst.\n")
    result = run(project, "import", str(tmp_path / "oud"))
    assert result.code == 0, result.err
    post = text(project, "nl/blog/posts/bericht.md")
    assert "\nlinks:\n- werkwijze.md\n- Elders: https://elders.example/\n" in post
    assert "template:" not in text(project, "nl/werkwijze.md")
    assert "Its setting `template: landing.html` is left out: the template 'landing.html' does " \
           "not exist." in flat(result.out)
    assert run(project, "check").code == 0


def test_a_file_in_the_way_is_an_error_and_nothing_is_written(
        project: Path, run: Callable[..., Result], old_site: Callable[[str], Path]) -> None:
    write(project / "content/shared/downloads", "Een bestand waar de import een map nodig heeft.\n")
    before = snapshot(project / "content")
    result = run(project, "import", str(old_site("jekyll")))
    assert result.code == 1
    assert "content/shared/downloads/jaarverslag-2023.pdf: error: the import cannot write" in (
        result.err)
    assert "Traceback" not in result.err
    assert snapshot(project / "content") == before


def test_a_write_that_fails_halfway_takes_back_what_it_wrote(
        project: Path, old_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    config = load_config(project / "mkdocs.yml")
    plan = plan_import(config, old_site("jekyll"), "nl", SAMPLE_NOW)
    # Someone saves a file where the import is about to write its last one.
    last = project / "content" / plan.to_write[-1].target.output
    write(last, "Van iemand anders.\n")
    before = snapshot(project / "content")
    folders = sorted(p for p in (project / "content").rglob("*") if p.is_dir())
    with pytest.raises(ContentError, match="appeared while the import ran"):
        write_plan(config.content_dir, plan)
    assert snapshot(project / "content") == before
    assert sorted(p for p in (project / "content").rglob("*") if p.is_dir()) == folders
    assert last.read_text(encoding="utf-8") == "Van iemand anders.\n"


# -- the pure parts ---------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "normal"), [
    ("/over-ons/", "over-ons"),
    ("/Over-Ons/index.html", "over-ons"),
    ("over-ons.html", "over-ons"),
    ("/nieuws/2024/03/buurtcafe/#wie", "nieuws/2024/03/buurtcafe"),
    ("/caf%C3%A9/", "café"),
    ("/", ""),
])
def test_old_addresses_are_compared_in_one_form(written: str, normal: str) -> None:
    assert normalise(written) == normal


def test_an_address_under_the_old_sites_base_path_is_found() -> None:
    assert normalise("/blog/over-ons/", "/blog") == "over-ons"


@pytest.mark.parametrize(("written", "ours"), [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05 14:30:00 +0100", "2024-03-05 14:30"),
    ("2024-09-02T10:00:00+02:00", "2024-09-02 10:00"),
    ("2024-10-01T09:00:00Z", "2024-10-01 11:00"),
    ("2024-12-01T09:00:00Z", "2024-12-01 10:00"),
    ("2024-03-05 14:30", "2024-03-05 14:30"),
])
def test_old_dates_are_written_in_dutch_time(written: str, ours: str) -> None:
    when = parse_when(written)
    assert when is not None and when.written == ours


def test_text_that_is_no_date_is_not_a_date() -> None:
    assert parse_when("binnenkort") is None
