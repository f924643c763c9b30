"""A store written by older versions may hold two subscriptions of one address (they compared addresses as
written, and gave two feeds moved to one address that address). The refresh fetches the first alone and fails
the later one with one line naming the first, as a feed moved onto another subscription: it stores no more
copies, and keeps its own stories and marks until the user removes it. Real store, real HTTP server on
127.0.0.1, the installed command."""

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


def _as_old_code_left_it(data: Path, changes: dict[str, dict[str, object]]) -> None:
    """Rewrite subscriptions in ``feeds.json`` (by title) as older versions could have stored them."""
    path = data / "feeds.json"
    doc = json.loads(path.read_text())
    for record in doc["feeds"].values():
        record.update(changes.get(record["title"], {}))
    path.write_text(json.dumps(doc))


def _unread_and_stories(home: Path) -> dict[str, tuple[int, int]]:
    rows = json.loads(newsdesk(home, "feeds", "--json").stdout)
    return {row["title"]: (row["unread"], row["stories"]) for row in rows}


def test_the_later_subscription_of_one_address_fails_and_stores_no_more_copies(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Both were fetched on every refresh, each story stored and shown twice, and nothing told the user."""
    feed_server.set("/feed.xml", make_feed(9, 5))
    feed_server.set("/copy.xml", make_feed(9, 5))
    url = feed_server.url("/feed.xml")
    assert newsdesk(tmp_path, "add", url, "--title", "First").returncode == 0
    assert newsdesk(tmp_path, "add", feed_server.url("/copy.xml"), "--title", "Copy").returncode == 0
    copy_rows = json.loads(newsdesk(tmp_path, "stories", "--feed", "Copy", "--json").stdout)
    assert newsdesk(tmp_path, "read", *(row["id"] for row in copy_rows[:2])).returncode == 0
    _as_old_code_left_it(tmp_path, {"Copy": {"url": url.replace("http://", "HTTP://")}})
    feed_server.set("/feed.xml", make_feed(9, 5, generation=2))  # two new stories
    feed_server.reset_stats()

    proc = newsdesk(tmp_path, "refresh")
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if "Copy" in ln]
    assert line.startswith("failed")
    assert line.endswith(
        f"{url.replace('http://', 'HTTP://')} is already subscribed as First: remove this one"
    )
    assert feed_server.count("/feed.xml") == 1  # the copy is not fetched
    assert _unread_and_stories(tmp_path) == {"First": (7, 7), "Copy": (3, 5)}  # no copies of the new two
    (row,) = [ln for ln in newsdesk(tmp_path, "feeds").stdout.splitlines() if "Copy" in ln]
    assert "FAILING" in row and "already subscribed as First: remove this one" in row

    proc = newsdesk(tmp_path, "remove", "Copy")  # as the line says: its read marks go to First
    assert proc.stdout.strip().endswith("; 2 read marks carried to First"), proc.stdout
    assert _unread_and_stories(tmp_path) == {"First": (5, 7)}
    assert newsdesk(tmp_path, "refresh").returncode == 0


def test_the_first_one_stored_is_kept_whatever_the_names_and_whichever_is_refreshed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Subscriptions stored before the time of adding was kept all have 0: the one first in the file is the
    first, though the list shows the other first by name. A refresh of the later one alone fails it too."""
    feed_server.set("/feed.xml", make_feed(10, 3))
    url = feed_server.url("/feed.xml")
    with Store(tmp_path / "data") as store:
        zed = store.add_feed(url, title="Zed")
        aardvark = store.add_feed(feed_server.url("/elsewhere.xml"), title="Aardvark")
    _as_old_code_left_it(
        tmp_path / "data", {"Zed": {"added": 0.0}, "Aardvark": {"added": 0.0, "url": url + "?"}}
    )
    with Store(tmp_path / "data") as store:
        assert [f.title for f in store.feeds()] == ["Aardvark", "Zed"]
        assert store.same_address() == {aardvark.id: store.get_feed(zed.id)}
        (alone,) = refresh(store, [f for f in store.feeds() if f.id == aardvark.id])
        assert alone.outcome == "failed" and alone.error.endswith(
            "already subscribed as Zed: remove this one"
        )
        results = {r.feed_id: r for r in refresh(store)}
        assert results[zed.id].outcome == "new" and results[aardvark.id].outcome == "failed"
        assert store.headers(aardvark.id) == [] and len(store.headers(zed.id)) == 3
        stored = store.get_feed(aardvark.id)
        assert stored is not None and stored.status.failures == 2 and stored.url == url + "?"


def test_a_feed_moved_onto_such_an_address_is_named_a_copy_of_the_same_first(tmp_path: Path) -> None:
    """One map of addresses to their first subscription serves both checks (Store.by_address): a feed moved for
    good to the address is named a copy of the one same_address keeps, the first in the file, not of the first
    by name (moved_onto built its own map from the name-sorted list, and ties went by name)."""
    from dataclasses import replace

    from feeds.moved import moved_onto

    url = "https://news.example/feed.xml"
    with Store(tmp_path / "data") as store:
        zed = store.add_feed(url, title="Zed")
        aardvark = store.add_feed("https://news.example/elsewhere.xml", title="Aardvark")
        mover = store.add_feed("https://old.example/feed.xml", title="Mover")
    _as_old_code_left_it(
        tmp_path / "data", {"Zed": {"added": 0.0}, "Aardvark": {"added": 0.0, "url": url + "?"}}
    )
    with Store(tmp_path / "data") as store:
        first = store.get_feed(zed.id)
        by_address = store.by_address()
        assert store.same_address(by_address) == store.same_address() == {aardvark.id: first}
        moved = replace(
            mover, status=replace(mover.status, moved_to=url.upper().replace("FEED.XML", "feed.xml"))
        )
        assert moved_onto(by_address, [moved, zed]) == {mover.id: first}
