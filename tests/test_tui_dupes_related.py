"""Duplicate groups in the related sidebar (L), on the demo feeds plus an aggregator's reprint: the Starliner
report in three feeds is one row marked ×3, as in the story list, not three unmarked rows pushing other related
stories out; opened, its other copies are one row on top that says they are the same report."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, opened_id, reader, the_three
from tests.snapshot_apps import until
from tui.app import NewsdeskApp
from tui.widgets.enrich_panes import RelatedPane

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store
CREW = "Crew-10 docks at the ISS"  # a story related to the Starliner report, in no group


async def sidebar(pilot: Pilot[None], app: NewsdeskApp, story_id: str) -> list[str]:
    """Open ``story_id``, press L once the groups are in: the related rows' text, one line per row."""
    screen = app.main_screen
    await until(pilot, lambda: screen._related_ready and screen.groups_ready)
    screen.open_story_id(story_id)
    await pilot.press("L")
    pane = screen.query_one("#related", RelatedPane)
    assert pane.has_focus
    return [str(pane.get_option_at_index(i).prompt).replace("\n", " | ") for i in range(pane.option_count)]


async def test_a_related_group_is_one_row_marked_with_its_copies(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        _, members = the_three(stories)
        crew = next(h.id for h in stories.rows if h.title.startswith(CREW))
        rows = await sidebar(pilot, app, crew)
        pane = app.main_screen.query_one("#related", RelatedPane)
        starliner = [i for i, row in enumerate(pane.rows) if row.story_id in members]
        assert len(starliner) == 1  # before: three rows, one per feed, none marked
        (index,) = starliner
        assert rows[index].split(" | ")[0].endswith(" ×3")
        assert len(pane.rows) >= 3 and all(" ×" not in row for i, row in enumerate(rows) if i != index)
        # Choosing it opens the copy it shows, the story list's cursor on that copy.
        chosen = pane.rows[index].story_id
        pane.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: opened_id(app) == chosen)
        assert stories.current is not None and stories.current.id == chosen


async def test_a_stories_own_copies_are_one_row_on_top_that_says_so(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        _, members = the_three(stories)
        rows = await sidebar(pilot, app, members[0])
        pane = app.main_screen.query_one("#related", RelatedPane)
        copies = [row for row in pane.rows if row.story_id in members]
        assert [row.story_id for row in copies] == [pane.rows[0].story_id]
        assert pane.rows[0].story_id != members[0]
        assert rows[0].endswith("the same report as this story (2 copies)")
        assert " ×" not in rows[0].split(" | ")[0]
        assert len(pane.rows) >= 3  # the related stories follow
        assert all("same report" not in row for row in rows[1:])


async def test_groups_found_again_keep_the_sidebar_row_the_reader_is_on(store: Store) -> None:
    """Groups are found again after every enrichment pass (after each refresh); the sidebar is redone with them,
    and the row highlighted there stays highlighted instead of jumping back to the top."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        crew = next(h.id for h in stories.rows if h.title.startswith(CREW))
        await sidebar(pilot, app, crew)
        screen = app.main_screen
        pane = screen.query_one("#related", RelatedPane)
        await pilot.press("down", "down")
        on = pane.rows[2].story_id
        screen.groups_ready = False
        screen.start_groups()
        await until(pilot, lambda: screen.groups_ready)
        await pilot.pause()
        assert pane.highlighted == 2 and pane.rows[2].story_id == on and pane.has_focus
