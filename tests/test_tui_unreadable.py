"""A story whose feed's bodies file cannot be read (here a named pipe put there while the reader runs; the store
refuses one at start) is a notification in the reader, not a crash: the real app, driven by Pilot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.demo_store import story_titled
from tui.widgets.enrich_panes import RelatedPane

SIZE = (140, 45)
XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"
pytestmark = pytest.mark.anyio


@pytest.fixture
def store(demo_copy: Store) -> Store:
    return demo_copy


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


async def test_the_sidebar_and_a_redraw_need_no_body_but_the_open_storys(store: Store) -> None:
    """Related rows show titles and dates, which the catalog holds: another feed's unreadable bodies file takes
    nothing from them. And a redraw of the open story (its names came in) keeps the copy shown when its own
    bodies file became unreadable meanwhile."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        opened = story_titled(store, XI_KIM)
        own_feed = store.feed_of(opened)
        suggested = [s.id for s in screen.related_service.index.related(opened, 8)]
        other = next(sid for sid in suggested if store.feed_of(sid) != own_feed)
        os.mkfifo(_replace(store.root / "bodies" / f"{store.feed_of(other)}.json"))
        screen.open_story_id(opened)
        await pilot.pause()
        rows = {row.story_id: row.title for row in screen.query_one("#related", RelatedPane).rows}
        header = store.header(other)
        assert header is not None and rows.get(other) == header.title
        for feed in {h.feed_id for h in store.headers()} - {own_feed, store.feed_of(other)}:
            store.story(store.headers(feed)[0].id)  # the store keeps a few feeds' bodies: read others instead
        os.mkfifo(_replace(store.root / "bodies" / f"{own_feed}.json"))
        screen.refresh_enrichment()
        await pilot.pause()
        assert app.is_running and screen.story_view.story is not None and screen.story_view.story.id == opened


def _replace(path: Path) -> Path:
    path.unlink()
    return path
