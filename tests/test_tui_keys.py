"""Every key of the reader, pressed through Pilot on a real store, asserting what changed (store, cursor, focus)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rich.cells import cell_len

from feeds.store import Store
from tests.snapshot_apps import messages, open_help, reader, run_from_palette, until, visible_rows
from tests.snapshot_apps.stores import NOW, STANDARD, FeedSpec, build_store
from tui.app import SUBSCRIBE_HINT, NewsdeskApp, make_app
from tui.commands import bindings_of
from tui.config import Config
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.save_search import ConfirmScreen
from tui.widgets.feed_list import FeedList
from tui.widgets.story_list import BOOKMARK_MARK, UNREAD_MARK, StoryList
from tui.widgets.story_view import StoryView
from tui.writes import refusal

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


def main(app: NewsdeskApp) -> MainScreen:
    return app.main_screen


async def test_start_shows_every_story_newest_first_with_the_list_focused(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE):
        stories = main(app).story_list
        assert app.focused is stories
        assert [h.id for h in stories.rows] == [h.id for h in store.headers()]
        published = [h.published for h in stories.rows]
        assert published == sorted(published, reverse=True) and len(published) == 14
        labels = [e.label for e in main(app).feed_list.entries]
        assert labels == [
            "All", "Unread", "Bookmarks", "tech", "Kestrel Ledger", "world", "Atlas Daily", "Harbour Post",
            "Other", "Lanternfish Review",
        ]  # fmt: skip
        assert main(app).feed_list.entries[0].count == 14


async def test_j_k_and_arrows_move_the_cursor(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = main(app).story_list
        await pilot.press("j", "j", "down")
        assert stories.cursor == 3
        await pilot.press("k", "up")
        assert stories.current == stories.rows[1]
        await pilot.press("end")
        assert stories.current == stories.rows[-1]
        assert stories.scroll_offset.y > 0  # scrolled to keep the cursor in view
        await pilot.press("home")
        assert stories.cursor == 0 and stories.scroll_offset.y == 0


async def test_enter_opens_the_story_marks_it_read_and_focuses_it(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        header = main(app).story_list.rows[1]
        view = main(app).story_view
        assert view.story is not None and view.story.id == header.id
        assert app.focused is view
        assert store.is_read(header.id)
        assert main(app).feed_list.entries[0].count == 13
        assert UNREAD_MARK not in visible_rows(main(app).story_list)[1]


async def test_opening_leaves_stories_unread_when_the_config_says_so(store: Store) -> None:
    app = reader(store, mark_read_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert main(app).story_view.story is not None
        assert not store.is_read(main(app).story_list.rows[0].id)


async def test_tab_and_shift_tab_move_between_panes(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, StoryView)
        await pilot.press("tab")
        assert isinstance(app.focused, FeedList)
        await pilot.press("tab")
        assert isinstance(app.focused, StoryList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, FeedList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, StoryView)


async def test_escape_and_backspace_go_back_a_pane(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.focused, StoryView)
        await pilot.press("escape")
        assert isinstance(app.focused, StoryList)
        await pilot.press("backspace")
        assert isinstance(app.focused, FeedList)


async def test_the_feed_list_picks_the_stories_shown(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "j", "j", "j")  # All -> Unread -> Bookmarks -> tech (a group)
        screen = main(app)
        assert screen.source == "tag:tech"
        assert {h.title for h in screen.story_list.rows} == {t for t, _ in STANDARD[2].stories}
        await pilot.press("j", "j")  # Kestrel Ledger, then the world group (two feeds, merged by date)
        assert screen.source == "tag:world" and len(screen.story_list.rows) == 9
        published = [h.published for h in screen.story_list.rows]
        assert published == sorted(published, reverse=True)
        await pilot.press("enter")
        assert isinstance(app.focused, StoryList)
        assert "world · 9" in str(screen.story_list.border_title)


async def test_n_and_p_open_the_next_and_previous_unread(store: Store) -> None:
    app = reader(store)
    rows = store.headers()
    store.set_read([rows[1].id, rows[2].id])
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("n")  # nothing open: the cursor's own story is the first unread
        assert screen.story_view.story is not None and screen.story_view.story.id == rows[0].id
        await pilot.press("n")  # skips the two read ones
        assert screen.story_list.cursor == 3 and screen.story_view.story.id == rows[3].id
        assert store.is_read(rows[3].id)
        store.set_read([rows[0].id], False)
        await pilot.press("p")
        assert screen.story_view.story.id == rows[0].id
        await pilot.press("p")  # none above; rows 4 on are unread, and the notice says how to reach them
        assert "No more unread stories above; n goes to the ones below." in messages(app)


async def test_space_opens_pages_down_then_goes_to_the_next_unread(tmp_path: Path) -> None:
    long_text = FeedSpec("long", "Long Reads", [("A very long story", 1), ("The next one", 2)])
    store, _ = build_store(tmp_path / "data", [long_text])
    story = store.story("long-0")
    assert story is not None
    store.save_stories(
        story.feed_id,
        [replace(story, text="\n\n".join(f"Paragraph {i}." for i in range(80)), content_hash="x")],
        now=NOW,
    )
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("space")
        assert screen.story_view.story is not None and screen.story_view.story.id == "long-0"
        await pilot.press("space")
        assert screen.story_view.scroll_y > 0
        for _ in range(20):
            if screen.story_view.at_end:
                break
            await pilot.press("space")
        assert screen.story_view.at_end and screen.story_view.story.id == "long-0"
        await pilot.press("space")
        assert screen.story_view.story.id == "long-1"
    store.close()


async def test_m_toggles_read_in_the_store_and_the_row(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        first = main(app).story_list.rows[0]
        await pilot.press("m")
        assert store.is_read(first.id)
        assert visible_rows(main(app).story_list)[0][1] == " "
        await pilot.press("m")
        assert not store.is_read(first.id)
        assert visible_rows(main(app).story_list)[0][1] == UNREAD_MARK


async def test_the_unread_title_counts_what_is_unread_after_m(store: Store) -> None:
    """`m` in the Unread list leaves the row (so `m` again takes the mark back), and the list's title kept the
    count it had when the list loaded: it says what is unread now, as the Unread entry in the feed list does."""
    unread = len(store.unread_ids())
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("escape", "j", "enter")  # All -> Unread
        assert screen.source == "unread"
        assert str(screen.story_list.border_title) == f"Unread · {unread}"
        await pilot.press("m")
        await pilot.pause()
        assert len(screen.story_list.rows) == unread  # the row stays, without its mark
        assert str(screen.story_list.border_title) == f"Unread · {unread - 1}"
        await pilot.press("m")
        await pilot.pause()
        assert str(screen.story_list.border_title) == f"Unread · {unread}"


async def test_A_marks_every_story_of_the_selected_feed_read(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        main(app).feed_list.select_key(
            next(e.key for e in main(app).feed_list.entries if e.label == "Atlas Daily")
        )
        await pilot.pause()
        await pilot.press("A")
        atlas = {h.id for h in main(app).story_list.rows}
        assert len(atlas) == 5 and all(store.is_read(i) for i in atlas)
        assert len(store.unread_ids()) == 9
        assert "Marked 5 stories read." in messages(app)
        counts = {e.label: e.count for e in main(app).feed_list.entries}
        assert counts["Atlas Daily"] == 0 and counts["world"] == 4 and counts["All"] == 9


async def test_A_on_a_list_of_several_feeds_asks_first(store: Store) -> None:
    """On All (or Unread, a tag, a search) ``A`` marked every unread story of every feed read at once, with no
    way back but one ``m`` a story: a stray key cost thousands. It asks first; no leaves them unread."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        unread = len(store.unread_ids())
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Mark all {unread} unread stories of All read? They come from 4 feeds." in app.screen.question
        await pilot.press("n")
        assert app.screen is main(app) and len(store.unread_ids()) == unread
        await pilot.press("A", "y")
        assert not store.unread_ids()
        assert f"Marked {unread} stories read." in messages(app)
        assert {e.label: e.count for e in main(app).feed_list.entries}["All"] == 0


async def test_b_toggles_a_bookmark_with_its_mark(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        first = main(app).story_list.rows[0]
        await pilot.press("b")
        assert store.is_bookmarked(first.id)
        assert visible_rows(main(app).story_list)[0][2] == BOOKMARK_MARK
        assert {e.label: e.count for e in main(app).feed_list.entries}["Bookmarks"] == 1
        await pilot.press("b")
        assert not store.is_bookmarked(first.id)
        assert visible_rows(main(app).story_list)[0][2] == " "


async def test_slash_opens_the_search_bar(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert main(app).search_bar.is_open and main(app).search_active
        assert app.focused is main(app).search_bar.input


async def test_question_mark_lists_every_binding(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {row.description for row in app.screen.rows}
        ids = {row.id for row in app.screen.rows}
        for node in app.binding_sources():
            for binding in bindings_of(node):
                assert binding.description in described, binding.id
                assert binding.id in ids
                assert binding.tooltip, binding.id
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_g_and_G_go_to_the_top_and_end_of_the_help(store: Store) -> None:
    """The help lists g and G (home, end) as the keys to the first and last row; in the help they did nothing."""
    app = reader(store)
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = (await open_help(pilot, app)).query_one("#help-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroll.scroll_y == 0


@pytest.mark.parametrize("size", [(200, 60), (160, 45), (120, 40), (80, 24), (50, 15)])
async def test_every_word_of_the_help_can_be_read_at_every_size(store: Store, size: tuple[int, int]) -> None:
    """At 120 columns and below, long rows wrapped and put their ids under the key column; then they were cut
    instead ("the next match, then the next result's fi…" at 160x45, nearly every one at 80x24), and the keymap
    hint wrapped mid-phrase. Now what a key does wraps in its own column: nothing is cut, no line overflows."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        help_screen = await open_help(pilot, app)
        table = help_screen.query_one("#help-table")
        text = table.render().plain  # type: ignore[union-attr]
        lines = text.split("\n")
        width = table.size.width
        assert table.size.height == len(lines)  # nothing wrapped by Textual
        assert all(cell_len(line) <= width for line in lines)
        assert "…" not in text
        keyed = [line for line in lines if line.startswith("n ")]
        assert keyed and keyed[0].split()[:3] == ["n", "Next", "unread"]
        words = " ".join(text.split())
        for row in help_screen.rows:  # each description whole, in order, its continuation lines under it
            assert " ".join(row.tooltip.split()) in words.replace(f" {row.id} ", " "), row.id
        if size[0] >= 120:  # room for the ids a keymap rebinds, on the row's first line
            for row in help_screen.rows:
                assert any(line.startswith(row.keys) and line.rstrip().endswith(row.id) for line in lines), (
                    row.id
                )
        hint = help_screen.query_one("#help-hint")
        hint_lines = str(hint.render()).split("\n")
        assert hint.size.height == len(hint_lines) and all(cell_len(h) <= hint.size.width for h in hint_lines)
        assert '"story.toggle_read" = "x"' in hint_lines[-1]
        await pilot.press("G")
        await pilot.pause()
        scroll = help_screen.query_one("#help-scroll")
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_p_palette_runs_prefixed_commands(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        first = main(app).story_list.rows[0]
        await run_from_palette(pilot, app, "story: toggle read", "story: Toggle read")
        await until(
            pilot, lambda: isinstance(app.screen, MainScreen) and store.is_read(first.id), what="it run"
        )


async def test_palette_titles_are_prefixed(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE):
        from tui.commands import commands_for

        titles = {c.title for c in commands_for(main(app).command_targets())}
        assert {
            "feeds: Refresh all",
            "story: Toggle read",
            "story: Bookmark",
            "app: Help",
            "search: Search",
        } <= titles
        assert not any(t.startswith("cursor:") for t in titles)


async def test_q_quits(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_keymap_from_the_config_rebinds_keys(store: Store) -> None:
    app = reader(store, keymap={"story.toggle_read": "x", "cursor.down": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        first = main(app).story_list.rows[0]
        await pilot.press("m")
        assert not store.is_read(first.id)  # m no longer marks
        await pilot.press("x")
        assert store.is_read(first.id)
        await pilot.press("ctrl+n")
        assert main(app).story_list.cursor == 1
        await pilot.press("question_mark")
        keys = {row.description: row.keys for row in app.screen.rows}
        assert keys["Toggle read"] == "x"


async def test_unknown_keymap_ids_and_themes_are_reported(store: Store) -> None:
    app = reader(store, keymap={"story.fly": "f"}, theme="no-such-theme")
    async with app.run_test(size=SIZE):
        text = "\n".join(messages(app))
        assert "story.fly" in text and "no-such-theme" in text
        assert app.theme == "textual-dark"


async def test_a_keymap_that_gives_a_key_to_two_bindings_is_reported(store: Store) -> None:
    """``"story.related" = "R"``: R then opened the sidebar and no longer refreshed every feed, without a word. The
    reader says which key two bindings now share; keys moved to free ones, or left as they were, say nothing."""
    app = reader(store, keymap={"story.related": "R", "story.toggle_read": "x", "story.next_unread": "n"})
    async with app.run_test(size=SIZE):
        clashes = [m for m in messages(app) if "keymap gives" in m]
        assert clashes == [
            "config: keymap gives R to story.related, but feeds.refresh_all answers to R too: only one of them "
            "will (move one in [keymap])"
        ]


async def test_the_notice_is_shown_at_start(store: Store) -> None:
    app = make_app(
        store, Config(), notice="feeds.json was damaged and restored from its backup", clock=lambda: NOW
    )
    async with app.run_test(size=SIZE):
        assert "feeds.json was damaged and restored from its backup" in messages(app)


async def test_clicking_a_feed_shows_its_stories_and_clicking_a_story_opens_it(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        row = next(i for i, e in enumerate(screen.feed_list.entries) if e.label == "Harbour Post")
        await pilot.click(FeedList, offset=(5, row + 1))  # +1: the pane's border
        assert screen.source.startswith("feed:") and len(screen.story_list.rows) == 4
        assert isinstance(app.focused, StoryList)
        await pilot.click(StoryList, offset=(10, 3))
        assert screen.story_list.cursor == 2
        assert (
            screen.story_view.story is not None and screen.story_view.story.id == screen.story_list.rows[2].id
        )


async def test_an_empty_store_answers_every_key_calmly(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "j", "n", "m", "b", "o", "A", "space", "R", "r", "tab", "tab", "escape")
        assert app.is_running and main(app).story_list.rows == []
        # it said only "No feeds to refresh.", and the empty reader gives no other clue how to get some
        assert f"No feeds to refresh. {SUBSCRIBE_HINT}" in messages(app)
        assert "No more unread stories below." in messages(app)
    store.close()


async def test_a_read_only_store_refuses_changes_in_words(tmp_path: Path) -> None:
    writer, _ = build_store(tmp_path / "data")
    writer.close()
    store = Store(tmp_path / "data", readonly=True)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        first = main(app).story_list.rows[0]
        await pilot.press("m", "b", "R")
        assert not store.is_read(first.id) and not store.is_bookmarked(first.id)
        said = messages(app)  # the same words for each key (see tests/test_tui_read_only_keys.py)
        assert said == [
            refusal(what) for what in ("mark stories read or unread", "bookmark stories", "refresh feeds")
        ]
        before = len(messages(app))
        await pilot.press("enter")  # reading still works, without a complaint per story
        assert main(app).story_view.story is not None
        assert len(messages(app)) == before
    store.close()
