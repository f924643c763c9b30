"""The reader through Pilot on a real store, as a sixth red-team pass found it failing: in a terminal far too small
for it (it may show little, but must keep running and answer keys), and given a paste with escape sequences."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input

from feeds.store import Store
from tests.snapshot_apps import reader, strip_text
from tui.app import NewsdeskApp
from tui.screens.bookmark_edit import BookmarkEditScreen
from tui.screens.links import LinksScreen
from tui.screens.main import MainScreen
from tui.screens.save_search import NameScreen

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


#: A paste holding a clear screen, an OSC 52 clipboard write, a bidi override and a NUL (text copied from a web
#: page that hides them, or from another terminal).
PASTED = "cl\x1b[2Jimate\x1b]52;c;cm0gLXJmIC8=\x07 \u202enews\x00"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def painted(app: NewsdeskApp) -> list[str]:
    """Every line every widget on the screen paints now."""
    lines = []
    for widget in app.screen.query("*"):
        region = Region(0, 0, widget.size.width, widget.size.height)
        lines.extend(strip_text(strip) for strip in widget.render_lines(region))
    return lines


async def paste(pilot: Pilot[None], app: NewsdeskApp, text: str) -> None:
    assert app.focused is not None
    app.focused.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_paste_with_escape_sequences_never_reaches_the_screen(store: Store) -> None:
    """The search box, the name of a saved search and a bookmark's note and tags took a paste as it came and drew
    it as it was: the terminal ran its clear screen and clipboard write on every repaint."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await paste(pilot, app, PASTED)
        assert app.main_screen.query_one("#search-input", Input).value == "climate news"
        assert not any(CONTROL.search(line) for line in painted(app))
        await pilot.press("ctrl+n")  # save the search: the name dialog
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        await paste(pilot, app, PASTED)
        assert not any(CONTROL.search(line) for line in painted(app))
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        screen = app.main_screen
        story = screen.story_list.rows[0]
        screen.open_story_id(story.id)
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkEditScreen)
        await paste(pilot, app, PASTED)  # the note
        await pilot.press("tab")
        await paste(pilot, app, PASTED)  # the tags
        assert not any(CONTROL.search(line) for line in painted(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        [mark] = store.bookmarks()
        assert (mark.note, mark.tags) == ("climate news", ("climate", "news"))
