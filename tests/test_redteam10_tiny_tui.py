"""The reader through Pilot on a real store, in a terminal a few columns wide (a tmux pane squeezed to its edge):
the command palette (ctrl+p) and the bookmark dialog (B). It may show little there, but must keep running."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from feeds.store import Store
from tests.snapshot_apps import reader
from tui.screens.bookmark_edit import BookmarkEditScreen
from tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio

WIDTHS = [(w, 46) for w in range(1, 13)]


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.mark.parametrize("size", WIDTHS)
async def test_the_command_palette_opens_in_a_terminal_a_few_columns_wide(
    store: Store, size: tuple[int, int]
) -> None:
    """At 4 and 6 columns the palette's list had no column inside its padding: Rich's wrap raised "range() arg 3
    must not be zero" while measuring it, and the reader ended with a traceback. (Actions are called, not keys
    pressed: a key press that ends the app in the middle waits for it for ever.)"""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        app.action_command_palette()
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app._exception is None, app._exception
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app._exception is None, app._exception
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", WIDTHS)
async def test_the_bookmark_dialog_opens_in_a_terminal_a_few_columns_wide(
    store: Store, size: tuple[int, int]
) -> None:
    """At 5 and 6 columns the note's text box had none inside its border and padding: the same error, on its
    first paint."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        screen.open_story_id(screen.story_list.rows[0].id)
        await pilot.pause()
        screen.action_edit_bookmark()
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app._exception is None, app._exception
        assert isinstance(app.screen, BookmarkEditScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
