"""Gzipped feeds, each layer held to the size cap: a body gzipped twice from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import tracemalloc
import zlib

from feeds.fetch import FetchRequest, fetch, make_client
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


def _gzipped_zeros(megabytes: int) -> bytes:
    """A gzip bomb: ``megabytes`` MB of zeros in about a thousandth of that, made a megabyte at a time."""
    packer, zeros = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS), bytes(2**20)
    return b"".join([*(packer.compress(zeros) for _ in range(megabytes)), packer.flush()])


def test_a_bomb_inside_the_first_gzip_layer_stops_at_the_cap(feed_server: FeedServer) -> None:
    """The second layer was decoded with a flush that inflated all of it before the cap was looked at: 300 KB
    served made 300 MB in memory (10 MB, the cap on the first layer, would be 10 GB)."""
    feed_server.set("/bomb2.xml", _gzipped_zeros(300))
    with make_client() as client:
        tracemalloc.start()
        try:
            result = fetch(client, FetchRequest(feed_server.url("/bomb2.xml")), max_bytes=2**20)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert feed_server.gzipped["/bomb2.xml"] == 1  # the server gzipped the gzipped body: two layers
    assert result.outcome == "error" and "cap" in result.error
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB held"
