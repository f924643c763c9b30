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
DAY = 24 * HOUR


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


def panel(errors: ErrorsScreen) -> str:
    """The text under the list, "" when it is hidden."""
    whole = errors.query_one("#errors-whole")
    return str(whole.render()) if whole.display else ""


async def test_a_short_error_is_not_said_again_below_the_list_which_says_what_the_row_does_not(
    store: Store,
) -> None:
    """The panel under the list repeated the error and the address that the row above showed in full. It says
    what the row does not: when the feed last refreshed fine, or that it never did."""
    fine, never = store.add_feeds(
        [(f"https://{n}.example/rss", n.title(), (), "") for n in ("fine", "never")]
    )
    store.update_feeds(
        [
            replace(fine, status=FeedStatus(NOW - 3 * DAY, NOW - 2 * HOUR, "not found (404)", failures=3)),
            replace(never, added=NOW - 5 * DAY, status=FeedStatus(None, NOW - HOUR, "timed out", failures=1)),
        ]
    )
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        assert (
            visible_rows(errors.error_list)[1].strip()
            == "not found (404) · 2 h ago · failed 3 times in a row"
        )
        assert panel(errors) == "Last refreshed fine 3 days ago."
        await pilot.press("j")
        await pilot.pause()
        assert panel(errors) == "Never refreshed fine since it was added 5 days ago."


async def test_what_the_row_cuts_is_shown_whole_below_it_and_a_wait_the_server_asked_for(
    store: Store,
) -> None:
    """A cut error is shown whole under the list, the address that fits is not; a server's Retry-After is told
    (a refresh skips the feed until then), and so is a note from the last document read in part."""
    error = "certificate verify failed: " + "unable to get local issuer certificate; " * 3
    (feed,) = store.add_feeds([("https://tls.example/rss", "TLS", (), "")])
    status = FeedStatus(
        NOW - DAY, NOW - 2 * HOUR, error, 2, retry_after=NOW + 25 * 60, warning="only some read"
    )
    store.update_feeds([replace(feed, status=status)])
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        assert visible_rows(errors.error_list)[1].rstrip().endswith(ELLIPSIS)
        assert panel(errors).splitlines() == [
            f"{error} · 2 h ago · failed 2 times in a row",
            "Last refreshed fine 1 day ago.",
            "The server asked us to wait: refreshes skip it for 25 min.",
            "Before that, note: only some read",
        ]
        assert "tls.example" not in panel(errors)


async def test_a_note_that_fits_hides_the_panel_until_a_narrower_box_cuts_it(store: Store) -> None:
    """A feed read in part says all in its row when the note fits: nothing is left to say below. In a narrower
    terminal the row cuts it, and the panel shows it whole."""
    (feed,) = store.add_feeds([("https://big.example/rss", "Big", (), "")])
    store.update_feeds(
        [replace(feed, status=FeedStatus(NOW - HOUR, NOW - HOUR, warning="only the first 10 MB read"))]
    )
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        errors = await open_errors(app, pilot)
        assert "only the first 10 MB read · 1 h ago" in visible_rows(errors.error_list)[1]
        assert panel(errors) == ""
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        await pilot.pause()
        assert visible_rows(errors.error_list)[1].rstrip().endswith(ELLIPSIS)
        assert panel(errors) == "note: only the first 10 MB read · 1 h ago"
