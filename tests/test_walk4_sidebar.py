"""What a fourth walk found in the sidebar: on the demo feeds, the real app driven by Pilot, asserted on what the
lists paint."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from feeds.store import Store
from tests.snapshot_apps import reader, strip_text, until
from tests.snapshot_apps.demo_store import story_titled
from tui.widgets.enrich_panes import RelatedPane

SHARM = "Israel and Hamas agree the first phase of Trump's Gaza plan in Sharm el-Sheikh"
pytestmark = pytest.mark.anyio


async def painted(pilot: Pilot[None], options: OptionList) -> list[str]:
    """Every line the list paints from its top to its end, scrolled a page at a time."""
    lines: list[str] = []
    page = options.scrollable_content_region.height
    total = options.virtual_size.height
    for top in range(0, total, page):
        options.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        offset = int(options.scroll_offset.y)
        lines += [
            strip_text(options.render_line(y)).rstrip()
            for y in range(top - offset, min(page, total - offset))
        ]
    return lines


@pytest.mark.parametrize("size", [(120, 35), (100, 30), (140, 45)])
async def test_each_related_story_shows_every_name_it_shares(demo_copy: Store, size: tuple[int, int]) -> None:
    """Opening a related story from the sidebar (enter, or a click) refills the sidebar with that story's own: at
    120x35 it then drew "shares Gaza, Israeli, Israel," and went on to the next story. A row lost its last line
    whenever it wrapped once more in the columns the scrollbar left than in the list's whole width, at which its
    lines were counted (the list was empty, with no scrollbar, when the rows went in)."""
    app = reader(demo_copy)
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        screen.open_story_id(story_titled(demo_copy, SHARM))
        await pilot.press("L")
        related = screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: bool(related.rows))
        first = related.rows[0].story_id
        await pilot.press("enter")  # the first related story opens; the sidebar lists its own
        await until(pilot, lambda: bool(related.rows) and first not in {r.story_id for r in related.rows})
        await pilot.pause()
        assert related.show_vertical_scrollbar  # the case: more rows than the sidebar's height
        text = " ".join(" ".join(await painted(pilot, related)).split())
        for row in related.rows:
            assert " ".join(row.title.split()) in text
            assert "shares " + ", ".join(row.reasons) in text, (row.reasons, text)
