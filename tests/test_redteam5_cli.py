"""The installed command's listings of stories from feeds served on 127.0.0.1: old stories keep their columns."""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

DATES = ["Mon, 06 Jan 2014 10:00:00 GMT", "Sat, 01 Jan 2000 00:00:00 GMT", "Tue, 03 Mar 2026 08:00:00 GMT"]
ARCHIVE = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>'
    + "".join(
        f"<item><title>Post {n}</title><link>https://a.example/{n}</link><pubDate>{d}</pubDate></item>"
        for n, d in enumerate(DATES)
    )
    + "</channel></rss>"
)


def test_old_stories_keep_the_columns_of_stories_and_search(tmp_path: Path, feed_server: FeedServer) -> None:
    """Ages were printed in days however old: "4352d" took five cells of a column of four, and the feed name
    and title of every story older than 27 months stood one or more cells to the right of the others'."""
    feed_server.set("/archive.xml", ARCHIVE)
    assert newsdesk(tmp_path, "add", feed_server.url("/archive.xml")).returncode == 0
    for args in (("stories",), ("search", "Post")):
        lines = newsdesk(tmp_path, *args).stdout.splitlines()
        assert len(lines) == 3, lines
        assert len({line.index("Archive") for line in lines}) == 1, lines  # one column for the feed's name
        assert len({line.index("Post") for line in lines}) == 1, lines
        ages = [line.split("Archive")[0].split()[-1] for line in lines]
        assert all(len(a) <= 4 for a in ages) and sum(a.endswith("y") for a in ages) >= 2, ages
