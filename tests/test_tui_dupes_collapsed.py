"""Duplicate groups in the story list: what a collapsed row stands for (the marks of the copies it hides, b
and B on it, the words for a pair, z and M from the story view) and its state across refreshes."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, kind, opened_id, reader, row_text, the_groups, the_three
from tests.snapshot_apps import messages, until
from tui.widgets.dupe_groups import MEMBER
from tui.widgets.story_list import StoryList

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store


def marks(stories: StoryList, index: int) -> str:
    """The read and bookmark marks a row shows (after its leading space)."""
    return row_text(stories, index)[1:3]


async def test_a_collapsed_row_shows_the_bookmark_of_a_copy_it_hides_and_b_clears_it(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        store.bookmark(members[2])  # bookmarked before the group formed, as yesterday's copy would be
        store.set_read([members[0]])
        stories.invalidate()
        assert marks(stories, three) == "●★"
        stories.move_cursor(three)
        stories.focus()
        await pilot.press(
            "z"
        )  # expanded, each row shows its own story's marks (so m and b there act on them)
        assert [marks(stories, i) for i in range(three, three + 3)] == ["  ", "● ", "●★"]
        await pilot.press("z", "b")  # on the folded row, b takes off the ★ it shows
        assert not any(store.is_bookmarked(i) for i in members)
        assert marks(stories, three) == "● "
        assert "Removed the bookmark of 1 of its 3 copies." in messages(app)
        await pilot.press("b")  # and puts one back, on the story on top
        assert [i for i in members if store.is_bookmarked(i)] == [members[0]]
        assert marks(stories, three) == "●★"


async def test_folding_a_group_while_reading_a_copy_keeps_space_on_that_copy(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(140, 24)) as pilot:
        screen = app.main_screen
        stories, view = await grouped(pilot, app), screen.story_view
        three, members = the_three(stories)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("z", "j", "enter")  # reading the second copy
        assert opened_id(app) == members[1] and view.scroll_y == 0
        await pilot.press("escape", "z")  # back to the list, fold the group: the cursor goes to its row
        assert stories.cursor == three and not stories.is_expanded(members[0])
        await pilot.press("space")  # pages the copy being read instead of reopening the story on top
        assert opened_id(app) == members[1]
        assert view.scroll_y > 0
        await pilot.press("b")  # bookmarks the copy being read; the folded row shows it
        assert [i for i in members if store.is_bookmarked(i)] == [members[1]]
        assert marks(stories, three) == "●★"


def older_copy_feed(path: Path, store: Store, story_id: str) -> None:
    """An RSS file carrying a copy of ``story_id`` published a day before it (the group's oldest, so its key)."""
    from email.utils import formatdate
    from xml.sax.saxutils import escape

    story = store.story(story_id)
    assert story is not None
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>'
        "<link>https://wire.example/</link><description>Wire</description><item>"
        f"<title>{escape(story.title)}</title><link>https://wire.example/starliner</link>"
        f"<guid>wire-starliner</guid><pubDate>{formatdate(story.published - 86400)}</pubDate>"
        f"<description>{escape(story.text)}</description></item></channel></rss>\n",
        encoding="utf-8",
    )


async def test_an_expanded_group_stays_expanded_when_a_refresh_gives_it_a_new_key(
    store: Store, tmp_path: Path
) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        old_key = stories._view.key_of[members[0]]
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("z", "j", "j")  # on the third copy, the group open
        assert stories.current.id == members[2]  # type: ignore[union-attr]
        older_copy_feed(tmp_path / "wire.xml", store, old_key)
        feed = store.add_feed(str(tmp_path / "wire.xml"), title="Wire")
        assert app.start_refresh([feed])
        await until(pilot, lambda: stories.group_size(members[0]) == 4)  # the refresh's new groups arrived
        assert stories._view.key_of[members[0]] != old_key
        assert stories.is_expanded(members[0])
        assert stories.current.id == members[2]  # type: ignore[union-attr]
        row = stories.index_of(members[0])
        assert row is not None and [kind(stories, i) for i in range(row, row + 4)] == [
            4,
            MEMBER,
            MEMBER,
            MEMBER,
        ]


async def test_capital_b_on_a_collapsed_row_edits_the_bookmark_of_the_copy_it_shows(store: Store) -> None:
    from textual.widgets import TextArea

    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        store.bookmark(members[2], note="from the other outlet")
        stories.invalidate()
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("B")  # the row's ★ is the hidden copy's: B opens that bookmark, not a new one
        assert app.screen.query_one("#bookmark-note", TextArea).text == "from the other outlet"
        await pilot.press(*"kept ", "tab", "enter")  # typed into that note, saved from the tags field
        assert [m.story.id for m in store.bookmarks()] == [members[2]]
        note = store.bookmarks()[0].note
        assert "kept" in note and "from the other outlet" in note


async def test_a_pair_is_marked_as_both_copies(store: Store) -> None:
    """ "Marked all 2 copies read." read oddly: two copies are "both", three or more "all N"."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        pair = next(i for i, ids in the_groups(stories).items() if len(ids) == 2)
        stories.move_cursor(pair)
        stories.focus()
        await pilot.press("m")
        assert "Marked both copies read." in messages(app)
        await pilot.press("m")
        assert "Marked both copies unread." in messages(app)
        await pilot.press("M")
        assert messages(app).count("Marked both copies read.") == 2
        members = the_groups(stories)[pair]
        for story_id in members:
            store.bookmark(story_id)
        await pilot.press("b")
        assert "Removed the bookmarks of both copies." in messages(app)
        assert not any("all 2" in m or "2 of its 2" in m for m in messages(app))


async def test_z_and_M_in_the_story_view_act_on_the_group_of_the_story_being_read(store: Store) -> None:
    """In wide mode the ×N row of the story being read is on screen beside it, but `z` and `M` did nothing
    while the story had the focus: they act on that row, and the story stays open with the focus."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("enter")
        view = app.main_screen.story_view
        assert app.focused is view and opened_id(app) == members[0]
        await pilot.press("z")
        assert len(stories.rows) == collapsed + 2
        assert app.focused is view and opened_id(app) == members[0]
        await pilot.press("z")
        assert len(stories.rows) == collapsed
        await pilot.press("M")
        assert all(store.is_read(i) for i in members)
        assert "Marked all 3 copies read." in messages(app)
        assert app.focused is view and opened_id(app) == members[0]


async def test_z_and_M_in_the_story_view_leave_a_row_that_is_not_the_story_being_read(store: Store) -> None:
    """A story opened from elsewhere (the sidebar, the pivot) that the cursor's row does not stand for: `z` and
    `M` would act on a row the reader is not looking at, so they do nothing there."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        other = next(h for h in store.headers() if h.id not in members)
        app.main_screen.open_story(other)
        app.main_screen.story_view.focus()
        await pilot.pause()
        await pilot.press("z", "M")
        assert len(stories.rows) == collapsed and not any(store.is_read(i) for i in members)
