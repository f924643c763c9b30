"""``[`` back to the story being read before a jump, and ``]`` forward again: enter on a related story (the sidebar, L) or on a story of a
name's pivot (E, a name, enter) opened it in place of the story being read, and that one was gone from view, its
place in it lost. It comes back with ``[``, scrolled to where it was left, the story list's cursor on it; the
key shows in the footer only while there is a story to go back to. ``]`` goes forward again to the story ``[``
left, until a new jump. The real reader over the demo feeds with their
names stored, driven by Pilot at 80x24 (one pane at a time) as a user drives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.snapshot_apps import until
from tests.snapshot_apps.demo_store import story_titled
from tests.snapshot_apps.entity_app import XI_KIM, entity_app, pivot_of
from tui.app import NewsdeskApp
from tui.screens.entity_pivot import EntityPivot
from tui.screens.story_history import HISTORY_SIZE
from tui.widgets.enrich_panes import RelatedPane
from tui.widgets.footer import shown_keys

pytestmark = pytest.mark.anyio
SIZE = (80, 24)


def opened(app: NewsdeskApp) -> str | None:
    story = app.main_screen.story_view.story
    return story.id if story is not None else None


def footer_offers_back(app: NewsdeskApp) -> bool:
    return any(binding.id == "story.back" for _key, binding, _on, _tip in shown_keys(app.main_screen))


def footer_offers_forward(app: NewsdeskApp) -> bool:
    return any(binding.id == "story.forward" for _key, binding, _on, _tip in shown_keys(app.main_screen))


async def to_related(pilot: Pilot[None], app: NewsdeskApp, row: int) -> str:
    """L, then enter on the related story ``row`` of the story being read; the story it opened."""
    await pilot.press("L")
    related = app.main_screen.query_one("#related", RelatedPane)
    await until(pilot, lambda: related.has_focus and len(related.rows) > row)
    await pilot.press(*["j"] * row)
    chosen = related.rows[row].story_id
    await pilot.press("enter")
    await until(pilot, lambda: opened(app) == chosen)
    return chosen


async def read_down(pilot: Pilot[None], app: NewsdeskApp, lines: int) -> float:
    """Scroll the open story ``lines`` down, as a reader does with j; how far down it is now."""
    view = app.main_screen.story_view
    view.focus()
    await pilot.pause()
    await until(pilot, lambda: view.max_scroll_y >= lines)
    await pilot.press(*["j"] * lines)
    await until(pilot, lambda: view.scroll_y == lines)
    return view.scroll_y


async def test_back_from_a_related_story_to_where_the_story_was_left(tmp_path: Path) -> None:
    app = entity_app(tmp_path / "demo")
    async with app.run_test(size=SIZE) as pilot:
        await pivot_of("Kim Jong Un")(pilot)  # waits for the related index and the groups; then back out
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen)
        screen, first = app.main_screen, story_titled(app.store, XI_KIM)
        assert opened(app) == first
        assert not footer_offers_back(app)  # nothing to go back to yet
        where = await read_down(pilot, app, 3)

        await pilot.press("L")
        related = screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: related.has_focus and len(related.rows) >= 2)
        other = related.rows[0].story_id
        await pilot.press("enter")
        await until(pilot, lambda: opened(app) == other)
        assert footer_offers_back(app)
        await pilot.pause()
        bar = "".join(s.text for s in app.screen._compositor.render_strips()[-1])
        assert "[ Back to story" in bar, bar  # drawn, not past the edge of 80 columns

        await pilot.press("left_square_bracket")
        await until(pilot, lambda: opened(app) == first)
        await until(pilot, lambda: screen.story_view.scroll_y == where)  # where it was left, not the top
        assert screen.story_view.has_focus
        current = screen.story_list.current
        assert current is not None and current.id == first  # the list's cursor on it
        assert not footer_offers_back(app)  # the one jump undone: the key goes


async def test_back_from_a_names_story_and_back_again_through_two_jumps(tmp_path: Path) -> None:
    app = entity_app(tmp_path / "demo")
    async with app.run_test(size=SIZE) as pilot:
        await pivot_of("Kim Jong Un")(pilot)
        pivot = app.screen
        assert isinstance(pivot, EntityPivot)
        first = story_titled(app.store, XI_KIM)
        stories = pivot.query_one("#pivot-stories", OptionList)
        while stories.highlighted_option is not None and stories.highlighted_option.id == first:
            await pilot.press("j")
        second = stories.highlighted_option.id  # type: ignore[union-attr]
        await pilot.press("enter")  # a story of his pivot, from the first story's names
        await until(pilot, lambda: app.screen is app.main_screen and opened(app) == second)
        screen = app.main_screen
        where = await read_down(pilot, app, 2)

        await pilot.press("L")  # then on, to one of its related stories
        related = screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: related.has_focus and len(related.rows) >= 1)
        third = related.rows[0].story_id
        await pilot.press("enter")
        await until(pilot, lambda: opened(app) == third)

        await pilot.press("left_square_bracket")  # back one: the pivot's story, where it was left
        await until(pilot, lambda: opened(app) == second)
        await until(pilot, lambda: screen.story_view.scroll_y == where)
        await pilot.press("left_square_bracket")  # and back to the first, at its top as it was left
        await until(pilot, lambda: opened(app) == first)
        assert screen.story_view.scroll_y == 0
        current = screen.story_list.current
        assert current is not None and current.id == first
        await pilot.press("left_square_bracket")  # nothing further back: the key does nothing
        await pilot.pause()
        assert opened(app) == first


async def test_the_stories_kept_to_go_back_to_are_bounded(tmp_path: Path) -> None:
    app = entity_app(tmp_path / "demo")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        ids = [header.id for header in app.store.headers()][:2]
        screen.open_story_id(ids[0])
        for n in range(HISTORY_SIZE + 10):  # a long trail, to and fro
            screen.open_story_id(ids[(n + 1) % 2])
        assert len(screen.history) == HISTORY_SIZE


async def test_forward_again_to_the_story_left_by_going_back(tmp_path: Path) -> None:
    """After ``[`` there was no way forward again: the related story read down was gone from view, as the first
    one had been before ``[``. ``]`` opens it where it was left, the list's cursor on it; to and fro."""
    app = entity_app(tmp_path / "demo")
    async with app.run_test(size=SIZE) as pilot:
        await pivot_of("Kim Jong Un")(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen)
        screen, first = app.main_screen, story_titled(app.store, XI_KIM)
        other = await to_related(pilot, app, 0)
        where = await read_down(pilot, app, 3)
        assert not footer_offers_forward(app)  # nowhere to go forward to yet

        await pilot.press("left_square_bracket")
        await until(pilot, lambda: opened(app) == first)
        assert footer_offers_forward(app) and not footer_offers_back(app)
        await pilot.pause()
        bar = "".join(s.text for s in app.screen._compositor.render_strips()[-1])
        assert "] Forward" in bar, bar  # drawn, not past the edge of 80 columns

        await pilot.press("right_square_bracket")
        await until(pilot, lambda: opened(app) == other)
        await until(pilot, lambda: screen.story_view.scroll_y == where)  # where it was left, not the top
        assert screen.story_view.has_focus
        current = screen.story_list.current
        assert current is not None and current.id == other  # the list's cursor on it
        assert footer_offers_back(app) and not footer_offers_forward(app)

        await pilot.press("left_square_bracket", "right_square_bracket")  # to and fro, in one go
        await until(pilot, lambda: opened(app) == other and not footer_offers_forward(app))
        await until(pilot, lambda: screen.story_view.scroll_y == where)


async def test_a_jump_after_going_back_ends_the_way_forward(tmp_path: Path) -> None:
    """As a browser's link followed after going back: the story ``]`` would have opened is forgotten, the key
    goes, and ``[`` goes back along the new jump."""
    app = entity_app(tmp_path / "demo")
    async with app.run_test(size=SIZE) as pilot:
        await pivot_of("Kim Jong Un")(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen)
        first = story_titled(app.store, XI_KIM)
        await to_related(pilot, app, 0)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: opened(app) == first and footer_offers_forward(app))

        third = await to_related(pilot, app, 1)  # another jump from the first story
        assert not footer_offers_forward(app)
        await pilot.press("right_square_bracket")  # nowhere forward: the key does nothing
        await pilot.pause()
        assert opened(app) == third
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: opened(app) == first)
        assert not footer_offers_back(app) and footer_offers_forward(app)
