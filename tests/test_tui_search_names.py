"""Searching by name in the session that found the names: stories tagged after the search index was built (a
first start, a refresh's new stories) answer ``person:`` and the other name filters at once, not after a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from feeds.model import Entity
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps import reader, until

SIZE = (140, 45)


def _entities(store: Store, story_id: str) -> tuple[Entity, ...]:
    story = store.story(story_id)
    return story.entities or () if story is not None else ()


pytestmark = pytest.mark.anyio


async def test_names_found_after_the_index_was_built_are_searchable_in_the_same_session(
    demo_root: Path, tmp_path: Path
) -> None:
    shutil.copytree(demo_root, tmp_path / "store")
    store = Store(tmp_path / "store")
    assert not any(_entities(store, h.id) for h in store.headers())  # none tagged yet
    words = SearchService(store)
    words.open()  # built and saved before any story has names, as on a first start
    said = set(words.search("trump", limit=1000).ids)  # the stories whose words name him
    assert said
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await until(pilot, lambda: screen._related_ready)
        service = screen.search_service
        assert service is not None

        def by_name() -> set[str]:
            return set(service.search("person:trump", limit=1000).ids)

        await until(pilot, lambda: by_name() != set())
        tagged = {
            h.id
            for h in store.headers()
            if any(e.type == "PER" and "trump" in e.key for e in _entities(store, h.id))
        }
        assert tagged and by_name() == tagged
        assert by_name() <= said
    store.close()


def _untagged(store: Store) -> bool:
    return any(store.story(h.id).entities is None for h in store.headers())  # type: ignore[union-attr]


def _enrich_running(app: object) -> bool:
    return any(w.group == "enrich" and not w.is_finished for w in app.workers)  # type: ignore[attr-defined]


async def test_names_of_a_pass_a_refresh_cancelled_reach_search_with_the_next_pass(tmp_path: Path) -> None:
    """A refresh ending mid-pass cancels it (it must not hold up a quit by re-indexing); the stories it tagged are
    handed to the search index by the pass the refresh starts, so ``person:`` finds them without a restart."""
    from feeds.refresh import refresh
    from tests.feedgen import make_feed

    store = Store(tmp_path / "store")
    for n in range(14):  # enough stories that the pass is still tagging when the refresh ends
        path = tmp_path / f"feed{n}.xml"
        path.write_bytes(make_feed(n, 40))
        store.add_feed(str(path), title=f"Feed {n:02}")
    refresh(store)
    SearchService(store).open()  # built and saved before any story has names, as on a first start
    feeds = store.feeds()
    target = feeds[3]  # tagged a while after the start, while the search index is ready
    first = store.headers(target.id)[0].id
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        assert not _entities(store, first)  # the search index did not read its names when it opened
        await until(pilot, lambda: _entities(store, first), tries=1200)
        assert app.start_refresh([feeds[-1]])  # its end cancels the pass and starts the next one
        await until(pilot, lambda: not app.refreshing)
        assert _untagged(store)  # the first pass was cut short
        await until(pilot, lambda: screen._related_ready and not _enrich_running(app), tries=1200)
        assert not _untagged(store)  # the second pass tagged the rest
        service = screen.search_service
        assert service is not None
        person = next(e.key for e in _entities(store, first) if e.type == "PER")
        assert first in service.search(f'person:"{person}"', limit=5000).ids
    store.close()
