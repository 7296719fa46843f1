"""Pages load cleanly in Chromium: no console errors, no failed requests, nothing wider than
a 320-px screen, for every kind of page in both languages; the language switch and the way
home from the "not found" page lead to pages that load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import Browser, serve_folder
from .conftest import write
from .site_pages import AUDITED_PAGES, MISSING_PAGE, AuditedPage

SMALLEST_PHONE = 320  # CSS pixels: the narrowest screen WCAG 1.4.10 (reflow) asks for


@pytest.mark.parametrize("page", AUDITED_PAGES, ids=lambda page: page.id)
def test_page_loads_without_console_errors_or_failed_requests(
        browser: Browser, sample_server: str, page: AuditedPage) -> None:
    visit = browser.visit(sample_server + page.path, audit=False, settle=True)
    assert visit.status == page.status, f"{page.path} answered {visit.status}"
    assert visit.console_errors == []
    assert visit.failed_requests == []


@pytest.mark.parametrize("page", AUDITED_PAGES, ids=lambda page: page.id)
def test_page_fits_a_320_px_screen(browser: Browser, sample_server: str,
                                   page: AuditedPage) -> None:
    visit = browser.visit(sample_server + page.path, audit=False, width=SMALLEST_PHONE)
    assert visit.status == page.status, f"{page.path} answered {visit.status}"
    assert visit.scroll_width <= SMALLEST_PHONE


@pytest.mark.parametrize("start, language, arrival", [
    ("diensten/ervaringsdeskundige-ondersteuning/", "en", "en/services/peer-support/"),
    ("en/services/peer-support/", "nl", "diensten/ervaringsdeskundige-ondersteuning/"),
    ("blog/page/2/", "en", "en/"),
], ids=["to-english", "to-dutch", "without-counterpart"])
def test_language_switch_leads_to_a_page_that_loads_cleanly(
        browser: Browser, sample_server: str, start: str, language: str, arrival: str) -> None:
    visit = browser.visit(sample_server + start, audit=False,
                          follow=f'a.md-select__link[hreflang="{language}"]')
    assert (visit.status, visit.url) == (200, sample_server + arrival)
    assert visit.console_errors == []
    assert visit.failed_requests == []


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_not_found_page_leads_home_from_any_depth(browser: Browser, sample_server: str,
                                                  prefix: str) -> None:
    missing = browser.visit(sample_server + prefix + MISSING_PAGE, audit=False, settle=True)
    assert missing.status == 404 and missing.failed_requests == []
    visit = browser.visit(sample_server + prefix + MISSING_PAGE, audit=False,
                          follow=".sb-notfound__actions a")
    assert (visit.status, visit.url) == (200, sample_server + prefix)
    assert visit.console_errors == [] and visit.failed_requests == []


def test_material_fetches_a_sitemap_next_to_every_alternate_link(browser: Browser,
                                                                 sample_site: Path,
                                                                 tmp_path: Path) -> None:
    # Why the translations are in the sitemaps and not in the head: with page-level hreflang
    # links, Material's JavaScript asks for <page>/sitemap.xml, which does not exist, and
    # from a local preview it asks the production host.
    os.symlink(sample_site / "assets", tmp_path / "assets")
    html = (sample_site / "diensten" / "index.html").read_text("utf-8")
    links = ('<link rel="alternate" hreflang="nl" href="./">'
             '<link rel="alternate" hreflang="en" href="https://www.zelfwijs.example/en/services/">')
    write(tmp_path / "diensten" / "index.html", html.replace("</head>", links + "</head>", 1))
    with serve_folder(tmp_path) as base_url:
        visit = browser.visit(base_url + "diensten/", audit=False, settle=True)
    assert "https://www.zelfwijs.example/en/services/sitemap.xml" in visit.other_hosts
    assert f"{base_url}diensten/sitemap.xml (404)" in visit.failed_requests


def test_load_gate_sees_a_console_error_a_failed_request_and_a_page_too_wide(
        browser: Browser, tmp_path: Path) -> None:
    write(tmp_path / "index.html", '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
          '<meta name="viewport" content="width=device-width,initial-scale=1">'
          '<title>Proef</title></head><body><main><h1>Proef</h1>'
          '<img src="ontbreekt.png" alt="Weg" width="10" height="10">'
          '<div style="width: 500px">Breed</div>'
          '<script>console.error("kapot")</script></main></body></html>')
    with serve_folder(tmp_path) as base_url:
        visit = browser.visit(base_url, audit=False, settle=True, width=SMALLEST_PHONE)
    assert visit.failed_requests == [f"{base_url}ontbreekt.png (404)"]
    assert any("kapot" in error for error in visit.console_errors)
    assert visit.scroll_width >= 500
