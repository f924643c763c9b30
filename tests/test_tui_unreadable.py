"""A story whose feed's bodies file cannot be read (here a named pipe put there while the reader runs; the store
refuses one at start) is a notification in the reader, not a crash: the real app, driven by Pilot."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import messages, reader

SIZE = (140, 45)
pytestmark = pytest.mark.anyio


@pytest.fixture
def store(demo_root: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(demo_root, tmp_path / "store")
    opened = Store(tmp_path / "store")
    yield opened
    opened.close()


def _pipe_for_bodies(store: Store) -> tuple[str, Path]:
    header = store.headers()[0]
    path = store.root / "bodies" / f"{header.feed_id}.json"
    path.unlink()
    os.mkfifo(path)
    return header.id, path


@pytest.mark.parametrize("how", ["from the list", "by id"])
async def test_an_unreadable_story_is_said_and_the_reader_carries_on(store: Store, how: str) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        story_id, path = _pipe_for_bodies(store)
        screen = app.main_screen
        if how == "by id":
            screen.open_story_id(story_id)
        else:
            header = next(h for h in store.headers() if h.id == story_id)
            screen.open_story(header)
        await pilot.pause()
        said = [m for m in messages(app) if m.startswith("Cannot open the story")]
        assert said == [f"Cannot open the story: {path} is a named pipe (FIFO), not a regular file"]
        assert app.is_running and screen.story_view.story is None
