"""What a fourth walk found typing ahead: keys that arrive together, as from a fast typist, a paste or a terminal
over a slow link, each reach what was on screen when it was typed. The reader is the real app over a store
refreshed from 127.0.0.1; the keys are put in its queue in one go, as its terminal driver does with one read of
several characters (Pilot's ``press`` waits for each key to be handled, which hides the race)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from feeds import saved_searches
from feeds.saved_searches import key_of
from feeds.store import Store
from tests import httpserver, test_walk3_reader
from tests.snapshot_apps import reader, until
from tui.app import NewsdeskApp
from tui.screens.bookmark_edit import BookmarkEditScreen
from tui.screens.save_search import NameScreen

feed_server = httpserver.feed_server
store = test_walk3_reader.store  # five stories refreshed from 127.0.0.1
pytestmark = pytest.mark.anyio


def type_at_once(app: NewsdeskApp, text: str) -> None:
    """``text`` as the terminal driver hands it on when it arrives in one read: every key queued before any runs."""
    for char in text:
        app.post_message(events.Key("slash" if char == "/" else char, char))


async def test_a_query_typed_straight_after_the_slash_goes_into_the_search_bar(store: Store) -> None:
    """Typed in one go, "/Amid" searched for nothing: the keys after "/" reached the story list, where A marked
    every story read and m toggled one back (and an o would have opened a link)."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        type_at_once(app, "/Amid")
        await pilot.pause()
        await pilot.pause()
        assert main.search_bar.input.value == "Amid"
        assert app.focused is main.search_bar.input
        assert len(store.unread_ids()) == 5  # nothing was marked read
        type_at_once(app, " a/b")  # in the box, a slash is a slash
        await pilot.pause()
        assert main.search_bar.input.value == "Amid a/b"
        assert main.search_active


async def test_a_note_typed_straight_after_b_goes_into_the_bookmark_dialog(store: Store) -> None:
    """Typed in one go, "Bmj" lost its letters: m marked the story read and j moved the cursor while the
    note-and-tags dialog was still coming up, which then opened empty."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        first = main.story_list.current
        type_at_once(app, "Bmj jm")
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        assert dialog.query_one("#bookmark-note", TextArea).text == "mj jm"
        assert main.story_list.current is first  # j did not move the cursor
        assert len(store.unread_ids()) == 5  # m did not mark it read
        await pilot.press("escape")
        type_at_once(app, "/Bob")  # in the search box, B is a letter
        await pilot.pause()
        assert main.search_bar.input.value == "Bob"
        assert app.screen is main


async def test_a_name_typed_straight_after_ctrl_n_goes_into_the_save_dialog(store: Store) -> None:
    """ctrl+n then a name in one go: the name went on the end of the query, and the dialog opened with the query."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        await until(pilot, lambda: main.search_service is not None and main.search_service.ready)
        type_at_once(app, "/story")
        await until(pilot, lambda: main._shown_query == "story")
        app.post_message(events.Key("ctrl+n", None))
        type_at_once(app, "Mine")
        await until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Mine"  # typed over the query it offers
        assert main.search_bar.input.value == "story"


async def test_a_name_typed_straight_after_f2_goes_into_the_rename_dialog(store: Store) -> None:
    """F2 then a new name in one go: its letters moved the feed list's cursor (j, k) instead."""
    saved_searches.save(store, "Mine", "story")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.focus_pane("feeds")
        await pilot.pause()
        assert main.feed_list.select_key(key_of("Mine"))
        app.post_message(events.Key("f2", None))
        type_at_once(app, "jkj")
        await until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.pause()
        assert app.screen.query_one(Input).value == "jkj"
        assert main.feed_list.current_saved == "Mine"
