"""A story whose feed's bodies file cannot be read (here a named pipe put there while the reader runs; the store
refuses one at start) is a notification in the reader, not a crash: the real app, driven by Pilot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.demo_store import story_titled
from tui.screens.entity_pivot import EntityPivot
from tui.widgets.enrich_panes import EntityPane, RelatedPane

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


@pytest.mark.parametrize("read_only", [False, True], ids=["writing", "read-only"])
async def test_named_pipes_among_the_indexes_do_not_stop_the_reader(store: Store, read_only: bool) -> None:
    """The indexes are derived data: a named pipe where each belongs stopped the reader at start. Now it starts,
    says so once per index, and searches, pivots and finds related stories from indexes built again (in memory
    for a read-only copy, whose loaders never open the pipes: one would hold its worker for good)."""
    from tests.test_tui_search import search, titles

    root = store.root
    store.close()
    (root / "index").mkdir(exist_ok=True)
    pipes = [root / "index" / name for name in ("search.idx", "entities.json", "related.npz")]
    for path in pipes:
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    opened = Store(root, readonly=read_only)
    app = reader(opened)
    async with app.run_test(size=SIZE) as pilot:
        done = "passed over, its index is built in memory" if read_only else "moved aside to"
        await until(pilot, lambda: sum(done in m for m in messages(app)) == 3)
        for path in pipes:
            assert any(m.startswith(f"{path} is a named pipe (FIFO)") for m in messages(app)), messages(app)
        await search(pilot, app, "kim")
        assert XI_KIM in titles(app.main_screen)
        await pilot.press("escape")
        app.main_screen.open_story_id(story_titled(opened, XI_KIM))
        await pilot.press("L")
        pane = app.main_screen.query_one("#related", RelatedPane)
        await until(pilot, lambda: bool(pane.rows))
        await pilot.press("E")
        await until(pilot, lambda: bool(app.main_screen.query_one("#entities", EntityPane).rows))
        await pilot.press("enter")  # the pivot of the first name: it reads the entity index
        await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
    opened.close()
    assert all(path.is_fifo() == read_only for path in pipes)
