"""Factories of reader apps over fixed stores, for the snapshot tests and the Pilot tests.

Every app gets ``NOW`` as its clock, so story ages and "2 h ago" render the same on every day the tests run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Static

from feeds.store import Store
from tui.app import NewsdeskApp, make_app
from tui.config import Config
from tui.screens.help import HelpScreen
from tui.widgets.row_list import RowList
from tui.widgets.story_body import StoryBody

from .stores import NOW, STANDARD, FeedSpec, build_store


def reader_app(
    root: Path, specs: Iterable[FeedSpec] = STANDARD, *, config: Config | None = None, notice: str = ""
) -> NewsdeskApp:
    """The reader over a fresh store at ``root`` holding ``specs``."""
    store, _ids = build_store(root, specs)
    return make_app(store, config or Config(), notice=notice, clock=lambda: NOW)


def reader(store: Store, **settings: object) -> NewsdeskApp:
    """The reader over ``store`` for Pilot tests, ``settings`` as in the config; its notices last (see
    :func:`keep_notices`)."""
    return keep_notices(make_app(store, Config(**settings), clock=lambda: NOW))  # type: ignore[arg-type]


def keep_notices(app: NewsdeskApp) -> NewsdeskApp:
    """Make every notice of ``app`` stay for the whole test, one given a timeout of its own too (a store's note
    12 s, "Marked ... read." 3 s): on a loaded machine one expired, and Textual dropped it, before the test
    checked it (Textual's default is 5 s)."""
    app.NOTIFICATION_TIMEOUT = 600  # type: ignore[misc]
    notify = app.notify

    def lasting(
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        notify(message, title=title, severity=severity, timeout=600, markup=markup)

    app.notify = lasting  # type: ignore[method-assign]
    return app


def messages(app: NewsdeskApp) -> list[str]:
    """The notifications on screen now, as text."""
    return [str(n.message) for n in app._notifications]


async def until(
    pilot: Pilot[None], condition: Callable[[], object], *, tries: int = 400, what: str = ""
) -> None:
    """Let the app run until ``condition()`` holds (a refresh runs in a thread; its messages need the loop).
    ``what`` names the condition in the failure. Each try waits at least 0.05 s: 400 are 20 s or more."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{what or 'the condition'} never held ({tries} looks)")


#: How the notice a refresh ends with begins (see ``MainScreen.refresh_finished``).
REFRESH_ENDS = ("Refresh done", "Refresh cancelled")


def refresh_notices(app: NewsdeskApp) -> set[str]:
    """The notices on screen that say a refresh ended, by identity (two refreshes may say the same words)."""
    return {n.identity for n in app._notifications if str(n.message).startswith(REFRESH_ENDS)}


async def refreshed(pilot: Pilot[None], app: NewsdeskApp, *keys: str, tries: int = 1200) -> None:
    """Press ``keys``, which start a refresh, and let the app run until that refresh has ended: its notice is up,
    said by the handler a refresh ends in (``NewsdeskApp.on_worker_state_changed``), which has done all the
    rest of what the end does by the time the test looks.

    Waiting for ``not app.refreshing`` instead held before the refresh began as well: ``pilot.press`` returns
    once the process looks idle (under 1 ms of CPU in 20 ms), which on a loaded machine it does while the key
    is still on its way to the binding, and a test then read the store before the refresh had run. The app
    must keep its notices (:func:`reader` does: 600 s)."""
    assert app.NOTIFICATION_TIMEOUT >= 60, (
        "the end's notice could expire before it is seen: build it by reader()"
    )
    before = refresh_notices(app)
    await pilot.press(*keys)
    await until(
        pilot,
        lambda: refresh_notices(app) - before,
        tries=tries,
        what=f"the end of the refresh {keys} started",
    )


async def settled(pilot: Pilot[None], app: NewsdeskApp, *, tries: int = 1200) -> None:
    """Let the reader's start-up passes run to their end: the search index opened, then the names' pass, then
    the duplicate groups (the last, ``groups_ready``), and no worker left. "No worker running" alone held before
    the first pass began (it starts after the first paint) and between two passes, which then wrote the store
    while the test took its snapshot or filled the disk."""
    screen = app.main_screen
    await until(
        pilot,
        lambda: screen.groups_ready and all(w.is_finished for w in app.workers),
        tries=tries,
        what="the end of the start-up passes",
    )


async def open_help(pilot: Pilot[None], app: NewsdeskApp) -> HelpScreen:
    """Press ? and let the help screen write itself: its table and the search syntax are written once it has a
    size, after its first paint, so "the help screen is up" held before they were there."""
    await pilot.press("question_mark")

    def written() -> bool:
        screen = app.screen
        if not isinstance(screen, HelpScreen):
            return False
        # Not query_one: on top, the screen may not be composed yet (NoMatches).
        texts = [
            [str(w.render()).strip() for w in screen.query(f"#help-{p}").results(Static)]
            for p in ("table", "syntax")
        ]
        return all(found and found[0] for found in texts)

    await until(pilot, written, what="the help screen written")
    await pilot.pause()  # and laid out at the size its text gives it
    assert isinstance(app.screen, HelpScreen)
    return app.screen


async def palette_offers(pilot: Pilot[None], app: NewsdeskApp, words: str) -> list[str]:
    """Open the command palette, type ``words`` and return the titles it offers (the palette stays open)."""
    await pilot.press("ctrl+p", *words)
    assert isinstance(app.screen, CommandPalette)
    commands = app.screen.query_one(CommandList)
    await until(pilot, lambda: commands.option_count > 0)
    await pilot.pause(0.3)  # the providers' hits arrive in batches
    prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    return [prompt.splitlines()[0] for prompt in prompts]  # the title; the help is the line below


async def run_from_palette(pilot: Pilot[None], app: NewsdeskApp, words: str, title: str) -> None:
    """Open the command palette, type ``words`` and press enter once the command titled ``title`` is its first hit.
    The hits come from the providers in batches: a fixed 0.3 s for them was too little on a loaded machine."""
    await pilot.press("ctrl+p", *words)
    assert isinstance(app.screen, CommandPalette)
    commands = app.screen.query_one(CommandList)

    def first() -> str:
        return str(commands.get_option_at_index(0).prompt).splitlines()[0] if commands.option_count else ""

    await until(pilot, lambda: first() == title, what=f"{title!r} first in the palette")
    await pilot.press("enter")


def strip_text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def visible_rows(widget: RowList) -> list[str]:
    """The text of the rows the widget paints now (what a terminal would show), one string per row."""
    height = widget.scrollable_content_region.height
    count = min(height, widget.row_count() * widget.ROW_HEIGHT - widget.scroll_offset.y)
    return [strip_text(widget.render_line(y)) for y in range(max(0, count))]


async def first_story_rows(store: Store, size: tuple[int, int] = (100, 30)) -> list[str]:
    """The rows the story view paints (trailing spaces cut) for the story ``n`` opens first in the reader over
    ``store``, which the call closes."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: app.main_screen.story_view.story is not None)
        await pilot.pause()
        body = app.main_screen.story_view.query_one("#story-body", StoryBody)
        rows = [strip_text(body.render_line(y)).rstrip() for y in range(body.size.height)]
    store.close()
    return rows
