"""The command palette (ctrl+p) offers our commands and, of Textual's own, only the theme switcher, titled as ours
are. Textual's others duplicated our keys ("Quit" beside "app: Quit", "Keys" beside "app: Help") or made no sense
in the reader ("Maximize" hid the pane a story opens into, "Screenshot" left an SVG file in the folder)."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette

from feeds.store import Store
from tests.snapshot_apps import palette_offers, reader, until, visible_rows
from tui.widgets.story_list import StoryList

pytestmark = pytest.mark.anyio
SIZE = (120, 40)
#: Textual's generic commands (``App.get_system_commands``) a reader should not see.
TEXTUAL_GENERIC = {"Theme", "Quit", "Keys", "Maximize", "Minimize", "Screenshot"}


async def test_the_palette_lists_ours_and_the_theme_switcher_alone(sample_store: Store) -> None:
    app = reader(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        # The story list focused, which Textual offered to maximize over the other panes.
        await until(pilot, lambda: isinstance(app.focused, StoryList) and app.focused.allow_maximize)
        offered = await palette_offers(pilot, app, "")
        assert not TEXTUAL_GENERIC & set(offered), offered
        assert {"app: Theme", "app: Quit", "app: Help", "story: Toggle read"} <= set(offered)
        assert all(": " in title for title in offered), offered  # every title prefixed by its section
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        offered = await palette_offers(pilot, app, "maximize")  # not found by typing either
        assert not any("aximize" in title for title in offered), offered


async def test_the_theme_switcher_recolours_the_reader(sample_store: Store) -> None:
    """The one kept: the reader draws every pane from the theme, so a theme chosen in the palette shows at once."""
    app = reader(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        stories = app.query_one(StoryList)
        assert visible_rows(stories)
        before = [stories.render_line(y) for y in range(3)]
        assert await palette_offers(pilot, app, "app: theme") == ["app: Theme"]
        await pilot.press("enter")  # the themes, in a palette of their own
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        themes = app.screen.query_one(CommandList)
        await until(pilot, lambda: themes.option_count > 1)
        await pilot.press(*"textual-light", "enter")
        await until(pilot, lambda: app.theme == "textual-light")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        await pilot.pause()
        after = [stories.render_line(y) for y in range(3)]
        assert [s.text for s in after] == [s.text for s in before]
        assert [list(s) for s in after] != [list(s) for s in before]  # same rows, other colours


async def test_the_palette_does_not_offer_itself(sample_store: Store) -> None:
    """The palette listed "app: Commands", which opened the palette from inside the palette; ctrl+p stays its key."""
    app = reader(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        offered = await palette_offers(pilot, app, "")
        assert "app: Help" in offered and not any("Commands" in title for title in offered), offered
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        offered = await palette_offers(pilot, app, "commands")  # ctrl+p still opens it; typing finds no entry
        assert not any("Commands" in title for title in offered), offered
