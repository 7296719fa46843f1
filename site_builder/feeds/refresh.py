"""`site-builder feeds refresh`: fetch every partner feed at once and update the cache.

The steps per feed are pure (`next_cache`: previous cache + the server's answer -> new
cache + what to tell the user); the effects (HTTP, the cache files, the clock) are passed in.
Feeds are fetched in parallel, so a refresh takes about as long as the slowest feed, not as
long as all of them together; each feed's file is written as soon as its answer is in, so
an interrupted refresh keeps what it already finished.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from ..config import FeedSource
from ..schema import AMSTERDAM
from .cache import read_cached, remove_leftovers, write_cached
from .fetch import Fetched, FetchFailed, FetchFeed, NotModified, fetch_feed, seconds
from .parse import parse_feed
from .records import CachedFeed, NotAFeed

MAX_PARALLEL = 16  # connections at once; partners are on different servers


class Status(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # a 304: the feed cost almost nothing
    FAILED = "failed"  # the last good items are kept


@dataclass(frozen=True)
class FeedOutcome:
    """What one feed's refresh did, for the progress line."""

    source: FeedSource
    status: Status
    items: int  # entries in the cache for this feed now
    warning: str | None = None  # the reason, in plain words, for a failure or a malformed feed
    kept_since: datetime | None = None  # for a failure: when the kept items were fetched


Answer = Fetched | NotModified | FetchFailed


def next_cache(source: FeedSource, previous: CachedFeed | None, answer: Answer,
               now: datetime) -> tuple[CachedFeed | None, FeedOutcome]:
    """The feed's new cache (None: leave the file as it is) and the outcome. Pure."""
    kept = len(previous.entries) if previous else 0

    def failed(reason: str) -> tuple[None, FeedOutcome]:
        since = previous.fetched if previous else None
        return None, FeedOutcome(source, Status.FAILED, kept, reason, since)

    if isinstance(answer, FetchFailed):
        return failed(answer.reason)
    if isinstance(answer, NotModified):
        if previous is None:
            return failed("the server says the feed is unchanged, but there is no earlier copy")
        cached = replace(previous, etag=answer.etag, modified=answer.modified, fetched=now)
        return cached, FeedOutcome(source, Status.UNCHANGED, kept)
    try:
        parsed = parse_feed(answer.body, answer.headers, answer.url)
    except NotAFeed as exc:
        return failed(exc.reason)
    except Exception as exc:  # a parser bug on odd input must not end the whole refresh
        return failed(f"the feed could not be read ({type(exc).__name__}: {exc})")
    cached = CachedFeed(name=source.name, url=source.url, etag=answer.headers.get("etag"),
                        modified=answer.headers.get("last-modified"), fetched=now,
                        entries=parsed.entries)
    return cached, FeedOutcome(source, Status.UPDATED, len(parsed.entries), parsed.warning)


def _fetch_in_thread(index: int, source: FeedSource, previous: CachedFeed | None,
                     timeout: float, fetch: FetchFeed, gate: threading.Semaphore,
                     answers: queue.Queue[tuple[int, Answer]]) -> None:
    with gate:
        try:
            answer: Answer = fetch(source.url, previous.etag if previous else None,
                                   previous.modified if previous else None, timeout)
        except FetchFailed as exc:
            answer = exc
        except Exception as exc:  # one partner's oddity must not end the refresh
            answer = FetchFailed(f"unexpected problem ({type(exc).__name__}: {exc})")
    answers.put((index, answer))


def refresh_feeds(
    sources: Sequence[FeedSource],
    cache_dir: Path,
    timeout: float,
    *,
    now: Callable[[], datetime],
    report: Callable[[FeedOutcome], None] = lambda outcome: None,
    fetch: FetchFeed = fetch_feed,
    parallel: int = MAX_PARALLEL,
) -> list[FeedOutcome]:
    """Fetch every feed in parallel and update its cache file; `report` hears of each feed
    as it finishes. Returns the outcomes in the order of `sources`."""
    remove_leftovers(cache_dir, time.time())
    previous = [read_cached(cache_dir, source) for source in sources]
    answers: queue.Queue[tuple[int, Answer]] = queue.Queue()
    gate = threading.Semaphore(max(1, parallel))
    for index, source in enumerate(sources):
        # Daemon threads: a server that holds a connection open past every timeout (it
        # should not, but the socket timeout restarts with each byte) cannot keep the
        # command from ending.
        threading.Thread(target=_fetch_in_thread, daemon=True, name=f"feed-{index}",
                         args=(index, source, previous[index], timeout, fetch, gate,
                               answers)).start()
    # fetch_feed takes at most about twice the timeout; feeds wait their turn in waves.
    waves = math.ceil(len(sources) / max(1, parallel)) if sources else 0
    deadline = time.monotonic() + waves * (2 * timeout + 1)
    outcomes: dict[int, FeedOutcome] = {}
    while len(outcomes) < len(sources):
        try:
            index, answer = answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        outcomes[index] = _settle(sources[index], previous[index], answer, cache_dir, now())
        report(outcomes[index])
    for index, source in enumerate(sources):
        if index not in outcomes:
            late = FetchFailed(f"no complete answer within {seconds(timeout)} (timeout)")
            outcomes[index] = _settle(source, previous[index], late, cache_dir, now())
            report(outcomes[index])
    return [outcomes[index] for index in range(len(sources))]


def _settle(source: FeedSource, previous: CachedFeed | None, answer: Answer,
            cache_dir: Path, moment: datetime) -> FeedOutcome:
    cached, outcome = next_cache(source, previous, answer, moment)
    if cached is not None:
        try:
            write_cached(cache_dir, source, cached)
        except OSError as exc:
            reason = f"the cache file could not be written ({exc.strerror or exc})"
            return FeedOutcome(source, Status.FAILED, len(previous.entries) if previous else 0,
                               reason, previous.fetched if previous else None)
    return outcome


def describe(outcome: FeedOutcome) -> str:
    """The progress line for one feed, in plain words. Pure."""
    name = outcome.source.name
    count = f"{outcome.items} item{'' if outcome.items == 1 else 's'}"
    if outcome.status is Status.FAILED:
        if outcome.kept_since:
            since = outcome.kept_since.astimezone(AMSTERDAM)
            kept = f"kept its {count} from the refresh of {since:%Y-%m-%d %H:%M}"
        else:
            kept = "it has no items yet"
        return f"warning: feed '{name}' ({outcome.source.url}): {outcome.warning}; {kept}."
    if outcome.warning:
        return f"warning: feed '{name}': {outcome.warning}; its {count} are used anyway."
    if outcome.status is Status.UNCHANGED:
        return f"{name}: unchanged since the last refresh, {count}"
    return f"{name}: {count}"
