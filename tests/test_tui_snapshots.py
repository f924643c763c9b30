"""Snapshots of the reader (pytest-textual-snapshot): fixed size, fixed clock, fixed stories, UTC dates.

Update after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the
SVGs (or the report pytest writes on failure) before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps import reader_app, until
from tests.snapshot_apps.stores import FAILING, STANDARD, FeedSpec
from tui.app import NewsdeskApp

feed_server = httpserver.feed_server
WIDE = (120, 40)
NARROW = (80, 24)
Snap = Callable[..., bool]
pytestmark = pytest.mark.usefixtures("utc")  # story dates in UTC: tests/conftest.py


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[Callable[..., NewsdeskApp]]:
    made: list[NewsdeskApp] = []

    def make(specs: tuple[FeedSpec, ...] = STANDARD) -> NewsdeskApp:
        app = reader_app(tmp_path / f"data{len(made)}", specs)
        made.append(app)
        return app

    yield make
    for app in made:
        app.store.close()


def test_main_view(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """Three panes: feeds with groups and counts, stories newest first with marks and ages, no story open."""
    assert snap_compare(apps(), terminal_size=WIDE)


def test_story_open(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """The second story opened: read mark gone, title, meta line, link, text, numbered links; the third
    story bookmarked."""
    assert snap_compare(apps(), press=["j", "j", "b", "k", "enter"], terminal_size=WIDE)


def test_narrow_terminal(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """80 columns: the story list alone, full width."""
    assert snap_compare(apps(), terminal_size=NARROW)


def test_narrow_terminal_story(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """80 columns after enter: the story alone."""
    assert snap_compare(apps(), press=["enter"], terminal_size=NARROW)


def test_errors_screen(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """Failing feeds with their last error in words, when, and how often; marks in the feed list behind."""
    assert snap_compare(apps(STANDARD + FAILING), press=["e"], terminal_size=WIDE)


def test_help_screen(snap_compare: Snap, apps: Callable[..., NewsdeskApp]) -> None:
    """Every key with what it does."""
    assert snap_compare(apps(), press=["question_mark"], terminal_size=WIDE)


def test_refresh_in_progress(
    snap_compare: Snap, apps: Callable[..., NewsdeskApp], feed_server: FeedServer
) -> None:
    """One feed done and its stories listed, the other held by the server: "1/2 feeds · waiting for Slow Feed"."""
    feed_server["/fast.xml"] = make_feed(1, 6)
    app = apps(
        (
            FeedSpec("fast", "Fast Feed", [], url=feed_server.url("/fast.xml")),
            FeedSpec("slow", "Slow Feed", [], url=feed_server.url("/stall")),
        )
    )

    labels: list[str] = []

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("R")
        screen = app.main_screen
        await until(pilot, lambda: screen.progress.done == 1 and len(screen.story_list.rows) == 6)
        labels.append(screen.progress.label)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)
    assert labels == ["1/2 feeds · 0 errors · waiting for Slow Feed"]
