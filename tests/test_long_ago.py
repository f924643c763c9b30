"""A story years old reads its age in years in a sentence too, as the story list and the command line show it.

The story header, the related sidebar and the entity pivot said "(4283 days ago)" next to a list's "11y". Past
999 days a sentence now says years, counted as the list counts them; a story of the last few years keeps its
days ("560 days ago"). Real store in the test's folder, the real reader through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshot_apps import reader, visible_rows
from tests.snapshot_apps.stores import FeedSpec, build_store
from tui.widgets.cells import age, ago

DAY = 86400.0

pytestmark = pytest.mark.anyio


def test_a_sentence_says_years_past_999_days_counted_as_a_list_counts_them() -> None:
    assert ago(560 * DAY) == "560 days ago"
    assert ago(999 * DAY) == "999 days ago"
    assert ago(1000 * DAY) == "2 years ago" and age(1000 * DAY) == "2y"
    assert ago(4283 * DAY) == "11 years ago" and age(4283 * DAY) == "11y"
    assert ago(DAY) == "1 day ago" and ago(3 * DAY) == "3 days ago"


async def test_the_story_header_says_years_as_the_story_list_does(tmp_path: Path) -> None:
    spec = FeedSpec(
        "archive", "Archive", [("Harbour wall finished", 4283 * 24), ("Ferry route opens", 560 * 24)]
    )
    store, _ = build_store(tmp_path / "data", [spec])
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        rows = visible_rows(screen.story_list)
        assert any("Harbour wall finished" in row and "11y" in row for row in rows), rows
        ages = {}
        for _ in range(2):
            await pilot.press("n")
            await pilot.pause()
            view = screen.story_view
            assert view.story is not None
            meta = view.query_one("#story-body").render().plain.splitlines()[1]  # type: ignore[union-attr]
            ages[view.story.title] = meta[meta.rindex("(") :]
        assert ages == {"Harbour wall finished": "(11 years ago)", "Ferry route opens": "(560 days ago)"}
    store.close()
