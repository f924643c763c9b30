"""A gzip answer cut before the end of its stream, from a real HTTP server on 127.0.0.1 and from a file on disk.

zlib says nothing when its input stops inside a stream: the part inflated read as a shorter feed, its last story
cut off, and a refresh stored that. A cut answer is now a failure of its feed, said in one line; bytes after a
whole gzip stream are still ignored.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from feeds.fetch import FetchRequest, fetch, make_client
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

CUT = "the server's compressed answer was cut short"


@pytest.mark.parametrize("keep", ["0.02", "0.5", "0.99"])  # in the gzip header, mid-stream, in the trailer
def test_a_cut_gzip_answer_is_an_error_in_words(feed_server: FeedServer, keep: str) -> None:
    feed_server.set("/news.xml", make_feed(3, 6))
    with make_client() as client:
        result = fetch(client, FetchRequest(feed_server.url(f"/gzip-cut/news.xml?keep={keep}")))
    assert (result.outcome, result.error, result.body) == ("error", CUT, b"")


def test_a_cut_answer_fails_the_refresh_and_keeps_the_stored_stories(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.set("/news.xml", make_feed(3, 6))
    feed_server.set("/next.xml", make_feed(3, 8, generation=1))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/news.xml"))
        (first,) = refresh(store)
        assert first.outcome == "new" and first.new == 6, first.error
        before = store.headers(feed.id)
        # The same address now answers with the next version of the feed, gzipped and cut (a 302 keeps the
        # stored address): the part that inflates holds new stories, the last of them cut off.
        feed_server.move("/news.xml", "/gzip-cut/next.xml?keep=0.7", code=302)
        (second,) = refresh(store)
        assert (second.outcome, second.error, second.new, second.updated) == ("failed", CUT, 0, 0)
        assert store.headers(feed.id) == before


def test_the_command_says_a_cut_answer_in_one_line(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/news.xml", make_feed(4, 5))
    feed_server.set("/next.xml", make_feed(4, 7, generation=1))
    assert newsdesk(tmp_path, "add", feed_server.url("/news.xml")).returncode == 0
    stories = newsdesk(tmp_path, "stories", "--json").stdout
    assert len(json.loads(stories)) == 5
    feed_server.move("/news.xml", "/gzip-cut/next.xml?keep=0.6", code=302)
    proc = newsdesk(tmp_path, "refresh")
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert proc.stdout.splitlines() == [f"failed    Generated News 4: {CUT}"]
    assert "Traceback" not in proc.stderr
    assert newsdesk(tmp_path, "stories", "--json").stdout == stories


@pytest.mark.parametrize("junk", ["%0A", "%3C!-- cache --%3E", "%00%00%00%00"])
def test_bytes_after_a_whole_gzip_answer_are_still_ignored(
    tmp_path: Path, feed_server: FeedServer, junk: str
) -> None:
    feed_server.set("/news.xml", make_feed(5, 4))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/gzip-cut/news.xml?junk={junk}"))
        (result,) = refresh(store)
        assert result.outcome == "new" and result.new == 4, result.error
        assert len(store.headers(feed.id)) == 4


def test_a_cut_gzipped_file_is_an_error_in_words(tmp_path: Path) -> None:
    packed = gzip.compress(make_feed(6, 5))
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with make_client() as client:
        result = fetch(client, FetchRequest(str(path)))
    assert (result.outcome, result.error) == ("error", f"the gzipped file is cut short: {path}")
