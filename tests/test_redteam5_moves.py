"""A feed that moves for good (301/308) to an address that is no feed - the site's home page, a Cloudflare
challenge, a page that is not there - against a real HTTP server on 127.0.0.1: the subscription keeps its own
address until the new one serves a feed, so it comes back by itself once the site is put right."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

HOME_PAGE = b"<!doctype html><html><head><title>Home</title></head><body><h1>Welcome</h1></body></html>"


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


@pytest.mark.parametrize("target", ["/", "/missing.xml", "/empty.xml"])
def test_a_move_for_good_to_no_feed_keeps_the_feeds_address(
    feed_server: FeedServer, store: Store, target: str
) -> None:
    """The subscription was given the home page's address for good: once the site's redirect was put right, the
    feed still fetched the home page and failed on every refresh, its stories never coming again."""
    feed_server.set("/feed.xml", make_feed(4, 3))
    feed_server.set("/", HOME_PAGE, content_type="text/html; charset=utf-8")
    feed_server.set("/empty.xml", b"")
    feed = store.add_feed(feed_server.url("/feed.xml"))
    (first,) = refresh(store)
    assert first.outcome == "new"

    feed_server.move("/feed.xml", target, 301)
    (moved,) = refresh(store)
    assert moved.outcome == "failed"
    if target != "/missing.xml":  # answered, but not with a feed: the status says where the feed was sent
        assert f"redirects for good to {feed_server.url(target)}: " in moved.error
    stored = store.get_feed(feed.id)
    assert stored is not None and stored.url == feed_server.url("/feed.xml")
    assert stored.status.failing

    feed_server.moved.clear()  # the site is put right
    feed_server.set("/feed.xml", make_feed(4, 3, generation=1))
    (back,) = refresh(store)
    assert back.outcome == "new" and back.new >= 1
    stored = store.get_feed(feed.id)
    assert stored is not None and stored.url == feed_server.url("/feed.xml") and not stored.status.failing


def test_a_move_for_good_to_a_feed_still_moves(feed_server: FeedServer, store: Store) -> None:
    """The other side: a move to an address that serves the feed is taken, as before."""
    feed_server.set("/feed.xml", make_feed(5, 3))
    feed_server.set("/new/feed.xml", make_feed(5, 3, generation=1))
    feed = store.add_feed(feed_server.url("/feed.xml"))
    refresh(store)
    feed_server.move("/feed.xml", "/new/feed.xml", 308)
    (moved,) = refresh(store)
    assert moved.outcome == "new"
    stored = store.get_feed(feed.id)
    assert stored is not None and stored.url == feed_server.url("/new/feed.xml")
