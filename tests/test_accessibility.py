"""The accessibility gate: every kind of page, in both languages, on a desktop and on a phone,
passes axe-core's WCAG 2.1 A and AA rules in the system Chromium, with zero violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import PHONE_WIDTH, Browser, serve_folder
from .conftest import write
from .site_pages import AUDITED_PAGES, AuditedPage


@pytest.mark.parametrize("page", AUDITED_PAGES, ids=lambda page: page.id)
def test_page_has_no_wcag_21_aa_violations(browser: Browser, sample_server: str,
                                            page: AuditedPage) -> None:
    visit = browser.visit(sample_server + page.path)
    assert visit.status == page.status, f"{page.path} answered {visit.status}"
    assert visit.violations == [], visit.violation_report()


@pytest.mark.parametrize("page", AUDITED_PAGES, ids=lambda page: page.id)
def test_page_on_a_phone_has_no_wcag_21_aa_violations(browser: Browser, sample_server: str,
                                                       page: AuditedPage) -> None:
    visit = browser.visit(sample_server + page.path, width=PHONE_WIDTH)
    assert visit.status == page.status, f"{page.path} answered {visit.status}"
    assert visit.violations == [], visit.violation_report()


def test_a_table_too_wide_for_a_phone_can_be_reached_with_the_keyboard(
        browser: Browser, sample_server: str) -> None:
    # The training table scrolls sideways at phone width; site-builder.js makes its box
    # focusable, without which axe reports scrollable-region-focusable.
    visit = browser.visit(sample_server + "diensten/training-en-scholing/", width=PHONE_WIDTH)
    assert visit.status == 200
    assert visit.violations == [], visit.violation_report()


def test_gate_fails_on_an_image_without_alt_text(browser: Browser, tmp_path: Path) -> None:
    write(tmp_path / "index.html", '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
          "<title>Proef</title></head><body><main><h1>Proef</h1>"
          '<img src="foto.png" width="10" height="10"></main></body></html>')
    with serve_folder(tmp_path) as base_url:
        visit = browser.visit(base_url)
    assert [v["id"] for v in visit.violations] == ["image-alt"]
    assert "image-alt" in visit.violation_report()


def test_gate_fails_on_a_skipped_heading_level_and_landmarks_with_one_name(
        browser: Browser, tmp_path: Path) -> None:
    write(tmp_path / "index.html", '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
          "<title>Proef</title></head><body>"
          '<nav aria-label="Menu"><a href="a/">A</a></nav>'
          '<nav aria-label="Menu"><a href="b/">B</a></nav>'
          "<main><h1>Proef</h1><h3>Te diep</h3></main></body></html>")
    with serve_folder(tmp_path) as base_url:
        visit = browser.visit(base_url)
    assert sorted(v["id"] for v in visit.violations) == ["heading-order", "landmark-unique"]
