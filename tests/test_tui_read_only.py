"""A ``--read-only`` reader beside the copy that writes: stories the writer purges leave its lists.

The real app through Pilot on a read-only store, a real writing store on the same folder purging stories through
retention (the path a refresh takes) or removing a feed, while the read-only reader runs."""

from __future__ import annotations

import pytest

from feeds.store import Store
from tests import read_only_copy
from tests.snapshot_apps import messages, reader, until
from tests.test_store_watch import purge_to
from tui.app import NewsdeskApp
from tui.screens import read_only
from tui.screens.story_actions import GONE

pytestmark = pytest.mark.anyio
stores = read_only_copy.stores
SIZE = (120, 40)


def listed(app: NewsdeskApp) -> list[str]:
    return [h.id for h in app.main_screen.story_list.rows]


@pytest.mark.parametrize("how", ["purged by retention", "feed removed"])
async def test_the_writers_purges_leave_the_list_on_their_own(
    stores: tuple[Store, Store, dict[str, str]], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key pressed: the next look at the store (every few seconds; a tenth of one here) drops the rows, the
    counts follow, and the cursor stays on the story it was on."""
    monkeypatch.setattr(read_only, "LOOK_EVERY", 0.1)
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        atlas = ids["atlas"]
        shown = listed(app)
        total = len(shown)
        assert f"All · {total}" in str(screen.story_list.border_title)
        on = "lantern-0"  # a story of another feed, under the cursor
        assert screen.story_list.select_id(on)
        if how == "feed removed":
            purged = [h.id for h in writer.headers(atlas)]
            writer.remove_feed(atlas)
        else:
            purged = purge_to(writer, atlas, 2)
        assert len(purged) >= 3 and set(purged) <= set(shown)
        await until(pilot, lambda: not set(purged) & set(listed(app)))
        assert listed(app) == [sid for sid in shown if sid not in purged]
        assert f"All · {total - len(purged)}" in str(screen.story_list.border_title)
        assert screen.story_list.current is not None and screen.story_list.current.id == on
        unread = next(e for e in screen.feed_list.entries if e.key == "unread")
        assert unread.count == total - len(purged)
        assert app.is_running


async def test_a_row_found_gone_when_opened_leaves_the_list_at_once(
    stores: tuple[Store, Store, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on a story the writer purged says it is gone, and its row (and the others purged with it) goes then,
    not at the next look (an hour away here)."""
    monkeypatch.setattr(read_only, "LOOK_EVERY", 3600)
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        purged = purge_to(writer, ids["atlas"], 2)
        await pilot.pause(0.3)
        assert set(purged) <= set(listed(app))  # nothing looked yet
        assert screen.story_list.select_id(purged[0])
        screen.story_list.focus()
        await pilot.press("enter")
        await until(pilot, lambda: not set(purged) & set(listed(app)))
        assert GONE in messages(app)
        assert app.is_running
