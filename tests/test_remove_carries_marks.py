"""Removing a subscription keeps the user's reading: a story it holds that another subscription holds too, read
here, is read there afterwards. Feeds served by a real HTTP server on 127.0.0.1, a real store in tmp_path, and the
installed command."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def _rss(*items: tuple[str, str, str]) -> str:
    """A feed of (guid, link, title) items, one day apart; an empty link is an item without one."""
    rows = []
    for n, (guid, link, title) in enumerate(items):
        link_tag = f"<link>{link}</link>" if link else ""
        rows.append(
            f"<item><guid isPermaLink='false'>{guid}</guid>{link_tag}<title>{title}</title>"
            f"<pubDate>Mon, 0{n + 1} Jun 2026 10:00:00 GMT</pubDate><description>Text {n}</description></item>"
        )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{''.join(rows)}</channel></rss>"


def _rows(home: Path, feed: str) -> dict[str, bool]:
    """Title -> read, for one feed's stories as `newsdesk stories --json` shows them."""
    proc = newsdesk(home, "stories", "--feed", feed, "--limit", "0", "--json")
    assert proc.returncode == 0, proc.stderr
    return {row["title"]: row["read"] for row in json.loads(proc.stdout)}


def test_removing_the_copy_of_a_moved_feed_carries_its_read_marks(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """The user removed the subscription the refresh named as moved onto another one (as its line told them
    to), and every story they had read in it came back unread under the other."""
    feed_server.set("/old.xml", make_feed(6, 5))
    feed_server.set("/new.xml", make_feed(6, 5))
    assert newsdesk(tmp_path, "add", feed_server.url("/old.xml"), "--title", "Old address").returncode == 0
    assert newsdesk(tmp_path, "add", feed_server.url("/new.xml"), "--title", "Other").returncode == 0
    old_rows = json.loads(newsdesk(tmp_path, "stories", "--feed", "Old address", "--json").stdout)
    read = [row["title"] for row in old_rows[:3]]
    assert newsdesk(tmp_path, "read", *(row["id"] for row in old_rows[:3])).returncode == 0
    assert newsdesk(tmp_path, "read", old_rows[0]["id"]).returncode == 0  # read again: still one mark
    feed_server.move("/old.xml", "/new.xml")
    assert "remove this one" in newsdesk(tmp_path, "refresh").stdout
    assert not any(_rows(tmp_path, "Other").values())

    proc = newsdesk(tmp_path, "remove", "Old address")
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    assert line.startswith("removed Old address [") and line.endswith("; 3 read marks carried to Other")
    assert _rows(tmp_path, "Other") == {row["title"]: row["title"] in read for row in old_rows}
    assert newsdesk(tmp_path, "feeds").stdout.count("unread") == 1


def test_a_read_mark_goes_to_each_other_feed_holding_that_story_and_no_further(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Any removal, not only of a moved feed's copy: a story is the same one by the refresh's own rule (its link
    without tracking parameters, and its title). A story that only shares a link (a live blog's new title), one
    without a link (its id is its own feed's), and one read already are left as they are; bookmarks keep their
    own copy."""
    feed_server.set(
        "/gone.xml",
        _rss(
            ("g1", "https://pub.example/a?utm_source=rss&utm_medium=feed", "Budget passes"),
            ("g2", "https://pub.example/live", "Live: day one"),
            ("g3", "", "Notice without a link"),
            ("g4", "https://pub.example/d", "Read in both"),
            ("g5", "https://pub.example/e", "Only here"),
        ),
    )
    feed_server.set(
        "/kept.xml",
        _rss(
            ("k1", "https://pub.example/a", "Budget passes"),
            ("k2", "https://pub.example/live", "Live: day two"),
            ("k3", "", "Notice without a link"),
            ("k4", "https://pub.example/d#utm_campaign=x", "Read in both"),
        ),
    )
    feed_server.set("/third.xml", _rss(("t1", "https://pub.example/a?ref=home", "Budget passes")))
    feed_server.set("/fourth.xml", _rss(("f1", "https://pub.example/a?fbclid=abc", "Budget passes")))
    with Store(tmp_path / "data") as store:
        gone = store.add_feed(feed_server.url("/gone.xml"), title="Gone")
        kept = store.add_feed(feed_server.url("/kept.xml"), title="Kept")
        third = store.add_feed(feed_server.url("/third.xml"), title="Third")  # another page: ?ref stays
        fourth = store.add_feed(feed_server.url("/fourth.xml"), title="Fourth")
        assert all(r.outcome == "new" for r in refresh(store))
        store.set_read(h.id for h in store.headers(gone.id))
        store.set_read(h.id for h in store.headers(kept.id) if h.title == "Read in both")
        only_here = next(h.id for h in store.headers(gone.id) if h.title == "Only here")
        store.bookmark(only_here, note="keep")

        removed = store.remove_feed(gone.id)
        assert removed.feed.id == gone.id
        assert removed.carried == {kept.id: 1, fourth.id: 1}
        read_now = {(h.feed_id, h.title) for h in store.headers() if store.is_read(h.id)}
        assert read_now == {
            (kept.id, "Budget passes"),
            (kept.id, "Read in both"),
            (fourth.id, "Budget passes"),
        }
        assert store.unread_counts()[third.id] == 1
        assert store.is_bookmarked(only_here) and store.story(only_here) is not None

    with Store(tmp_path / "data") as store:  # the carried marks were written, not only noted in memory
        read_now = {(h.feed_id, h.title) for h in store.headers() if store.is_read(h.id)}
        assert read_now == {
            (kept.id, "Budget passes"),
            (kept.id, "Read in both"),
            (fourth.id, "Budget passes"),
        }
        assert store.remove_feed(third.id).carried == {}  # nothing read in it: nothing to carry
