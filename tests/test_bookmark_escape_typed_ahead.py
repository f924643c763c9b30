"""Escape typed ahead in the bookmark dialog: the keys typed after it (a fast typist, a slow link, a paste) go to
the screen under the dialog, as they would had it closed in time. The real reader over a real store, driven by
Pilot; the keys are queued before any runs, as the terminal driver queues one read."""

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
        char = "\x1b" if key == "escape" else key
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
