"""Layout and rendering: narrow terminals, resizing, hostile titles shown as text, wide characters aligned,
and a 50,000-story list that mounts and moves."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from feeds.saved_searches import key_of
from feeds.store import Store
from tests.snapshot_apps import reader, strip_text, until, visible_rows
from tests.snapshot_apps.stores import INJECTION, NOW, FeedSpec, build_store, many_stories
from tui.screens.main import MainScreen
from tui.widgets.feed_list import FeedList
from tui.widgets.footer import KeyBar
from tui.widgets.story_list import AGE_WIDTH, StoryList, columns
from tui.widgets.story_view import StoryView

pytestmark = pytest.mark.anyio


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


async def shown(pilot: Pilot[None]) -> set[str]:
    """Which panes are on screen (after the layout caught up with the last key)."""
    await pilot.pause()
    screen = pilot.app.main_screen  # type: ignore[attr-defined]
    panes = {"feeds": screen.feed_list, "stories": screen.story_list, "story": screen.story_view}
    return {name for name, widget in panes.items() if widget.display and widget.region.area > 0}


async def test_wide_terminals_show_all_three_panes(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.main_screen.has_class("-wide")
        assert await shown(pilot) == {"feeds", "stories", "story"}
        assert not app.main_screen.query_one("#sidebar").display  # room for later: related, entities
        assert app.main_screen.query_one("#related") and app.main_screen.query_one("#entities")


async def test_narrow_terminals_show_one_pane_and_enter_escape_move_between(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.main_screen.has_class("-narrow")
        assert await shown(pilot) == {"stories"}
        assert app.main_screen.story_list.region.width == 80
        await pilot.press("j", "enter")
        assert await shown(pilot) == {"story"} and isinstance(app.focused, StoryView)
        assert app.main_screen.story_view.story is not None
        await pilot.press("escape")
        assert await shown(pilot) == {"stories"} and isinstance(app.focused, StoryList)
        assert app.main_screen.story_list.cursor == 1
        await pilot.press("backspace")
        assert await shown(pilot) == {"feeds"} and isinstance(app.focused, FeedList)
        await pilot.press("j", "enter")  # Unread
        assert await shown(pilot) == {"stories"} and app.main_screen.source == "unread"
        assert len(app.main_screen.story_list.rows) == 13  # the story opened above is read now
        await pilot.press("tab")
        assert await shown(pilot) == {"story"}


async def test_narrow_feed_list_does_not_mark_a_story_it_does_not_show(store: Store) -> None:
    """On a narrow screen the feed list is the only pane shown, and m, b and o acted on the story list's cursor
    row, out of sight: "Bookmarked." of a story never seen. There they are not offered; in the stories they are."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        first = screen.story_list.rows[0]
        await pilot.press("escape")
        assert await shown(pilot) == {"feeds"}
        await pilot.press("m", "b")
        assert not store.is_read(first.id) and not store.is_bookmarked(first.id)
        keys = {key.action for key in screen.query(FooterKey) if key.display}
        assert not keys & {"toggle_read", "toggle_bookmark", "open_link"}, keys
        await pilot.press("enter")
        assert await shown(pilot) == {"stories"}
        await pilot.press("m", "b")
        assert store.is_read(first.id) and store.is_bookmarked(first.id)


async def test_resizing_keeps_the_selection_and_the_layout(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "j", "j")
        chosen = app.main_screen.story_list.current
        await pilot.press("enter")
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert app.main_screen.has_class("-narrow")
        assert await shown(pilot) == {"story"}  # the focused pane stays
        assert app.main_screen.story_list.current == chosen
        await pilot.press("escape")
        assert await shown(pilot) == {"stories"}
        rows = visible_rows(app.main_screen.story_list)
        assert all(
            cell_len(row) == app.main_screen.story_list.scrollable_content_region.width for row in rows
        )
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.main_screen.has_class("-wide")
        assert await shown(pilot) == {"feeds", "stories", "story"}
        assert app.main_screen.story_list.current == chosen
        assert (
            app.main_screen.story_view.story is not None and app.main_screen.story_view.story.id == chosen.id
        )
        for width in (40, 81, 200):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            assert app.main_screen.story_list.current == chosen


async def test_markup_in_feed_text_is_shown_literally_and_does_nothing(tmp_path: Path) -> None:
    spec = FeedSpec("evil", INJECTION, [(INJECTION, 1), ("plain", 2)])
    store, _ = build_store(tmp_path / "data", [spec])
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        story_rows = visible_rows(screen.story_list)
        assert INJECTION in story_rows[0]
        assert any(INJECTION[:12] in row for row in visible_rows(screen.feed_list))  # cut to the pane's width
        assert any(e.label == INJECTION for e in screen.feed_list.entries)
        # Clicking the title (where the [@click] would be) opens the story and nothing else.
        await pilot.click(StoryList, offset=(10, 1))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        view = screen.story_view
        assert view.story is not None and view.story.title == INJECTION
        body = view.query_one("#story-body")
        text = body.render().plain  # type: ignore[union-attr]
        assert text.startswith(INJECTION) and f"{INJECTION} · Mira Okafor" in text
        await pilot.click(StoryView, offset=(5, 1))
        await pilot.pause()
        assert app.is_running
        app.main_screen.feed_list.select_key(f"feed:{store.feeds()[0].id}")
        await pilot.pause()
        assert INJECTION in Content.from_markup(str(screen.story_list.border_title)).plain
    store.close()


async def test_wide_characters_keep_every_column_aligned(tmp_path: Path) -> None:
    titles = [
        ("東京で新しい図書館が開館 — 市民に好評です。本日から一般公開", 1),
        ("Fishing quotas cut 🐟🐟🐟 as stocks fall", 2),
        ("Plain ASCII title that is rather long and will need cutting somewhere", 3),
        ("한국어 제목과 emoji 👩‍👩‍👧 가족", 4),
        ("中文标题：经济增长放缓", 5),
        ("x", 6),
    ]
    store, _ = build_store(tmp_path / "data", [FeedSpec("wide", "世界新闻 🌍", titles)])
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        for size in ((120, 40), (100, 30), (81, 30), (60, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            story_list = app.main_screen.story_list
            width = story_list.scrollable_content_region.width
            rows = visible_rows(story_list)
            assert len(rows) == len(titles)
            assert {cell_len(row) for row in rows} == {width}
            title_width, feed_width = columns(width)
            for row in rows:
                # The age column ends one cell before the edge; the feed column starts at the same cell.
                ages = row[-(AGE_WIDTH + 1) :]
                assert ages.endswith(" ") and ages.strip().endswith(("h", "m", "d"))
                if feed_width:
                    before_feed = row[: row.index("世界新闻")]
                    assert cell_len(before_feed) == 4 + title_width + 2
        for y in range(len(titles)):
            strip = app.main_screen.story_list.render_line(y)
            assert strip.cell_length == app.main_screen.story_list.scrollable_content_region.width
            assert strip_text(strip) == visible_rows(app.main_screen.story_list)[y]
    store.close()


async def test_fifty_thousand_stories_mount_and_move(tmp_path: Path) -> None:
    store = many_stories(tmp_path / "data", 50_000)
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        story_list = app.main_screen.story_list
        assert story_list.row_count() == 50_000
        height = story_list.scrollable_content_region.height
        assert story_list.virtual_size.height == 50_000
        assert len(story_list._cache) <= 2 * height  # only the rows on screen were rendered
        await pilot.press("end")
        assert story_list.cursor == 49_999
        assert story_list.current is not None and story_list.current.id == store.headers()[-1].id
        assert visible_rows(story_list)[-1].startswith(" ●  Story 4999 of bulk feed 9 ")
        await pilot.press("pageup", "k", "k")
        assert story_list.cursor == 49_999 - (height - 1) - 2
        await pilot.press("home", "j")
        assert story_list.cursor == 1 and story_list.scroll_offset.y == 0
        opened = story_list.rows[1].id  # taken now: rows can regroup once the duplicate groups are found
        await pilot.press("enter")
        # The Selected message and the background builds share the loop: under load the open can come later.
        await until(pilot, lambda: store.is_read(opened))
        await until(pilot, lambda: app.main_screen.feed_list.entries[0].count == 49_999)
    store.close()


async def test_notifications_quoting_feed_text_show_it_literally(tmp_path: Path) -> None:
    from dataclasses import replace

    store, _ = build_store(tmp_path / "data", [FeedSpec("evil", "Evil", [("x", 1)])])
    story = store.story("evil-0")
    assert story is not None
    link = f"javascript:{INJECTION}"
    store.save_stories(story.feed_id, [replace(story, link=link, content_hash="z")], now=NOW)
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        notes = [n for n in app._notifications if link in str(n.message)]
        assert len(notes) == 1 and notes[0].markup is False
        assert app.is_running
    store.close()


async def test_the_key_bar_is_rebuilt_only_when_the_keys_it_shows_change(store: Store) -> None:
    store.save_search("climate", "climate")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        bar = screen.query_one(KeyBar)
        screen.feed_list.focus()
        await pilot.pause()
        before = list(bar.query(FooterKey))
        assert "Open" in [key.description for key in before]
        await pilot.press("j")  # All -> Unread: the feed list asks again, and the same keys show
        await pilot.pause()
        assert all(a is b for a, b in zip(bar.query(FooterKey), before, strict=True))  # not rebuilt
        assert screen.feed_list.select_key(key_of("climate"))  # a saved search: its own keys appear
        await pilot.pause()
        assert "Delete search" in [key.description for key in bar.query(FooterKey)]
        screen.story_view.focus()  # the story: no enter to open, nothing to delete
        await pilot.pause()
        shown_now = [key.description for key in bar.query(FooterKey) if key.display]
        assert "Open" not in shown_now and "Delete search" not in shown_now and "Bookmark" in shown_now
        screen.story_list.focus()  # from the list to the story and back: the same keys hide and come back
        await pilot.pause()
        built = list(bar.query(FooterKey))
        assert "Open" in [key.description for key in built if key.display]
        screen.story_view.focus()
        await pilot.pause()
        assert all(a is b for a, b in zip(bar.query(FooterKey), built, strict=True))  # hidden, not rebuilt
        hidden = {key.description for key in built if not key.display}
        assert "Open" in hidden and "Bookmark" not in hidden
        assert bar.styles.grid_size_columns == len([key for key in built if key.display]) - 1  # less ctrl+p
        screen.story_list.focus()
        await pilot.pause()
        assert all(a is b for a, b in zip(bar.query(FooterKey), built, strict=True))
        assert hidden - {key.description for key in built if not key.display} == {"Open"}
