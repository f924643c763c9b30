"""Saved searches in the reader, through Pilot on a real store: save from the bar, the virtual feed and its unread
count, opening a result, read marks lowering the count, rename, delete; and the two search bugs fixed with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from feeds.saved_searches import key_of, match_count
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps import (
    keep_notices,
    messages,
    reader,
    reader_app,
    refreshed,
    run_from_palette,
    settled,
    until,
    visible_rows,
)
from tests.snapshot_apps.saved_search_app import (
    TRANSPORT,
    TRANSPORT_TITLES,
    counted,
    on_saved,
    saved_search_app,
)
from tests.snapshot_apps.stores import KEEP_ALL, NOW
from tui.app import NewsdeskApp, make_app
from tui.commands import commands_for
from tui.config import Config
from tui.screens.main import MainScreen
from tui.screens.save_search import ConfirmScreen, NameScreen
from tui.widgets.feed_list import SAVED_GROUP
from tui.widgets.story_list import StoryList
from tui.widgets.story_view import StoryView

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]  # story dates in UTC: tests/conftest.py
feed_server = httpserver.feed_server
SIZE = (120, 40)
MATCH = "bold reverse"


def count_of(screen: MainScreen, name: str) -> int | None:
    """The unread count the feed list shows beside the saved search ``name`` (None: not listed)."""
    for entry in screen.feed_list.entries:
        if entry.key == key_of(name):
            return entry.count
    return None


def titles(screen: MainScreen) -> list[str]:
    return [h.title for h in screen.story_list.rows]


async def ask_to_save(pilot: Pilot[None], app: NewsdeskApp, query: str) -> None:
    """Type ``query`` in the search bar, wait for its results, and press ctrl+n: the name dialog opens."""
    screen = app.main_screen
    await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
    await pilot.press("slash", *query)
    await until(pilot, lambda: screen._shown_query == query and screen.search_result is not None)
    await pilot.press("ctrl+n")
    await until(pilot, lambda: isinstance(app.screen, NameScreen))


async def show_saved(pilot: Pilot[None], screen: MainScreen, name: str) -> None:
    """Put the feed list's cursor on a saved search, choose it, and wait for its stories."""
    screen.focus_pane("feeds")
    await pilot.pause()
    assert screen.feed_list.select_key(key_of(name))
    await pilot.press("enter")
    await until(pilot, lambda: screen._saved_shown == key_of(name))


async def test_save_from_the_bar_then_read_its_stories_and_delete_it(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    name, query = TRANSPORT
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await ask_to_save(pilot, app, query)
        assert app.screen.query_one(Input).value == query  # the query is the default name
        await pilot.press("ctrl+u", *name, "enter")
        await until(pilot, lambda: count_of(screen, name) == 2)
        assert app.store.saved_searches() == {name: query}
        labels = [e.label for e in screen.feed_list.entries]
        assert labels[-2:] == [SAVED_GROUP, name]  # its own group, below the feeds

        await pilot.press("escape")  # leave search
        await show_saved(pilot, screen, name)
        assert titles(screen) == TRANSPORT_TITLES  # newest first, like a feed
        assert str(screen.story_list.border_title) == f"{name} · 2"
        assert isinstance(app.focused, StoryList)

        await pilot.press("enter")  # open the first result: it is marked read
        await until(pilot, lambda: count_of(screen, name) == 1)
        assert isinstance(app.focused, StoryView) and app.store.is_read("atlas-2")
        await pilot.press("m")  # unread again: the count comes back
        await until(pilot, lambda: count_of(screen, name) == 2)

        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.current_saved == name
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # no: nothing changes
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.store.saved_searches() == {name: query}
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: count_of(screen, name) is None)
        assert app.store.saved_searches() == {}
        assert SAVED_GROUP not in [e.label for e in screen.feed_list.entries]
        assert screen.source != key_of(name)


async def test_rename_keeps_the_query_and_the_list(tmp_path: Path) -> None:
    app = saved_search_app(tmp_path / "data")
    name, query = TRANSPORT
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        await show_saved(pilot, screen, name)
        screen.focus_pane("feeds")
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.press("ctrl+u", *"Trains and boats", "enter")
        await until(pilot, lambda: count_of(screen, "Trains and boats") == 2)
        assert (
            app.store.saved_searches()["Trains and boats"] == query and name not in app.store.saved_searches()
        )
        assert screen.feed_list.current_saved == "Trains and boats"
        await until(pilot, lambda: screen._saved_shown == key_of("Trains and boats"))
        assert titles(screen) == TRANSPORT_TITLES


async def test_delete_and_rename_keys_only_act_on_saved_searches(tmp_path: Path) -> None:
    app = saved_search_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.select_key("all")
        shown = {b.binding.id for b in screen.active_bindings.values()}
        assert "search.delete_saved" not in shown
        await pilot.press("D", "f2")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and len(app.store.saved_searches()) == 2
        # Not silently, though: help lists "D Delete search".
        where = f"move the cursor to one under {SAVED_GROUP} first."
        assert messages(app) == [f"D deletes a saved search: {where}", f"f2 renames a saved search: {where}"]
        assert screen.feed_list.select_key(key_of(TRANSPORT[0]))
        await pilot.pause()
        shown = {b.binding.id for b in screen.active_bindings.values()}
        assert {"search.delete_saved", "search.rename_saved"} <= shown  # in the footer now


async def test_delete_off_a_saved_search_names_the_key_the_keymap_gives_it(tmp_path: Path) -> None:
    store = saved_search_app(tmp_path / "data").store
    app = make_app(store, Config(keymap={"search.delete_saved": "x"}), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.select_key("all")
        await pilot.press("D", "x")  # D is no key of delete now
        await pilot.pause()
        assert messages(app) == [
            f"x deletes a saved search: move the cursor to one under {SAVED_GROUP} first."
        ]
        assert len(store.saved_searches()) == 2


async def test_counts_follow_a_refresh_that_brings_matching_stories(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    store_app = saved_search_app(tmp_path / "data")
    store = store_app.store
    feed_server["/gen.xml"] = make_feed(7, 3)
    store.add_feed(feed_server.url("/gen.xml"), title="Generated")
    store.save_search("Generated", "feed:generated")
    app = make_app(store, Config(), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        assert count_of(screen, "Generated") == 0
        await pilot.press("R")
        await until(pilot, lambda: not app.refreshing)
        await until(pilot, lambda: count_of(screen, "Generated") == 3)


async def test_a_count_by_name_follows_the_names_found_after_a_refresh(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """``person:`` matches a new story only once the enrichment pass that starts when a refresh ends has found
    its names. The saved searches were counted when the refresh ended and not again: the feed list kept the old
    count (0 here) beside a list that, opened, held the stories."""
    store_app = saved_search_app(tmp_path / "data")
    store = store_app.store
    feed_server["/gen.xml"] = make_feed(7, 3)
    store.add_feed(feed_server.url("/gen.xml"), title="Generated")
    query = 'person:"Olaf Scholz"'
    store.save_search("Scholz", query)
    app = reader(store)  # its notices last: see refreshed
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        assert count_of(screen, "Scholz") == 0
        await refreshed(pilot, app, "R")
        await until(pilot, lambda: not any(w.group == "enrich" and not w.is_finished for w in app.workers))
        service = screen.search_service
        assert service is not None
        named = match_count(service, query, now=NOW)
        assert named == 2  # the two generated stories that name him
        await until(pilot, lambda: count_of(screen, "Scholz") == named)


async def test_the_palette_offers_search_save_and_each_saved_search(tmp_path: Path) -> None:
    app = saved_search_app(tmp_path / "data")
    name, _query = TRANSPORT
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        commands = commands_for(screen.command_targets()) + screen.palette_commands()
        titles_ = {c.title for c in commands}
        assert {"search: Search", "search: Save search", f"saved: {name}", "saved: World drafts"} <= titles_
        opener = next(c for c in commands if c.title == f"saved: {name}")
        await opener.run()
        await until(pilot, lambda: screen._saved_shown == key_of(name))
        assert titles(screen) == TRANSPORT_TITLES and screen.feed_list.current_saved == name
        await run_from_palette(pilot, app, "saved: transport", f"saved: {name}")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_a_saved_search_marks_its_matches_and_a_feed_does_not(tmp_path: Path) -> None:
    app = saved_search_app(tmp_path / "data")
    name, _query = TRANSPORT
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        await show_saved(pilot, screen, name)
        marks = screen.story_list.title_marks
        assert marks is not None and marks("Rail strike") == [(0, 4)]
        await pilot.press("enter")
        await until(pilot, lambda: screen.story_view.story is not None)
        body = screen.story_view.query_one("#story-body", Static).content
        marked = [body.plain[s.start : s.end] for s in body.spans if s.style == MATCH]  # type: ignore[union-attr]
        assert marked and all(m.casefold() == "rail" for m in marked)
        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.select_key("all")
        await pilot.pause()
        assert screen.source == "all" and screen.story_list.title_marks is None


async def test_leaving_search_puts_back_the_saved_search_and_its_story(tmp_path: Path) -> None:
    app = saved_search_app(tmp_path / "data")
    name, _query = TRANSPORT
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: counted(app))
        await show_saved(pilot, screen, name)
        await pilot.press("j")
        assert screen.story_list.current is not None and screen.story_list.current.id == "harbour-2"
        await pilot.press("slash", *"geneva")
        await until(pilot, lambda: screen._shown_query == "geneva")
        await pilot.press("escape")
        await until(pilot, lambda: screen._saved_shown == key_of(name))
        assert titles(screen) == TRANSPORT_TITLES
        assert screen.story_list.current is not None and screen.story_list.current.id == "harbour-2"


async def test_search_marks_survive_the_enrichment_redraw(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash", *"geneva")
        await until(pilot, lambda: screen._shown_query == "geneva" and screen.search_result is not None)
        await pilot.press("enter", "enter")
        await until(pilot, lambda: screen.story_view.story is not None)
        await until(pilot, lambda: screen._related_ready)  # enrichment finished
        screen.refresh_enrichment()  # what the enrichment worker's end does: redraw with the names
        await pilot.pause()
        body = screen.story_view.query_one("#story-body", Static).content
        marked = [body.plain[s.start : s.end] for s in body.spans if s.style == MATCH]  # type: ignore[union-attr]
        assert marked and all(m.casefold() == "geneva" for m in marked)


async def test_escape_in_the_search_bar_leaves_search_not_the_refresh(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    from feeds.store import Store

    store = Store(tmp_path / "data", retention=KEEP_ALL)
    feed_server["/a.xml"] = make_feed(1, 4)
    for path in ("/a.xml", "/stall"):
        store.add_feed(feed_server.url(path), title=path.strip("/"))
    app = make_app(store, Config(), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await pilot.press("R")
        await until(pilot, lambda: screen.progress.done == 1)
        await pilot.press("slash", *"news")
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.search_active and not screen.search_bar.is_open
        assert app.refreshing  # still running
        await pilot.press("escape")  # outside the bar, escape cancels it as before
        await until(pilot, lambda: not app.refreshing)
    store.close()


def test_feed_list_with_saved_searches_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """The saved searches in their own group under the feeds, with unread counts; one chosen, its stories shown."""
    app = saved_search_app(tmp_path / "data")
    assert snap_compare(app, run_before=on_saved(TRANSPORT[0]), terminal_size=SIZE)


async def test_the_feed_list_rows_show_the_group_and_counts(tmp_path: Path) -> None:
    app: NewsdeskApp = saved_search_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: counted(app))
        rows = [" ".join(r.split()) for r in visible_rows(app.main_screen.feed_list)]
        # "draft tag:world": the Atlas and Harbour stories that say "draft" (in a title or the text).
        drafts = count_of(app.main_screen, "World drafts")
        assert drafts is not None and 0 < drafts < 9
        assert rows[-3:] == [SAVED_GROUP, f"{TRANSPORT[0]} 2", f"World drafts {drafts}"]


async def test_a_name_that_looks_like_markup_is_shown_literally(tmp_path: Path) -> None:
    """The notices after saving and deleting quote the name: "[/]" used to crash the toast (MarkupError) and
    "[@click=app.quit]" would have made it a button."""
    app = keep_notices(reader_app(tmp_path / "data"))  # the first notice is counted after the second
    name, query = "[/][@click=app.quit]q[/]", TRANSPORT[1]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await ask_to_save(pilot, app, query)
        await pilot.press("ctrl+u", *name, "enter")
        await until(pilot, lambda: count_of(screen, name) == 2)
        await pilot.pause()
        assert any(name in n.message and not n.markup for n in app._notifications)
        await pilot.press("escape")
        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.select_key(key_of(name))
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: count_of(screen, name) is None)
        await pilot.pause()
        assert sum(name in n.message and not n.markup for n in app._notifications) == 2


async def test_the_palette_shows_markup_looking_names_and_queries_literally(tmp_path: Path) -> None:
    """Textual's palette reads a hit's text and help as markup: a saved search named "[/]" raised MarkupError
    as the palette listed it, and "[$accent]" vanished."""
    from textual.command import CommandList

    from feeds import saved_searches as ss

    app = reader_app(tmp_path / "data")
    name, query = "[/] [$accent] news", '"[/b]" [@click=app.quit]q'
    ss.save(app.store, name, query)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"saved")
        await pilot.pause(0.3)
        listed = app.screen.query_one(CommandList)
        await until(pilot, lambda: listed.option_count > 0)
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert f"saved: {name}\nShow the saved search: {query}" in prompts, prompts
        await pilot.press("enter")
        await until(pilot, lambda: app.main_screen._saved_shown == key_of(name))


async def test_an_unread_saved_search_title_counts_its_matches_after_m(tmp_path: Path) -> None:
    """A saved search's title counts its matches; with ``is:unread`` in its query, `m` on one of its stories
    takes one match away. The row stays (so `m` again takes the mark back), as in the Unread list, and the
    title kept the old count until the list reloaded: it says the count the feed list beside it says."""
    app = reader_app(tmp_path / "data")
    name = "Unread transport"
    app.store.save_search(name, "rail OR ferry is:unread")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: count_of(screen, name) == 2)
        await show_saved(pilot, screen, name)
        assert str(screen.story_list.border_title) == f"{name} · 2"
        await pilot.press("m")
        await until(pilot, lambda: count_of(screen, name) == 1)
        assert titles(screen) == TRANSPORT_TITLES  # the row stays, without its mark
        assert str(screen.story_list.border_title) == f"{name} · 1"
        await pilot.press("m")
        await until(pilot, lambda: count_of(screen, name) == 2)
        assert str(screen.story_list.border_title) == f"{name} · 2"


async def test_a_saved_search_title_without_is_unread_keeps_its_count_after_m(tmp_path: Path) -> None:
    """Without ``is:unread`` a story marked read still matches: the title keeps counting it."""
    app = reader_app(tmp_path / "data")
    name, _query = TRANSPORT
    app.store.save_search(*TRANSPORT)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: count_of(screen, name) == 2)
        await show_saved(pilot, screen, name)
        await pilot.press("m")
        await until(pilot, lambda: count_of(screen, name) == 1)
        assert str(screen.story_list.border_title) == f"{name} · 2"


async def test_a_bookmarked_saved_search_title_counts_its_matches_after_b(tmp_path: Path) -> None:
    """The same with ``is:bookmarked`` and `b`: the row stays so `b` can put the bookmark back, the title counts
    the bookmarks left."""
    app = reader_app(tmp_path / "data")
    name = "Kept"
    for header in app.store.headers()[:2]:
        app.store.bookmark(header.id)
    app.store.save_search(name, "is:bookmarked")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: count_of(screen, name) is not None and count_of(screen, name) >= 0)
        # The names' pass ending shows the saved search again: after b, that dropped the row (seen under load).
        await settled(pilot, app)
        await show_saved(pilot, screen, name)
        assert str(screen.story_list.border_title) == f"{name} · 2"
        await pilot.press("b")
        await until(pilot, lambda: str(screen.story_list.border_title) != f"{name} · 2", tries=100)
        assert len(screen.story_list.rows) == 2  # the row stays, without its mark
        assert str(screen.story_list.border_title) == f"{name} · 1"
