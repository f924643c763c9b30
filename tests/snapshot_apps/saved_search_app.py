"""A reader whose store holds saved searches, for the saved-search snapshot and Pilot tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from feeds.saved_searches import key_of
from tui.app import NewsdeskApp
from tui.widgets.feed_list import FeedList

from . import reader_app, until

#: Saved searches of the standard stores and what they find there (unread, newest first).
TRANSPORT = ("Transport", "rail OR ferry")
TRANSPORT_TITLES = [
    "Rail strike called off after overnight deal",
    "Ferry timetable changes for the winter season",
]
WORLD_DRAFTS = ("World drafts", "draft tag:world")


def saved_search_app(root: Path) -> NewsdeskApp:
    """The reader over the standard stores with two saved searches."""
    app = reader_app(root)
    for name, query in (TRANSPORT, WORLD_DRAFTS):
        app.store.save_search(name, query)
    return app


def counted(app: NewsdeskApp) -> bool:
    """Whether every saved search in the feed list has its count (False before the screen is composed)."""
    lists = app.main_screen.query(FeedList)
    saved = lists.first().saved if lists else []
    return bool(saved) and all(s.unread >= 0 for s in saved)


def on_saved(name: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before`` for ``snap_compare``: wait for the counts, then put the feed list's cursor on ``name``
    and wait for its stories."""

    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, NewsdeskApp)
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        screen.focus_pane("feeds")
        assert screen.feed_list.select_key(key_of(name))
        await until(pilot, lambda: screen._saved_shown == key_of(name))
        await pilot.pause()

    return run
