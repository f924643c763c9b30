"""Bookmarks in the reader, through Pilot on a real store: b from both panes, the note-and-tags dialog, the banner
over a bookmarked story, tags under Bookmarks in the feed list, opening a bookmark whose feed is gone, and the
question before b throws away a note or the last copy of a story."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from feeds.store import Store
from tests.snapshot_apps import reader, visible_rows
from tests.snapshot_apps.stores import build_store
from tui.app import NewsdeskApp
from tui.screens.bookmark_edit import BookmarkEditScreen
from tui.screens.main import MainScreen
from tui.screens.save_search import ConfirmScreen
from tui.widgets.bookmark_banner import BookmarkBanner
from tui.widgets.story_list import BOOKMARK_MARK

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


def main(app: NewsdeskApp) -> MainScreen:
    return app.main_screen


def banner(app: NewsdeskApp) -> BookmarkBanner:
    return main(app).story_view.query_one(BookmarkBanner)


async def show_bookmarks(pilot: Pilot[None], screen: MainScreen) -> None:
    """Choose Bookmarks in the feed list: the list then shows the bookmarked stories."""
    screen.focus_pane("feeds")
    await pilot.pause()
    assert screen.feed_list.select_key("bookmarks")
    await pilot.press("enter")


async def test_b_toggles_from_the_list_and_from_the_story_view(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        first = screen.story_list.rows[0]
        await pilot.press("b")  # in the list
        assert app.focused is screen.story_list and store.is_bookmarked(first.id)
        await pilot.press("j", "enter")  # open the second story: the story view has the focus
        second = screen.story_list.rows[1]
        assert app.focused is screen.story_view and screen.story_view.story.id == second.id
        await pilot.press("b")
        assert store.is_bookmarked(second.id)
        assert [row[2] for row in visible_rows(screen.story_list)[:2]] == [BOOKMARK_MARK, BOOKMARK_MARK]
        await pilot.press("b")  # again, still in the story view: removed
        assert not store.is_bookmarked(second.id) and app.focused is screen.story_view
        assert visible_rows(screen.story_list)[1][2] == " "


async def test_the_dialog_saves_a_note_and_tags_shown_over_the_story(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        first = screen.story_list.rows[0]
        await pilot.press("enter", "B")
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        assert app.focused is dialog.query_one("#bookmark-note", TextArea)
        await pilot.press(*"Read later")
        dialog.query_one("#bookmark-tags", Input).focus()
        await pilot.press(*"climate, eu [b]")
        await pilot.press("enter")  # enter in the tags field saves
        assert app.screen is screen
        (mark,) = store.bookmarks()
        assert (
            mark.story.id == first.id and mark.note == "Read later" and mark.tags == ("climate", "eu", "[b]")
        )
        await pilot.pause()
        shown = banner(app)
        assert shown.has_class("-shown") and shown.story_id == first.id
        text = str(shown.render())
        assert "#climate" in text and "#[b]" in text and "Read later" in text  # [b] stays text, not markup

        # editing again starts from what is saved; escape keeps it unchanged
        await pilot.press("B")
        assert app.screen.query_one("#bookmark-note", TextArea).text == "Read later"
        assert app.screen.query_one("#bookmark-tags", Input).value == "climate, eu, [b]"
        await pilot.press("ctrl+a", "x", "escape")
        assert app.screen is screen and store.bookmarks()[0].note == "Read later"

        # b would lose the note: it asks first; n keeps the bookmark, y removes it and the banner goes
        await pilot.press("b")
        question = app.screen
        assert isinstance(question, ConfirmScreen) and "note and tags" in question.question
        await pilot.press("n")
        assert app.screen is screen and store.bookmarks()[0].note == "Read later"
        await pilot.press("b", "y")
        await pilot.pause()
        assert app.screen is screen
        assert not store.is_bookmarked(first.id) and not banner(app).has_class("-shown")


async def test_tags_under_bookmarks_filter_the_list(store: Store) -> None:
    headers = store.headers()
    store.bookmark(headers[0].id, tags=["eu"])
    store.bookmark(headers[1].id, tags=["eu", "energy"])
    store.bookmark(headers[2].id, note="no tags")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        labels = [e.label for e in screen.feed_list.entries]
        at = labels.index("Bookmarks")
        assert labels[at + 1 : at + 3] == ["#energy", "#eu"]
        counts = {e.label: e.count for e in screen.feed_list.entries}
        assert counts["Bookmarks"] == 3 and counts["#eu"] == 2 and counts["#energy"] == 1
        screen.focus_pane("feeds")
        await pilot.pause()
        assert screen.feed_list.select_key("bookmarks:eu")
        await pilot.pause()
        assert screen.source == "bookmarks:eu"
        assert {h.id for h in screen.story_list.rows} == {headers[0].id, headers[1].id}
        assert "Bookmarks #eu" in str(screen.story_list.border_title)
        await pilot.press("up")  # the tag above: #energy
        assert screen.source == "bookmarks:energy"
        assert [h.id for h in screen.story_list.rows] == [headers[1].id]


async def test_a_bookmark_opens_from_the_bookmarks_feed_after_its_feed_is_removed(store: Store) -> None:
    header = store.headers()[0]
    story = store.story(header.id)
    assert story is not None
    feed = store.get_feed(story.feed_id)
    assert feed is not None
    store.bookmark(header.id, note="keep this", tags=["t"])
    store.remove_feed(feed.id)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await show_bookmarks(pilot, screen)
        assert [h.id for h in screen.story_list.rows] == [header.id]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.story_view.story == story
        body = str(screen.story_view.query_one("#story-body").render())
        assert story.title in body and story.text.splitlines()[0] in body
        shown = str(banner(app).render())
        assert "keep this" in shown and f"From {feed.name} (no longer subscribed)" in shown


async def test_a_bookmark_whose_feed_is_removed_is_not_unread_for_good(store: Store) -> None:
    """A story kept only by its bookmark has no read mark (its feed's marks went with the feed): its row showed
    the unread dot forever, even while it was being read, and ``n`` went back to it as the next unread story."""
    header = store.headers()[0]
    story = store.story(header.id)
    assert story is not None
    kept = next(h for h in store.headers() if h.feed_id != header.feed_id)
    store.bookmark(header.id)
    store.bookmark(kept.id)  # still in its feed, and read
    store.set_read([kept.id])
    store.remove_feed(story.feed_id)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await show_bookmarks(pilot, screen)
        await pilot.pause()
        assert header.id in [h.id for h in screen.story_list.rows]
        assert [row[1] for row in visible_rows(screen.story_list)[:2]] == [" ", " "]
        await pilot.press("n")
        assert screen.story_view.story is None
        assert "No more unread stories below." in [str(n.message) for n in app._notifications]


async def test_the_dialog_on_a_read_only_store_says_so(tmp_path: Path) -> None:
    build_store(tmp_path / "data")[0].close()
    with Store(tmp_path / "data", readonly=True) as store:
        app = reader(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("B")
            assert app.screen is main(app)
            assert any("read-only" in str(n.message) for n in app._notifications)


async def test_b_asks_before_dropping_the_last_copy_of_a_story(store: Store) -> None:
    header = store.headers()[0]
    story = store.story(header.id)
    assert story is not None
    store.bookmark(header.id)  # no note, no tags: only the story itself is at stake
    store.remove_feed(story.feed_id)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await show_bookmarks(pilot, screen)
        await pilot.press("b")
        question = app.screen
        assert isinstance(question, ConfirmScreen) and "no longer in its feed" in question.question
        await pilot.press("escape")
        assert app.screen is screen and store.story(header.id) == story
        await pilot.press("b", "y")
        await pilot.pause()
        assert not store.is_bookmarked(header.id) and store.story(header.id) is None


async def test_the_bookmarks_title_counts_what_is_bookmarked_after_b(store: Store) -> None:
    """`b` on a bookmark in the Bookmarks list leaves its row (so `b` again puts it back), but the list's title
    kept the old count until the list reloaded: it says what is bookmarked now, as the feed list does."""
    for header in store.headers()[:3]:
        store.bookmark(header.id)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await show_bookmarks(pilot, screen)
        assert str(screen.story_list.border_title) == "Bookmarks · 3"
        await pilot.press("b")
        await pilot.pause()
        assert len(screen.story_list.rows) == 3  # the row stays, without its ★
        assert str(screen.story_list.border_title) == "Bookmarks · 2"
        await pilot.press("b")
        await pilot.pause()
        assert str(screen.story_list.border_title) == "Bookmarks · 3"


@pytest.mark.parametrize("size", [(50, 15), (40, 12), (120, 40)])
async def test_the_dialog_fits_a_small_terminal(store: Store, size: tuple[int, int]) -> None:
    """At 50x15 the dialog's Save and Cancel buttons were cut off under its note: every field and both buttons are
    on screen, the note keeps room to type in, and the title's keys still save."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("B")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        box = dialog.query_one("#bookmark-dialog").region
        assert dialog.region.contains_region(box)
        for part in ("#bookmark-note", "#bookmark-tags", "#bookmark-cancel", "#bookmark-save"):
            assert box.contains_region(dialog.query_one(part).region), part
        assert dialog.query_one("#bookmark-note").region.height >= 1 + 1  # two lines to type in, at least
        await pilot.press(*"seen", "ctrl+s")
        assert store.bookmarks()[0].note == "seen"


async def test_a_bookmark_moved_to_a_folder_subscribed_to_its_feed_is_not_shown_as_unsubscribed(
    store: Store, tmp_path: Path
) -> None:
    """Feed ids are a folder's own: a bookmark exported from one folder and imported into another subscribed
    to the same feed said "(no longer subscribed)" there. The import finds the subscription by its address."""
    from feeds import bookmarks as bm

    header = store.headers()[0]
    feed = store.get_feed(header.feed_id)
    assert feed is not None
    store.bookmark(header.id, note="moved here")
    text = bm.to_json(store.bookmarks())
    with Store(tmp_path / "other") as other:
        mine = other.add_feed(feed.url, title="Mine")
        other.import_bookmarks(bm.from_json(text))
        app = reader(other)
        async with app.run_test(size=SIZE) as pilot:
            screen = main(app)
            await show_bookmarks(pilot, screen)
            assert [h.id for h in screen.story_list.rows] == [header.id]
            assert screen.story_list.rows[0].feed_id == mine.id
            await pilot.press("enter")
            await pilot.pause()
            shown = str(banner(app).render())
            assert "moved here" in shown and "no longer subscribed" not in shown
