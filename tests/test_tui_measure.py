"""Widths: feed names use the cells their row has, and the story's text keeps a readable measure on a wide
terminal without losing any width on a narrow one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from feeds.store import Store
from tests.snapshot_apps import reader, strip_text, visible_rows
from tests.snapshot_apps.stores import STANDARD, FeedSpec, build_store
from tui.app import NewsdeskApp

pytestmark = pytest.mark.anyio

LONG_READ = "The Extraordinarily Long Name Gazette"  # has an unread story: its count takes cells
LONG_QUIET = "An Empty Feed With A Long Name"  # no stories: no count to show
MEASURE = 100  #: the story text's widest line by default, in cells (Config.text_width)


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
        # The name runs to the row's last cell but its one-cell margin (before: two cells short of it), less the
        # space a cut at a word boundary leaves, which goes.
        indent = len(quiet) - len(quiet.lstrip())
        assert quiet.strip() == LONG_QUIET[: width - 1 - indent - 1].rstrip() + "…"
        assert counted.rstrip().endswith("… 1") and cell_len(counted.rstrip()) == width - 1
    store.close()


def body_lines(app: NewsdeskApp) -> list[str]:
    """The story body's lines as drawn (each the body's width), trailing blanks dropped."""
    body = app.main_screen.story_view.body
    return [strip_text(body.render_line(y)).rstrip() for y in range(body.size.height)]


async def test_the_story_keeps_a_readable_measure_on_a_wide_terminal(sample_store: Store) -> None:
    """At 200 columns the story's lines ran to the pane's edge, 160 cells and more: hard to read. The text wraps
    within 100 cells, starting at the pane's left edge like the list above it."""
    app = reader(sample_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.main_screen.story_view
        assert view.story is not None and view.scrollable_content_region.width > 150
        widths = [cell_len(line) for line in body_lines(app)]
        assert 90 < max(widths) <= MEASURE
        assert view.body.region.x == view.scrollable_content_region.x


async def test_a_narrow_story_keeps_all_its_width(sample_store: Store) -> None:
    app = reader(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.main_screen.story_view
        assert view.story is not None
        assert view.body.region.width == view.scrollable_content_region.width < MEASURE
        assert max(cell_len(line) for line in body_lines(app)) > view.body.region.width - 10


async def test_the_config_text_width_sets_the_measure_of_the_text_and_its_banner(sample_store: Store) -> None:
    """newsboat's users set ``text-width``; ours is ``text_width``: the text and the bookmark banner over it
    stop there."""
    app = reader(sample_store, text_width=60)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.main_screen.story_view
        assert view.story is not None and view.scrollable_content_region.width > 150
        assert 50 < max(cell_len(line) for line in body_lines(app)) <= 60
        sample_store.bookmark(view.story.id, note="A note long enough to fill more than one line. " * 5)
        app.main_screen.show_bookmark(view.story.id)
        await pilot.pause()
        banner = app.main_screen.bookmark_banner
        assert banner.has_class("-shown") and 50 < banner.region.width <= 60


async def test_a_text_width_of_0_uses_the_full_width(sample_store: Store) -> None:
    app = reader(sample_store, text_width=0)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.main_screen.story_view
        assert view.story is not None
        assert view.body.region.width == view.scrollable_content_region.width > 150
        assert max(cell_len(line) for line in body_lines(app)) > MEASURE
