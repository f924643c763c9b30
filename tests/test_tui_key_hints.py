"""What the reader says about its keys: ctrl+c, the footer at 80 columns and under a dialog, and notices that
name the key the user's keymap binds (not the default)."""

from __future__ import annotations

import pytest

from feeds.store import Store
from tests.snapshot_apps import messages, reader
from tui.screens.help import HelpScreen
from tui.widgets.search_bar import SearchBar

pytestmark = pytest.mark.anyio


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.mark.parametrize("where", ["stories", "help", "search"])
async def test_ctrl_c_quits_cleanly_from_anywhere(store: Store, where: str) -> None:
    """Textual answered ctrl+c with "Press ctrl+q to quit the app", a key we never name. It quits, as q does
    (status 0), from the lists, a dialog and the search bar alike, and what was marked is in the store."""
    app = reader(store)
    first = None
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.main_screen.story_list.rows[0]
        await pilot.press("m")  # marked read: written at once
        if where == "help":
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
        elif where == "search":
            await pilot.press("slash", "x")
            assert app.main_screen.query_one(SearchBar).has_focus_within
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not any("ctrl+q" in m for m in messages(app))
        assert not app.is_running
    assert app.return_code == 0
    root = store.root
    store.close()
    with Store(root, readonly=True) as again:
        assert again.is_read(first.id)


KEYMAP = {
    "story.entities": "I",
    "story.related": "Y",
    "story.links": "U",
    "story.bookmark": "x",
    "search.previous_match": "P",
    "search.open": "ctrl+f",
    "cursor.select": "l",
}


async def test_notices_name_the_keys_the_keymap_binds(store: Store) -> None:
    """A notice said "E and L show ...", "u lists ...", "b bookmarks ..." whatever the user's keymap made of
    those keys: it sent them to keys that now do something else, or nothing."""
    app = reader(store, keymap=KEYMAP)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("I")
        assert "Open a story first (l): I and Y show its names and related stories." in messages(app)
        await pilot.press("U")
        assert "Open a story first (l): U lists its links." in messages(app)
        await pilot.press("P")
        assert "P jumps between matches in a story opened from search (ctrl+f)." in messages(app)
        text = "\n".join(messages(app))
        assert " u " not in text and "(enter)" not in text and "(/)" not in text
        app.main_screen.feed_list.select_key("bookmarks")
        await pilot.pause()
        assert (
            app.main_screen.story_list.empty_text == "No bookmarks: x bookmarks the story under the cursor."
        )


async def test_with_no_keymap_the_notices_name_the_default_keys(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u", "N")
        assert "Open a story first (enter): u lists its links." in messages(app)
        assert "N jumps between matches in a story opened from search (/)." in messages(app)
        app.main_screen.feed_list.select_key("bookmarks")
        await pilot.pause()
        assert (
            app.main_screen.story_list.empty_text == "No bookmarks: b bookmarks the story under the cursor."
        )
