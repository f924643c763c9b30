"""A refresh inside the reader that finds a feed's texts lost says so, as `newsdesk refresh` does.

The reader said the store's notes only at start-up: a refresh run from it (``R``, ``r``, the timed one) that
fetched a feed whole to bring its lost texts back said nothing, and the user saw stories come back with no word
of why. Real parts: the real app under Textual's Pilot, a real store in a tmp dir, feeds from a real server on
127.0.0.1 that answers 304 when it can."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps import reader, refreshed, until

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server


def _texts(store: Store, feed_id: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for header in store.headers(feed_id):
        story = store.story(header.id)
        assert story is not None
        out[header.id] = story.text
    return out


@pytest.mark.parametrize("cut", ["emptied", "record"])
async def test_a_refresh_in_the_reader_says_the_texts_it_brings_back(
    tmp_path: Path, feed_server: FeedServer, cut: str
) -> None:
    feed_server["/a.xml"] = make_feed(1, 6)
    feed_server["/b.xml"] = make_feed(2, 4)
    with Store(tmp_path / "data") as store:
        a = store.add_feed(feed_server.url("/a.xml"))
        store.add_feed(feed_server.url("/b.xml"))
        refresh(store)
        refresh(store)  # all 304
        before = _texts(store, a.id)
    assert len(before) == 6 and all(before.values())
    victim = tmp_path / "data" / "bodies" / f"{a.id}.json"
    if cut == "emptied":
        victim.write_bytes(b"")
    else:  # one record removed from a well-formed file
        doc = orjson.loads(victim.read_bytes())
        del doc["bodies"][next(iter(doc["bodies"]))]
        victim.write_bytes(orjson.dumps(doc))

    with Store(tmp_path / "data") as store:
        await _refresh_in_the_reader(store, victim, before, parses=cut == "record")


async def _refresh_in_the_reader(store: Store, victim: Path, before: dict[str, str], *, parses: bool) -> None:
    """``parses``: the file still parses, so only the refresh's check finds its texts lacking; an emptied one is
    found by whatever reads it first, the search index's pass at the start too, and said then (once in all)."""
    feed_id = victim.name.removesuffix(".json")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:

        def said() -> list[object]:
            return [n for n in app._notifications if f"bodies/{victim.name}" in str(n.message)]

        await pilot.pause()
        if parses:
            assert said() == []  # nothing is known before the refresh looks
        # Not "until not app.refreshing": that held before R reached its binding too, and an emptied file's
        # note, said by the index's pass, was up already: the texts were read before the refresh brought them.
        await refreshed(pilot, app, "R")
        await until(
            pilot, said
        )  # a notice is a message to the app: the one after "Refresh done" may be on its way
        first = said()
        assert len(first) == 1 and "fetched whole" in str(first[0].message), first  # type: ignore[attr-defined]
        assert _texts(store, feed_id) == before

        await refreshed(pilot, app, "R")  # said once: the texts are back, the feed answers 304 again
        # What the refresh's end starts (the index's update, the names' pass) may look at the notes again.
        await until(pilot, lambda: all(w.is_finished for w in app.workers), what="the passes after it to end")
        await pilot.pause()  # and their last messages
        assert [n for n in said() if n not in first] == []
