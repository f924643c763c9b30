"""The installed command's listings of stories from feeds served on 127.0.0.1: old stories keep their columns."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

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


def test_wide_feed_names_keep_the_title_column(tmp_path: Path, feed_server: FeedServer) -> None:
    """Feed names were cut and padded by characters: a Japanese name of ten characters takes twenty cells, and
    its stories' titles stood ten cells right of the others' (and a long one ran past its column)."""
    for path, name in (("/ja.xml", "朝日新聞デジタル速報ニュース"), ("/en.xml", "Wire")):
        feed_server.set(
            path,
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
            f"<item><title>Headline {path}</title><link>https://x.example{path}</link></item></channel></rss>",
        )
        assert newsdesk(tmp_path, "add", feed_server.url(path)).returncode == 0
    for args in (("stories",), ("search", "Headline")):
        lines = newsdesk(tmp_path, *args).stdout.splitlines()
        assert len(lines) == 2, lines
        assert len({cell_len(line.split("Headline")[0]) for line in lines}) == 1, lines
