"""`newsdesk rename` with the installed command, on real feeds served from 127.0.0.1 and a data folder in
tmp_path: a title the user gives stays, the feed's own title follows the feed, and "" goes back to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_walk3_cli import item, rss

feed_server = httpserver.feed_server


def _feed(home: Path) -> dict[str, object]:
    proc = newsdesk(home, "feeds", "--json")
    assert proc.returncode == 0, proc.stderr
    (feed,) = json.loads(proc.stdout)
    return feed


def _refresh(home: Path) -> None:
    proc = newsdesk(home, "refresh")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_title_goes_back_to_the_feeds_own_which_follows_the_feed_from_then(
    tmp_path: Path, feed_server: httpserver.FeedServer, empty: str
) -> None:
    """`rename FEED ""` was refused: the store kept one title, the user's or the feed's, so there was nothing to
    go back to, and a feed once renamed could never show its own title again (nor follow it)."""
    feed_server.set("/atlas.xml", rss(item(1), "Atlas Daily"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/atlas.xml")).returncode == 0
    assert newsdesk(home, "rename", "Atlas Daily", "Mine").returncode == 0

    feed_server.set("/atlas.xml", rss(item(1) + item(2), "Atlas Daily News"))  # the feed's own title changes
    _refresh(home)
    feed = _feed(home)
    assert (feed["title"], feed["own_title"]) == ("Mine", "Atlas Daily News")  # the user's title stays

    proc = newsdesk(home, "rename", "Mine", empty)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"renamed [{feed['id']}] back to its own title: Atlas Daily News"
    assert _feed(home)["title"] == "Atlas Daily News"

    feed_server.set("/atlas.xml", rss(item(1) + item(3), "Atlas Weekly"))
    _refresh(home)
    assert _feed(home)["title"] == "Atlas Weekly"  # its own title again: it follows the feed


def test_a_feeds_own_title_follows_it_and_a_title_given_when_added_stays(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """A refresh kept the first title it read for good: a feed that changed its name showed the old one."""
    feed_server.set("/a.xml", rss(item(1), "Alpha"))
    feed_server.set("/b.xml", rss(item(1), "Beta"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/a.xml")).returncode == 0
    assert newsdesk(home, "add", feed_server.url("/b.xml"), "--title", "My Beta").returncode == 0
    feed_server.set("/a.xml", rss(item(1) + item(2), "Alpha Renamed"))
    feed_server.set("/b.xml", rss(item(1) + item(2), "Beta Renamed"))
    _refresh(home)
    proc = newsdesk(home, "feeds", "--json")
    titles = {f["url"].rsplit("/", 1)[1]: (f["title"], f["own_title"]) for f in json.loads(proc.stdout)}
    assert titles == {"a.xml": ("Alpha Renamed", "Alpha Renamed"), "b.xml": ("My Beta", "Beta Renamed")}


def test_a_title_an_older_version_stored_stays_through_a_refresh_until_an_empty_rename(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """A record without the feed's own title (older versions kept one title, the user's or the feed's first) may
    hold a title the user gave: a refresh keeps it, and reads the feed's own for `rename FEED ""`."""
    feed_server.set("/old.xml", rss(item(1), "Own Title Now"))
    home = tmp_path / "data"
    add = ["add", "--no-check", "--title", "Named Long Ago", feed_server.url("/old.xml")]
    assert newsdesk(home, *add).returncode == 0
    data = json.loads((home / "feeds.json").read_text())
    for record in data["feeds"].values():  # as an older version wrote it
        assert record.pop("own_title") == ""
    (home / "feeds.json").write_text(json.dumps(data))

    _refresh(home)
    feed = _feed(home)
    assert (feed["title"], feed["own_title"]) == ("Named Long Ago", "Own Title Now")
    assert newsdesk(home, "rename", "Named Long Ago", "").returncode == 0
    assert _feed(home)["title"] == "Own Title Now"


def test_an_empty_rename_before_the_feeds_own_title_is_read_takes_it_at_the_next_refresh(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/new.xml", rss(item(1), "Its Own"))
    home = tmp_path / "data"
    assert (
        newsdesk(home, "add", "--no-check", "--title", "Given", feed_server.url("/new.xml")).returncode == 0
    )
    proc = newsdesk(home, "rename", "Given", "")
    assert proc.returncode == 0, proc.stderr
    assert "takes its own title at the next refresh" in proc.stdout
    assert _feed(home)["title"] == ""
    _refresh(home)
    assert _feed(home)["title"] == "Its Own"
