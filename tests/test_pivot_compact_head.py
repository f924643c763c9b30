"""The entity pivot's head at the sizes a terminal has: at 80x24 it took 8-9 of the 24 rows (the name, a blank,
a sparkline three rows high, a sentence saying what it shows, the names seen with it, a blank), leaving the list
of stories 12. Under 32 rows it is compact, 2-3 rows saying the same: the name, its counts and its span of days
with a one-row sparkline, then the names seen with it. From 32 rows it is as it was. The real reader over the
demo feeds with their names stored, the pivot opened as a user opens it (E, a name, enter), read as drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Sparkline

from tests.snapshot_apps.entity_app import entity_app, pivot_of
from tui.app import NewsdeskApp
from tui.screens.entity_pivot import EntityPivot

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]  # story dates in UTC: tests/conftest.py

PERSON = "Kim Jong Un"


async def pivot_head(pilot: Pilot[None]) -> tuple[EntityPivot, str, int]:
    """The person's pivot opened: the screen, the words of its head as drawn (rows joined), its list's rows."""
    await pivot_of(PERSON)(pilot)
    await pilot.pause()
    app = pilot.app
    pivot = app.screen
    assert isinstance(pivot, EntityPivot) and pivot.result is not None
    stories = pivot.query_one("#pivot-stories", OptionList)
    rows = ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]
    head = rows[: stories.region.y]
    return pivot, " ".join(row.strip() for row in head if row.strip()), stories.region.y


async def test_the_pivot_head_is_compact_at_80x24_and_whole_at_120x40(tmp_path: Path) -> None:
    app: NewsdeskApp = entity_app(tmp_path / "small")
    async with app.run_test(size=(80, 24)) as pilot:
        pivot, said, top = await pivot_head(pilot)
        result = pivot.result
        assert result is not None and len(result.companions) >= 4
        assert top <= 3, said  # the list starts on the fourth row at the latest (was the tenth)
        assert said.startswith(f"{PERSON} · person · ") and "stories" in said
        assert f"· {len(result.per_day):,} days" in said  # the span the sparkline beside it covers
        assert "Most often with: " in said
        for name, count in result.companions:  # every name, none cut off
            assert f"{name} ({count})" in said, said
        spark = pivot.query_one("#pivot-sparkline", Sparkline)
        assert spark.region.height == 1 and spark.region.width >= 10 and spark.region.y == 0

    app = entity_app(tmp_path / "large")
    async with app.run_test(size=(120, 40)) as pilot:
        pivot, said, top = await pivot_head(pilot)
        assert pivot.result is not None
        # the roomy head as it was: the sparkline three rows high, the sentence saying what it shows
        assert pivot.query_one("#pivot-sparkline", Sparkline).region.height == 3
        days = len(pivot.result.per_day)
        assert f"Above: how many stories named it each day, over the {days:,} days" in said
        assert not pivot.query_one("#pivot-often").display and not pivot.query_one("#pivot-line").display
