"""Which content an issue features when the writer names no items."""

from __future__ import annotations

from pathlib import Path

from site_builder.config import load_config
from site_builder.loader import load_content
from site_builder.newsletter.issue import Issue, IssueMeta
from site_builder.newsletter.select import select
from site_builder.problems import Problems

from .conftest import REPO

CONFIG = load_config(REPO / "mkdocs.yml")
CONTENT = load_content(CONFIG.content_dir, CONFIG.languages, "content", Problems())


def issue(name: str, audience: str, date: str, lang: str = "nl", items=None) -> Issue:
    meta = IssueMeta.model_validate({"subject": name, "audience": audience, "lang": lang,
                                     "date": date, "items": items})
    return Issue(Path(f"{name}.md"), f"{name}.md", meta, "Intro", 8)


def sources(items) -> list[str]:
    return [item.source for item in items]


def test_news_since_the_previous_issue_of_the_same_readers_newest_first() -> None:
    earlier = issue("okt", "external", "2026-05-01")
    now = issue("nov", "external", "2026-08-30")
    chosen = select(now, CONTENT, [earlier])
    assert sources(chosen.news) == ["nl/blog/posts/jongeren-en-achttien-worden.md",
                                    "nl/blog/posts/eenzaamheid-kleine-stappen.md",
                                    "nl/blog/posts/terugblik-inspiratiemiddag.md"]


def test_previous_issue_for_other_readers_does_not_count() -> None:
    internal = issue("intern", "internal", "2026-08-01")
    external = issue("extern", "external", "2026-08-30")
    chosen = select(external, CONTENT, [internal])
    assert "nl/blog/posts/jongeren-en-achttien-worden.md" in sources(chosen.news)
    assert "nl/blog/posts/eenzaamheid-kleine-stappen.md" not in sources(chosen.news)


def test_external_issue_never_selects_internal_items() -> None:
    chosen = select(issue("extern", "external", "2026-11-20"), CONTENT, [])
    everything = chosen.news + chosen.events
    assert everything and all(item.is_public for item in everything)


def test_internal_issue_selects_internal_and_public_items() -> None:
    chosen = select(issue("intern", "internal", "2026-11-20"), CONTENT, [])
    assert "nl/blog/posts/nieuwe-urenregistratie.md" in sources(chosen.news)
    assert "nl/agenda/teammiddag-veilig-werken.md" in sources(chosen.events)


def test_upcoming_events_soonest_first_and_past_ones_left_out() -> None:
    chosen = select(issue("extern", "external", "2026-11-20"), CONTENT, [])
    starts = [event.meta.start for event in chosen.events]
    assert starts == sorted(starts)
    assert all(start.isoformat() >= "2026-11-20" for start in starts)


def test_explicit_items_keep_their_order_and_split_into_news_and_agenda() -> None:
    chosen = select(issue("en", "external", "2026-11-20", "en", items=[
        "en/events/training-self-direction.md",
        "en/services/peer-support.md",
        "en/blog/posts/what-does-self-direction-mean.md",
    ]), CONTENT, [])
    assert sources(chosen.news) == ["en/services/peer-support.md",
                                    "en/blog/posts/what-does-self-direction-mean.md"]
    assert sources(chosen.events) == ["en/events/training-self-direction.md"]


def test_drafts_and_posts_dated_after_the_issue_are_not_selected() -> None:
    chosen = select(issue("extern", "external", "2026-12-31"), CONTENT,
                    [issue("vorige", "external", "2026-11-01")])
    assert "nl/blog/posts/jaarplan-2027-concept.md" not in sources(chosen.news)
    assert "nl/blog/posts/nieuwjaar-2027.md" not in sources(chosen.news)
