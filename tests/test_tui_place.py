"""A restart comes back where the reader was: the list shown and the story under the cursor, kept in the store's
folder. Each test runs the reader, ends it, and runs a second reader over a fresh open of the same folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.saved_searches import key_of
from feeds.store import Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.stores import KEEP_ALL, build_store

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


def reopen(root: Path) -> Store:
    return Store(root, retention=KEEP_ALL)


async def test_a_restart_opens_the_feed_and_story_left(tmp_path: Path) -> None:
    store, ids = build_store(tmp_path / "data")
    feed_key = f"feed:{ids['harbour']}"
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        assert app.main_screen.feed_list.select_key(feed_key)
        await pilot.pause()
        app.main_screen.story_list.focus()
        await pilot.press("j", "j")
        left = app.main_screen.story_list.current
        assert left is not None and app.main_screen.source == feed_key
        await pilot.press("q")
    store.close()

    again = reopen(tmp_path / "data")
    app = reader(again)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert screen.source == feed_key and screen.feed_list.current is not None
        assert screen.feed_list.current.key == feed_key
        assert screen.story_list.current is not None and screen.story_list.current.id == left.id
        assert screen.story_list.cursor == 2
    again.close()


async def test_the_place_is_kept_when_a_story_opens_not_only_on_quitting(tmp_path: Path) -> None:
    """A reader killed (kill -9, a closed terminal) never quits: the place kept when the story was opened stays."""
    store, ids = build_store(tmp_path / "data")
    feed_key = f"feed:{ids['kestrel']}"
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        app.main_screen.feed_list.focus()
        assert app.main_screen.feed_list.select_key(feed_key)
        await pilot.press("enter", "j", "enter")  # the feed chosen, its second story opened
        opened = app.main_screen.story_view.story
        assert opened is not None
        # No q: the test ends the app as a kill would, without its quit.
    assert store.reader_place() == (feed_key, opened.id)
    store.close()
    again = reopen(tmp_path / "data")
    assert again.reader_place() == (feed_key, opened.id)
    app = reader(again)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main_screen.source == feed_key
        assert app.main_screen.story_list.current is not None
        assert app.main_screen.story_list.current.id == opened.id
    again.close()


async def test_a_removed_feed_or_purged_story_falls_back_without_a_word(tmp_path: Path) -> None:
    store, ids = build_store(tmp_path / "data")
    store.keep_reader_place(f"feed:{ids['atlas']}", "no-such-story")
    store.remove_feed(ids["atlas"])
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main_screen.source == "all" and app.main_screen.story_list.cursor == 0
        assert messages(app) == []
    store.keep_reader_place(f"feed:{ids['harbour']}", "no-such-story")  # the feed is there, its story is not
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main_screen.source == f"feed:{ids['harbour']}" and app.main_screen.story_list.cursor == 0
        assert messages(app) == []
    store.close()


async def test_a_saved_search_is_a_place_until_it_is_deleted(tmp_path: Path) -> None:
    store, _ids = build_store(tmp_path / "data")
    store.save_search("harbour", "harbour")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await until(pilot, lambda: screen.feed_list.select_key(key_of("harbour")))
        await until(pilot, lambda: bool(screen.story_list.rows))
        await pilot.press("q")
    assert store.reader_place()[0] == key_of("harbour")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: bool(screen.story_list.rows))
        assert screen.source == key_of("harbour")
        assert screen.feed_list.current is not None and screen.feed_list.current.key == key_of("harbour")
    store.delete_search("harbour")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main_screen.source == "all" and messages(app) == []
    store.close()


def test_the_store_keeps_one_place_and_writes_only_a_change(tmp_path: Path) -> None:
    store, ids = build_store(tmp_path / "data")
    assert store.reader_place() == ("all", None)
    assert store.keep_reader_place(f"feed:{ids['atlas']}", None)
    assert not store.keep_reader_place(f"feed:{ids['atlas']}", None)  # unchanged: no write
    assert store.keep_reader_place("unread", "s1")
    store.close()
    with Store(tmp_path / "data", readonly=True) as copy:
        assert copy.reader_place() == ("unread", "s1")
        assert not copy.keep_reader_place("all", None)  # a read-only copy keeps nothing, and says nothing


def test_a_kept_feed_or_first_row_is_found_without_counting_every_feed(tmp_path: Path) -> None:
    """At start the kept list is looked for before the feed list is built: that built the whole list (every
    feed's unread count) to find a feed or All in it, at 20,000 feeds about 0.1 s. A group's row is still looked
    for in the list, and a removed feed is still not found."""
    from tui.screens.place import place_exists

    with Store(tmp_path / "data", retention=KEEP_ALL) as store:
        kept = store.add_feed("https://a.example/feed.xml", title="A")
        store.add_feed("https://b.example/feed.xml", title="B", tags=["news"])
        counted: list[int] = []
        real = store.unread_counts
        store.unread_counts = lambda: counted.append(1) or real()  # type: ignore[method-assign]
        assert all(place_exists(store, key) for key in ("all", "unread", "bookmarks", f"feed:{kept.id}"))
        assert not place_exists(store, "feed:0000dead")
        assert counted == []
        assert place_exists(store, "tag:news") and not place_exists(store, "tag:sport")
        assert counted
