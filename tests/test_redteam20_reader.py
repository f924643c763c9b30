"""Red-team round 20 on the reader: names from outside (an OPML folder, a saved search's name) that hold the
reader's own separator. The real app through Pilot on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.saved_searches import key_of
from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import FeedSpec, build_store
from tui.screens.save_search import ConfirmScreen

pytestmark = pytest.mark.anyio

GROUP = "World · Europe"  # Feedly's and Inoreader's folders are named by their users, "·" and all
SEARCH = "Rail · Ports"
SPECS = (
    FeedSpec(
        "atlas", "Atlas Daily", [("Rail strike called off", 1), ("Port workers vote", 2)], tags=(GROUP,)
    ),
    FeedSpec(
        "harbour", "Harbour Post", [("Rail fares rise", 3), ("Ferry timetable changes", 4)], tags=(GROUP,)
    ),
    FeedSpec("kestrel", "Kestrel Ledger", [("Chip exports climb", 5)], tags=("World",)),
)


@pytest.mark.parametrize(("key", "name"), [(f"tag:{GROUP}", GROUP), (key_of(SEARCH), SEARCH)])
async def test_A_names_the_list_it_marks_whole(tmp_path: Path, key: str, name: str) -> None:
    """``A`` on a list of several feeds asks first, naming the list: it named the list's title up to its first
    " · ", so the folder "World · Europe" was asked about as "World" (another folder, with another feed in it),
    and the saved search "Rail · Ports" as "Rail"."""
    store, _ = build_store(tmp_path / "data", SPECS)
    store.save_search(SEARCH, "rail")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        screen.show_source(key)
        await until(pilot, lambda: screen.story_list.row_count() == (4 if key.startswith("tag:") else 2))
        screen.story_list.focus()
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        assert f" of {name} read? They come from 2 feeds." in app.screen.question, app.screen.question
        await pilot.press("n")
    store.close()
