"""The system clock going backwards between two runs: what a run with a clock far ahead recorded must not hold
the next run back for as long as the clock was wrong. A real store and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.fetch_words import MAX_RETRY_AFTER
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed

feed_server = httpserver.feed_server
YEAR = 365 * 86400.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def test_a_server_wait_recorded_by_a_clock_a_year_ahead_does_not_stop_refreshes_for_a_year(
    feed_server: httpserver.FeedServer, store: Store
) -> None:
    """A 429 with "Retry-After: 3600" met while the clock was a year ahead recorded "not before (then) + 1 h":
    with the clock put right, the feed was skipped for a year. A wait is never longer than a week from when it
    was recorded, so one further ahead than that was recorded by a clock now known to have been wrong."""
    feed_server.set("/f.xml", make_feed(1, 5))
    feed = store.add_feed(feed_server.url("/f.xml"))
    ahead = time.time() + YEAR
    status = dataclasses.replace(feed.status, last_attempt=ahead, failures=1, retry_after=ahead + 3600)
    store.update_feed(dataclasses.replace(feed, status=status))
    (result,) = refresh(store)
    assert result.outcome == "new" and result.new == 5, result
    assert store.get_feed(feed.id).status.retry_after is None


def test_a_wait_within_a_week_is_still_respected(feed_server: httpserver.FeedServer, store: Store) -> None:
    feed_server.set("/f.xml", make_feed(1, 5))
    feed = store.add_feed(feed_server.url("/f.xml"))
    later = time.time() + MAX_RETRY_AFTER - 3600
    store.update_feed(dataclasses.replace(feed, status=dataclasses.replace(feed.status, retry_after=later)))
    (result,) = refresh(store)
    assert result.outcome == "skipped" and "wait" in result.error
