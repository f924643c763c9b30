"""Escape, or enter on a button, typed ahead in the bookmark dialog: the keys typed after it (a fast typist, a slow
link, a paste) go to the screen under the dialog, as they would had it closed in time. The real reader over a real
store, driven by Pilot; the keys are queued before any runs, as the terminal driver queues one read."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import build_store

pytestmark = pytest.mark.anyio


def queue(app: object, keys: list[str]) -> None:
    """Post ``keys`` to the app all at once, before any of them runs."""
    for key in keys:
        char = {"escape": "\x1b", "enter": "\r", "tab": "\t"}.get(key, key)
        app.post_message(events.Key(key, char))  # type: ignore[attr-defined]


async def test_the_keys_after_escape_reach_the_story_list(tmp_path: Path) -> None:
    """ "B", a few letters, escape, then "j b" (the next story, bookmarked) in one go: the dialog closed, but "jb"
    had gone to its note as it closed, and nothing moved or was bookmarked. They reach the story list now."""
    store, _ids = build_store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        first, second = main.story_list.rows[0], main.story_list.rows[1]
        queue(app, [*"Bnah", "escape", "j", "b"])
        await until(pilot, lambda: store.is_bookmarked(second.id))
        assert not store.is_bookmarked(first.id)  # cancelled: no bookmark, no note
        assert app.screen is main and main.story_list.current is not None
        assert main.story_list.current.id == second.id
    store.close()


@pytest.mark.parametrize(
    ("keys", "saved"),
    [(["tab", *"tg", "tab", "tab"], ("nah", ("tg",))), (["tab", "tab"], None)],
    ids=["save-button", "cancel-button"],
)
async def test_the_keys_after_enter_on_a_button_reach_the_story_list(
    tmp_path: Path, keys: list[str], saved: tuple[str, tuple[str, ...]] | None
) -> None:
    """B, a note, tab to the Save (or Cancel) button, enter, then "j b" in one go: the button's press came in its
    own turn, after "jb" had gone to the button, which dropped them: nothing moved or was bookmarked. (A click on
    a button presses it ahead of the keys after it: they reach the list already.)"""
    store, _ids = build_store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        first, second = main.story_list.rows[0], main.story_list.rows[1]
        queue(app, ["B", *"nah", *keys, "enter", "j", "b"])
        await until(pilot, lambda: store.is_bookmarked(second.id))
        mark = store.bookmark_of(first.id)
        assert (mark and (mark.note, mark.tags)) == saved  # saved with the note and tag, or not at all
        assert app.screen is main and main.story_list.current is not None
        assert main.story_list.current.id == second.id
    store.close()
