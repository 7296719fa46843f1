"""The email on a phone: a long name, word or address never makes it wider than the screen."""

from __future__ import annotations

from pathlib import Path

from site_builder.config import load_config
from site_builder.newsletter.build import prepare_issue
from site_builder.newsletter.message import Recipient

from .browser import DESKTOP_WIDTH, Browser, serve_folder
from .conftest import SAMPLE_NOW, write

PHONE = 390  # an iPhone's screen, in CSS pixels
# A hundred letters: the longest name a subscriber can have (subscribers/names.py).
LONG_NAME = ("Wolfeschlegelsteinhausenbergerdorff" * 3)[:100]
LONG_WORD = "Participatiewetuitvoeringsbesluitwijzigingsvoorstelbehandelingscommissie"
LONG_ADDRESS = "https://www.zelfwijs.example/" + "onderwerpen-" * 12 + "eigen-regie/"


def test_a_long_name_word_and_address_stay_inside_a_phone_screen(
        project: Path, browser: Browser) -> None:
    issue = write(project / "newsletters/lang.md",
                  "---\nsubject: " + LONG_WORD + "\naudience: external\nlang: nl\n"
                  "date: 2026-11-21\npreheader: Lange woorden\n---\n"
                  f"Over de {LONG_WORD} lees je meer op <{LONG_ADDRESS}>.\n\n"
                  f"- {LONG_WORD}\n")
    built = prepare_issue(load_config(project / "mkdocs.yml"), issue, SAMPLE_NOW)
    _text, html = built.message.bodies(Recipient("lezer@zelfwijs.nl", LONG_NAME))
    assert LONG_NAME in html and LONG_WORD in html and LONG_ADDRESS in html
    folder = write(project / "out/email.html", html).parent
    with serve_folder(folder) as base:
        for width in (PHONE, DESKTOP_WIDTH):
            visit = browser.visit(base + "email.html", audit=False, width=width)
            assert visit.status == 200
            assert visit.scroll_width <= width, (width, visit.scroll_width)
