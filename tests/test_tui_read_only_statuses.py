"""A ``--read-only`` reader taking in the feed statuses the copy that writes stores during a refresh.

The writer rewrites feeds.json for each refresh's statuses (last attempt, last success, errors). The copy rebuilt
both its lists at each look that found it rewritten: at 20,000 feeds 37-72 ms of its UI thread every 5 s while
the writer refreshed, for lists that showed none of it. Now it redraws only a failing mark that changed. The
real app through Pilot on a read-only store, a real writing store on the same folder; the reader looks every
tenth of a second here, and each test waits, in a bounded loop, for the look that takes the change in."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from feeds.store import Store
from tests import read_only_copy
from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import NOW
from tui.app import NewsdeskApp
from tui.screens.errors import ErrorsScreen

pytestmark = pytest.mark.anyio
stores = read_only_copy.stores
look_often = read_only_copy.look_often  # every test: the copy looks often
SIZE = (120, 40)


def failing(app: NewsdeskApp, key: str) -> bool:
    return next(e for e in app.main_screen.feed_list.entries if e.key == key).failing


async def taken_in(pilot: Pilot[None], app: NewsdeskApp, copy: Store, feed_id: str, attempt: float) -> None:
    """Wait until a look took in the writer's status of ``feed_id`` and that look's redraw is done."""
    screen = app.main_screen
    await until(pilot, lambda: (f := copy.get_feed(feed_id)) is not None and f.status.last_attempt == attempt)
    await until(pilot, lambda: not screen._looking)
    await pilot.pause()


async def test_statuses_alone_redraw_neither_list(stores: tuple[Store, Store, dict[str, str]]) -> None:
    """Every feed fetched again, none failing or recovering: both lists stay as they were built."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.groups_ready)  # the copies' groups regroup the story list once
        entries, rows = screen.feed_list.entries, screen.story_list.rows
        attempt = NOW + 60
        statuses = [f.with_status(last_attempt=attempt, last_success=attempt) for f in writer.feeds()]
        writer.update_feeds(statuses)
        await taken_in(pilot, app, copy, ids["atlas"], attempt)
        assert screen.feed_list.entries is entries  # not built again
        assert screen.story_list.rows is rows
        assert [e.failing for e in entries] == [False] * len(entries)


async def test_a_feed_that_starts_failing_gets_its_mark_and_nothing_else_is_redrawn(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """The writer's refresh failed on one feed: its row and its group's get the failing mark, as the writer's
    own reader shows them, and the story list stays as it was; it recovers, and both marks go."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.groups_ready)  # the copies' groups regroup the story list once
        entries, rows = screen.feed_list.entries, screen.story_list.rows
        atlas = writer.get_feed(ids["atlas"])
        assert atlas is not None and atlas.tags == ("world",)
        attempt = NOW + 60
        writer.update_feed(
            atlas.with_status(last_attempt=attempt, last_error="server error (503)", failures=1)
        )
        await taken_in(pilot, app, copy, atlas.id, attempt)
        await until(pilot, lambda: failing(app, f"feed:{atlas.id}"))
        assert failing(app, "tag:world")
        assert not failing(app, f"feed:{ids['harbour']}") and not failing(app, "tag:tech")
        assert screen.feed_list.entries is entries  # two rows replaced, the list not built again
        assert screen.story_list.rows is rows

        writer.update_feed(atlas.with_status(last_attempt=attempt + 60, last_success=attempt + 60))
        await taken_in(pilot, app, copy, atlas.id, attempt + 60)
        await until(pilot, lambda: not failing(app, f"feed:{atlas.id}"))
        assert not failing(app, "tag:world")
        assert screen.feed_list.entries is entries and screen.story_list.rows is rows
        assert app.is_running


async def test_the_feed_errors_dialog_follows_the_statuses_the_writer_records(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """The copy's feed errors dialog (e) listed the feeds failing as it opened, for good: a feed the writer's
    refresh found failing never came, its next error and count never showed, and it stayed listed once it
    recovered, while the feed list's failing mark came and went. The dialog lists them again at each look that
    takes statuses in, as the writer's own does after its refresh."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main_screen.is_mounted)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ErrorsScreen))
        dialog = app.screen
        assert isinstance(dialog, ErrorsScreen) and dialog.feeds == []
        atlas = writer.get_feed(ids["atlas"])
        assert atlas is not None
        attempt = NOW + 60
        writer.update_feed(
            atlas.with_status(last_attempt=attempt, last_error="server error (503)", failures=1)
        )
        await until(pilot, lambda: [f.id for f in dialog.feeds] == [atlas.id])
        assert "server error (503)" in dialog.error_list.text_of(0)
        assert str(dialog.query_one("#errors-title", Static).content) == "Feed errors · 1 failing"

        writer.update_feed(atlas.with_status(last_attempt=attempt + 60, last_error="timed out", failures=2))
        await until(pilot, lambda: "timed out" in dialog.error_list.text_of(0))
        assert "failed 2 times in a row" in dialog.error_list.text_of(0)

        writer.update_feed(atlas.with_status(last_attempt=attempt + 120, last_success=attempt + 120))
        await until(pilot, lambda: dialog.feeds == [])
        assert dialog.query_one("#errors-empty").display and not dialog.error_list.display
        assert app.screen is dialog and app.is_running


async def test_a_feed_read_in_part_gets_its_own_mark_and_is_not_failing(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """The writer's refresh read one feed in part (larger than the size cap): the copy marks it as the writer's
    own reader does, apart from a failure (its group is not marked failing), and the mark goes once it is read
    whole."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.groups_ready)
        key = f"feed:{ids['atlas']}"

        def entry() -> tuple[bool, bool]:
            found = next(e for e in screen.feed_list.entries if e.key == key)
            return found.failing, found.warned

        atlas = writer.get_feed(ids["atlas"])
        assert atlas is not None and entry() == (False, False)
        attempt = NOW + 60
        warning = "only the first 10 MB read (the feed is larger): all 1,234 stories in them kept"
        writer.update_feed(atlas.with_status(last_attempt=attempt, last_success=attempt, warning=warning))
        assert screen.feed_list.select_key(key)  # its story list, open while the writer reads it in part
        await until(pilot, lambda: screen.source == key)
        await taken_in(pilot, app, copy, atlas.id, attempt)
        await until(pilot, lambda: entry() == (False, True))
        assert not failing(app, "tag:world")
        await until(
            pilot, lambda: str(screen.story_list.border_title).endswith(" · read in part (e says why)")
        )
        writer.update_feed(
            atlas.with_status(last_attempt=attempt + 60, last_success=attempt + 60, warning="")
        )
        await taken_in(pilot, app, copy, atlas.id, attempt + 60)
        await until(pilot, lambda: entry() == (False, False))
        await until(pilot, lambda: "read in part" not in str(screen.story_list.border_title))
