"""The reader over the refreshed demo feeds with its names extracted, for the entity snapshots: the seed story
about Xi and Kim with its names highlighted by type, and the pivot of every story naming Kim Jong Un."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from feeds.enrich import extract_missing
from tui.app import NewsdeskApp, make_app
from tui.config import Config

from . import until
from .demo_store import demo_store, story_titled
from .stores import NOW

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


def entity_app(root: Path) -> NewsdeskApp:
    """The reader over a demo store at ``root`` whose entities are already stored (as after a first run)."""
    store = demo_store(root)
    extract_missing(store)
    return make_app(store, Config(), clock=lambda: NOW)


async def _ready(pilot: Pilot[None]) -> None:
    """Wait for the background enrichment (related index, then duplicate groups) so nothing changes on screen
    after the picture."""
    app = pilot.app
    assert isinstance(app, NewsdeskApp)
    await until(pilot, lambda: app.main_screen._related_ready and app.main_screen.groups_ready)


def open_xi_kim() -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before``: open the seed story, whose names are highlighted with the legend above the text."""

    async def run(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        app = pilot.app
        assert isinstance(app, NewsdeskApp)
        screen = app.main_screen
        screen.open_story_id(story_titled(app.store, XI_KIM))
        await until(pilot, lambda: screen.story_view.story is not None)
        await pilot.pause()

    return run


def pivot_of(name: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before``: open the seed story, move into its names with E, pick ``name``, enter: the pivot."""

    async def run(pilot: Pilot[None]) -> None:
        from tui.screens.entity_pivot import EntityPivot
        from tui.widgets.enrich_panes import EntityPane

        await open_xi_kim()(pilot)
        app = pilot.app
        assert isinstance(app, NewsdeskApp)
        screen = app.main_screen
        # The pivot folds a duplicate group into one ×N row once the groups (found in the background) are in.
        await until(pilot, lambda: screen.groups_ready)
        await pilot.press("E")
        pane = screen.query_one("#entities", EntityPane)
        await until(pilot, lambda: pane.has_focus)
        for _ in range(len(pane.rows)):
            if pane.rows[int(pane.highlighted_option.id or 0)].name == name:  # type: ignore[union-attr]
                break
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
        await pilot.pause()

    return run
