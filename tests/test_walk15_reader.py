"""What a fifteenth walk, as a long-time newsboat user, found in the reader: five stories served from 127.0.0.1
and refreshed into a real store in a temporary folder (the third walk's fixture), the real app driven by Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver, test_walk3_reader
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.demo_store import story_titled
from tests.test_tui_entities import XI_KIM
from tui.commands import help_rows
from tui.screens.entity_pivot import EntityPivot

feed_server = httpserver.feed_server
store = test_walk3_reader.store  # five stories, "Story 0" (newest) to "Story 4"
pytestmark = pytest.mark.anyio


async def test_capital_j_and_k_open_the_next_and_previous_story_read_or_not(store: Store) -> None:
    """newsboat's J and K go to the next and previous article, read or not; here they did nothing at all, without
    a word. In a story they open the list's next (previous) story, read ones too, where n and p skip them."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("enter", "J", "J")  # Story 0 was read on opening: J still stops at it coming back
        assert screen.story_view.story is not None and screen.story_view.story.title == "Story 2"
        await pilot.press("K", "K")
        assert screen.story_view.story.title == "Story 0"
        assert screen.story_list.current is not None and screen.story_list.current.title == "Story 0"
        await pilot.press("K")
        await pilot.pause()
        assert messages(app)[-1] == "No more stories above."
        await pilot.press("escape", "J", "J")  # in the list: the cursor moves, as j does; nothing opens
        assert screen.story_list.current is not None and screen.story_list.current.title == "Story 2"
        assert screen.story_view.story.title == "Story 0"


async def test_capital_j_and_k_are_listed_in_the_help_and_the_palette(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(120, 40)):
        keys = {row.id: row.keys for row in help_rows(app, app.binding_sources())}
        assert keys["story.next"] == "J" and keys["story.previous"] == "K"


async def test_capital_n_outside_search_names_the_key_that_marks_read(store: Store) -> None:
    """newsboat's N marks an article read or unread; here it is the previous search match, and outside a story
    opened from search it said only that: a newsboat user was not told which key marks a story."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "N")
        await pilot.pause()
        assert messages(app)[-1] == (
            "N jumps between matches in a story opened from search (/); m marks a story read or unread."
        )


async def test_the_pivots_back_key_is_in_the_help_and_a_keymap_moves_it(demo_copy: Store) -> None:
    """The entity pivot's escape and q were not in the help, and a keymap naming ``pivot.back`` was refused at
    start ("keymap names unknown bindings: pivot.back"), the key left where it was."""
    app = reader(demo_copy, keymap={"pivot.back": "h"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any("unknown" in m for m in messages(app)), messages(app)
        assert ("pivot", "h") in {(row.section, row.keys) for row in help_rows(app, app.binding_sources())}
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        screen.open_story_id(story_titled(demo_copy, XI_KIM))
        await pilot.press("E", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityPivot))
        await pilot.press("h")
        await until(pilot, lambda: app.screen is screen)


async def test_the_help_lists_the_group_keys_after_the_story_keys(store: Store) -> None:
    """z and M act on stories, but the help listed them last, under the help's own "esc ? q Close"."""
    app = reader(store)
    async with app.run_test(size=(120, 40)):
        sections = list(dict.fromkeys(row.section for row in help_rows(app, app.binding_sources())))
        assert sections[:3] == ["story", "group", "feeds"], sections


async def test_a_refresh_moves_no_pane_and_keeps_the_lists_place(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The refresh bar took a row of its own while a refresh ran: every pane's bottom edge jumped up a row and back
    down, and a list whose cursor was on its last row scrolled a row to keep it in sight, and stayed scrolled once
    the bar was gone. The bar lies over the panes' bottom edge now: nothing moves."""
    feed_server.set("/many.xml", test_walk3_reader.rss(40))
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/many.xml"))
        [result] = refresh(store)
        assert not result.error
        store.add_feed(feed_server.url("/stall"), title="Stalling")
        app = reader(store)
        async with app.run_test(size=(80, 24)) as pilot:
            stories = app.main_screen.story_list
            await pilot.press(*["j"] * (stories.scrollable_content_region.height - 1))
            size, top, cursor = stories.size, stories.scroll_offset.y, stories.cursor
            assert top == 0 and cursor > 0
            await pilot.press("R")
            await until(pilot, lambda: app.main_screen.progress.done == 1)
            await pilot.pause()
            assert (stories.size, stories.scroll_offset.y, stories.cursor) == (size, top, cursor)
            await pilot.press("escape")
            await until(pilot, lambda: not app.refreshing)
            await pilot.pause()
            assert (stories.size, stories.scroll_offset.y, stories.cursor) == (size, top, cursor)


@pytest.mark.parametrize("pane", ["feeds", "stories"])
@pytest.mark.parametrize("key", ["n", "space"])
async def test_on_80_columns_n_and_space_in_a_list_show_the_story_they_open(
    store: Store, pane: str, key: str
) -> None:
    """At 80 columns one pane shows at a time. In the feed list (the footer offering "n Next unread") or the story
    list, n and space opened a story in the hidden story pane and marked it read: the screen stayed as it was,
    and the story was read unseen."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        assert screen.pane == "stories"
        if pane == "feeds":
            await pilot.press("escape")
        assert screen.pane == pane
        await pilot.press(key)
        await pilot.pause()
        assert screen.story_view.story is not None and screen.story_view.story.title == "Story 0"
        assert screen.pane == "story" and screen.story_view.has_focus
        assert screen.story_view.region.width > 0  # shown, not behind the list
