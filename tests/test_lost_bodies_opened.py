"""A bodies file found damaged as a story is opened is said at once, and once, by the reader and the commands.

The read put the damaged file aside (its last good copy, or none, taken in its place), but its note stayed with
the file's storage, which :attr:`Store.recovered` did not look at: `newsdesk show` printed the story without its
text and said nothing, and so did the reader; the refresh after said the file "was missing". Real parts: the
installed command and the real app under Textual's Pilot, on a real store in a tmp dir, its feed from a real
server on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feeds.enrich import RelatedService, enrich
from feeds.refresh import refresh
from feeds.search.service import SearchService
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, reader, until
from tests.test_cli import newsdesk

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server


def _cut(victim: Path) -> None:
    whole = victim.read_bytes()
    victim.write_bytes(whole[: len(whole) // 2])


def _cut_store(
    root: Path, feed_server: FeedServer, *, cut: bool = True
) -> tuple[Path, list[str], dict[str, str]]:
    """A store of one feed with no last good copy of its bodies file, that file cut in half if ``cut``: the file,
    the story ids (newest first) and their texts."""
    feed_server["/a.xml"] = make_feed(1, 6)
    with Store(root) as store:
        feed = store.add_feed(feed_server.url("/a.xml"))
        refresh(store)
        ids = [h.id for h in store.headers(feed.id)]
        texts = {sid: story.text for sid in ids if (story := store.story(sid)) is not None}
    victim = root / "bodies" / f"{feed.id}.json"
    assert not victim.with_name(victim.name + ".bak").exists() and len(texts) == 6
    if cut:
        _cut(victim)
    return victim, ids, texts


@pytest.mark.parametrize("in_place", [False, True], ids=["read-at-start", "read-as-opened"])
async def test_the_reader_says_a_bodies_file_found_damaged_as_it_is_read(
    tmp_path: Path, feed_server: FeedServer, in_place: bool
) -> None:
    """Cut before the reader starts, the search index's pass at its start reads the file (its stamp moved).
    Damaged in place, its size and time kept (a disk's error), the index holds it current: the story opened
    reads it."""
    data = tmp_path / "data"
    victim, ids, texts = _cut_store(data, feed_server, cut=not in_place)
    if in_place:
        with Store(data) as store:  # the passes at the reader's start (names, search) find nothing to do
            enrich(store, RelatedService(store))
            service = SearchService(store)
            service.open()
            service.settle()
        victim.with_name(victim.name + ".bak").unlink()  # the names' write kept one
        before = victim.stat()
        whole = victim.read_bytes()
        victim.write_bytes(whole[: len(whole) // 2] + b" " * (len(whole) - len(whole) // 2))
        os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))
    with Store(data) as store:
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:

            def said() -> list[str]:
                return [m for m in messages(app) if f"bodies/{victim.name}" in m]

            if in_place:
                await until(pilot, lambda: (s := app.main_screen.search_service) is not None and s.ready)
                await pilot.pause(0.2)
                assert said() == [] and store.notes_count == 0, store.recovered  # the start read none
            await pilot.press("enter")
            await until(pilot, said)
            (first,) = said()
            assert "was damaged and had no good backup" in first and "texts were lost" in first, first
            await pilot.press("escape", "j", "enter")
            await pilot.pause(0.3)
            assert said() == [first]  # once


def test_show_says_a_bodies_file_found_damaged_once_and_the_refresh_brings_the_texts_back(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    data = tmp_path / "data"
    victim, ids, texts = _cut_store(data, feed_server)
    first = newsdesk(data, "show", ids[0])
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr
    said = [line for line in first.stderr.splitlines() if line.startswith("newsdesk: ")]
    assert len(said) == 1 and f"bodies/{victim.name} was damaged and had no good backup" in said[0], said
    assert "texts were lost; its feed is fetched whole at the next refresh" in said[0], said
    again = newsdesk(data, "show", ids[1])
    assert again.returncode == 0 and "newsdesk: " not in again.stderr, again.stderr  # said once

    proc = newsdesk(data, "refresh")  # the feed answers 304 to its validators: fetched whole all the same
    assert proc.returncode == 0 and "newsdesk: " not in proc.stderr, proc.stderr  # said by `show` already
    with Store(data, readonly=True) as store:
        assert {sid: story.text for sid in ids if (story := store.story(sid)) is not None} == texts
