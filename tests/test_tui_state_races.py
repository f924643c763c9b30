"""The store changes under the reader: a refresh purges the story being read (retention), or its feed is removed,
while it is on screen. The real app through Pilot on a real store; the store is changed the way a refresh or an
unsubscribe changes it, behind the reader's back, and then the keys act on what the reader still shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from feeds.model import Story
from feeds.store import Retention, Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.stores import build_store
from tui.app import NewsdeskApp
from tui.screens.bookmark_edit import BookmarkEditScreen

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


def purge_every_story_of(store: Store, feed_id: str) -> None:
    """What a refresh does when retention (here: keep stories for a moment only) outlives the feed's stories."""
    kept = store.retention
    store.retention = Retention(max_per_feed=0, max_age_days=1e-9)
    try:
        assert store.save_stories(feed_id, []).purged
    finally:
        store.retention = kept


async def open_first(app: NewsdeskApp) -> Story:
    screen = app.main_screen
    screen.open_story(screen.story_list.rows[0])
    opened = screen.story_view.story
    assert opened is not None
    return opened


@pytest.mark.parametrize("how", ["purged by retention", "feed removed"])
async def test_b_bookmarks_the_story_being_read_after_the_store_lost_it(store: Store, how: str) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        opened = await open_first(app)
        if how == "feed removed":
            store.remove_feed(opened.feed_id)
        else:
            purge_every_story_of(store, opened.feed_id)
        assert store.story(opened.id) is None
        app.main_screen.story_view.focus()
        await pilot.press("b")
        await pilot.pause()
        mark = store.bookmark_of(opened.id)
        assert mark is not None, messages(app)
        assert mark.story.text == opened.text and mark.story.title == opened.title
        assert "Bookmarked." in messages(app)
        assert app.is_running


async def test_a_note_saved_after_a_purge_keeps_the_story_being_read(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        opened = await open_first(app)
        app.main_screen.story_view.focus()
        await pilot.press("B")
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        purge_every_story_of(store, opened.feed_id)  # a refresh finishes while the dialog is open
        await pilot.press(*"keep this")
        dialog.query_one("#bookmark-tags", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        mark = store.bookmark_of(opened.id)
        assert mark is not None, messages(app)
        assert mark.note == "keep this" and mark.story.text == opened.text
        assert app.screen is app.main_screen and app.is_running


@pytest.mark.parametrize("key", ["b", "m"])
async def test_keys_in_the_story_view_act_on_the_story_shown_when_the_list_does_not_hold_it(
    store: Store, key: str
) -> None:
    """One feed's list is shown; a story of another feed is opened (from the related sidebar or the entity pivot:
    ``open_story_id``), so the list's cursor stays on a row of its own. ``b`` and ``m`` in the story view
    bookmarked or marked that row, unseen, and said "Bookmarked."."""
    app = reader(store, mark_read_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        feeds = [e.key for e in screen.feed_list.entries if e.key.startswith("feed:")]
        assert screen.feed_list.select_key(feeds[0])
        await pilot.pause()
        listed = {h.id for h in screen.story_list.all_rows}
        row = screen.story_list.current
        assert row is not None and listed
        other = next(h for h in store.headers() if h.id not in listed)
        screen.open_story_id(other.id)
        await pilot.pause()
        assert app.focused is screen.story_view and screen.story_view.story.id == other.id  # type: ignore[union-attr]
        await pilot.press(key)
        await pilot.pause()
        if key == "b":
            assert store.is_bookmarked(other.id) and not store.is_bookmarked(row.id)
        else:
            assert store.is_read(other.id) and not store.is_read(row.id)
        screen.story_list.focus()  # in the list, the keys act on its row as ever
        await pilot.press(key)
        await pilot.pause()
        assert (store.is_bookmarked if key == "b" else store.is_read)(row.id)


async def test_a_read_only_copy_says_a_story_the_writer_purged_is_gone(tmp_path: Path) -> None:
    """A reader opened with --read-only beside the copy that writes: the writer's refresh purges a story this
    copy still lists. Opening it showed its title over an empty text, as if the story had none."""
    writer, _ids = build_store(tmp_path / "data")
    try:
        copy = Store(tmp_path / "data", readonly=True)
        app = reader(copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            listed = screen.story_list.rows[0]
            purge_every_story_of(writer, listed.feed_id)
            screen.open_story(listed)
            await pilot.pause()
            assert "That story is gone (purged, or its feed was removed)." in messages(app)
            view = screen.story_view.story
            assert view is None or view.id != listed.id
            assert app.is_running
        copy.close()
    finally:
        writer.close()


async def test_m_on_a_story_the_store_lost_says_so(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        opened = await open_first(app)
        purge_every_story_of(store, opened.feed_id)
        app.main_screen.story_view.focus()
        await pilot.press("m")
        await pilot.pause()
        assert any("gone" in m for m in messages(app)), messages(app)
        assert app.is_running and not store.is_read(opened.id)


@pytest.mark.parametrize("how", ["purged by retention", "feed removed"])
async def test_a_read_only_copy_does_not_find_a_story_the_writer_purged(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader opened with --read-only beside the copy that writes: the writer purges a story this copy's search
    index holds. Searches kept finding it (the index is checked against the store only at start) until the copy
    restarted; opening it said it was gone. The copy's look at the store (every few seconds; a tenth of one here)
    drops it from the index, and the results shown are asked again."""
    from feeds.search.service import SearchService
    from tests.test_tui_search import search, titles
    from tui.screens import read_only

    monkeypatch.setattr(read_only, "LOOK_EVERY", 0.1)

    writer, _ids = build_store(tmp_path / "data")
    try:
        SearchService(writer).open()  # the writer's index on disk, as after any start of it
        copy = Store(tmp_path / "data", readonly=True)
        app = reader(copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            await search(pilot, app, "strike")
            [rail] = screen.story_list.rows
            if how == "feed removed":
                writer.remove_feed(rail.feed_id)
            else:
                purge_every_story_of(writer, rail.feed_id)
            await until(
                pilot,
                lambda: (
                    screen._shown_query == "strike"
                    and screen.search_result is not None
                    and screen.search_result.total == 0
                ),
            )
            assert titles(screen) == []
            assert "Search · 0" in str(screen.story_list.border_title)
        copy.close()
    finally:
        writer.close()
