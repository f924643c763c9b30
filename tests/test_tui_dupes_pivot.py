"""Duplicate groups in the entity pivot, on the demo feeds plus an aggregator's reprint: the Starliner report in
three feeds, which names Butch Wilmore, is one row marked ×3 among the stories naming him, as in the story list,
not three unmarked rows; groups found while the pivot is open fold its rows then."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, opened_id, reader, the_three
from tests.snapshot_apps import until
from tui.app import NewsdeskApp
from tui.screens.entity_pivot import EntityPivot
from tui.widgets.enrich_panes import EntityPane

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store
NAME = "Butch Wilmore"  # named by the three copies, the Crew-10 story and NASA's


async def pivot_of(pilot: Pilot[None], app: NewsdeskApp, story_id: str) -> EntityPivot:
    """Open ``story_id``, choose NAME among its names: the pivot, once its stories are drawn."""
    screen = app.main_screen
    await until(pilot, lambda: screen._related_ready and screen.groups_ready)
    screen.open_story_id(story_id)
    await pilot.press("E")
    pane = screen.query_one("#entities", EntityPane)
    (index,) = [i for i, row in enumerate(pane.rows) if row.name == NAME]
    pane.highlighted = pane.get_option_index(
        str(index)
    )  # options are by kind, under headers: not the rows' order
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
    assert isinstance(app.screen, EntityPivot)
    return app.screen


def title_of(pivot: EntityPivot) -> str:
    return str(pivot.query_one("#pivot-title").render())


def rows_of(pivot: EntityPivot) -> list[tuple[str | None, str]]:
    """The pivot's rows: each story's id and the text drawn."""
    stories = pivot.query_one("#pivot-stories", OptionList)
    options = [stories.get_option_at_index(i) for i in range(stories.option_count)]
    return [(option.id, str(option.prompt)) for option in options]


async def test_a_group_naming_the_entity_is_one_row_marked_with_its_copies(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        _, members = the_three(stories)
        pivot = await pivot_of(pilot, app, members[-1])
        assert pivot.result is not None and set(members) <= set(pivot.result.story_ids)
        rows = rows_of(pivot)
        copies = [(i, text) for i, (story_id, text) in enumerate(rows) if story_id in members]
        assert len(copies) == 1, rows  # before: three rows, one per feed, none marked
        ((index, text),) = copies
        assert " ×3  " in text
        assert len(rows) == len(pivot.result.story_ids) - 2
        # The title counts the rows it shows, then the copies (it said "5 stories" over three rows).
        assert len(rows) == 3 and title_of(pivot) == f"{NAME} · person · 3 stories (5 with copies)"
        assert all(" ×" not in text for i, (_, text) in enumerate(rows) if i != index)
        # Its row is its newest copy, where the list's order (newest first) puts the group; enter opens that copy.
        newest = next(story_id for story_id in pivot.result.story_ids if story_id in members)
        assert rows[index][0] == newest
        pivot.query_one("#pivot-stories", OptionList).highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: opened_id(app) == newest)


async def test_groups_found_with_the_pivot_open_fold_its_rows(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        _, members = the_three(stories)
        pivot = await pivot_of(pilot, app, members[0])
        stories.set_groups({})  # as at start-up, before the groups are found
        pivot.show_result()
        assert len([story_id for story_id, _ in rows_of(pivot) if story_id in members]) == 3
        assert title_of(pivot).endswith(" · 5 stories")  # nothing folded: every story, and no copies said
        screen = app.main_screen
        screen.groups_ready = False
        screen.start_groups()
        await until(pilot, lambda: screen.groups_ready)
        await pilot.pause()
        copies = [text for story_id, text in rows_of(pivot) if story_id in members]
        assert len(copies) == 1 and " ×3  " in copies[0]
        assert title_of(pivot).endswith(" · 3 stories (5 with copies)")
