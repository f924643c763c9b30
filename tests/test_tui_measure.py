"""Widths: feed names use the cells their row has, and the story's text keeps a readable measure on a wide
terminal without losing any width on a narrow one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.snapshot_apps import reader, visible_rows
from tests.snapshot_apps.stores import STANDARD, FeedSpec, build_store

pytestmark = pytest.mark.anyio

LONG_READ = "The Extraordinarily Long Name Gazette"  # has an unread story: its count takes cells
LONG_QUIET = "An Empty Feed With A Long Name"  # no stories: no count to show


async def test_a_feed_name_with_no_count_beside_it_uses_the_count_cells_too(tmp_path: Path) -> None:
    """With no unread count to show, a name was cut as short as one with a count (two cells short of the row)."""
    specs = (*STANDARD, FeedSpec("long", LONG_READ, [("A story", 1)]), FeedSpec("quiet", LONG_QUIET, []))
    store, _ = build_store(tmp_path / "data", specs)
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = visible_rows(app.main_screen.feed_list)
        width = app.main_screen.feed_list.scrollable_content_region.width
        quiet = next(row for row in rows if row.lstrip().startswith(LONG_QUIET[:10]))
        counted = next(row for row in rows if row.lstrip().startswith(LONG_READ[:10]))
        assert cell_len(quiet) == cell_len(counted) == width
        assert LONG_QUIET.startswith(quiet.strip().rstrip("…").rstrip())
        # The name runs to the row's last cell but its one-cell margin (before: two cells short of it).
        assert quiet.rstrip().endswith("…") and cell_len(quiet.rstrip()) == width - 1
        assert counted.rstrip().endswith("… 1") and cell_len(counted.rstrip()) == width - 1
    store.close()
