"""Refresh against a real HTTP server on 127.0.0.1: validators, redirects, failures in words, progress events."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from feeds.refresh import Progress, refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed

feed_server = httpserver.feed_server


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


def test_second_refresh_gets_304s_and_writes_nothing(feed_server, store: Store) -> None:
    for n in range(3):
        feed_server.set(f"/f{n}.xml", make_feed(n, 10))
        store.add_feed(feed_server.url(f"/f{n}.xml"))
    events: list[Progress] = []
    first = refresh(store, on_progress=events.append)
    assert sorted(r.outcome for r in first) == ["new"] * 3
    assert sum(r.new for r in first) == 30 and len(store.headers()) == 30
    assert [e.done for e in events] == [1, 2, 3] and all(e.total == 3 for e in events)
    files = {p: p.stat().st_mtime_ns for p in (store.root / "stories").iterdir()}
    feed_server.reset_stats()
    second = refresh(store)
    assert {r.outcome for r in second} == {"unchanged"}
    assert all(feed_server.headers(f"/f{n}.xml").get("if-none-match") for n in range(3))
    assert {p: p.stat().st_mtime_ns for p in (store.root / "stories").iterdir()} == files


def test_changed_feed_adds_only_new_stories_and_keeps_marks(feed_server, store: Store) -> None:
    feed_server.set("/f.xml", make_feed(1, 10))
    feed = store.add_feed(feed_server.url("/f.xml"))
    refresh(store)
    first_id = store.headers()[0].id
    store.set_read([first_id])
    feed_server.set("/f.xml", make_feed(1, 10, generation=3))
    (result,) = refresh(store)
    assert result.outcome == "new" and result.new == 3
    assert len(store.headers(feed.id)) == 13 and store.is_read(first_id)


def test_permanent_redirect_updates_the_stored_url(feed_server, store: Store) -> None:
    feed_server.set("/new.xml", make_feed(2, 5))
    feed = store.add_feed(feed_server.url("/redirect/301/new.xml"))
    (result,) = refresh(store)
    assert result.outcome == "new"
    assert store.get_feed(feed.id).url == feed_server.url("/new.xml")


def test_temporary_redirect_keeps_the_url(feed_server, store: Store) -> None:
    feed_server.set("/new.xml", make_feed(2, 5))
    feed = store.add_feed(feed_server.url("/redirect/302/new.xml"))
    refresh(store)
    assert store.get_feed(feed.id).url == feed_server.url("/redirect/302/new.xml")


def test_gone_feed_is_marked_and_skipped_after(feed_server, store: Store) -> None:
    feed = store.add_feed(feed_server.url("/status/410"))
    (result,) = refresh(store)
    assert result.outcome == "gone"
    status = store.get_feed(feed.id).status
    assert status.gone and "410" in status.last_error and status.failures == 1
    (again,) = refresh(store)
    assert again.outcome == "skipped"
    (named,) = refresh(store, [store.get_feed(feed.id)])  # named explicitly: tried again
    assert named.outcome == "gone"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/status/500", "server error"),
        ("/status/404", "not found"),
        ("/html", "not a feed"),
        ("/big?mb=3", "cap"),
    ],
)
def test_failures_become_status_in_words(feed_server, tmp_path: Path, path: str, words: str) -> None:
    with Store(tmp_path / "s") as store:
        feed = store.add_feed(feed_server.url(path))
        (result,) = refresh(store, max_bytes=2 * 2**20)
        assert result.outcome == "failed" and words in result.error
        refresh(store, max_bytes=2 * 2**20)
        status = store.get_feed(feed.id).status
        assert status.failures == 2 and words in status.last_error and status.last_attempt


def test_timeout_is_a_failure_in_words(feed_server, store: Store) -> None:
    feed = store.add_feed(feed_server.url("/trickle"))
    (result,) = refresh(store, timeout=1.5)
    assert result.outcome == "failed" and "timed out" in result.error
    assert store.get_feed(feed.id).status.failing


def test_429_retry_after_is_respected_on_the_next_refresh(feed_server, store: Store) -> None:
    feed = store.add_feed(feed_server.url("/status/429?retry_after=3600"))
    (result,) = refresh(store)
    assert result.outcome == "failed" and "429" in result.error
    feed_server.reset_stats()
    (again,) = refresh(store)
    assert again.outcome == "skipped" and "wait" in again.error
    assert feed_server.total == 0
    assert store.get_feed(feed.id).status.retry_after


def test_a_wait_of_days_says_the_day(feed_server, store: Store) -> None:
    """The skip said "wait until 02:49" for a wait ending in three days: read as a time already past today."""
    store.add_feed(feed_server.url("/status/429?retry_after=259200"))
    refresh(store)
    (again,) = refresh(store)
    until = time.strftime("%Y-%m-%d", time.localtime(time.time() + 259200))
    assert again.outcome == "skipped" and until in again.error, again.error


def test_a_stalled_feed_does_not_hold_back_the_others(feed_server, store: Store) -> None:
    """Parsed feeds were saved (and reported) only when the next download finished: with one feed stalled, the
    others waited for its timeout - their stories unseen, the progress bar still, a crash losing them all."""
    fast = [store.add_feed(feed_server.url(f"/f{n}.xml")).id for n in range(6)]
    for n in range(6):
        feed_server.set(f"/f{n}.xml", make_feed(n, 10))
    store.add_feed(feed_server.url("/stall"))
    cancel = threading.Event()
    reported: list[str] = []

    def progress(p: Progress) -> None:
        assert p.result is not None
        reported.append(p.result.feed_id)
        if set(fast) <= set(reported):
            cancel.set()  # every quick feed is saved: no need to wait for the stalled one

    refresh(store, on_progress=progress, cancel=cancel, timeout=600)
    assert sorted(reported) == sorted(fast)  # all saved, and the stalled feed never finished
    assert len(store.headers()) == 60


def test_gzip_works(feed_server, store: Store) -> None:
    feed_server.set("/f.xml", make_feed(4, 8))
    store.add_feed(feed_server.url("/f.xml"))
    (result,) = refresh(store)
    assert result.new == 8
    assert feed_server.gzipped["/f.xml"]


def test_success_clears_failure_count(feed_server, store: Store) -> None:
    feed_server.set("/f.xml", b"<html><body>oops</body></html>", content_type="text/html")
    feed = store.add_feed(feed_server.url("/f.xml"))
    refresh(store)
    assert store.get_feed(feed.id).status.failures == 1
    feed_server.set("/f.xml", make_feed(5, 3))
    refresh(store)
    status = store.get_feed(feed.id).status
    assert status.failures == 0 and not status.last_error and status.last_success
