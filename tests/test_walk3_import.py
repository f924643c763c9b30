"""A newsboat user's first step, found missing by a third walk: `newsdesk import ~/.newsboat/urls`. The installed
command on a data folder in a temporary directory; the feeds served from 127.0.0.1 and refreshed.
"""

from __future__ import annotations

import json
from pathlib import Path

from feeds.newsboat_urls import looks_like_urls
from tests import httpserver
from tests.test_cli import newsdesk

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server


def rss(title: str) -> str:
    return (
        f'<rss version="2.0"><channel><title>{title}</title><item><guid>1</guid><title>One</title>'
        "<link>https://example.org/1</link></item></channel></rss>"
    )


def test_newsboats_urls_file_imports_with_its_tags_and_titles(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # It was refused: "urls: not well-formed XML at line 1, column 6; nothing imported".
    feed_server.set("/npr.xml", rss("NPR Topics: News"))
    feed_server.set("/golem.xml", rss("Golem.de"))
    urls = tmp_path / "urls"
    urls.write_text(
        "# newsboat subscriptions\n"
        f'{feed_server.url("/npr.xml")} "news" "~NPR top stories" !hidden\n'
        "\n"
        f'{feed_server.url("/golem.xml")} tech "de tech"\n'
        f"{feed_server.url('/npr.xml')} again\n"
        '"query:Unread:unread = \\"yes\\""\n',
        encoding="utf-8",
    )
    home = tmp_path / "data"
    proc = newsdesk(home, "import", str(urls))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "imported 2 feeds, skipped 0 already subscribed"
    assert "skipped 1 address that cannot be a feed (such as 'query:Unread:" in proc.stderr
    assert newsdesk(home, "refresh").returncode == 0
    feeds = {f["url"]: f for f in json.loads(newsdesk(home, "feeds", "--json").stdout)}
    npr, golem = feeds[feed_server.url("/npr.xml")], feeds[feed_server.url("/golem.xml")]
    assert (npr["title"], npr["tags"]) == ("NPR top stories", ["news"])  # the ~title outlives the refresh
    assert (golem["title"], golem["tags"]) == ("Golem.de", ["tech", "de tech"])
    assert npr["stories"] == golem["stories"] == 1


def test_what_reads_as_a_urls_file() -> None:
    assert looks_like_urls("# comment\n\nhttps://example.org/feed.xml tag\n")
    assert looks_like_urls('"query:Unread:unread = \\"yes\\""\nhttps://a/b')  # newsboat's query feed first
    assert not looks_like_urls("Just some notes, not feeds\n")
    assert not looks_like_urls("")
