"""A saved search's title when the duplicate groups arrive after its stories are shown (they are found in the
background after each enrichment pass, so a saved search opened early is shown before them): the title is redone
as the list folds, "Starliner · 5" becoming "Starliner · 3 (5 with copies)". It kept counting every copy, over
three rows, until something else redid it.

The store is the demo feeds plus an aggregator's reprint (see :mod:`tests.dupes_demo`): the Starliner report makes
a group of three.
"""

from __future__ import annotations

import pytest

from feeds.store import Store
from tests import dupes_demo
from tests.dupes_demo import SIZE, grouped, reader, the_three
from tests.snapshot_apps import until

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store


def title(app: object) -> str:
    return str(app.main_screen.story_list.border_title)  # type: ignore[attr-defined]


async def test_a_saved_search_title_is_redone_when_the_groups_arrive(store: Store) -> None:
    store.save_search("Starliner", "starliner")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        stories = await grouped(pilot, app)
        await until(pilot, lambda: screen.groups_ready)
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        screen.action_open_saved_search("Starliner")
        await until(pilot, lambda: screen.source == "search:Starliner" and bool(stories.rows))
        found = len(stories.all_rows)
        assert found == 5 and title(app) == f"Starliner · {found - 2} ({found} with copies)"
        # As at start-up before the groups are found: the list holds none, and the saved search is shown so.
        stories.set_groups({})
        screen.show_source(screen.source, keep=True)
        await until(pilot, lambda: title(app) == f"Starliner · {found}")
        assert len(stories.rows) == found
        # The groups arrive: the list folds the report's three copies into one row, and the title says so.
        screen.start_groups()
        await until(pilot, lambda: len(stories.rows) == found - 2)
        the_three(stories)
        await pilot.pause()
        assert title(app) == f"Starliner · {found - 2} ({found} with copies)"  # it stayed "Starliner · 5"
