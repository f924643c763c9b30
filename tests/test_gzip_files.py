"""Gzipped feeds, each layer held to the size cap: a body gzipped twice from a real HTTP server on 127.0.0.1, and
gzipped feed files on disk added with the installed command."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest

from feeds.fetch import FetchRequest, fetch, make_client
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

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
    # kept to the cap, and no further
    assert (result.outcome, result.cut, result.body) == ("ok", True, bytes(2**20))
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB held"


@pytest.mark.parametrize("as_url", [False, True])
def test_a_gzipped_feed_file_is_read(tmp_path: Path, as_url: bool) -> None:
    """The HTTP path decodes gzip (twice, even); a gzipped file on disk failed as "not well-formed"."""
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress(make_feed(3, 5)))
    added = newsdesk(tmp_path, "add", path.as_uri() if as_url else str(path))
    assert added.returncode == 0, added.stderr
    stories = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert len(stories) == 5


def test_a_gzipped_feed_file_is_held_to_the_cap_and_its_junk_said_in_words(tmp_path: Path) -> None:
    bomb, junk = tmp_path / "bomb.xml.gz", tmp_path / "junk.xml.gz"
    bomb.write_bytes(_gzipped_zeros(300))
    junk.write_bytes(b"\x1f\x8b\x08" + b"not gzip at all" * 10)
    with make_client() as client:
        tracemalloc.start()
        try:
            too_big = fetch(client, FetchRequest(str(bomb)), max_bytes=2**20)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        failed = fetch(client, FetchRequest(junk.as_uri()))
    assert (too_big.outcome, too_big.cut, too_big.body) == ("ok", True, bytes(2**20))
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB held"
    assert failed.outcome == "error" and "gzip" in failed.error and "\n" not in failed.error
