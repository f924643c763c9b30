"""A reader with its search index ready and a query typed, for the search snapshots and Pilot tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import NewsdeskApp

from . import reader_app, until


def search_app(root: Path) -> NewsdeskApp:
    """The reader over the standard stores (its index is built in a worker at start, as in real use)."""
    return reader_app(root)


def typed(query: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before`` for ``snap_compare``: wait for the index, type ``query``, wait for its results, press
    ``keys``."""

    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, NewsdeskApp)
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash", *query)
        await until(pilot, lambda: screen._shown_query == query and screen.search_result is not None)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run
