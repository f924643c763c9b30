"""What the help screen (?) says a key does is what it does: the real reader under Pilot on a copy of the demo
store. Each help row is read from the same bindings the keys use (tui/commands.py), so only the words can go wrong."""

from __future__ import annotations

import pytest

from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.snapshot_apps.demo_store import story_titled
from tui.commands import help_rows
from tui.widgets.enrich_panes import EntityPane

pytestmark = pytest.mark.anyio
SIZE = (140, 45)
XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


async def test_j_and_k_in_a_list_move_its_cursor_as_the_help_says(demo_copy: Store) -> None:
    """The help said only "Open the next story in the list", and in the story list J moves the cursor a row
    and opens nothing, as j does (the README says so)."""
    app = reader(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        tips = {row.id: row.tooltip for row in help_rows(app, app.binding_sources())}
        assert tips["story.next"].endswith("(in a list: a row down)"), tips["story.next"]
        assert tips["story.previous"].endswith("(in a list: a row up)"), tips["story.previous"]
        screen = app.main_screen
        assert screen.pane == "stories" and screen.story_list.cursor == 0
        await pilot.press("J")
        assert screen.story_list.cursor == 1 and screen.story_view.story is None
        await pilot.press("K")
        assert screen.story_list.cursor == 0 and screen.story_view.story is None


async def test_the_names_key_lists_other_names_as_the_help_says(demo_copy: Store) -> None:
    """E's help said "People, places and organisations named", and its list has the other names (MISC) too."""
    app = reader(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        tips = {row.id: row.tooltip for row in help_rows(app, app.binding_sources())}
        assert tips["story.entities"].startswith("The story's names, by type;"), tips["story.entities"]
        screen = app.main_screen
        screen.open_story_id(story_titled(demo_copy, XI_KIM))
        await pilot.press("E")
        pane = screen.query_one("#entities", EntityPane)
        await until(pilot, lambda: bool(pane.rows))
        assert "MISC" in {row.type for row in pane.rows}, pane.rows
