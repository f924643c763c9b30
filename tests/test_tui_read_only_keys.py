"""A ``--read-only`` copy offers no key that can only fail there, and says once why such a key does nothing.

The real app through Pilot on a read-only store beside a real writing store on the same folder; the same app on
the writing store shows what stays as it was there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from feeds import saved_searches as ss
from feeds.model import FeedStatus
from feeds.saved_searches import key_of
from feeds.store import Store
from tests.snapshot_apps import messages, palette_offers, reader, until
from tests.snapshot_apps.stores import build_store
from tui.app import NewsdeskApp
from tui.screens.errors import ErrorsScreen
from tui.screens.help import REFUSED, HelpScreen
from tui.widgets.footer import KeyBar
from tui.writes import refusal

pytestmark = pytest.mark.anyio
SIZE = (240, 40)  # wide enough for the bar to show every key it offers
#: The keys of the reader that write the store, as the bar describes them.
WRITE_KEYS = {"Toggle read", "Bookmark", "Refresh"}
SEARCH = "Rail news"
#: The ids of the keys that write the store, all the help lists.
WRITE_IDS = {
    "story.toggle_read",
    "story.bookmark",
    "story.bookmark_edit",
    "feeds.mark_read",
    "group.mark_read",
}
WRITE_IDS |= {"feeds.refresh", "feeds.refresh_all", "errors.retry", "errors.retry_all"}
WRITE_IDS |= {"search.save", "search.delete_saved", "search.rename_saved"}
WRITE_IDS |= {"pivot.bookmark", "pivot.bookmark_edit", "pivot.refresh_all"}  # b, B and R in the entity pivot


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """(the writer, with a saved search; a read-only copy opened after it)."""
    writer, _ids = build_store(tmp_path / "data")
    ss.save(writer, SEARCH, "rail")
    feed = writer.feeds()[0]
    writer.update_feed(replace(feed, status=FeedStatus(last_error="server error (503)", failures=2)))
    copy = Store(tmp_path / "data", readonly=True)
    yield writer, copy
    copy.close()
    writer.close()


def shown(app: NewsdeskApp) -> set[str]:
    """The descriptions of the keys the bar of the screen on top shows."""
    return {key.description for key in app.screen.query_one(KeyBar).query(FooterKey) if key.display}


@pytest.mark.parametrize("copy", ["read-only", "writer"])
async def test_the_bar_and_the_palette_offer_no_key_that_writes_in_a_read_only_copy(
    stores: tuple[Store, Store], copy: str
) -> None:
    """r Refresh, m Toggle read and b Bookmark in the bar, "story: Bookmark" and "feeds: Mark all read" in the
    palette, and a saved search's Delete: each only failed with a notice in the read-only copy. The writing copy
    offers them all, as before."""
    writer, read_only = stores
    app = reader(read_only if copy == "read-only" else writer)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: {"Next unread", "Open link", "Search", "Quit"} <= shown(app))
        if copy == "writer":  # the bar is laid out after it is built: on a loaded machine, a little later
            await until(pilot, lambda: shown(app) >= WRITE_KEYS)
        else:
            assert not (WRITE_KEYS & shown(app)), shown(app)

        screen = app.main_screen
        assert screen.feed_list.select_key(key_of(SEARCH))
        screen.feed_list.focus()
        await until(pilot, lambda: screen.feed_list.has_focus)
        await pilot.pause()
        if copy == "writer":
            await until(pilot, lambda: {"Delete search", "Rename search"} <= shown(app))
        assert ({"Delete search", "Rename search"} <= shown(app)) == (copy == "writer"), shown(app)

        titles = await palette_offers(pilot, app, "")
        writes = {"story: Bookmark", "story: Toggle read", "story: Note/tags", "feeds: Mark all read"}
        writes |= {"feeds: Refresh", "feeds: Refresh all", "search: Save search", "search: Delete search"}
        assert {"story: Open link", "feeds: Feed errors", f"saved: {SEARCH}"} <= set(titles), titles
        assert (writes <= set(titles)) if copy == "writer" else not (writes & set(titles)), titles
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_a_key_that_writes_says_once_why_it_does_nothing(stores: tuple[Store, Store]) -> None:
    """Pressed anyway, each key says in the same words what this copy cannot do (one notice, not a failure of
    its own per key), and the store is left as it was."""
    writer, read_only = stores
    app = reader(read_only, mark_read_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        first = screen.story_list.rows[0]
        for key, what in [
            ("m", "mark stories read or unread"),
            ("b", "bookmark stories"),
            ("B", "change a bookmark's note and tags"),
            ("A", "mark stories read"),
            ("M", "mark stories read"),
            ("r", "refresh feeds"),
            ("R", "refresh feeds"),
        ]:
            before = len(messages(app))
            await pilot.press(key)
            await pilot.pause()
            said = messages(app)[before:]
            assert said == [refusal(what)], (key, said)
            assert app.screen is screen  # no dialog asked first
        assert not writer.is_read(first.id) and not writer.is_bookmarked(first.id)
        assert not read_only.is_read(first.id)

        assert screen.feed_list.select_key(key_of(SEARCH))
        screen.feed_list.focus()
        await until(pilot, lambda: screen.feed_list.has_focus)
        before = len(messages(app))
        await pilot.press("D")
        await pilot.pause()
        assert messages(app)[before:] == [refusal("delete saved searches")]
        assert app.screen is screen and writer.saved_searches() == {SEARCH: "rail"}
        assert app.is_running


async def test_the_errors_screen_of_a_read_only_copy_offers_no_retry(stores: tuple[Store, Store]) -> None:
    """The feed errors dialog's r Retry and R Retry all could only fail in a read-only copy: the bar leaves them
    out, and r says why it does nothing."""
    _writer, read_only = stores
    app = reader(read_only)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ErrorsScreen) and app.screen.feeds)  # some to retry
        await pilot.pause()
        assert not {"Retry feed", "Retry all"} & shown(app), shown(app)
        before = len(messages(app))
        await pilot.press("r")
        await pilot.pause()
        assert messages(app)[before:] == [refusal("refresh feeds")]
        assert not app.refreshing


async def test_the_lists_and_the_search_hint_of_a_read_only_copy_name_no_key_that_writes(
    stores: tuple[Store, Store],
) -> None:
    """An empty Bookmarks list said "b bookmarks the story under the cursor", a feed never fetched "r fetches
    this feed", and the search bar's hint "ctrl+n: save": in a read-only copy each sent the reader to a key that
    can only say it cannot."""
    writer, _opened_before = stores  # a copy opened after the feed below is added lists it
    writer.add_feed("https://fresh.example/rss", title="Fresh Feed")  # never fetched
    fresh = next(f for f in writer.feeds() if f.name == "Fresh Feed")
    with Store(writer.root, readonly=True) as copy:
        app = reader(copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            for key in ("bookmarks", f"feed:{fresh.id}"):
                assert screen.feed_list.select_key(key)
                await until(pilot, lambda key=key: screen.source == key)
                said = screen.story_list.empty_text
                assert "newsdesk that writes this data folder" in said, said
                assert not re.search(r"(^|\s)[rb] (fetches|bookmarks)", said), said
            await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
            await pilot.press("slash", *"rail")

            def hint() -> str:
                return str(screen.search_bar.query_one("#search-hint", Static).content)

            await until(pilot, lambda: "enter: results" in hint())
            assert "save" not in hint() and "close" in hint(), hint()


@pytest.mark.parametrize("copy", ["read-only", "writer"])
async def test_the_help_of_a_read_only_copy_lists_the_keys_that_write_apart(
    stores: tuple[Store, Store], copy: str
) -> None:
    """The help (?) listed r Refresh, m, b, A, a saved search's D... among the keys that work, where the bar and
    the palette leave them out and each only says it cannot. They come last, under a heading that says why, with
    their ids (the keymap is the writing copy's too); the writing copy's help lists them in their sections."""
    writer, read_only = stores
    app = reader(read_only if copy == "read-only" else writer)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-table", Static)

        def text() -> str:
            return table.render().plain  # type: ignore[union-attr]

        await until(pilot, lambda: "app.quit" in text())  # laid out, the ids shown

        def ids_in(lines: list[str]) -> set[str]:
            return {
                r.id for r in help_screen.rows if any(line.rstrip().endswith(f" {r.id}") for line in lines)
            }

        lines = text().split("\n")
        every = {row.id for row in help_screen.rows}
        assert every > WRITE_IDS and ids_in(lines) == every
        title = str(help_screen.query_one("#help-title", Static).content)
        if copy == "writer":
            assert REFUSED not in lines and not any(row.refused for row in help_screen.rows)
            assert title == "newsdesk keys"
            return
        assert title == "newsdesk keys · read-only copy"
        apart = lines.index(REFUSED)
        assert ids_in(lines[apart:]) == WRITE_IDS, ids_in(lines[apart:])
        assert ids_in(lines[:apart]) == every - WRITE_IDS
        assert {row.id for row in help_screen.rows if row.refused} == WRITE_IDS
