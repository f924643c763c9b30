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
