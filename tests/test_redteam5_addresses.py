"""Feed addresses as browsers, podcast directories and other readers hand them out, given to the installed
command against a real HTTP server on 127.0.0.1: ``feed://``, ``feed:https://``, ``itpc://``, ``pcast://``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


@pytest.mark.parametrize(
    "written",
    [
        "feed://{host}/feed.xml",
        "FEED://{host}/feed.xml",
        "feed:http://{host}/feed.xml",
        "feed://http://{host}/feed.xml",
        "itpc://{host}/feed.xml",
        "pcast://{host}/feed.xml",
        "podcast://{host}/feed.xml",
    ],
)
def test_add_takes_a_feed_or_podcast_scheme_as_the_web_address_it_stands_for(
    tmp_path: Path, feed_server: FeedServer, written: str
) -> None:
    """A "subscribe" link from a web page or a podcast directory was refused: "unsupported address"."""
    feed_server.set("/feed.xml", make_feed(6, 3))
    host = feed_server.base_url.removeprefix("http://")
    proc = newsdesk(tmp_path, "add", written.format(host=host))
    assert proc.returncode == 0, proc.stderr
    assert "3 stories" in proc.stdout
    (feed,) = json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)
    assert feed["url"] == feed_server.url("/feed.xml")
    # Written another way, it is the same subscription.
    again = newsdesk(tmp_path, "add", feed_server.url("/feed.xml"))
    assert again.returncode != 0 and "already subscribed" in again.stderr


def test_a_feed_scheme_keeps_https(tmp_path: Path) -> None:
    proc = newsdesk(tmp_path, "add", "--no-check", "feed:https://news.example/rss")
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path, readonly=True) as store:
        assert [f.url for f in store.feeds()] == ["https://news.example/rss"]


def test_an_opml_file_with_feed_scheme_addresses_imports_them(tmp_path: Path) -> None:
    """Such outlines were skipped as addresses no feed can have."""
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="A" xmlUrl="feed://a.example/rss"/>'
        '<outline text="B" xmlUrl="itpc://b.example/podcast.xml"/>'
        '<outline text="C" xmlUrl="feed:https://c.example/atom"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    proc = newsdesk(tmp_path, "import", str(opml))
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path, readonly=True) as store:
        assert sorted(f.url for f in store.feeds()) == [
            "http://a.example/rss",
            "http://b.example/podcast.xml",
            "https://c.example/atom",
        ]


@pytest.mark.parametrize("written", ["feed://", "feed:", "itpc:///x", "feed:javascript:alert(1)"])
def test_a_feed_scheme_with_no_web_address_is_still_refused(tmp_path: Path, written: str) -> None:
    proc = newsdesk(tmp_path, "add", "--no-check", written)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    with Store(tmp_path, readonly=True) as store:
        assert store.feeds() == []


def test_opml_titles_escaped_twice_are_read_once(tmp_path: Path) -> None:
    """An export that escaped its titles twice gave "News &amp; Views" in the feed list for good: a
    subscription's title is kept over the one the feed gives itself."""
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="Tech &amp;amp; Science">'
        '<outline text="News &amp;amp; Views &amp;#8212; daily" xmlUrl="https://n.example/rss"/>'
        '<outline text="AT&amp;T blog" xmlUrl="https://att.example/rss"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    assert newsdesk(tmp_path, "import", str(opml)).returncode == 0
    with Store(tmp_path, readonly=True) as store:
        feeds = {f.url: f for f in store.feeds()}
    assert feeds["https://n.example/rss"].title == "News & Views \u2014 daily"
    assert feeds["https://att.example/rss"].title == "AT&T blog"
    assert feeds["https://n.example/rss"].tags == ("Tech & Science",)


def test_a_folder_named_with_a_comma_survives_a_round_trip(tmp_path: Path) -> None:
    """An export lists every tag in `category`, commas between them: the folder "News, Politics" came back from
    the backup as three tags, "News, Politics", "News" and "Politics"."""
    first, second = tmp_path / "first", tmp_path / "second"
    added = newsdesk(
        first, "add", "--no-check", "--tag", "News, Politics", "--tag", "Tech/AI", "https://a.example/f"
    )
    assert added.returncode == 0, added.stderr
    backup = tmp_path / "backup.opml"
    assert newsdesk(first, "export", str(backup)).returncode == 0
    assert newsdesk(second, "import", str(backup)).returncode == 0
    with Store(second, readonly=True) as store:
        assert [f.tags for f in store.feeds()] == [("News, Politics", "Tech/AI")]
