"""What the reader says about its keys: ctrl+c, the footer at 80 columns and under a dialog, and notices that
name the key the user's keymap binds (not the default)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from feeds.store import Store
from tests.snapshot_apps import messages, reader
from tui.screens.help import HelpScreen
from tui.widgets.footer import KeyBar
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
    "story.toggle_read": "t",
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
        assert (
            "P jumps between matches in a story opened from search (ctrl+f); t marks a story read or unread."
            in messages(app)
        )
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
        assert (
            "N jumps between matches in a story opened from search (/); m marks a story read or unread."
            in messages(app)
        )
        app.main_screen.feed_list.select_key("bookmarks")
        await pilot.pause()
        assert (
            app.main_screen.story_list.empty_text == "No bookmarks: b bookmarks the story under the cursor."
        )


def bar_keys(bar: KeyBar) -> tuple[list[FooterKey], FooterKey]:
    """The bar's keys on screen, left to right, and its command palette key (on the right)."""
    keys = [key for key in bar.query(FooterKey) if key.display and not key.has_class("-command-palette")]
    return sorted(keys, key=lambda key: key.region.x), bar.query_one("FooterKey.-command-palette", FooterKey)


@pytest.mark.parametrize("pane", ["stories", "story", "feeds"])
async def test_at_80_columns_the_bar_shows_the_keys_that_matter_whole(store: Store, pane: str) -> None:
    """At 80 columns the bar was cut mid-word ("r R") and / Search, q Quit and ? Help were past the edge. The
    pane's own key comes first, then next unread, search, help, quit, refresh; a key that does not fit is left
    out whole, never cut, and none runs under the palette key."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        if pane == "story":
            await pilot.press("enter")
        elif pane == "feeds":
            await pilot.press("escape")
        await pilot.pause()
        bar = app.main_screen.query_one(KeyBar)
        keys, palette = bar_keys(bar)
        shown = [key.description for key in keys]
        assert {"Next unread", "Search", "Help", "Quit", "Refresh"} <= set(shown), shown
        assert shown.index("Help") < shown.index("Refresh")
        if pane != "story":
            assert shown[0] == "Open"
        assert all(key.region.right <= palette.region.x for key in keys), [
            (k.description, k.region) for k in keys
        ]
        assert all(key.region.width == key.get_content_width(key.size, key.size) for key in keys)  # not cut


async def test_a_wide_bar_shows_every_key_roomy(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        bar = app.main_screen.query_one(KeyBar)
        keys, _palette = bar_keys(bar)
        assert not bar.compact
        assert {"Open", "Toggle read", "Bookmark", "Open link", "Help", "Quit"} <= {
            k.description for k in keys
        }


@pytest.mark.parametrize(
    "keys", [["question_mark"], ["e"], ["enter", "u"], ["B"], ["escape", "A"], ["slash", "c", "ctrl+n"]]
)
async def test_a_dialog_shows_only_its_own_keys_on_the_bottom_line(store: Store, keys: list[str]) -> None:
    """Under the help, the errors, the links and the other dialogs the bottom line still offered the reader's
    keys (n Next unread, q Quit...), which do nothing there. Each dialog's own bar covers it."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        screen = app.screen
        assert screen is not app.main_screen
        bottom = {screen.get_widget_at(x, 23)[0] for x in range(80)}
        bars = {w if isinstance(w, KeyBar) else w.parent for w in bottom}
        assert len(bars) == 1 and isinstance(bar := bars.pop(), KeyBar) and bar.screen is screen
        shown = {key.description for key in bar.query(FooterKey) if key.display}
        assert shown and not shown & {"Next unread", "Quit", "Help", "Refresh", "Commands"}, shown
