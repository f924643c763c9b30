"""A ``--read-only`` reader following what the copy that writes changes: feeds removed, added and renamed, read
marks and bookmarks, and the stories the related sidebar and the entity pivot offer.

The real app through Pilot on a read-only store; a real writing store on the same folder (or the installed
command) changes it while the read-only reader runs. The reader looks every tenth of a second here (five seconds
in use); each test waits, in a bounded loop, for the change to show."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import OptionList

from feeds.store import Store
from tests import read_only_copy
from tests.snapshot_apps import messages, reader, until, visible_rows
from tests.snapshot_apps.demo_store import story_titled
from tests.snapshot_apps.stores import NOW, build_store
from tests.test_cli import newsdesk
from tests.test_store import make_story
from tests.test_store_watch import purge_to
from tests.test_tui_entities import XI_KIM
from tui.app import NewsdeskApp
from tui.screens import read_only
from tui.screens.entity_pivot import EntityPivot
from tui.screens.story_actions import GONE
from tui.widgets.bookmark_banner import BookmarkBanner
from tui.widgets.enrich_panes import RelatedPane
from tui.widgets.story_list import BOOKMARK_MARK, UNREAD_MARK

pytestmark = pytest.mark.anyio
stores = read_only_copy.stores
look_often = read_only_copy.look_often  # every test: the copy looks often
SIZE = (120, 40)


def entry_keys(app: NewsdeskApp) -> list[str]:
    return [e.key for e in app.main_screen.feed_list.entries]


def entry(app: NewsdeskApp, key: str) -> tuple[str, int]:
    found = next(e for e in app.main_screen.feed_list.entries if e.key == key)
    return found.label, found.count


def listed(app: NewsdeskApp) -> list[str]:
    return [h.id for h in app.main_screen.story_list.rows]


async def test_a_feed_the_writer_removed_leaves_and_one_it_added_comes(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """`newsdesk remove` of the feed being read: its row stayed in the feed list with no stories, and its list
    said "This feed was removed." for good. The row goes, the list moves to All and says why; a feed the writer
    added (and refreshed) comes into the feed list with its stories."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        kestrel = ids["kestrel"]
        gone = set(listed(app)) & {h.id for h in writer.headers(kestrel)}
        assert screen.feed_list.select_key(f"feed:{kestrel}")
        await until(pilot, lambda: screen.source == f"feed:{kestrel}")
        writer.remove_feed(kestrel)
        added = writer.add_feed("https://newcomer.example/rss", title="Newcomer Times")
        writer.save_stories(added.id, [make_story(added.id, n, published=NOW - n) for n in range(3)], now=NOW)

        await until(pilot, lambda: f"feed:{added.id}" in entry_keys(app))
        assert f"feed:{kestrel}" not in entry_keys(app)
        assert entry(app, f"feed:{added.id}") == ("Newcomer Times", 3)
        assert screen.source == "all" and screen.feed_list.current is not None
        assert screen.feed_list.current.key == "all"
        assert (
            "“Kestrel Ledger” was removed by another newsdesk on this data folder: showing All."
            in messages(app)
        )
        assert not gone & set(listed(app))
        assert set(listed(app)) == {h.id for h in writer.headers()}
        assert str(screen.story_list.border_title) == f"All · {len(writer.headers())}"
        assert entry(app, "all")[1] == sum(writer.unread_counts().values())
        assert app.is_running


async def test_the_stories_a_writers_refresh_brings_come_in(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """The writer's refresh brought stories: the copy never listed, counted or found them until it restarted. They
    come in at the next look, the cursor staying on its story; search finds them and enter opens one."""
    from tests.test_tui_search import search, titles

    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        on = listed(app)[2]
        assert screen.story_list.select_id(on)
        unread = entry(app, "unread")[1]
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        atlas = ids["atlas"]
        brought = [
            make_story(atlas, 90 + n, published=NOW + n, title=f"Tidal lagoon {n}", text="A lagoon opens.")
            for n in range(2)
        ]
        writer.save_stories(atlas, brought, now=NOW)

        await until(pilot, lambda: brought[0].id in listed(app))
        assert listed(app)[:2] == [brought[1].id, brought[0].id]
        assert screen.story_list.current is not None and screen.story_list.current.id == on
        assert entry(app, "unread")[1] == unread + 2
        assert str(screen.story_list.border_title) == f"All · {len(writer.headers())}"
        await search(pilot, app, "lagoon")
        await until(pilot, lambda: titles(screen) == ["Tidal lagoon 1", "Tidal lagoon 0"])
        await pilot.press("enter", "enter")  # to the results, then open the first
        await until(pilot, lambda: screen.story_view.story is not None)
        assert screen.story_view.story.id == brought[1].id  # type: ignore[union-attr]
        assert screen.story_view.story.text == "A lagoon opens."  # type: ignore[union-attr]
        assert GONE not in messages(app)


async def test_the_related_sidebar_suggests_the_stories_the_writer_brought(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """A story the writer's refresh brought was never suggested beside the story it follows up, and its own
    sidebar had nothing: the copy's related index kept the stories it read at start."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        geneva = "atlas-0"
        assert copy.header(geneva) is not None and "Geneva" in copy.header(geneva).title  # type: ignore[union-attr]
        text = "Ministers meeting in Geneva agreed a first draft on sharing river water across borders."
        # Kestrel's stories do not all carry the fixture's Geneva paragraph: in Harbour, as in Atlas, every story
        # does, and words two feeds put in every story relate none of their stories (feeds.related.feed_terms).
        follow_up = make_story(
            ids["kestrel"], 77, published=NOW, title="Geneva water draft agreed", text=text
        )
        writer.save_stories(ids["kestrel"], [follow_up], now=NOW)
        await until(pilot, lambda: follow_up.id in listed(app))
        screen.open_story_id(geneva)
        await pilot.press("L")
        related = screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: follow_up.id in [r.story_id for r in related.rows])
        screen.open_story_id(follow_up.id)
        await until(pilot, lambda: geneva in [r.story_id for r in related.rows])


async def test_the_writers_rename_read_marks_and_bookmarks_show(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """A rename, a story marked read and one bookmarked by the writer: the copy showed the old name, the unread
    dot and counts, and no ★, until it restarted."""
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        harbour = ids["harbour"]
        before = entry(app, "unread")[1]
        top = listed(app)[0]
        assert visible_rows(screen.story_list)[0].startswith(f" {UNREAD_MARK}  ")
        screen.open_story_id(top)
        banner = screen.story_view.query_one(BookmarkBanner)
        assert not banner.has_class("-shown")
        writer.update_feed(replace(writer.get_feed(harbour), title="Harbour Evening Post"))  # type: ignore[arg-type]
        writer.set_read([top])
        writer.bookmark(top, note="Ask the minister")

        await until(pilot, lambda: entry(app, f"feed:{harbour}")[0] == "Harbour Evening Post")
        await until(pilot, lambda: entry(app, "bookmarks")[1] == 1 and entry(app, "unread")[1] == before - 1)
        assert visible_rows(screen.story_list)[0].startswith(f"  {BOOKMARK_MARK} ")
        assert banner.has_class("-shown") and "Ask the minister" in str(banner.content)

        writer.set_read([top], read=False)
        writer.unbookmark(top)
        await until(pilot, lambda: entry(app, "bookmarks")[1] == 0 and entry(app, "unread")[1] == before)
        assert visible_rows(screen.story_list)[0].startswith(f" {UNREAD_MARK}  ")
        assert not banner.has_class("-shown")


async def test_the_command_removing_a_feed_reaches_a_read_only_reader(tmp_path: Path) -> None:
    """The writer is the installed command: `newsdesk remove` while a read-only reader shows the feed."""
    writer, ids = build_store(tmp_path / "data")
    writer.close()
    copy = Store(tmp_path / "data", readonly=True)
    try:
        app = reader(copy)
        async with app.run_test(size=SIZE) as pilot:
            assert f"feed:{ids['lantern']}" in entry_keys(app)
            removed = newsdesk(tmp_path / "data", "remove", "Lanternfish Review")
            assert removed.returncode == 0, removed.stderr
            await until(pilot, lambda: f"feed:{ids['lantern']}" not in entry_keys(app))
            assert not any(sid.startswith("lantern") for sid in listed(app))
    finally:
        copy.close()


async def test_the_sidebar_and_the_pivot_drop_stories_the_writer_purged(
    demo_copy: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The related sidebar and the entity pivot went on offering stories the writer purged or dropped with their
    feed. Chosen before the copy looked, one says it is gone; once it looked, they are no longer offered."""
    from feeds.enrich import RelatedService, enrich

    monkeypatch.setattr(read_only, "LOOK_EVERY", 3600)  # no look but those the test asks for
    writer = demo_copy
    enrich(writer, RelatedService(writer))  # the writer's names stored: the copy's pivot reads them
    copy = Store(writer.root, readonly=True)
    try:
        app = reader(copy)
        async with app.run_test(size=(140, 45)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen._related_ready)
            opened = story_titled(copy, XI_KIM)
            screen.open_story_id(opened)
            await pilot.press("L")
            related = screen.query_one("#related", RelatedPane)
            await until(pilot, lambda: related.rows)
            at, victim = next(
                (n, r.story_id)
                for n, r in enumerate(related.rows)
                if copy.feed_of(r.story_id) != copy.feed_of(opened)
            )
            victim_feed = copy.feed_of(victim)
            assert victim_feed is not None
            writer.remove_feed(victim_feed)
            related.focus()
            related.highlighted = at
            await pilot.press("enter")
            await until(pilot, lambda: GONE in messages(app))
            # the story found gone made the copy look at once: the sidebar no longer offers the feed's stories
            await until(pilot, lambda: related.rows and all(copy.feed_of(r.story_id) for r in related.rows))
            assert victim not in [r.story_id for r in related.rows]
            assert app.is_running

            # the pivot of a name, then the writer removes the other feeds its stories came from
            screen.open_story_id(opened)
            await pilot.press("E", "enter")
            await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
            pivot = app.screen
            assert isinstance(pivot, EntityPivot)
            options = pivot.query_one("#pivot-stories", OptionList)
            shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
            others = {copy.feed_of(s) for s in shown} - {copy.feed_of(opened), None}
            assert others
            for feed_id in others:
                writer.remove_feed(feed_id)  # type: ignore[arg-type]
            screen.look_for_purges()  # as every few seconds
            await until(pilot, lambda: options.option_count < len(shown))
            left = [options.get_option_at_index(i).id for i in range(options.option_count)]
            assert left and all(copy.feed_of(s) not in others for s in left)  # type: ignore[arg-type]
            assert app.is_running
    finally:
        copy.close()


async def test_one_look_at_a_time(
    stores: tuple[Store, Store, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looks asked for while one runs (a story found gone, the clock's) wait for it and run once after it: two at
    once could each read a stories file the writer replaced twice, and the one reading the older take it in
    last."""
    monkeypatch.setattr(read_only, "LOOK_EVERY", 3600)
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen

        def running() -> int:
            return sum(1 for w in app.workers if w.group == "purged" and not w.is_finished)

        for _ in range(3):
            screen.look_for_purges()
        assert running() == 1
        purged = purge_to(writer, ids["atlas"], 2)
        await until(pilot, lambda: running() == 0 and not screen._looking)
        screen.look_for_purges()
        await until(pilot, lambda: not set(purged) & set(listed(app)))
        assert running() <= 1
