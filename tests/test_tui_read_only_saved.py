"""A ``--read-only`` reader showing a saved search the copy that writes deletes.

The real app through Pilot on a read-only store; a real writing store on the same folder deletes the saved
search while the read-only reader shows it. The reader looks every tenth of a second here (five seconds in use);
each test waits, in a bounded loop, for the change to show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds import saved_searches as ss
from feeds.saved_searches import key_of
from feeds.store import Store
from tests import read_only_copy
from tests.snapshot_apps import messages, palette_offers, reader, until
from tests.snapshot_apps.stores import build_store

pytestmark = pytest.mark.anyio
look_often = read_only_copy.look_often  # every test: the copy looks often
SIZE = (120, 40)
GONE = "The saved search “{}” was removed by another newsdesk on this data folder: showing All."


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """(the writer, with two saved searches; a read-only copy opened after it)."""
    writer, _ids = build_store(tmp_path / "data")
    ss.save(writer, "Rail", "rail")
    ss.save(writer, "Storms", "storm")
    copy = Store(tmp_path / "data", readonly=True)
    yield writer, copy
    copy.close()
    writer.close()


async def test_a_saved_search_the_writer_deleted_moves_to_all(stores: tuple[Store, Store]) -> None:
    """The copy showed "Saved searches · Rail (deleted)" with no stories, for good. It moves to All (the feed
    list's cursor too) and says why, as for a removed feed; the other saved search stays listed."""
    writer, copy = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        assert screen.feed_list.select_key(key_of("Rail"))
        await until(pilot, lambda: str(screen.story_list.border_title).startswith("Rail · "))
        assert screen.story_list.rows
        ss.delete(writer, "Rail")  # the command line has no way to delete one
        await until(pilot, lambda: screen.source == "all")
        assert GONE.format("Rail") in messages(app)
        assert screen.feed_list.current is not None and screen.feed_list.current.key == "all"
        await until(pilot, lambda: [s.name for s in screen.feed_list.saved] == ["Storms"])
        assert str(screen.story_list.border_title) == f"All · {len(copy.headers())}"
        assert "deleted" not in str(screen.story_list.border_title)
        assert app.is_running


async def test_a_saved_search_not_shown_goes_without_a_word(stores: tuple[Store, Store]) -> None:
    """Deleting a saved search the copy does not show leaves the list where it is and says nothing."""
    writer, copy = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        assert screen.feed_list.select_key(key_of("Storms"))
        await until(pilot, lambda: str(screen.story_list.border_title).startswith("Storms · "))
        ss.delete(writer, "Rail")
        await until(pilot, lambda: [s.name for s in screen.feed_list.saved] == ["Storms"])
        assert screen.source == key_of("Storms")
        assert not [m for m in messages(app) if "removed by another newsdesk" in m]


async def test_a_saved_search_the_writer_renamed_stays_under_its_new_name(
    stores: tuple[Store, Store],
) -> None:
    """The copy took a rename for a deletion: it moved to All and said "The saved search “Rail” was removed". The
    list stays, titled and listed under the new name, the cursors on the search and on the same story; nothing
    is said, and the palette offers the new name."""
    writer, _opened_before = stores
    # A few stories, for the cursor to stand on the second.
    ss.save(writer, "Rail", "rail OR draft OR harbour")
    with Store(writer.root, readonly=True) as copy:
        app = reader(copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
            assert screen.feed_list.select_key(key_of("Rail"))
            await until(pilot, lambda: str(screen.story_list.border_title).startswith("Rail · "))
            rows = [r.id for r in screen.story_list.rows]
            assert len(rows) > 1
            screen.story_list.focus()
            await pilot.press("j")
            at = screen.story_list.rows[screen.story_list.cursor].id
            assert at == rows[1]

            ss.rename(writer, "Rail", "Trains")
            await until(pilot, lambda: [s.name for s in screen.feed_list.saved] == ["Storms", "Trains"])
            await until(pilot, lambda: str(screen.story_list.border_title) == f"Trains · {len(rows)}")
            assert screen.source == key_of("Trains")
            assert screen.feed_list.current is not None and screen.feed_list.current.key == key_of("Trains")
            assert [r.id for r in screen.story_list.rows] == rows
            assert screen.story_list.rows[screen.story_list.cursor].id == at
            assert not [m for m in messages(app) if "removed by another newsdesk" in m]
            titles = await palette_offers(pilot, app, "")
            assert "saved: Trains" in titles and "saved: Rail" not in titles, titles
            assert app.is_running


@pytest.mark.parametrize("shown", ["saved search", "feed"])
async def test_a_list_the_writer_removes_while_searching_is_all_once_search_closes(
    stores: tuple[Store, Store], shown: str
) -> None:
    """Searching from a saved search (or a feed) the writer then deleted, the copy went back to it on Escape:
    "Saved searches · Rail (deleted)" with no stories, or an empty list. Search goes on with its results; the list
    to go back to is All, said once, as when not searching."""
    writer, copy = stores
    feed = next(f for f in writer.feeds() if any("rail" in h.title.casefold() for h in writer.headers(f.id)))
    key, name = (
        (key_of("Rail"), "The saved search “Rail”")
        if shown == "saved search"
        else (f"feed:{feed.id}", f"“{feed.name}”")
    )
    gone = f"{name} was removed by another newsdesk on this data folder: showing All."
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        assert screen.feed_list.select_key(key)
        await until(pilot, lambda: screen.source == key and screen.story_list.rows)
        await pilot.press("slash", *"rail")
        await until(
            pilot,
            lambda: str(screen.story_list.border_title).startswith("Search · ") and screen.story_list.rows,
        )
        if shown == "saved search":
            ss.delete(writer, "Rail")
        else:
            writer.remove_feed(feed.id)
        await until(pilot, lambda: gone in messages(app))
        await pilot.pause(0.3)  # a few more looks
        assert str(screen.story_list.border_title).startswith("Search · ")  # the results stay while searching
        await pilot.press("escape")
        await until(pilot, lambda: not screen.search_active)
        assert screen.source == "all"
        assert screen.feed_list.current is not None and screen.feed_list.current.key == "all"
        assert str(screen.story_list.border_title) == f"All · {len(copy.headers())}"
        await pilot.pause(0.3)
        assert messages(app).count(gone) == 1, messages(app)
        assert app.is_running
