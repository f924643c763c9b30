"""Escape (and enter) typed ahead in a dialog: the keys typed after it (a fast typist, a slow link, a paste) go to
the screen under the dialog, as they would had it closed in time. The bookmark dialog's own test is
tests/test_bookmark_escape_typed_ahead.py; these are the save-search dialog's (tui.screens.dialog). The dialogs
without a text box (help, links, feed errors, yes/no) hand on those keys already. The real reader over a real
store, driven by Pilot; the keys are queued before any runs, as the terminal driver queues one read."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import build_store
from tui.screens.save_search import NameScreen

pytestmark = pytest.mark.anyio

CHARS = {"escape": "\x1b", "ctrl+n": "\x0e", "space": " ", "enter": "\r"}


def queue(app: object, keys: list[str]) -> None:
    """Post ``keys`` to the app all at once, before any of them runs."""
    for key in keys:
        app.post_message(events.Key(key, CHARS.get(key, key)))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("keys", "saved"),
    [
        # a name begun, escape, " news": the dialog closed, but " news" had gone to its name as it closed, and
        # the query stayed "climate"
        (["ctrl+n", *"cli", "escape"], {}),
        # a name, enter, " news": the search was saved as "xy news"
        (["ctrl+n", *"xy", "enter"], {"xy": "climate"}),
    ],
    ids=["escape", "enter"],
)
async def test_the_letters_after_the_save_dialog_go_back_to_the_search(
    tmp_path: Path, keys: list[str], saved: dict[str, str]
) -> None:
    """ "climate" searched, then the save dialog's keys and " news", all in one go."""
    store, _ids = build_store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        box = main.query_one("#search-input", Input)
        await pilot.press("slash")
        await until(pilot, lambda: main.focused is box)
        await pilot.press(*"climate")
        await until(pilot, lambda: box.value == "climate")
        queue(app, [*keys, "space", *"news"])
        await until(pilot, lambda: box.value == "climate news")
        assert app.screen is main and store.saved_searches() == saved
    store.close()


async def test_the_keys_after_escape_in_the_rename_dialog_reach_the_feed_list(tmp_path: Path) -> None:
    """F2 on a saved search, escape, then the next row's key: it went to the name of the dialog closing."""
    store, _ids = build_store(tmp_path / "data")
    store.save_search("climate", "climate")
    store.save_search("dogs", "dogs")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        feeds = main.feed_list
        await until(pilot, lambda: feeds.select_key(feeds_key("climate")))
        feeds.focus()
        await pilot.pause()
        at = feeds.current
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, NameScreen))
        queue(app, ["escape", "j"])
        await until(pilot, lambda: app.screen is main and feeds.current is not at)
        assert store.saved_searches() == {"climate": "climate", "dogs": "dogs"}
    store.close()


def feeds_key(name: str) -> str:
    from feeds.saved_searches import key_of

    return key_of(name)
