"""What a sixteenth walk, as a user leaving Feedly with a light terminal theme, found in the reader: five stories
served from 127.0.0.1 and refreshed into a real store in a temporary folder (the third walk's fixture), the real
app driven by Pilot, the colours read from the segments it paints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver, test_walk3_reader
from tests.snapshot_apps import reader, until
from tui.screens.errors import ErrorsScreen
from tui.widgets.error_list import ErrorList
from tui.widgets.sources import feed_entries

feed_server = httpserver.feed_server
store = test_walk3_reader.store  # five stories, "Story 0" (newest) to "Story 4"
pytestmark = pytest.mark.anyio


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(segment: Segment) -> float:
    """The WCAG contrast ratio of a painted segment's text on its background (1: invisible, 21: black on white)."""
    style = segment.style
    assert style is not None and style.color is not None and style.bgcolor is not None, segment
    high, low = sorted((_luminance(style.color), _luminance(style.bgcolor)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def painted(widget, y: int, text: str) -> Segment:  # type: ignore[no-untyped-def]
    """The segment of line ``y`` of ``widget`` that paints ``text``."""
    found = [s for s in widget.render_line(y) if text in s.text]
    assert found, f"{text!r} is not on line {y}"
    return found[0]


@pytest.mark.parametrize("theme", ["textual-light", "catppuccin-latte", "textual-dark"])
async def test_the_feed_and_age_columns_and_the_counts_can_be_read(store: Store, theme: str) -> None:
    """The story list's feed and age columns and the feed list's unread counts are drawn in the theme's muted text
    colour, `auto 60%`. Textual's partial style made it pure white: on a light theme they were white on light
    grey (contrast 1.3; in a 16-colour terminal, as over ssh with TERM=screen, white on white), and on a dark one
    brighter than the titles they are meant to sit behind."""
    app = reader(store, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.story_list.row_count() == 5)
        stories = screen.story_list
        title = painted(stories, 1, "Story 1")  # line 0 is the cursor's
        for column in ("Walk", "now"):  # the feed's name, the story's age
            segment = painted(stories, 1, column)
            assert contrast(segment) >= 3, (theme, column, segment)
            assert contrast(segment) < contrast(title), (theme, column, segment)  # muted: less than the title
        count = painted(
            screen.feed_list, 3, "5"
        )  # All, Unread, Bookmarks, then the feed (line 0: the cursor)
        assert contrast(count) >= 3, (theme, count)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_cursor_of_the_list_without_focus_can_be_read(store: Store, theme: str) -> None:
    """A list without focus shows its cursor in a translucent colour (30% of the theme's cursor blue). Its alpha
    was dropped: on a light theme the feed list's cursor row, while the stories had the focus, was dark text on
    solid dark blue (a contrast of 1.7)."""
    app = reader(store, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.story_list.row_count() == 5)
        assert app.focused is screen.story_list
        label = painted(screen.feed_list, 0, "All")
        assert contrast(label) >= 4.5, (theme, label)


async def test_the_painted_colours_follow_the_focus_and_the_theme(store: Store) -> None:
    """The lists keep each part's painted style between repaints. Kept for good, the feed list's cursor stayed
    the blurred one it was first painted with once the list took the focus, and the muted columns kept the first
    theme's colour after a change of theme (textual-dark's light grey, on textual-light's near-white)."""
    app = reader(store, theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.story_list.row_count() == 5)
        blurred = painted(screen.feed_list, 0, "All").style
        screen.feed_list.focus()
        await pilot.pause()
        focused = painted(screen.feed_list, 0, "All").style
        assert blurred is not None and focused is not None
        assert focused.bgcolor != blurred.bgcolor, (blurred, focused)
        app.theme = "textual-light"
        await pilot.pause()
        age = painted(screen.story_list, 1, "now")
        assert contrast(age) >= 3, age


@pytest.fixture
def failing(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    """Two feeds that fail as dead ones in an old export do: a 404 and a 500."""
    s = Store(tmp_path / "data")
    for code in (404, 500):
        s.add_feed(feed_server.url(f"/status/{code}"), title=f"Dead {code}")
    assert all(r.error for r in refresh(s))
    yield s
    s.close()


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_feed_errors_cursor_row_can_be_read(failing: Store, theme: str) -> None:
    """The feed errors screen (e) drew the highlighted feed's error in the warning colour and its address in the
    muted one on the cursor's blue: on a light theme the address was grey on dark blue (1.6; the same colour in a
    16-colour terminal) and the error brown on it (2.4)."""
    app = reader(failing, theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ErrorsScreen))
        errors = app.screen.query_one(ErrorList)
        await until(pilot, lambda: errors.row_count() == 2)
        for y, text in enumerate(("Dead 404", "not found (404)", "/status/404")):
            segment = painted(errors, y, text)
            assert contrast(segment) >= 3, (
                theme,
                text,
                segment,
            )  # the theme's own cursor: 3.8 in textual-dark


@pytest.fixture
def folders(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    """Two feeds as a Feedly export leaves them: "Daily" in the folders Tech and News, "Weekly" in News > Europe."""
    s = Store(tmp_path / "data")
    for name, tags in (("Daily", ("Tech", "News")), ("Weekly", ("News", "Europe"))):
        feed_server.set(
            f"/{name}.xml", test_walk3_reader.rss(2).replace(b"<title>Walk", f"<title>{name}".encode())
        )
        s.add_feed(feed_server.url(f"/{name}.xml"), title=name, tags=tags)
    assert not any(r.error for r in refresh(s))
    yield s
    s.close()


async def test_a_feed_is_listed_in_the_group_of_each_of_its_tags(folders: Store) -> None:
    """The feed list grouped feeds by their first tag only: a feed in two Feedly folders was missing from the
    second, and a nested folder (News > Europe) was no group at all, its feeds only under News."""
    app = reader(folders)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.story_list.row_count() == 4)
        rows = [(e.label, e.count) for e in screen.feed_list.entries[3:]]
        assert rows == [
            ("Europe", 2),
            ("Weekly", 2),
            ("News", 4),
            ("Daily", 2),
            ("Weekly", 2),
            ("Tech", 2),
            ("Daily", 2),
        ]
        assert screen.feed_list.select_key("tag:Europe")
        await until(pilot, lambda: screen.story_list.row_count() == 2)
        assert {h.feed_id for h in screen.story_list.rows} == {
            f.id for f in folders.feeds() if f.name == "Weekly"
        }
        # on the second copy of Daily (under Tech), a read mark rebuilds nothing and the cursor stays there
        daily = next(f.id for f in folders.feeds() if f.name == "Daily")
        screen.feed_list.move_cursor(9)
        await until(pilot, lambda: {h.feed_id for h in screen.story_list.rows} == {daily})
        screen.story_list.focus()
        await pilot.press("m")
        await until(pilot, lambda: screen.feed_list.entries[5].count == 3)
        assert screen.feed_list.cursor == 9
        assert [e.count for e in screen.feed_list.entries[3:]] == [2, 2, 3, 1, 2, 1, 1]
        # the list built again (after a refresh, a rename): still on that copy, not the one under News
        screen.feed_list.set_entries(feed_entries(folders))
        assert screen.feed_list.cursor == 9
