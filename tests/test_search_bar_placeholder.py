"""The search box's placeholder names the search language on the one line the box has, at every width: one line
of 80 characters was cut in the 78 cells the box has at 80 columns (70 beside the feed list at 100 columns), and
named neither ``note:`` nor ``tag:``. The real reader under Pilot, the box's drawn line read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import build_store

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("size", "named"),
    [
        ((80, 24), ("person:", "note:", "is:unread")),
        ((100, 30), ("person:", "note:")),
        ((60, 20), ("person:", "note:")),
        ((130, 40), ("title:", "note:", "is:unread")),
    ],
)
async def test_the_placeholder_fits_the_box_and_names_what_matters(
    tmp_path: Path, size: tuple[int, int], named: tuple[str, ...]
) -> None:
    store, _ids = build_store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        box = app.main_screen.query_one("#search-input", Input)
        await pilot.press("slash")
        await until(pilot, lambda: box.size.width > 0)
        await pilot.pause()
        drawn = "".join(segment.text for segment in box.render_line(0))
        assert drawn.rstrip() == box.placeholder  # whole, on its line
        assert box.placeholder.startswith("Search: words")
        assert len(box.placeholder) <= min(box.content_size.width, 80)
        assert all(word in box.placeholder for word in named)
    store.close()
