"""A query with nothing usable left (`person:`, a qualifier still waiting for its value): the reader lists every
story while it is being typed and the command lists none, and both say so in the same words (Pilot on the reader,
the installed command, the same real store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.snapshot_apps import reader_app, until
from tests.test_cli import newsdesk, one_line_error

pytestmark = pytest.mark.anyio

NEEDS = 'person: needs a value, e.g. person:"Kim Jong Un"'


async def test_the_reader_and_the_command_say_the_same_of_a_bare_qualifier(tmp_path: Path) -> None:
    """The box showed "Search · 14" over the hint alone, as if 14 stories matched `person:`; the command said
    "nothing left to search for, no story listed". The box now says what it lists, in the command's words."""
    app = reader_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        every = len(screen.story_list.rows)
        await pilot.press("slash", *"person:")
        await until(pilot, lambda: screen._shown_query == "person:" and screen.search_result is not None)
        hint = str(screen.search_bar.query_one("#search-hint", Static).content)
        assert hint == f"{NEEDS}; nothing left to search for, every story listed"
        assert len(screen.story_list.rows) == every  # still being typed: the list stays whole, as when empty
        await pilot.press(*"nobody")  # the value comes: the hint goes
        await until(pilot, lambda: screen._shown_query == "person:nobody")
        assert "nothing left" not in str(screen.search_bar.query_one("#search-hint", Static).content)
    app.store.close()
    proc = newsdesk(tmp_path, "search", "person:")
    one_line_error(proc, 2, f"newsdesk: query: {NEEDS}; nothing left to search for, no story listed")
    assert proc.stdout == ""
