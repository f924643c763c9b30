"""The story list's title counts what its rows show: a duplicate group's copies once, then with them, in the words
of the entity pivot's title ("43 (46 with copies)"). It said "All · 46" over 43 rows.
Search results count the same way: "starliner" finds five stories over three rows, "Search · 3 (5 with copies)".
The feed list counts stories, every copy: its Unread entry is the title's number in brackets.

The store is the demo feeds plus an aggregator's reprint (see :mod:`tests.dupes_demo`): the Starliner report makes
a group of three and China's parade a pair, so three copies fold away.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, reader, the_three
from tests.snapshot_apps import until

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store


def title(app: object) -> str:
    return str(app.main_screen.story_list.border_title)  # type: ignore[attr-defined]


def unread_entry(app: object) -> int:
    entries = app.main_screen.feed_list.entries  # type: ignore[attr-defined]
    return next(entry.count for entry in entries if entry.key == "unread")


async def test_the_title_counts_a_group_once_then_its_copies(store: Store) -> None:
    total = len(store.headers())
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        assert len(stories.rows) == total - 3
        assert title(app) == f"All · {total - 3} ({total} with copies)"
        row, _ids = the_three(stories)
        stories.move_cursor(row)
        stories.focus()
        await pilot.press("z")  # the group opens: its copies show, the stories stay as many
        await until(pilot, lambda: len(stories.rows) == total - 1)
        assert title(app) == f"All · {total - 3} ({total} with copies)"


async def test_the_unread_title_and_the_feed_list_agree_on_the_copies(store: Store) -> None:
    unread = len(store.unread_ids())
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await grouped(pilot, app)
        await pilot.press("escape", "j", "enter")  # All -> Unread
        assert screen.source == "unread"
        stories = await grouped(pilot, app)
        assert title(app) == f"Unread · {unread - 3} ({unread} with copies)"
        assert unread_entry(app) == unread  # the feed list counts stories, every copy
        row, ids = the_three(stories)
        stories.move_cursor(row)
        stories.focus()
        await pilot.press("m")  # the ×3 row: every copy read
        await until(pilot, lambda: unread_entry(app) == unread - 3)
        assert all(store.is_read(story_id) for story_id in ids)
        assert title(app) == f"Unread · {unread - 4} ({unread - 3} with copies)"


async def test_the_search_results_title_counts_a_group_once_then_its_copies(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        stories = await grouped(pilot, app)
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash", *"starliner")
        await until(pilot, lambda: screen._shown_query == "starliner" and bool(stories.rows))
        found = len(stories.all_rows)
        the_three(stories)  # the three copies fold into one row
        assert len(stories.rows) == found - 2
        # It said "Search · 5" over three rows.
        assert title(app) == f"Search · {found - 2} ({found} with copies) · by relevance"
        # and the line under the search box, the number read while typing, says the same (it said "5 stories")
        hint = screen.search_bar.query_one("#search-hint", Static)
        assert str(hint.content).startswith(f"{found - 2} stories ({found} with copies) · enter: results")
        await pilot.press("enter")  # to the results
        row, _ids = the_three(stories)
        stories.move_cursor(row)
        await pilot.press("z")  # the group opens: its copies show, the stories stay as many
        await until(pilot, lambda: len(stories.rows) == found)
        assert title(app) == f"Search · {found - 2} ({found} with copies) · by relevance"


async def test_a_saved_search_title_counts_a_group_once_then_its_copies(store: Store) -> None:
    """It counted every copy, "Starliner · 5", when shown and again after each recount (a read mark, new stories):
    the recount gave a number, not the stories, so it could not fold them. It reads as the other titles now."""
    store.save_search("Starliner", "starliner is:unread")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await grouped(pilot, app)
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        screen.action_open_saved_search("Starliner")
        stories = screen.story_list
        await until(pilot, lambda: screen.source == "search:Starliner" and bool(stories.rows))
        found = len(stories.all_rows)
        row, _ids = the_three(stories)
        assert title(app) == f"Starliner · {found - 2} ({found} with copies)"
        single = next(i for i in range(len(stories.rows)) if i != row)
        stories.move_cursor(single)
        stories.focus()
        await pilot.press("m")  # read: no longer a match, yet its row stays; the title counts the matches now
        await until(
            pilot, lambda: "Starliner · " in title(app) and f"({found - 1} with copies)" in title(app)
        )
        assert title(app) == f"Starliner · {found - 3} ({found - 1} with copies)"
