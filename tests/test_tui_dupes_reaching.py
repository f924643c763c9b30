"""Duplicate groups in the story list: reaching the copies a collapsed row hides, by next and previous unread,
by m on the row, from the related sidebar and from search results; the feed counts follow."""

from __future__ import annotations

import pytest

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, opened_id, read_all_but, reader, row_text, the_three
from tests.snapshot_apps import messages, until
from tests.snapshot_apps import reader as shared_reader

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store


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
        await pilot.press("p")  # opening does not mark read here: the copy below is still unread
        assert "No more unread stories above; n goes to the ones below." in messages(app)


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
