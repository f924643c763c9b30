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
