"""Partner feeds in mkdocs.yml: read, checked with clear errors, and accepted by MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from site_builder.config import load_config
from site_builder.mkdocs_plugin import SiteBuilderConfig

from .conftest import REPO
from .feed_server import set_feeds

GOOD = {"name": "Partner", "url": "https://partner.example/feed.xml"}


def test_shipped_feeds_are_fictional_partners_on_example_hosts() -> None:
    feeds = load_config(REPO / "mkdocs.yml").settings.feeds
    assert 2 <= len(feeds) <= 3
    assert all(urlsplit(feed.url).hostname.endswith(".example") for feed in feeds)


def test_feed_settings_are_read_with_their_defaults(project: Path) -> None:
    set_feeds(project, [GOOD, {**GOOD, "name": "Dutch", "lang": "nl", "limit": 3}], 2.5)
    config = load_config(project / "mkdocs.yml")
    first, second = config.settings.feeds
    assert (first.name, first.url, first.lang, first.limit) == (
        "Partner", "https://partner.example/feed.xml", None, 10)
    assert (second.lang, second.limit) == ("nl", 3)
    assert config.settings.feeds_timeout == 2.5
    assert config.feeds_cache_dir == (project / ".cache/feeds").resolve()


@pytest.mark.parametrize("feeds, message", [
    ([{**GOOD, "url": "ftp://partner.example/feed"}],
     "setting `feeds.0.url`: url must be a full web address starting with http:// or "
     "https://; found 'ftp://partner.example/feed'."),
    ([{**GOOD, "url": "partner.example/feed"}], "url must be a full web address"),
    ([{**GOOD, "lang": "fr"}],
     "setting `feeds.0.lang`: lang must be one of ['en', 'nl'] (or left out for every "
     "language); found 'fr'."),
    ([{**GOOD, "limit": 0}], "setting `feeds.0.limit`: Input should be greater than or "
     "equal to 1."),
    ([{"url": GOOD["url"]}], "setting `feeds.0.name`: Field required."),
    ([{**GOOD, "name": "  "}], "name must not be empty"),
    ([{**GOOD, "limt": 3}], "unknown feed setting `limt`. Did you mean `limit`?"),
    ([GOOD["url"]], "each feed needs a name and a url"),
    ([GOOD, {**GOOD, "url": "https://other.example/"}],
     "settings: feeds: each feed needs its own name; used twice: ['Partner']."),
    ("yes", "setting `feeds`: feeds must be a list"),
])
def test_a_wrong_feed_setting_stops_refresh_with_a_clear_error(
        project: Path, run, feeds: Any, message: str) -> None:
    set_feeds(project, feeds)
    result = run(project, "feeds", "refresh")
    assert result.code == 1
    assert "mkdocs.yml: error: site_builder " in result.err
    assert message in result.err


def test_a_feed_language_the_site_does_not_have_is_an_error(project: Path, run) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "languages: [nl, en]", "languages: [nl]"), encoding="utf-8")
    set_feeds(project, [{**GOOD, "lang": "en"}])
    result = run(project, "check")
    assert result.code == 1
    assert "'Partner' has lang 'en', which is not one of this site's languages" in result.err


def test_a_zero_timeout_is_an_error(project: Path, run) -> None:
    set_feeds(project, [GOOD], timeout=0)
    result = run(project, "feeds", "refresh")
    assert result.code == 1
    assert "setting `feeds_timeout`: Input should be greater than 0." in result.err


def test_mkdocs_accepts_the_feed_settings() -> None:
    # The site builds run MkDocs with the site_builder section as it is in mkdocs.yml.
    section = SiteBuilderConfig()
    section.load_dict({"feeds": [GOOD, {**GOOD, "lang": "en", "limit": 2}],
                       "feeds_cache_dir": ".cache/feeds", "feeds_timeout": 5})
    errors, warnings = section.validate()
    assert (errors, warnings) == ([], [])
