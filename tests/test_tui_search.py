"""Search in the reader, through Pilot on a real store: typing, opening a result, escape, hints, n/N (within a
story and on into the next result), sort."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.snapshot_apps import messages, palette_offers, reader_app, until
from tests.snapshot_apps.search_app import search_app, typed
from tui.app import NewsdeskApp
from tui.screens.main import MainScreen
from tui.widgets.story_list import StoryList
from tui.widgets.story_view import StoryView

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]  # story dates in UTC: tests/conftest.py
SIZE = (120, 40)


def titles(screen: MainScreen) -> list[str]:
    return [h.title for h in screen.story_list.rows]


def hint(screen: MainScreen) -> str:
    return str(screen.search_bar.query_one("#search-hint", Static).content)


async def search(pilot: Pilot[None], app: NewsdeskApp, text: str) -> None:
    """Open the bar, type ``text`` key by key, and wait until its answer is on screen."""
    screen = app.main_screen
    await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
    await pilot.press("slash", *text)
    await until(pilot, lambda: screen._shown_query == text and screen.search_result is not None)


async def test_typing_shows_results_and_enter_opens_one(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, "rail")
        assert isinstance(app.focused, Input)
        assert titles(screen) == ["Rail strike called off after overnight deal"]
        assert "Search · 1" in str(screen.story_list.border_title)
        await pilot.press("enter")
        assert isinstance(app.focused, StoryList)
        await pilot.press("enter")
        await pilot.pause()
        view = screen.story_view
        assert isinstance(app.focused, StoryView) and view.story is not None and view.story.id == "atlas-2"
        body = view.query_one("#story-body", Static).content
        marked = [body.plain[s.start : s.end] for s in body.spans if s.style == "bold reverse"]  # type: ignore[union-attr]
        assert marked and all(m.casefold() == "rail" for m in marked)
        assert app.store.is_read("atlas-2")


async def test_each_keystroke_narrows_and_the_title_marks_follow(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, "fer")
        assert titles(screen) == ["Ferry timetable changes for the winter season"]
        marks = screen.story_list.title_marks
        assert marks is not None and marks("Ferry timetable") == [(0, 5)]
        await pilot.press("backspace", "backspace", "backspace", *"harbour")
        await until(pilot, lambda: screen._shown_query == "harbour")
        assert "Harbour city opens its first tidal power plant" in titles(screen)


async def test_escape_puts_back_the_list_and_the_story(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        before = titles(screen)
        await pilot.press("j", "j", "j")
        chosen = screen.story_list.current
        assert chosen is not None
        await search(pilot, app, "rail")
        assert titles(screen) != before
        await pilot.press("escape")
        assert titles(screen) == before
        assert screen.story_list.current == chosen
        assert isinstance(app.focused, StoryList) and not screen.search_bar.is_open
        assert screen.story_list.title_marks is None


async def test_escape_from_the_results_goes_back_to_the_query(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, "rail")
        await pilot.press("enter", "escape")
        assert isinstance(app.focused, Input) and screen.search_active
        assert titles(screen) == ["Rail strike called off after overnight deal"]


async def test_a_malformed_query_shows_a_hint_and_still_searches(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, 'title:"ferry')
        assert "unclosed quote" in hint(screen)
        assert screen.search_bar.query_one("#search-hint").has_class("-warning")
        assert titles(screen) == ["Ferry timetable changes for the winter season"]
        await pilot.press(*'" nope:x')
        await until(pilot, lambda: "unknown qualifier" in hint(screen))


async def test_ctrl_s_orders_results_by_date(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, "draft")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "by date" in str(screen.story_list.border_title))
        published = [h.published for h in screen.story_list.rows]
        assert len(published) > 1 and published == sorted(published, reverse=True)
        assert screen.search_sort == "date"


async def test_a_query_without_words_says_its_results_go_by_date(tmp_path: Path) -> None:
    """A query with no words to rank by (nothing typed yet, or only qualifiers) lists its results newest first,
    and the title said "by relevance" all the same; ctrl+s then seemed to change nothing."""
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await search(pilot, app, "is:unread")
        assert str(screen.story_list.border_title).endswith(" · by date"), screen.story_list.border_title
        published = [h.published for h in screen.story_list.rows]
        assert len(published) > 1 and published == sorted(published, reverse=True)
        await pilot.press(*" draft")
        await until(pilot, lambda: screen._shown_query == "is:unread draft")
        assert str(screen.story_list.border_title).endswith(" · by relevance")


async def test_ctrl_s_outside_search_says_it_is_for_the_next_search(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        assert app.main_screen.search_sort == "date"
        assert messages(app) == ["The next search orders its results by date."]


async def test_n_and_N_jump_between_matches_in_a_story_opened_from_search(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=(120, 24)) as pilot:
        screen = app.main_screen
        await search(pilot, app, '"draft agreement"')
        await pilot.press("enter", "enter")
        await pilot.pause()
        lines = screen.match_lines()
        assert lines, "the phrase is marked in the story"
        view = screen.story_view
        view.scroll_home(animate=False, immediate=True)
        await pilot.press("n")
        await pilot.pause()
        assert round(view.scroll_y) == min(y for y in lines if y > 0) or view.scroll_y == view.max_scroll_y
        await pilot.press("N")
        await pilot.pause()
        assert view.scroll_y < min(y for y in lines if y > 0) or lines[0] == 0


async def test_n_past_the_last_match_goes_on_to_the_next_result_and_N_comes_back(tmp_path: Path) -> None:
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=(120, 24)) as pilot:
        screen = app.main_screen
        await search(pilot, app, "draft")
        results = [h.id for h in screen.story_list.rows]
        assert len(results) >= 2
        await pilot.press("enter", "enter")
        view = screen.story_view
        await until(pilot, lambda: view.story is not None and view.story.id == results[0])
        for _ in range(len(screen.match_lines()) + 1):  # every match of the first result, then one more
            await pilot.press("n")
            await pilot.pause()
            if view.story is not None and view.story.id != results[0]:
                break
        assert view.story is not None and view.story.id == results[1]
        assert screen.story_list.rows[screen.story_list.cursor].id == results[1]
        lines = screen.match_lines()
        assert (
            lines and round(view.scroll_y) <= lines[0] < view.scroll_y + view.scrollable_content_region.height
        )
        await pilot.press(
            "N"
        )  # back before the second result's first match: the first result, at its last match
        await pilot.pause()
        await until(pilot, lambda: view.story is not None and view.story.id == results[0])
        last = screen.match_lines()[-1]
        assert round(view.scroll_y) <= last < view.scroll_y + view.scrollable_content_region.height
        assert not any("No more matches" in str(n.message) for n in app._notifications)


async def test_the_footer_says_n_jumps_to_the_next_match_in_a_story_opened_from_search(
    tmp_path: Path,
) -> None:
    """In a story opened from search, `n` goes to the next match, but the footer said "n Next unread"."""

    def footer_n(screen: MainScreen) -> str:
        return screen.active_bindings["n"].binding.description

    app = reader_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        assert footer_n(screen) == "Next unread"
        await search(pilot, app, "draft")
        await pilot.press("enter")
        assert footer_n(screen) == "Next unread"  # the results list: n opens the next unread result
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, StoryView)
        assert footer_n(screen) == "Next match"
        await pilot.press("escape", "escape", "escape")  # out of the story, the results and the search
        await pilot.pause()
        assert not screen.search_active and footer_n(screen) == "Next unread"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, StoryView) and footer_n(screen) == "Next unread"


def test_search_view_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """The bar with a query, the hint line with the count, the results with the matched word marked."""
    assert snap_compare(search_app(tmp_path / "data"), run_before=typed("harbour"), terminal_size=SIZE)


def test_search_story_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """A result opened: the phrase marked in the story's text."""
    app = search_app(tmp_path / "data")
    assert snap_compare(app, run_before=typed('"draft agreement"', "enter", "enter"), terminal_size=SIZE)


async def test_the_palette_offers_next_match_only_in_a_story_opened_from_search(tmp_path: Path) -> None:
    """The palette's "search: Next match" did nothing when chosen outside a search result (the key's own check
    refuses it there): it is left out there, and offered, working, in a story opened from search."""
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=(120, 24)) as pilot:
        screen = app.main_screen
        offered = await palette_offers(pilot, app, "search")
        assert "search: Search" in offered and "search: Next match" not in offered
        await pilot.press("escape")
        await pilot.press("enter")  # a story opened from the list, not from search
        await pilot.pause()
        assert isinstance(app.focused, StoryView)
        assert "search: Next match" not in await palette_offers(pilot, app, "next")
        await pilot.press("escape")
        await search(pilot, app, '"draft agreement"')
        await pilot.press("enter")  # the results: n opens the next unread result there
        assert "search: Next match" not in await palette_offers(pilot, app, "next")
        await pilot.press("escape", "enter")
        await pilot.pause()
        view = screen.story_view
        assert isinstance(app.focused, StoryView) and view.story is not None
        lines = screen.match_lines()
        view.scroll_home(animate=False, immediate=True)
        offered = await palette_offers(pilot, app, "next match")
        assert offered[0] == "search: Next match", offered
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause()
        assert round(view.scroll_y) == min(y for y in lines if y > 0) or view.scroll_y == view.max_scroll_y
