"""A key press in the feed list shows the highlighted source's stories without reading every subscription.

With 20,000 feeds each key press that landed on All or on a group's row sorted every feed once to three times
(10 ms each): the story list's empty words were made for lists that had stories, and a group's feeds were found
by building every group from a sorted list. Now the store keeps its sorted order until a record changes, a
list with stories makes no empty words, and a group's feeds are picked from that order. The store here is the
real one, counting its ``feeds()`` calls and checking that its order was not sorted again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from feeds.model import Feed
from feeds.store import Store
from tests.snapshot_apps import reader
from tests.snapshot_apps.stores import STANDARD, FeedSpec, build_store

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


class CountingStore(Store):
    """The real store, counting calls to :meth:`feeds`."""

    feeds_calls = 0

    def feeds(self) -> list[Feed]:
        self.feeds_calls += 1
        return super().feeds()


def _store(root: Path) -> CountingStore:
    quiet = FeedSpec("quiet", "Quiet Wire", [], tags=("tech",))  # never refreshed: its list is empty
    store, _ids = build_store(root, [*STANDARD, quiet])
    store.close()
    return CountingStore(root)


async def test_moving_over_every_row_reads_no_feed_list_and_sorts_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        feed_list, stories = screen.feed_list, screen.story_list
        feed_list.focus()
        await pilot.pause()
        order = store._feeds_order
        assert order is not None  # the feed list was built from the sorted order
        seen: list[tuple[str, int, int]] = []  # (source, feeds() calls for it, its rows)
        for key in ["down"] * (len(feed_list.entries) - 1) + ["up"] * (len(feed_list.entries) - 1):
            before = store.feeds_calls
            await pilot.press(key)
            entry = feed_list.current
            assert entry is not None and screen.source == entry.key
            seen.append((entry.key, store.feeds_calls - before, len(stories.rows)))
        assert store._feeds_order is order  # no key press sorted the feeds again
        calls = {key: n for key, n, _ in seen}
        # A group picks its feeds from the store's order (one call, no sort); nothing else asks for the feeds.
        assert {k for k, n in calls.items() if n} <= {k for k in calls if k.startswith("tag:")}
        assert all(n <= 1 for n in calls.values())
        rows = {key: n for key, _, n in seen}
        for tag in ("tech", "world"):  # each group shows the stories of its feeds, and only those
            feed_ids = {f.id for f in store.feeds() if f.tags[:1] == (tag,)}
            assert rows[f"tag:{tag}"] == sum(len(store.headers(fid)) for fid in feed_ids) > 0
        assert rows["all"] == len(store.headers()) == 14
        # The list with no stories still says why.
        assert feed_list.select_key(f"feed:{store.resolve_feed('Quiet Wire').id}")
        await pilot.pause()
        assert stories.rows == [] and stories.empty_text.startswith("No stories yet")
        assert "No stories yet" in stories.render_line(0).text
    store.close()


async def test_a_renamed_feed_takes_its_new_place_in_a_group(tmp_path: Path) -> None:
    """The kept order follows a rename: the group's stories and the feed list are in the new order."""
    store = _store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        quiet = store.resolve_feed("Quiet Wire")
        store.update_feed(replace(quiet, title="Aardvark Wire"))
        screen.reload()
        await pilot.pause()
        labels = [e.label for e in screen.feed_list.entries]
        assert labels.index("Aardvark Wire") == labels.index("tech") + 1
        assert labels.index("Kestrel Ledger") == labels.index("Aardvark Wire") + 1
    store.close()


def test_the_sorted_order_follows_every_change(tmp_path: Path) -> None:
    """Added, renamed, retagged and removed feeds, and a read-only copy following its writer: the order is
    always the one a fresh sort gives, and a caller's list is its own."""
    store = _store(tmp_path / "data")

    def fresh() -> list[Feed]:
        return sorted(store._feeds.values(), key=lambda f: (f.name.casefold(), f.id))

    first = store.feeds()
    assert first == fresh()
    first.clear()  # the caller's copy: the store's order is untouched
    assert store.feeds() == fresh() and len(store.feeds()) == len(STANDARD) + 1
    added = store.add_feed("https://zebra.example/feed.xml", title="Abacus News")
    assert store.feeds()[0].id == added.id
    store.update_feed(replace(added, title="Zulu News"))
    assert store.feeds()[-1].title == "Zulu News" and store.feeds() == fresh()
    with Store(store.root, readonly=True) as copy:
        assert copy.feeds()[-1].title == "Zulu News"
        store.update_feed(replace(store.feeds()[-1], title="Alpha News"))
        store.remove_feed(store.resolve_feed("Atlas Daily").id)
        copy.follow_writer()
        assert [f.title for f in copy.feeds()] == [f.title for f in store.feeds()]
        assert copy.feeds()[0].title == "Alpha News"
        assert "Atlas Daily" not in {f.title for f in copy.feeds()}
    store.close()
