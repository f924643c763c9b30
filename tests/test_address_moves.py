"""No path that changes a subscription's address can give it another subscription's address (compared as the
store compares them, :func:`feeds.addresses.address_key`): the store's own update, a refresh's moves for good,
the demo's repointing. Real store, real HTTP server on 127.0.0.1, the installed command."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.addresses import address_key
from feeds.demo import demo_feed_files
from feeds.refresh import Progress, refresh
from feeds.store import DuplicateFeed, Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def test_an_update_cannot_give_a_feed_another_subscriptions_address(tmp_path: Path) -> None:
    """`update_feed` took any record: a caller that changed a feed's address (as a refresh's move does) could
    give it another subscription's, and each story of that address was stored twice."""
    with Store(tmp_path / "data") as store:
        first = store.add_feed("https://example.org/a b.xml", title="First")
        second = store.add_feed("https://example.org/second.xml", title="Second")
        with pytest.raises(DuplicateFeed, match="already subscribed as First"):
            store.update_feed(replace(second, url="HTTPS://Example.org:443/a%20b.xml", title="Renamed"))
        with pytest.raises(DuplicateFeed):  # all or none: the rename given with it is not kept either
            store.update_feeds([replace(first, title="Kept?"), replace(second, url=first.url)])
        assert store.get_feed(second.id) == second and store.get_feed(first.id) == first
    with Store(tmp_path / "data") as store:
        assert {f.id: (f.url, f.title) for f in store.feeds()} == {
            first.id: ("https://example.org/a b.xml", "First"),
            second.id: ("https://example.org/second.xml", "Second"),
        }


def test_two_feeds_moved_to_one_address_in_one_update_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "data") as store:
        a = store.add_feed("https://example.org/a.xml", title="A")
        b = store.add_feed("https://example.org/b.xml", title="B")
        with pytest.raises(DuplicateFeed, match="already subscribed as A"):
            store.update_feeds([replace(a, url="https://example.org/new.xml"), replace(b, url="https://example.org/%6Eew.xml")])  # fmt: skip
        # Two feeds trading addresses, or one written another way, share nothing.
        store.update_feeds([replace(a, url=b.url), replace(b, url=a.url)])
        store.update_feed(replace(a, url="HTTPS://example.org/b.xml"))
        assert sorted(f.url for f in store.feeds()) == [
            "HTTPS://example.org/b.xml",
            "https://example.org/a.xml",
        ]


def test_two_subscriptions_of_one_address_from_an_older_store_still_record_their_status(
    tmp_path: Path,
) -> None:
    """Only a change of address is checked: the refresh records the later copy's failure on every run."""
    with Store(tmp_path / "data") as store:
        store.add_feed("https://example.org/feed", title="First")
        copy = store.add_feed("https://example.org/other", title="Copy")
    path = tmp_path / "data" / "feeds.json"
    doc = json.loads(path.read_text())
    for record in doc["feeds"].values():
        if record["title"] == "Copy":
            record["url"] = "https://example.org/%66eed"
    path.write_text(json.dumps(doc))
    with Store(tmp_path / "data") as store:
        copy = store.get_feed(copy.id) or copy
        store.update_feed(copy.with_status(last_attempt=1.0, last_error="already subscribed", failures=1))
    with Store(tmp_path / "data") as store:
        stored = store.get_feed(copy.id)
        assert stored is not None and stored.status.failures == 1


def _as_old_code_left_it(data: Path, changes: dict[str, str]) -> None:
    """Give subscriptions (by title) the addresses older versions could have stored beside another's."""
    path = data / "feeds.json"
    doc = json.loads(path.read_text())
    for record in doc["feeds"].values():
        record["url"] = changes.get(record["title"], record["url"])
    path.write_text(json.dumps(doc))


def test_an_address_written_another_way_is_no_new_address(tmp_path: Path) -> None:
    """A feed of a pair an older version stored may still be given its own address written another way: that
    makes no second subscription of it (the pair was there already)."""
    with Store(tmp_path / "data") as store:
        first = store.add_feed("https://example.org/feed", title="First")
        store.add_feed("https://example.org/copy", title="Copy")
    _as_old_code_left_it(tmp_path / "data", {"Copy": "https://example.org/%66eed"})
    with Store(tmp_path / "data") as store:
        store.update_feed(replace(first, url="HTTPS://example.org/feed"))
    with Store(tmp_path / "data") as store:
        assert {f.title: f.url for f in store.feeds()} == {
            "First": "HTTPS://example.org/feed",
            "Copy": "https://example.org/%66eed",
        }


def test_a_move_onto_an_address_two_subscriptions_share_names_the_first(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """The refresh named whichever of the two came last by name: here the copy, itself failing "remove this
    one"."""
    feed_server.set("/feed.xml", make_feed(43, 3))
    feed_server.set("/mover.xml", make_feed(44, 3))
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/feed.xml"), title="First")
        store.add_feed(feed_server.url("/second.xml"), title="Second")
        mover = store.add_feed(feed_server.url("/mover.xml"), title="Mover")
    _as_old_code_left_it(
        tmp_path / "data", {"Second": feed_server.url("/feed.xml").replace("http:", "HTTP:")}
    )
    feed_server.move("/mover.xml", "/feed.xml")
    with Store(tmp_path / "data") as store:
        results = {r.feed_id: r for r in refresh(store)}
        assert results[mover.id].outcome == "failed"
        assert results[mover.id].error.endswith("which is already subscribed as First: remove this one")


def test_a_feed_sent_back_to_its_address_keeps_it_from_a_feed_moved_there_meanwhile(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A feed moved for good to a web page keeps its own address (it did not move to a feed). The refresh gave
    that address up at the redirect, so another feed moved onto it in the same refresh was let in: two
    subscriptions of one address, each story stored twice from then on."""
    feed_server.set("/d.xml", make_feed(41, 3))
    with Store(tmp_path / "data") as store:
        stays = store.add_feed(feed_server.url("/a.xml"), title="Stays")
        comes = store.add_feed(feed_server.url("/d.xml"), title="Comes")
        feed_server.move("/a.xml", "/html")  # a web page (see tests.httpfaults)
        held = feed_server.hold("/d.xml")

        def on_progress(progress: Progress) -> None:
            # Once "Stays" is back at /a.xml, /a.xml serves a feed again and /d.xml moves for good onto it.
            if progress.result is not None and progress.result.feed_id == stays.id:
                feed_server.moved.pop("/a.xml")
                feed_server.set("/a.xml", make_feed(42, 4))
                feed_server.move("/d.xml", feed_server.url("/a.xml"))
                held.set()

        results = {r.feed_id: r for r in refresh(store, [stays, comes], on_progress=on_progress)}
        assert held.is_set()
        assert results[stays.id].outcome == "failed" and "redirects for good" in results[stays.id].error
        assert results[comes.id].outcome == "failed"
        assert results[comes.id].error.endswith("which is already subscribed as Stays: remove this one")
    with Store(tmp_path / "data") as store:
        assert {f.title: f.url for f in store.feeds()} == {
            "Stays": feed_server.url("/a.xml"),
            "Comes": feed_server.url("/d.xml"),
        }
        assert store.headers(comes.id) == []  # no copies of what /a.xml serves


def test_the_demo_is_not_repointed_onto_a_file_subscribed_by_its_file_url(tmp_path: Path) -> None:
    """A demo feed of another copy of the code is pointed at this copy's file; if that file is already subscribed
    as a "file:" URL, pointing it there made two subscriptions of one file (and now the store refuses it)."""
    old_copy = tmp_path / "old-clone" / "feeds" / "demo"
    old_copy.mkdir(parents=True)
    first, *rest = demo_feed_files()
    with Store(tmp_path / "demo") as store:
        for path in [first, *rest]:
            shutil.copy(path, old_copy / path.name)
            store.add_feed(str(old_copy / path.name), tags=("demo",))
        store.add_feed(first.as_uri(), title="Mine")
    listed = newsdesk(tmp_path, "--demo", "feeds", "--json")
    assert listed.returncode == 0, listed.stderr
    urls = [row["url"] for row in json.loads(listed.stdout)]
    assert len(urls) == 1 + len(rest) + 1
    assert first.as_uri() in urls and str(old_copy / first.name) in urls  # left where it was
    assert sorted(str(p) for p in rest) == sorted(u for u in urls if u.startswith(str(first.parent)))
    assert len({address_key(u) for u in urls}) == len(urls)
