"""The reader in a terminal far too small for it, through Pilot on a real store: it may show little, but it must
keep running and answer keys. A sixth red-team pass found the dialogs that did not."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from feeds.store import Store
from tests.snapshot_apps import reader
from tui.app import NewsdeskApp
from tui.screens.links import LinksScreen
from tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


async def open_links(pilot: Pilot[None], app: NewsdeskApp) -> None:
    """Open the first story and list its links, as enter and u do (called, not pressed: a key press that
    ends the app in the middle waits for it for ever)."""
    screen = app.main_screen
    screen.open_story_id(screen.story_list.rows[0].id)
    await pilot.pause()
    screen.action_show_links()
    await pilot.pause()
    await pilot.pause()
    assert app.is_running and app._exception is None, app._exception


@pytest.mark.parametrize("size", [(8, 3), (3, 2), (1, 1)])
async def test_the_links_dialog_opens_in_a_tiny_terminal(store: Store, size: tuple[int, int]) -> None:
    """The links list (u) wrapped each link to the list's width less its padding: 0 in a terminal 8 columns
    wide, and Rich raised "range() arg 3 must not be zero", which ended the app."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        await open_links(pilot, app)
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and app.is_running


@pytest.mark.parametrize("size", [(8, 3), (1, 1)])
async def test_the_links_dialog_survives_the_terminal_shrinking_under_it(
    store: Store, size: tuple[int, int]
) -> None:
    """A tmux pane or a window made small while the links are listed: the same crash, on the resize."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_links(pilot, app)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.is_running and app._exception is None, app._exception
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("down", "up", "escape")  # still answers keys
        assert isinstance(app.screen, MainScreen) and app.is_running
