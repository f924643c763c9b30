"""The feed errors screen (e) over many failing feeds: a virtual list, drawn as far as it shows.

The real app through Pilot on a real store whose feeds failed (their status set through the store, as a refresh
sets it). It was an ``OptionList``, which laid out every failing feed's text to open (1.8 s at 5,000 failing
feeds, 10 s at 50,000); how fast it opens now is measured by a script, not here: these tests check that it draws
only the feeds on screen and that its keys still move feed by feed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from feeds.model import Feed, FeedStatus
from feeds.store import Store
from tests.snapshot_apps import reader, visible_rows
from tests.snapshot_apps.stores import HOUR, NOW
from tui.app import NewsdeskApp
from tui.screens.errors import ErrorsScreen
from tui.widgets import error_list
from tui.widgets.cells import ELLIPSIS

pytestmark = pytest.mark.anyio
SIZE = (120, 40)
MANY = 5000


def failing(store: Store, count: int, error: str = "server error (503 Service Unavailable)") -> list[Feed]:
    feeds = store.add_feeds([(f"https://f{n}.example/rss", f"Feed {n:05}", (), "") for n in range(count)])
    failed = [
        replace(f, status=FeedStatus(last_attempt=NOW - 2 * HOUR, last_error=error, failures=2))
        for f in feeds
    ]
    store.update_feeds(failed)
    return failed


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "data")
    yield store
    store.close()


async def open_errors(app: NewsdeskApp, pilot: Pilot[None]) -> ErrorsScreen:
    await pilot.press("e")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ErrorsScreen)
    return screen


async def test_opening_over_5000_failing_feeds_describes_only_those_on_screen(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is asked for the lines it paints: the feeds on screen are put in words, not all 5,000."""
    failing(store, MANY)
    described: list[str] = []
    real = error_list.describe

    def counted(feed: Feed, now: float) -> tuple[str, str, str]:
        described.append(feed.id)
        return real(feed, now)

    monkeypatch.setattr(error_list, "describe", counted)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        listed = errors.error_list
        assert listed.row_count() == MANY
        assert "5,000 failing" in str(errors.query_one("#errors-title").render())
        shown = visible_rows(listed)
        assert shown[0].strip() == "Feed 00000" and "503 Service Unavailable" in shown[1]
        assert "https://f0.example/rss" in shown[2]
        on_screen = len(shown) // listed.ROW_HEIGHT + 1
        assert 0 < len(set(described)) <= on_screen, len(set(described))


async def test_the_keys_move_feed_by_feed_and_a_page_at_a_time(store: Store) -> None:
    failing(store, MANY)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        listed = errors.error_list
        names = [f.name for f in errors.feeds]
        await pilot.press("j", "j")
        assert listed.current is not None and listed.current.name == names[2]
        await pilot.press("k")
        assert listed.current.name == names[1]
        height = listed.scrollable_content_region.height
        await pilot.press("pagedown")
        assert listed.cursor == 1 + height // listed.ROW_HEIGHT - 1
        await pilot.press("G")
        assert listed.cursor == MANY - 1
        first_line = listed.cursor * listed.ROW_HEIGHT - listed.scroll_offset.y
        assert visible_rows(listed)[first_line].strip() == names[-1]  # scrolled to it: its three lines show
        await pilot.press("g")
        assert listed.cursor == 0 and listed.scroll_offset.y == 0
        await pilot.press("escape")
        assert not isinstance(app.screen, ErrorsScreen)


async def test_an_error_too_long_for_the_box_is_cut_not_wrapped(store: Store) -> None:
    """Every feed takes the same lines (so the list can find a line's feed by division): a long error ends
    in an ellipsis at the box's edge, and the next feed still starts where it should."""
    failing(store, 3, error="certificate verify failed: " + "unable to get local issuer certificate; " * 5)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        shown = visible_rows(errors.error_list)
        assert shown[1].rstrip().endswith(ELLIPSIS)
        assert shown[4].strip() == "Feed 00001"


async def test_q_closes_the_errors_screen_as_it_does_the_help_and_the_pivot(store: Store) -> None:
    """A modal screen takes no app keys: q, which closes the help and the entity pivot (and goes back in
    newsboat), did nothing here while the footer below still offered "q Quit"."""
    failing(store, 2)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_errors(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.main_screen and app.is_running
