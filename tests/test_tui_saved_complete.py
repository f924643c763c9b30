"""A search saved from the reader's box (`ctrl+n`) lists what the box showed. A space after the last word ends it
in the box ("kim sum " looks for the word "sum"); the save stripped that space, so the saved search read "sum" as
still being typed, the start of "summit", and listed the summit stories the box did not (Pilot on a copy of the
demo store, a real store in a temporary folder)."""

from __future__ import annotations

import pytest

from feeds import saved_searches as ss
from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.test_tui_saved_searches import SIZE, ask_to_save, show_saved

pytestmark = pytest.mark.anyio


# "kim sum ": no demo story has the word "sum", and two have "summit"; "north korea ": six, and two more "Korean".
@pytest.mark.parametrize("query", ["kim sum ", "north korea "])
async def test_a_query_ending_in_a_space_is_saved_as_the_box_read_it(demo_copy: Store, query: str) -> None:
    app = reader(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await ask_to_save(pilot, app, query)
        in_the_box = {h.id for h in screen.story_list.rows}
        service = screen.search_service
        assert service is not None
        typing = {h.id for h in ss.stories(service, query.rstrip())}  # its last word as a prefix
        assert in_the_box < typing

        await pilot.press("ctrl+u", *"Kim", "enter")
        await until(pilot, lambda: "Kim" in app.store.saved_searches())
        assert ss.shown(app.store.saved_searches()["Kim"]) == query.rstrip()
        await pilot.press("escape")  # leave search
        await show_saved(pilot, screen, "Kim")
        assert {h.id for h in screen.story_list.rows} == in_the_box
        assert {h.id for h in ss.stories(service, app.store.saved_searches()["Kim"])} == in_the_box


async def test_a_query_ending_inside_its_last_word_is_still_saved_as_a_prefix(demo_copy: Store) -> None:
    app = reader(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await ask_to_save(pilot, app, "kim sum")
        in_the_box = {h.id for h in screen.story_list.rows}
        await pilot.press("ctrl+u", *"Kim", "enter")
        await until(pilot, lambda: "Kim" in app.store.saved_searches())
        assert app.store.saved_searches()["Kim"] == "kim sum"
        await pilot.press("escape")
        await show_saved(pilot, screen, "Kim")
        assert {h.id for h in screen.story_list.rows} == in_the_box
