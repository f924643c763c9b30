"""Duplicate groups in the story list, on the demo feeds plus an aggregator that reprints one report.

The demo carries the same reports from several outlets (the Starliner crew's return, China's parade); a third
copy of the Starliner report, reprinted word for word by an aggregator, makes a group of three.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.style import Style

from feeds.store import Store
from tests.snapshot_apps import messages, until
from tests.snapshot_apps import reader as shared_reader
from tests.snapshot_apps.demo_store import KEEP_ALL, demo_store
from tests.snapshot_apps.stores import NOW
from tui.app import NewsdeskApp, make_app
from tui.config import Config
from tui.widgets.dupe_groups import MEMBER, PLAIN
from tui.widgets.story_list import StoryList

SIZE = (140, 60)
pytestmark = pytest.mark.anyio


def _starliner(store: Store) -> str:
    for header in store.headers():
        if "Starliner" in header.title:
            return header.id
    raise KeyError("Starliner")


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-dupes")
    store = demo_store(root)
    original = store.story(_starliner(store))
    assert original is not None
    feed = store.add_feed("https://aggregator.example/feed.xml", title="Aggregator")
    reprint = dataclasses.replace(
        original,
        id="aggregator-starliner",
        feed_id=feed.id,
        link="https://aggregator.example/starliner",
        published=original.published + 3600,
        first_seen=original.first_seen + 3600,
        content_hash="aggregator-starliner",
        entities=None,
    )
    store.save_stories(feed.id, [reprint])
    store.close()
    return root


@pytest.fixture
def root(demo_root: Path, tmp_path: Path) -> Path:
    shutil.copytree(demo_root, tmp_path / "store")
    return tmp_path / "store"


@pytest.fixture
def store(root: Path) -> Iterator[Store]:
    opened = Store(root, retention=KEEP_ALL)
    yield opened
    opened.close()


def reader(store: Store) -> NewsdeskApp:
    return shared_reader(store, mark_read_on_open=False)


def row_text(stories: StoryList, index: int) -> str:
    return "".join(seg.text for seg in stories.render_row(index, 120, Style(), False))


def kind(stories: StoryList, index: int) -> int:
    kinds = stories._view.kinds
    return PLAIN if kinds is None else kinds[index]


async def grouped(pilot, app: NewsdeskApp) -> StoryList:  # type: ignore[no-untyped-def]
    """The story list, once the duplicate groups (found in the background after start-up) are in."""
    stories = app.main_screen.story_list
    await until(pilot, lambda: stories._view.kinds is not None)
    return stories


def the_groups(stories: StoryList) -> dict[int, list[str]]:
    """Shown row index -> ids of the group it stands for, for every group row."""
    return {
        i: [h.id for h in stories._view.members[stories._view.key_of[h.id]]]
        for i, h in enumerate(stories.rows)
        if kind(stories, i) > 1
    }


async def test_duplicates_collapse_into_one_row_with_their_count(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = app.main_screen.story_list
        total = len(store.headers())
        assert len(stories.rows) == total  # the first paint shows every story, ungrouped
        assert await grouped(pilot, app) is stories
        groups = the_groups(stories)
        sizes = sorted(len(ids) for ids in groups.values())
        assert sizes == [2, 3], groups
        assert len(stories.rows) == total - (3 - 1) - (2 - 1)
        assert len(stories.all_rows) == total
        (three,) = [i for i, ids in groups.items() if len(ids) == 3]
        assert "aggregator-starliner" in groups[three]
        assert "×3" in row_text(stories, three)
        (two,) = [i for i, ids in groups.items() if len(ids) == 2]
        assert "×2" in row_text(stories, two)
        shown = {h.id for h in stories.rows}
        assert len(shown & set(groups[three])) == 1  # the other copies hide under the group's row


async def test_a_group_expands_under_its_row_and_collapses_again(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        members = the_groups(stories)[three]
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("z")
        assert len(stories.rows) == collapsed + 2
        assert [h.id for h in stories.rows[three : three + 3]] == members
        assert [kind(stories, i) for i in range(three, three + 3)] == [3, MEMBER, MEMBER]
        assert "↳" in row_text(stories, three + 1) and "×" not in row_text(stories, three + 1)
        assert "▾" in row_text(stories, three)
        await pilot.press("j", "z")  # from a member row, z folds its group back
        assert len(stories.rows) == collapsed
        assert stories.cursor == three
        assert "▾" not in row_text(stories, three)


async def test_the_group_read_key_marks_every_copy_read_on_disk(root: Path, store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        members = the_groups(stories)[three]
        assert not any(store.is_read(i) for i in members)
        assert row_text(stories, three).lstrip().startswith("●")
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("M")
        await pilot.pause()
        assert not row_text(stories, three).lstrip().startswith("●")
        others = [h.id for h in stories.all_rows if h.id not in members]
        assert not any(store.is_read(i) for i in others)
    store.close()
    reopened = Store(root, retention=KEEP_ALL)
    try:
        assert all(reopened.is_read(i) for i in members)
        assert not any(reopened.is_read(i) for i in others)
    finally:
        reopened.close()


async def test_a_story_without_duplicates_is_a_plain_row(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        plain = next(i for i in range(len(stories.rows)) if kind(stories, i) == PLAIN)
        header = stories.rows[plain]
        assert "×" not in row_text(stories, plain) and "↳" not in row_text(stories, plain)
        assert stories.group_size(header.id) == 1
        stories.move_cursor(plain)
        stories.focus()
        before = list(stories.rows)
        await pilot.press("z")
        assert stories.rows == before
        assert stories.current == header
        await pilot.pause()
        assert "No copies of this story in this list." in [n.message for n in app._notifications]


def test_a_group_with_one_copy_in_the_list_is_a_plain_row() -> None:
    from feeds.model import StoryHeader
    from tui.widgets.dupe_groups import collapse, membership

    rows = [StoryHeader(i, "f", i, "", "", float(-n)) for n, i in enumerate(["a", "b", "c", "d"])]
    groups = membership([["b", "d"], ["c", "elsewhere"]])
    view = collapse(rows, groups)
    assert [h.id for h in view.rows] == ["a", "b", "c"]
    assert view.kinds == [PLAIN, 2, PLAIN]
    opened = collapse(rows, groups, {"b"})
    assert [h.id for h in opened.rows] == ["a", "b", "d", "c"]
    assert opened.kinds == [PLAIN, 2, MEMBER, PLAIN]
    assert collapse(rows, {}).kinds is None


async def test_the_group_keys_are_in_help_and_can_be_rebound(store: Store) -> None:
    app = make_app(store, Config(mark_read_on_open=False, keymap={"group.toggle": "t"}), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("t")
        assert len(stories.rows) == collapsed + 2
        await pilot.press("question_mark")
        rows = {row.id: row for row in app.screen.rows}  # type: ignore[attr-defined]
        assert rows["group.toggle"].keys == "t" and rows["group.mark_read"].keys == "M"
        assert "copies" in rows["group.toggle"].tooltip and "read" in rows["group.mark_read"].tooltip


# -- reaching the copies a collapsed row hides ----------------------------------------------------------------------
def the_three(stories: StoryList) -> tuple[int, list[str]]:
    """The row of the group of three (the Starliner report) and its stories' ids, in list order."""
    ((row, ids),) = [(i, ids) for i, ids in the_groups(stories).items() if len(ids) == 3]
    return row, ids


def read_all_but(store: Store, unread: list[str]) -> None:
    store.set_read([h.id for h in store.headers() if h.id not in unread])


def opened_id(app: NewsdeskApp) -> str | None:
    story = app.main_screen.story_view.story
    return story.id if story is not None else None


async def test_next_unread_goes_from_a_groups_story_to_the_unread_copies_it_hides(store: Store) -> None:
    app = shared_reader(store)  # opening a story marks it read, as by default
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        after = stories.rows[three + 1].id
        read_all_but(store, [*members, after])
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("enter")  # reads the story on top: the copies stay unread
        assert opened_id(app) == members[0] and store.is_read(members[0])
        assert not stories.is_expanded(members[0])
        await pilot.press("n")
        assert stories.is_expanded(members[0])
        assert (stories.cursor, opened_id(app), stories.current.id) == (three + 1, members[1], members[1])  # type: ignore[union-attr]
        await pilot.press("n")
        assert (stories.cursor, opened_id(app)) == (three + 2, members[2])
        await pilot.press("n")
        assert (stories.current.id, opened_id(app)) == (after, after)  # type: ignore[union-attr]
        assert all(store.is_read(i) for i in members)


async def test_next_unread_stops_at_a_hidden_copy_when_the_groups_row_story_is_read(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        read_all_but(store, [members[2]])
        stories.invalidate()
        assert row_text(stories, three).lstrip().startswith("●")  # the row counts the copy it hides
        stories.focus()
        await pilot.press("n")
        assert stories.is_expanded(members[0])
        assert (stories.cursor, opened_id(app)) == (three + 2, members[2])
        await pilot.press("n")
        assert "No more unread stories below." in messages(app)


async def test_previous_unread_walks_back_into_a_collapsed_group(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        read_all_but(store, members[1:])
        stories.move_cursor(three + 8)
        stories.focus()
        await pilot.press("p")  # the nearest above, reading the group open: its last copy
        assert (stories.current.id, opened_id(app)) == (members[2], members[2])  # type: ignore[union-attr]
        assert stories.cursor == three + 2
        await pilot.press("p")
        assert (stories.cursor, opened_id(app)) == (three + 1, members[1])
        await pilot.press("p")
        assert "No more unread stories above." in messages(app)


async def test_m_on_a_collapsed_row_marks_every_copy_it_stands_for(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        store.set_read([members[0]])  # the story on top read, its copies not: the row still shows unread
        stories.invalidate()
        assert row_text(stories, three).lstrip().startswith("●")
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("m")
        assert all(store.is_read(i) for i in members)
        assert not row_text(stories, three).lstrip().startswith("●")
        assert "Marked all 3 copies read." in messages(app)
        await pilot.press("m")
        assert not any(store.is_read(i) for i in members)
        assert row_text(stories, three).lstrip().startswith("●")
        stories.move_cursor(three + 1)  # a plain row: m marks just its story
        plain = stories.current.id  # type: ignore[union-attr]
        await pilot.press("m")
        assert store.is_read(plain) and not any(store.is_read(i) for i in members)


async def test_the_feed_counts_follow_the_group_read_key(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        before = {e.key: e.count for e in screen.feed_list.entries}
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("M")
        await pilot.pause()
        after = {e.key: e.count for e in screen.feed_list.entries}
        assert after["all"] == after["unread"] == before["all"] - 3
        for member in members:
            feed = store.story(member).feed_id  # type: ignore[union-attr]
            copies_here = sum(store.story(m).feed_id == feed for m in members)  # type: ignore[union-attr]
            assert after[f"feed:{feed}"] == before[f"feed:{feed}"] - copies_here


async def test_opening_a_hidden_copy_from_the_sidebar_puts_the_cursor_on_it(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        stories = await grouped(pilot, app)
        three, members = the_three(stories)
        screen.open_story_id(members[1])  # as the related sidebar or the entity pivot does
        await pilot.pause()
        assert stories.is_expanded(members[0]) and stories.cursor == three + 1
        assert screen.story_view.has_focus
        await pilot.press("m")  # acts on the story shown, not the one the list's cursor was on
        assert store.is_read(members[1])
        assert [i for i in members if store.is_read(i)] == [members[1]]


async def test_next_unread_in_search_results_reaches_a_copy_a_collapsed_row_hides(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        stories = await grouped(pilot, app)
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash", *"starliner")
        await until(pilot, lambda: screen._shown_query == "starliner" and bool(stories.rows))
        await pilot.press("enter")  # to the results
        assert stories.has_focus
        three, members = the_three(stories)
        read_all_but(store, [members[-1]])
        await pilot.press("g", "n")
        assert stories.is_expanded(members[0])
        assert (stories.current.id, opened_id(app)) == (members[-1], members[-1])  # type: ignore[union-attr]
        assert stories.cursor == three + len(members) - 1


# -- what a collapsed row stands for: marks, keys, and its state across refreshes -----------------------------------
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
