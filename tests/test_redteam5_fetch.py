"""Bodies as misconfigured servers really send them, from a real HTTP server on 127.0.0.1: gzipped twice."""

from __future__ import annotations

import gzip
from pathlib import Path

from feeds.fetch import FetchRequest, fetch, make_client
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


def test_a_feed_gzipped_twice_is_read(tmp_path: Path, feed_server: FeedServer) -> None:
    """A .xml.gz that the server gzips again on the way out (a precompressed file beside on-the-fly gzip):
    decoded once it was still gzip, and the feed failed on every refresh as "not well-formed (invalid token)"."""
    feed_server.set("/twice.xml", gzip.compress(make_feed(7, 4)))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/twice.xml"))
        (result,) = refresh(store)
        assert result.outcome == "new" and result.new == 4, result.error
        assert feed_server.gzipped["/twice.xml"] == 1  # the server did gzip the gzipped file
        assert len(store.headers(feed.id)) == 4


def test_the_second_layer_is_held_to_the_cap_and_said_in_words(feed_server: FeedServer) -> None:
    feed_server.set("/bomb.xml", gzip.compress(b"<rss>" + b" " * 3_000_000))
    feed_server.set("/junk.xml", b"\x1f\x8b\x08" + b"not gzip at all" * 10)
    with make_client() as client:
        bomb = fetch(client, FetchRequest(feed_server.url("/bomb.xml")), max_bytes=1_000_000)
        junk = fetch(client, FetchRequest(feed_server.url("/junk.xml")))
    assert (bomb.outcome, bomb.cut, len(bomb.body)) == ("ok", True, 1_000_000)  # kept to the cap, no further
    assert junk.outcome == "error" and "gzip" in junk.error and "\n" not in junk.error
