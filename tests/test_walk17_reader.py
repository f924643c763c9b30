"""What a seventeenth walk, as a journalist following one person across many outlets for weeks, found in the
reader: stories naming him served from 127.0.0.1 and refreshed into a real store in a temporary folder, the real
app driven by Pilot, the entity pivot and the names pane read as they are drawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.snapshot_apps import messages, reader, until
from tui.app import NewsdeskApp
from tui.screens.bookmark_edit import BookmarkEditScreen
from tui.screens.entity_pivot import EntityPivot
from tui.widgets.enrich_panes import EntityPane, RelatedPane

feed_server = httpserver.feed_server
pytestmark = pytest.mark.anyio

PERSON = "Donald Trump"
#: (title, text), newest first; each names the person, with other names around him.
STORIES = [
    (
        "Trump meets Gulf envoys at White House",
        "President Donald Trump met envoys from Qatar and Saudi Arabia at the White House on Monday. Trump told "
        "reporters in Washington the talks were productive.",
    ),
    (
        "Trump signs order on shipping in the Gulf",
        "Donald Trump signed an executive order directing the Navy to escort tankers through the Strait of "
        "Hormuz. The Pentagon said the first convoys would sail within days.",
    ),
    (
        "Oil falls as Trump says talks with Iran possible",
        "Oil prices fell after President Donald Trump said talks with Iran were possible. Traders in London and "
        "New York said the market was watching Washington.",
    ),
    (
        "Trump names new envoy to NATO",
        "Donald Trump named a former senator from Texas as his envoy to NATO on Friday. Officials in Brussels "
        "welcomed the choice, Reuters reported.",
    ),
]


def rss(stories: list[tuple[str, str]]) -> bytes:
    """The wire's feed holding the last ``len(stories)`` of them, dated a day apart (the first newest)."""
    items = "".join(
        f"<item><guid>w{title}</guid><title>{title}</title><link>https://wire.example/{n}</link>"
        f"<description>{text}</description><pubDate>Mon, {20 - n:02d} Nov 2026 10:00:00 GMT</pubDate></item>"
        for n, (title, text) in enumerate(stories, start=len(STORIES) - len(stories))
    )
    return (
        f'<rss version="2.0"><channel><title>Wire Desk</title><language>en</language>{items}</channel></rss>'
    ).encode()


@pytest.fixture
def wire(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    """A store of the wire's three older stories; the feed then serves all four (the next refresh's new one)."""
    feed_server.set("/wire.xml", rss(STORIES[1:]))
    s = Store(tmp_path / "data")
    s.add_feed(feed_server.url("/wire.xml"))
    [result] = refresh(s)
    assert not result.error and result.new == 3
    feed_server.set("/wire.xml", rss(STORIES))
    yield s
    s.close()


def titled(store: Store, title: str) -> str:
    return next(h.id for h in store.headers() if h.title == title)


async def open_pivot(pilot: Pilot[None], app: NewsdeskApp, story_id: str) -> EntityPivot:
    """Open the story, its names (E), and the person's pivot from them, as the walk did; wait for its rows."""
    screen = app.main_screen
    await until(pilot, lambda: screen._related_ready)
    screen.open_story_id(story_id)
    await pilot.press("E")
    pane = screen.query_one("#entities", EntityPane)
    await until(pilot, lambda: any(row.name == PERSON for row in pane.rows))
    while pane.rows[int(pane.highlighted_option.id or 0)].name != PERSON:  # type: ignore[union-attr]
        await pilot.press("j")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
    assert isinstance(app.screen, EntityPivot)
    return app.screen


def rows(pivot: EntityPivot) -> list[str]:
    """The pivot's rows as drawn, each its marks and title (the feed and age after them left out)."""
    stories = pivot.query_one("#pivot-stories", OptionList)
    return [
        str(stories.get_option_at_index(i).prompt).rsplit("  ", 1)[0] for i in range(stories.option_count)
    ]


async def test_the_open_pivot_lists_the_stories_a_refresh_brings(wire: Store) -> None:
    """A refresh (the periodic one, the pivot on top) brought a new story naming him: the pivot, drawn once when
    opened, went on saying 3 stories until it was closed and opened again. It looks again once the new story's
    names are stored, its cursor on the story it was on, and the new story is marked unread."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        pivot = await open_pivot(pilot, app, titled(wire, STORIES[2][0]))
        stories = pivot.query_one("#pivot-stories", OptionList)
        assert len(rows(pivot)) == 3, rows(pivot)
        await pilot.press("j")
        on = stories.highlighted_option.id  # type: ignore[union-attr]
        app._periodic_refresh()  # what the refresh_minutes timer runs
        await until(pilot, lambda: len(rows(pivot)) == 4, tries=1200)
        assert app.screen is pivot
        assert rows(pivot)[0] == f"●  {STORIES[0][0]}", rows(pivot)
        assert "4 stories" in str(pivot.query_one("#pivot-title").render())
        assert stories.highlighted_option is not None and stories.highlighted_option.id == on


async def test_the_pivot_marks_the_stories_read_and_bookmarked(wire: Store) -> None:
    """The pivot's rows had no marks: a researcher back at a name's 76 stories could not tell the ones read from
    the ones not, nor see the ones already kept. They are marked as the story list marks them."""
    wire.set_read([titled(wire, STORIES[3][0])])
    wire.bookmark(titled(wire, STORIES[1][0]))
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        pivot = await open_pivot(pilot, app, titled(wire, STORIES[2][0]))
        assert rows(pivot) == [  # the one opened is read now
            f"●★ {STORIES[1][0]}",
            f"   {STORIES[2][0]}",
            f"   {STORIES[3][0]}",
        ]


async def test_back_at_a_names_pivot_the_cursor_is_on_the_story_opened_from_it(wire: Store) -> None:
    """Opening the third story of a name's pivot, reading it, then E and enter on the name again: the pivot
    opened at the top, and the way on was down the list again to find the place. It opens where it was left."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        pivot = await open_pivot(pilot, app, titled(wire, STORIES[1][0]))
        stories = pivot.query_one("#pivot-stories", OptionList)
        assert stories.highlighted == 0  # a first visit starts at the newest
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: app.screen is app.main_screen)
        third = titled(wire, STORIES[3][0])
        assert app.main_screen.story_view.story is not None and app.main_screen.story_view.story.id == third
        pivot = await open_pivot(pilot, app, third)
        stories = pivot.query_one("#pivot-stories", OptionList)
        assert stories.highlighted == 2
        await pilot.press("k", "escape")  # closed with escape, the place is kept too
        await until(pilot, lambda: app.screen is app.main_screen)
        pivot = await open_pivot(pilot, app, third)
        assert pivot.query_one("#pivot-stories", OptionList).highlighted == 1


async def test_a_refresh_leaves_the_names_cursor_on_its_name(wire: Store) -> None:
    """On a story's names, the cursor moved down to the person, the refresh ending (its names stored) drew the
    names again with the cursor back on the first: enter then opened another name's pivot (Joyce Beatty's, on
    the walk, not Trump's). The cursor stays on its name; the related stories' cursor on its story too."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        screen.open_story_id(titled(wire, STORIES[2][0]))
        await pilot.press("L")
        related = screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: len(related.rows) >= 2)
        await pilot.press("j", "E")  # the second related story, then to the names
        kept = related.rows[1].story_id
        names = screen.query_one("#entities", EntityPane)
        await pilot.press("j", "j")
        chosen = names.rows[int(names.highlighted_option.id or 0)]  # type: ignore[union-attr]
        assert names.highlighted != 1, "the first name is on the row under the Person heading"
        app._periodic_refresh()
        await until(pilot, lambda: len(wire.headers()) == 4)
        await until(pilot, lambda: not app.refreshing)
        await until(pilot, lambda: not [w for w in app.workers if w.group == "enrich" and not w.is_finished])
        await pilot.pause()
        assert names.has_focus
        assert names.rows[int(names.highlighted_option.id or 0)] == chosen  # type: ignore[union-attr]
        assert related.highlighted_option is not None and related.highlighted_option.id == kept


async def test_a_note_then_tab_then_tags_typed_in_one_go_fill_both_fields(wire: Store) -> None:
    """Typed quickly (or over a slow link), "B", a note, tab and tags put the tags in the note ("Seoul
    sidelinedtrump korea") and left the tags empty: the tab moved the focus only after the letters behind it had
    gone to the note. Tab and shift+tab move it in time; the saved bookmark has its tags."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        keys = [*"Bangle", "tab", *"trump korea", "shift+tab", *"!"]
        for key in keys:  # queued before any runs, as the terminal driver does with one read
            char = {"tab": "\t", "shift+tab": None}.get(key, key)
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        assert dialog.query_one("#bookmark-note", TextArea).text == "angle!"
        assert dialog.query_one("#bookmark-tags", Input).value == "trump korea"
        await pilot.press("ctrl+s")
        story = main.story_list.current
        assert story is not None
        saved = wire.bookmark_of(story.id)
        assert saved is not None and saved.tags == ("trump", "korea") and saved.note == "angle!"


async def test_a_note_saved_in_one_go_is_whole_and_the_keys_after_reach_the_reader(wire: Store) -> None:
    """A note typed and saved with ctrl+s in one go (fast, over a slow link, or pasted) was saved empty: ctrl+s,
    a priority binding, ran before the note took the letters queued for it. And going on at once ("j b": the
    next story, bookmarked too) did nothing: the keys after ctrl+s went to the note of the dialog closing. The
    note is saved whole, and the keys after reach the story list."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        first, second = main.story_list.rows[0], main.story_list.rows[1]
        for key in [*"Bangle", "ctrl+s", "j", "b"]:  # queued before any runs, as from one read
            app.post_message(events.Key(key, "\x13" if key == "ctrl+s" else key))
        await until(pilot, lambda: wire.is_bookmarked(second.id))
        saved = wire.bookmark_of(first.id)
        assert saved is not None and saved.note == "angle"
        assert app.screen is main and main.story_list.current is not None
        assert main.story_list.current.id == second.id


async def test_b_and_B_in_the_pivot_bookmark_the_story_under_the_cursor(wire: Store) -> None:
    """In the pivot b and B did nothing: to keep three of a name's stories, each had to be opened, bookmarked,
    and the pivot found again. They act on the story under the cursor, as in the story list."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        pivot = await open_pivot(pilot, app, titled(wire, STORIES[1][0]))
        await pilot.press("j", "b")  # the second row: bookmarked, the cursor stays
        second, third = titled(wire, STORIES[2][0]), titled(wire, STORIES[3][0])
        assert wire.is_bookmarked(second)
        assert rows(pivot)[1] == f"●★ {STORIES[2][0]}", rows(pivot)
        await pilot.press("j", "B")
        assert isinstance(app.screen, BookmarkEditScreen)
        await pilot.press(*"envoy pick", "tab", *"nato", "ctrl+s")
        await until(pilot, lambda: app.screen is pivot)
        saved = wire.bookmark_of(third)
        assert saved is not None and saved.note == "envoy pick" and saved.tags == ("nato",)
        assert rows(pivot)[2] == f"●★ {STORIES[3][0]}"
        assert pivot.query_one("#pivot-stories", OptionList).highlighted == 2
        await pilot.press("b")  # its note and tags would go: asked first
        assert not isinstance(app.screen, EntityPivot)
        await pilot.press("y")
        await until(pilot, lambda: not wire.is_bookmarked(third))
        assert app.screen is pivot and rows(pivot)[2] == f"●  {STORIES[3][0]}"
        assert {e.label: e.count for e in app.main_screen.feed_list.entries}["Bookmarks"] == 1


async def test_R_in_the_pivot_refreshes_and_the_pivot_follows(wire: Store) -> None:
    """With refresh_minutes at 0, the default, R was the way to the morning's new stories, and in the pivot it did
    nothing: back to the reader, R, and the pivot found again. It refreshes every feed, says so (the progress bar
    is under the pivot), and the pivot lists the new story once its names are stored."""
    app = reader(wire)
    async with app.run_test(size=(120, 40)) as pilot:
        pivot = await open_pivot(pilot, app, titled(wire, STORIES[1][0]))
        assert len(rows(pivot)) == 3
        await pilot.press("R")
        assert "Refreshing every feed…" in messages(app)
        await until(pilot, lambda: len(rows(pivot)) == 4, tries=1200)
        assert app.screen is pivot and rows(pivot)[0] == f"●  {STORIES[0][0]}"
