"""Refreshing from the reader: a thread worker against a real HTTP server on 127.0.0.1, progress per feed,
cancel with escape, new stories arriving under a steady cursor, and the feed errors screen with retry."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, palette_offers, reader, refreshed, strip_text, until, visible_rows
from tests.snapshot_apps.stores import KEEP_ALL, NOW
from tui.app import make_app
from tui.commands import help_rows
from tui.config import Config
from tui.messages import NamesStored
from tui.screens.errors import ErrorsScreen
from tui.screens.main import MainScreen
from tui.screens.search_mode import IndexReady, IndexUpdated
from tui.widgets.feed_list import FAILING_MARK

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server
SIZE = (120, 40)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    yield store
    store.close()


async def test_R_refreshes_every_feed_and_shows_the_new_stories(
    store: Store, feed_server: FeedServer
) -> None:
    for n in range(3):
        feed_server[f"/{n}.xml"] = make_feed(n, 5)
        store.add_feed(feed_server.url(f"/{n}.xml"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        assert screen.story_list.rows == []
        await refreshed(pilot, app, "R")
        assert len(screen.story_list.rows) == 15
        assert (screen.progress.done, screen.progress.total, screen.progress.errors) == (3, 3, 0)
        assert not screen.progress.running and not screen.progress.display
        assert "Refresh done: 15 new stories." in messages(app)
        names = {e.label for e in screen.feed_list.entries}
        assert {"Generated News 0", "Generated News 1", "Generated News 2"} <= names  # titles from the feeds
        assert screen.feed_list.entries[0].count == 15


async def test_progress_mid_way_and_escape_cancels(store: Store, feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = make_feed(1, 4)
    feed_server["/b.xml"] = make_feed(2, 4)
    for path in ("/a.xml", "/b.xml", "/stall"):
        store.add_feed(feed_server.url(path), title=path.strip("/"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("R")
        await until(pilot, lambda: screen.progress.done == 2)
        assert screen.progress.running and screen.progress.display
        assert screen.progress.total == 3 and screen.progress.errors == 0
        # Names the feed the refresh waits on, not the one that finished last (it named a.xml or b.xml).
        assert screen.progress.label == "2/3 feeds · 0 errors · waiting for stall"
        # The stories of the finished feeds are in the list while the third feed still hangs.
        await until(pilot, lambda: len(screen.story_list.rows) == 8)
        assert app.refreshing
        before = screen.story_list.cursor
        await pilot.press("j")  # the app answers keys while the refresh runs
        assert screen.story_list.cursor == before + 1
        await pilot.press("escape")
        # Not "not app.refreshing": the notice is a message to the app, posted as the refresh ends.
        await until(pilot, lambda: any(m.startswith("Refresh cancelled") for m in messages(app)))
        assert not app.refreshing and not screen.progress.running
        assert isinstance(app.screen, MainScreen) and app.is_running  # escape cancelled, it did not go back


async def test_the_bar_on_80_columns_cuts_the_name_not_the_errors(
    store: Store, feed_server: FeedServer
) -> None:
    """The label ended with the error count, and on 80 columns that was what got cut ("... · 1")."""
    store.add_feed(feed_server.url("/status/500"), title="Broken")
    store.add_feed(feed_server.url("/stall"), title="A feed with a rather long name that keeps us waiting")
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        await pilot.press("R")
        await until(pilot, lambda: screen.progress.done == 1)
        await pilot.pause()
        painted = strip_text(screen.query_one("#refresh-label").render_line(0)).rstrip()
        assert painted.startswith("1/2 feeds · 1 error · waiting for A feed") and painted.endswith("…"), (
            painted
        )


@pytest.mark.parametrize("width", [40, 50])
async def test_on_a_narrow_screen_the_count_shows_not_the_bar(
    store: Store, feed_server: FeedServer, width: int
) -> None:
    """The bar keeps its 32 cells whatever the width: at 40 columns the words beside it had five, "1/2…", and the
    count of feeds and errors, the part that matters, was cut. Narrower than the bar and the words need, the bar
    makes way."""
    store.add_feed(feed_server.url("/status/500"), title="Broken")
    store.add_feed(feed_server.url("/stall"), title="A feed with a rather long name that keeps us waiting")
    app = reader(store)
    async with app.run_test(size=(width, 12)) as pilot:
        screen = app.main_screen
        await pilot.press("R")
        await until(pilot, lambda: screen.progress.done == 1)
        await pilot.pause()
        painted = strip_text(screen.query_one("#refresh-label").render_line(0)).rstrip()
        assert painted.startswith("1/2 feeds · 1 error"), painted


async def test_the_refresh_notice_counts_one_feed_as_one(store: Store, feed_server: FeedServer) -> None:
    """It said "cancelled after 1 feeds" and "1 feed failed (e lists them)"."""
    feed_server["/a.xml"] = make_feed(1, 2)
    store.add_feed(feed_server.url("/a.xml"), title="a")
    store.add_feed(feed_server.url("/stall"), title="stall")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("R")
        await until(pilot, lambda: screen.progress.done == 1)
        await pilot.press("escape")
        await until(
            pilot,
            lambda: any(m.startswith("Refresh cancelled after 1 feed: 2 new stories") for m in messages(app)),
        )


async def test_r_refreshes_only_the_selected_feed(store: Store, feed_server: FeedServer) -> None:
    for n in range(3):
        feed_server[f"/{n}.xml"] = make_feed(n, 2)
        store.add_feed(feed_server.url(f"/{n}.xml"), title=f"Feed {n}")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.feed_list.select_key(f"feed:{store.resolve_feed('Feed 1').id}")
        await refreshed(pilot, app, "r")
        assert [feed_server.count(f"/{n}.xml") for n in range(3)] == [0, 1, 0]
        assert len(screen.story_list.rows) == 2 and screen.progress.total == 1


async def test_r_on_all_refreshes_every_feed_as_the_help_says(store: Store, feed_server: FeedServer) -> None:
    """The help said r fetches "the selected feed or group"; on All (Unread, Bookmarks, a saved search) it
    fetches every feed."""
    for n in range(3):
        feed_server[f"/{n}.xml"] = make_feed(n, 2)
        store.add_feed(feed_server.url(f"/{n}.xml"), title=f"Feed {n}")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        tips = {row.id: row.tooltip for row in help_rows(app, app.binding_sources())}
        assert tips["feeds.refresh"] == "Fetch the feed or group listed (other lists: every feed)"
        screen = app.main_screen
        assert screen.source == "all"
        await refreshed(pilot, app, "r")
        assert [feed_server.count(f"/{n}.xml") for n in range(3)] == [1, 1, 1]
        assert screen.progress.total == 3


async def test_automatic_refresh_from_the_config(store: Store, feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = make_feed(1, 3)
    store.add_feed(feed_server.url("/a.xml"))
    app = make_app(store, Config(refresh_minutes=0.25 / 60), clock=lambda: NOW)  # every quarter second
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: feed_server.count("/a.xml") >= 2)  # no key pressed: the timer refreshed
        await until(pilot, lambda: len(app.main_screen.story_list.rows) == 3)


async def test_r_while_refreshing_is_refused(store: Store, feed_server: FeedServer) -> None:
    store.add_feed(feed_server.url("/stall"), title="stall")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.press("r")  # press can return before the key is through: the notice is waited for
        await until(pilot, lambda: any("already running" in m for m in messages(app)), what="the refusal")
        await pilot.press("escape")
        await until(pilot, lambda: not app.refreshing)


async def test_new_stories_keep_the_cursor_on_the_same_story(store: Store, feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = make_feed(1, 10)
    store.add_feed(feed_server.url("/a.xml"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await refreshed(pilot, app, "R")
        await pilot.press("j", "j", "j")
        chosen = screen.story_list.current
        assert chosen is not None and screen.story_list.cursor == 3
        feed_server["/a.xml"] = make_feed(1, 10, generation=4)  # four newer stories on top
        await refreshed(pilot, app, "r")
        assert len(screen.story_list.rows) == 14
        assert screen.story_list.current == chosen
        assert screen.story_list.cursor == 7
        assert "Refresh done: 4 new stories." in messages(app)


async def test_failing_feeds_are_marked_listed_and_retried(store: Store, feed_server: FeedServer) -> None:
    feed_server["/ok.xml"] = make_feed(1, 3)
    store.add_feed(feed_server.url("/ok.xml"), title="Fine Feed")
    store.add_feed(feed_server.url("/status/500"), title="Broken Feed")
    store.add_feed(feed_server.url("/missing.xml"), title="Moved Feed")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await refreshed(pilot, app, "R")
        assert screen.progress.errors == 2
        assert any("2 feeds failed" in m for m in messages(app))
        marked = {e.label for e in screen.feed_list.entries if e.failing}
        assert marked == {"Broken Feed", "Moved Feed"}
        rows = visible_rows(screen.feed_list)
        assert any(FAILING_MARK in row and "Broken Feed" in row for row in rows)
        assert not any(FAILING_MARK in row and "Fine Feed" in row for row in rows)

        await pilot.press("e")
        errors = app.screen
        assert isinstance(errors, ErrorsScreen)
        assert [f.title for f in errors.feeds] == ["Broken Feed", "Moved Feed"]
        for feed in errors.feeds:
            assert feed.status.last_error and feed.status.last_attempt
        listed = errors.error_list
        listing = [listed.text_of(i) for i in range(listed.row_count())]
        assert "Broken Feed" in listing[0] and "500" in listing[0]
        assert "Moved Feed" in listing[1] and "404" in listing[1]

        feed_server["/missing.xml"] = make_feed(2, 3)  # the publisher fixes the feed
        # Retry the highlighted one: Moved Feed (j moves as in every list).
        await refreshed(pilot, app, "j", "r")
        await pilot.pause()
        assert [f.title for f in errors.feeds] == ["Broken Feed"]
        await refreshed(pilot, app, "R")  # retry all: still broken
        await pilot.pause()
        assert [f.title for f in errors.feeds] == ["Broken Feed"]
        assert errors.feeds[0].status.failures == 2  # the first refresh, then "retry all"
        assert any("1 feed failed (e shows it)" in m for m in messages(app))  # not "1 feed ... lists them"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert len(screen.story_list.rows) == 6


async def test_an_empty_list_says_why(store: Store, feed_server: FeedServer) -> None:
    """A failing feed's list was a blank pane, the reason only on the errors screen; an empty search, a feed
    never fetched, no bookmarks: blank too. The list's first line says why."""
    store.add_feed(feed_server.url("/status/404"), title="Gone Feed")
    store.add_feed(feed_server.url("/never.xml"), title="New Feed")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen

        def first_line() -> str:
            return strip_text(screen.story_list.render_line(0)).strip()

        assert first_line() == "No stories yet: r fetches them."
        feeds = {e.label: e.key for e in screen.feed_list.entries}
        screen.show_source(feeds["New Feed"])
        await pilot.pause()
        assert first_line() == "No stories yet: r fetches this feed."
        await refreshed(pilot, app, "R")
        screen.show_source(feeds["Gone Feed"])
        await pilot.pause()
        assert first_line() == "No stories: its last refresh failed (not found (404)). e lists failing feeds."
        screen.show_source("bookmarks")
        await pilot.pause()
        assert first_line() == "No bookmarks: b bookmarks the story under the cursor."
        await pilot.press("slash", *"nothing")
        await until(pilot, lambda: screen._shown_query == "nothing")
        assert first_line() == "No story matches the search."


async def test_a_worker_failure_becomes_one_notification(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken install (the HTTP client cannot be imported) fails the worker: one notification, no crash."""
    feed_server["/a.xml"] = make_feed(1, 2)
    store.add_feed(feed_server.url("/a.xml"))
    monkeypatch.setitem(sys.modules, "httpx", None)  # `import httpx` now raises ImportError
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot, app, "R")
        failures = [m for m in messages(app) if m.startswith("The refresh failed:")]
        assert len(failures) == 1 and "httpx" in failures[0]
        assert not app.main_screen.progress.running
        assert app.is_running
        monkeypatch.undo()
        await refreshed(pilot, app, "R")  # the next refresh works
        assert len(app.main_screen.story_list.rows) == 2


async def test_quitting_during_a_refresh_is_calm(store: Store, feed_server: FeedServer) -> None:
    """The refresh's last messages can arrive after the panes are gone (the app is closing): nothing to update,
    and no error (run_test re-raises one). This raced in the automatic-refresh test before."""
    feed_server["/a.xml"] = make_feed(1, 3)
    store.add_feed(feed_server.url("/slow/a.xml") + "?s=2")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        assert app.start_refresh(None)  # what R does
        await screen.query_one("#refresh-progress").remove()  # what closing the app does to the panes
        assert screen.panes_gone
        await until(pilot, lambda: not app.refreshing)
        assert feed_server.count("/slow/a.xml") == 1  # the refresh really ran to its end
    assert app.return_code in (None, 0)


async def test_the_errors_screen_does_not_say_feeds_never_fetched_refreshed_fine(store: Store) -> None:
    """With no feed failing, the errors screen said "Everything refreshed fine last time" even when no feed
    had been fetched yet: it says how many have not been refreshed."""
    import dataclasses

    from feeds.model import FeedStatus

    feeds = [store.add_feed(f"https://{name}.example/feed.xml", title=name) for name in ("one", "two")]
    app = reader(store)

    async def said() -> str:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        text = str(app.screen.query_one("#errors-empty").render())
        await pilot.press("escape")
        return text

    async with app.run_test(size=SIZE) as pilot:
        text = await said()
        assert "refreshed fine" not in text and "none has been refreshed yet" in text
        fetched = FeedStatus(last_success=NOW, last_attempt=NOW)
        store.update_feed(dataclasses.replace(feeds[0], status=fetched))
        text = await said()
        assert "refreshed fine" not in text and "1 of 2 feeds has not been refreshed yet" in text
        store.update_feed(dataclasses.replace(feeds[1], status=fetched))
        assert "Everything refreshed fine last time." in await said()


async def test_the_palette_offers_cancel_refresh_only_while_a_refresh_runs(
    store: Store, feed_server: FeedServer
) -> None:
    """The palette offered "refresh: Cancel refresh" with no refresh running, and chosen it did nothing: the app's
    own check was not asked. It is offered, and works, only while a refresh runs."""
    store.add_feed(feed_server.url("/stall"), title="stall")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        offered = await palette_offers(pilot, app, "refresh")
        assert "feeds: Refresh all" in offered and "refresh: Cancel refresh" not in offered
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("R")
        await until(pilot, lambda: app.refreshing)
        offered = await palette_offers(pilot, app, "cancel refresh")
        assert offered[0] == "refresh: Cancel refresh", offered
        await pilot.press("enter")
        await until(pilot, lambda: any(m.startswith("Refresh cancelled") for m in messages(app)))
        assert isinstance(app.screen, MainScreen)


async def test_a_feed_finishing_while_the_bar_is_taken_apart_is_no_error(
    store: Store, feed_server: FeedServer
) -> None:
    """Quitting during an automatic refresh: Textual removes the widgets from the leaves up, and a feed finishing
    in between found the progress bar without its parts (NoMatches '#refresh-label', a traceback on the way out).
    Here the bar's parts are removed as the app's teardown removes them, and a feed then finishes."""
    feed_server["/a.xml"] = make_feed(1, 3)
    store.add_feed(feed_server.url("/a.xml"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await refreshed(pilot, app, "r")
        await screen.progress.remove_children()
        screen.progress.start(2)
        screen.progress.advance(1, 2, "Feed", 0)
        screen.progress.on_resize()
        assert screen.progress.label == "1/2 feeds · 0 errors · Feed"


async def test_a_refresh_ending_while_the_panes_are_taken_apart_is_no_error(
    store: Store, feed_server: FeedServer
) -> None:
    """The same quit, a moment later: the feed list already removed, the progress bar not yet, and the automatic
    refresh ended: the screen reloaded its lists (NoMatches 'FeedList', seen in CI)."""
    feed_server["/a.xml"] = make_feed(1, 3)
    store.add_feed(feed_server.url("/a.xml"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await refreshed(pilot, app, "r")
        await screen.query_one("FeedList").remove()
        screen.refresh_finished([], cancelled=False)
        assert screen.panes_gone
        # And what the passes the refresh's end started say as they end, late on a loaded machine: the index has
        # the new stories, or is settled, and the names are stored. Each recounted the saved searches into the
        # feed list (NoMatches 'FeedList', seen under load), and run_test re-raises that.
        for message in (IndexUpdated(), IndexReady(), NamesStored([])):
            screen.post_message(message)
        await pilot.pause()
