"""A body in a Content-Encoding that was not asked for (Brotli, Zstandard, compress, a name no one knows): served
from 127.0.0.1 and refreshed into a real store, the feed fails in words that name the coding, and nothing of the
body is stored. We ask for gzip and deflate only, and say so; a server sends another coding only by mistake (a cache
that kept a copy compressed for a browser). The error said "unsupported content encoding 'br'", naming neither
the format nor why a feed that reads in a browser fails here."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from feeds.fetch import FetchRequest, fetch
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server
NOT_ASKED = ", which was not asked for: only gzip and deflate are read"


@pytest.mark.parametrize(
    ("coding", "named"),
    [
        ("br", "'br' (Brotli)"),
        ("BR", "'br' (Brotli)"),
        ("zstd", "'zstd' (Zstandard)"),
        ("compress", "'compress' (Unix compress)"),
        ("x-compress", "'x-compress' (Unix compress)"),
        ("x-foo", "'x-foo'"),
        ("identity, br", "'br' (Brotli)"),
        ("br, gzip", "'br' (Brotli)"),  # applied first, so taken off last: refused before anything is read
        ("gzip, zstd", "'zstd' (Zstandard)"),
    ],
)
def test_a_coding_not_asked_for_fails_the_feed_in_words_that_name_it(
    tmp_path: Path, feed_server: FeedServer, coding: str, named: str
) -> None:
    feed_server.set("/feed.xml", make_feed(1, 3))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/opaque/{coding}/feed.xml"))
        [result] = refresh(store)
        assert (result.outcome, result.error) == (
            "failed",
            f"unsupported content encoding {named}{NOT_ASKED}",
        )
        assert store.headers(feed.id) == []  # nothing of the body, decoded or not, is stored
        stored = store.get_feed(feed.id)
        assert stored is not None and stored.status.last_error == result.error and stored.status.failing


def test_too_many_layers_say_so(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server.set("/feed.xml", make_feed(1, 3))
    result = fetch(client, FetchRequest(feed_server.url("/encoded/gzip,gzip,gzip,gzip/feed.xml")))
    assert (result.outcome, result.body) == ("error", b"")
    assert result.error == "unsupported content encoding 'gzip, gzip, gzip, gzip': more than 3 layers"


def test_only_the_codings_read_are_asked_for(feed_server: FeedServer, client: httpx.Client) -> None:
    """Brotli and Zstandard are never asked for, as they are not read: a server that honours Accept-Encoding
    never sends them."""
    feed_server.set("/feed.xml", make_feed(1, 3))
    result = fetch(client, FetchRequest(feed_server.url("/feed.xml")))
    assert result.outcome == "ok"
    assert feed_server.headers("/feed.xml")["accept-encoding"] == "gzip, deflate"
