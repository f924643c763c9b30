"""A feed that moves for good (301/308) to an address that is already another subscription, against a real HTTP
server on 127.0.0.1: it keeps its address, stories and marks, stores no more copies of the other feed's stories,
and says in its status where it went and under which name that address is already subscribed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


@pytest.mark.parametrize("code", [301, 308])
def test_a_feed_moved_to_another_subscription_keeps_its_data_and_says_so(
    feed_server: FeedServer, store: Store, code: int
) -> None:
    """Both were kept and fetched, and the moved one stored every story of the other feed a second time."""
    feed_server.set("/old.xml", make_feed(2, 5))
    feed_server.set("/new.xml", make_feed(2, 5))
    old = store.add_feed(feed_server.url("/old.xml"), title="Old address")
    other = store.add_feed(feed_server.url("/new.xml"), title="Other")
    refresh(store)
    kept = [h.id for h in store.headers(old.id)]
    store.set_read(kept[:2])
    store.bookmark(kept[2], note="mine")

    feed_server.move("/old.xml", "/new.xml", code)
    feed_server.set("/new.xml", make_feed(2, 5, generation=3))  # three new stories
    results = {r.feed_id: r for r in refresh(store)}

    assert results[other.id].outcome == "new" and results[other.id].new == 3
    moved = results[old.id]
    assert moved.outcome == "failed"
    assert feed_server.url("/new.xml") in moved.error and "already subscribed as Other" in moved.error
    stored = store.get_feed(old.id)
    assert stored is not None and stored.url == feed_server.url("/old.xml")  # not given the other's address
    assert stored.status.failing and stored.status.last_error == moved.error
    assert "\n" not in moved.error
    assert sorted(h.id for h in store.headers(old.id)) == sorted(kept)  # no copies of the new stories
    assert store.is_read(kept[0]) and store.is_read(kept[1]) and store.is_bookmarked(kept[2])

    # Once the user removes the other subscription, the next refresh moves this one as any other move.
    store.remove_feed(other.id)
    (again,) = refresh(store)
    assert again.outcome == "new" and again.new == 3
    stored = store.get_feed(old.id)
    assert stored is not None and stored.url == feed_server.url("/new.xml") and not stored.status.failing
    assert store.is_read(kept[0]) and store.is_bookmarked(kept[2])


def test_the_other_subscription_is_found_however_its_address_is_written(
    feed_server: FeedServer, store: Store
) -> None:
    """The address the feed moved to was compared as written: the other subscription, added as
    "HTTP://127.0.0.1:PORT/new.xml", was not seen, and the moved feed was given that same address."""
    feed_server.set("/old.xml", make_feed(3, 4))
    feed_server.set("/new.xml", make_feed(3, 4))
    old = store.add_feed(feed_server.url("/old.xml"))
    store.add_feed(feed_server.url("/new.xml").replace("http://", "HTTP://"), title="Written in capitals")
    feed_server.move("/old.xml", "/new.xml")
    results = {r.feed_id: r for r in refresh(store)}
    assert "already subscribed as Written in capitals" in results[old.id].error
    stored = store.get_feed(old.id)
    assert stored is not None and stored.url == feed_server.url("/old.xml")
    assert store.headers(old.id) == []


def test_two_feeds_moved_to_one_new_address_in_one_refresh_become_one(
    feed_server: FeedServer, store: Store
) -> None:
    """Each was checked against the subscriptions as stored before the refresh: both were given the address
    neither had had, and every story was stored twice from then on."""
    feed_server.set("/joined.xml", make_feed(4, 6))
    feed_server.move("/a.xml", "/joined.xml")
    feed_server.move("/b.xml", "/joined.xml", 308)
    a = store.add_feed(feed_server.url("/a.xml"), title="A")
    b = store.add_feed(feed_server.url("/b.xml"), title="B")
    results = {r.feed_id: r for r in refresh(store, concurrency=1)}
    feeds = {f.id: f for f in store.feeds()}
    at_new = [f for f in feeds.values() if f.url == feed_server.url("/joined.xml")]
    assert len(at_new) == 1
    (winner,) = at_new
    loser = feeds[b.id if winner.id == a.id else a.id]
    assert loser.url in (feed_server.url("/a.xml"), feed_server.url("/b.xml"))
    assert results[loser.id].outcome == "failed"
    assert f"already subscribed as {winner.title}" in results[loser.id].error
    assert len(store.headers(winner.id)) == 6 and store.headers(loser.id) == []


def test_the_command_says_which_subscription_the_feed_moved_to(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """`newsdesk refresh` printed nothing of it and `newsdesk feeds` said "ok": the user never learnt that one
    subscription had become a copy of another."""
    feed_server.set("/old.xml", make_feed(5, 3))
    feed_server.set("/new.xml", make_feed(5, 3))
    assert newsdesk(tmp_path, "add", feed_server.url("/old.xml"), "--title", "Old address").returncode == 0
    assert newsdesk(tmp_path, "add", feed_server.url("/new.xml"), "--title", "Other").returncode == 0
    feed_server.move("/old.xml", "/new.xml")
    feed_server.set("/new.xml", make_feed(5, 3, generation=2))

    proc = newsdesk(tmp_path, "refresh")
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if "Old address" in ln]
    assert line.startswith("failed") and feed_server.url("/new.xml") in line
    assert "already subscribed as Other" in line

    listing = newsdesk(tmp_path, "feeds")
    assert listing.returncode == 0
    (row,) = [ln for ln in listing.stdout.splitlines() if "Old address" in ln]
    assert "FAILING" in row and "already subscribed as Other" in row
    rows = {f["title"]: f for f in json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)}
    assert rows["Old address"]["url"] == feed_server.url("/old.xml")
    assert rows["Old address"]["stories"] == 3 and rows["Other"]["stories"] == 5


def test_a_feed_moved_to_another_subscription_is_not_requested_again_while_that_one_is_there(
    feed_server: FeedServer, store: Store
) -> None:
    """Every refresh asked its old address again, was sent on, and downloaded the other feed's document, only to
    throw it away and say the same words: two requests and a download per refresh, for as long as it was kept."""
    feed_server.set("/old.xml", make_feed(6, 20))
    feed_server.set("/new.xml", make_feed(7, 20))
    old = store.add_feed(feed_server.url("/old.xml"), title="Old address")
    store.add_feed(feed_server.url("/new.xml"), title="Other")
    refresh(store)
    feed_server.move("/old.xml", "/new.xml")
    (first,) = [r for r in refresh(store) if r.feed_id == old.id]
    assert first.outcome == "failed" and "already subscribed as Other" in first.error

    for _ in range(2):
        feed_server.reset_stats()
        results = {r.feed_id: r for r in refresh(store)}
        assert feed_server.count("/old.xml") == 0
        assert feed_server.count("/new.xml") == 1  # the other subscription's own request, no second one
        assert results[old.id].outcome == "failed" and results[old.id].error == first.error
    stored = store.get_feed(old.id)
    assert stored is not None and stored.status.failures == 3 and stored.url == feed_server.url("/old.xml")

    # Named, it is fetched: a redirect withdrawn is seen, and it recovers and is fetched as any feed again.
    feed_server.moved.clear()
    feed_server.set("/old.xml", make_feed(6, 20, generation=1))
    (named,) = refresh(store, [stored])
    assert named.outcome == "new" and feed_server.count("/old.xml") == 1
    stored = store.get_feed(old.id)
    assert stored is not None and not stored.status.failing and stored.status.moved_to == ""
    feed_server.reset_stats()
    refresh(store)
    assert feed_server.count("/old.xml") == 1
