"""A feed's stories file that goes missing (deleted by hand, or a link to nothing) while ``feeds.json`` keeps the
validators and the fingerprint of the last fetch: the next refresh fetches and parses the document whole, so the
stories come back, with their read marks. It said "unchanged" (a 304, or the same bytes) and showed no stories
until the feed itself changed. Real TinyDB files, a real server on 127.0.0.1 that honours If-None-Match."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

EMPTY = b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>"


def _lose(path: Path, how: str) -> None:
    for victim in (path, path.with_name(path.name + ".bak")):
        victim.unlink(missing_ok=True)
    if how == "link to nothing":
        os.symlink(path.with_name("nowhere.json"), path)


def _stored_and_read(data: Path, url: str) -> tuple[str, set[str], str]:
    """Subscribe, refresh, mark the newest story read, and refresh again (a 304): the feed's id, its stories' ids
    and the read one."""
    with Store(data) as store:
        feed = store.add_feed(url)
        [first] = refresh(store)
        assert (first.outcome, first.new) == ("new", 6), first
        ids = {h.id for h in store.headers(feed.id)}
        read = store.headers(feed.id)[0].id
        store.set_read([read])
        [again] = refresh(store)
        assert again.outcome == "unchanged", again
        return feed.id, ids, read


@pytest.mark.parametrize("how", ["deleted", "link to nothing"])
@pytest.mark.parametrize("validators", [True, False], ids=["etag", "same-bytes"])
def test_a_lost_stories_file_is_refetched_whole(
    tmp_path: Path, feed_server: FeedServer, how: str, validators: bool
) -> None:
    feed_server.set("/f.xml", make_feed(1, 6), validators=validators)
    data = tmp_path / "data"
    feed_id, ids, read = _stored_and_read(data, feed_server.url("/f.xml"))
    if validators:
        assert feed_server.headers("/f.xml").get("if-none-match")  # the server was asked, and said 304
    _lose(data / "stories" / f"{feed_id}.json", how)
    with Store(data) as store:
        assert store.headers(feed_id) == []
        [result] = refresh(store)
        assert (result.outcome, result.new, result.error) == ("new", 6, ""), result
        assert "if-none-match" not in feed_server.headers("/f.xml")
        assert {h.id for h in store.headers(feed_id)} == ids
        assert store.is_read(read) and store.unread_counts().get(feed_id) == 5
        [after] = refresh(store)  # and the validators are kept again
        assert after.outcome == "unchanged", after
    with Store(data) as store:  # on disk, not only in memory
        assert {h.id for h in store.headers(feed_id)} == ids and store.is_read(read)


def test_a_stories_file_lost_while_the_store_is_open(tmp_path: Path, feed_server: FeedServer) -> None:
    """The reader keeps running while the file goes: the refresh brings the stories back to the file, and what
    the catalog in memory says agrees with it."""
    feed_server["/f.xml"] = make_feed(2, 6)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/f.xml"))
        refresh(store)
        ids = {h.id for h in store.headers(feed.id)}
        _lose(tmp_path / "data" / "stories" / f"{feed.id}.json", "deleted")
        [result] = refresh(store)
        assert (result.outcome, result.new, result.error) == ("new", 6, ""), result
        assert {h.id for h in store.headers(feed.id)} == ids
    with Store(tmp_path / "data") as store:
        assert {h.id for h in store.headers(feed.id)} == ids


def test_a_feed_with_no_stories_keeps_its_validators(tmp_path: Path, feed_server: FeedServer) -> None:
    """A feed that has never had a story has a stories file all the same, so it is not taken for one whose
    stories were lost and fetched whole on every refresh."""
    feed_server["/quiet.xml"] = EMPTY
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/quiet.xml"))
        [first] = refresh(store)
        assert (first.outcome, first.error) == ("unchanged", ""), first
        assert (tmp_path / "data" / "stories" / f"{feed.id}.json").is_file()
    with Store(tmp_path / "data") as store:
        [second] = refresh(store)
        assert second.outcome == "unchanged"
        assert feed_server.headers("/quiet.xml").get("if-none-match")


def test_a_stories_file_lost_beside_an_older_backup(tmp_path: Path, feed_server: FeedServer) -> None:
    """The store reads the backup (the generation before the last save) in place of a missing file: the stories
    the last save added were not in it, and a 304 kept them away."""
    feed_server["/f.xml"] = make_feed(3, 6)
    data = tmp_path / "data"
    with Store(data) as store:
        feed = store.add_feed(feed_server.url("/f.xml"))
        refresh(store)
        feed_server["/f.xml"] = make_feed(3, 6, generation=1)  # one newer story
        [second] = refresh(store)
        assert (second.outcome, second.new) == ("new", 1), second
        ids = {h.id for h in store.headers(feed.id)}
    path = data / "stories" / f"{feed.id}.json"
    assert path.with_name(path.name + ".bak").is_file()
    path.unlink()
    with Store(data) as store:
        assert len(store.headers(feed.id)) == 6  # the backup's
        [result] = refresh(store)
        assert (result.outcome, result.new, result.error) == ("new", 1, ""), result
        assert {h.id for h in store.headers(feed.id)} == ids
    assert path.is_file()
