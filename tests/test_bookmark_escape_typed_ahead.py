"""Escape, enter in the tags, or enter on a button, typed ahead in the bookmark dialog: the keys typed after it (a fast typist, a slow
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


@pytest.mark.parametrize(
    ("keys", "saved"),
    [
        (["escape"], None),
        (["tab", *"tg", "enter"], ("nah", ("tg",))),
        (["tab", *"tg", "tab", "tab", "enter"], ("nah", ("tg",))),
        (["tab", "tab", "enter"], None),
    ],
    ids=["escape", "enter-in-tags", "enter-on-save-button", "enter-on-cancel-button"],
)
async def test_the_keys_after_the_dialog_closes_reach_the_story_list(
    tmp_path: Path, keys: list[str], saved: tuple[str, tuple[str, ...]] | None
) -> None:
    """B, a note, then the key that closes the dialog, then "j b" (the next story, bookmarked) in one go. Escape
    closed it, but "jb" had gone to its note as it closed; enter in the tags saved without them, "jb" going to the
    tags; enter on the Save (or Cancel) button pressed it in its own turn, after "jb" had gone to the button,
    which dropped them. In each, nothing moved or was bookmarked. (A click on a button presses it ahead of the
    keys after it: they reach the list already.)"""
    store, _ids = build_store(tmp_path / "data")
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        main.story_list.focus()
        await pilot.pause()
        first, second = main.story_list.rows[0], main.story_list.rows[1]
        queue(app, ["B", *"nah", *keys, "j", "b"])
        await until(pilot, lambda: store.is_bookmarked(second.id))
        mark = store.bookmark_of(first.id)
        assert (mark and (mark.note, mark.tags)) == saved  # saved with the note and tag, or not at all
        assert app.screen is main and main.story_list.current is not None
        assert main.story_list.current.id == second.id
    store.close()
