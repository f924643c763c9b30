"""The entity pivot's index agrees with a full scan of the store: after extraction, new stories, purges, a
removed feed, and when the saved file is stale or damaged (then it is rebuilt, never trusted)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.enrich import extract_missing, pivot
from feeds.entities import entity_key, group_entities
from feeds.entity_index import EntityIndex, IndexDamaged, index_path, open_index
from feeds.model import Entity
from feeds.store import Retention, Store
from tests.snapshot_apps.demo_store import KEEP_ALL, demo_store, story_titled

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    store = demo_store(root)
    extract_missing(store)
    store.close()
    return root


def copy_of(demo_root: Path, tmp_path: Path, retention: Retention = KEEP_ALL) -> Store:
    shutil.copytree(demo_root, tmp_path / "store", dirs_exist_ok=True)
    return Store(tmp_path / "store", retention=retention)


@pytest.fixture
def store(demo_root: Path, tmp_path: Path) -> Iterator[Store]:
    opened = copy_of(demo_root, tmp_path)
    yield opened
    opened.close()


def full_scan(store: Store) -> dict[str, dict[str, str]]:
    """key -> {story id: type}, read from every stored story: what the index must say."""
    out: dict[str, dict[str, str]] = {}
    for header in store.headers():
        story = store.story(header.id)
        assert story is not None
        for key, kind, _name, _mentions in group_entities(story.entities or ()):
            out.setdefault(key, {})[story.id] = kind
    return out


def test_the_index_agrees_with_a_full_scan_of_the_demo(store: Store) -> None:
    index = open_index(store)
    expected = full_scan(store)
    assert expected[entity_key("Kim Jong Un")]  # the demo names him: the comparison is not vacuous
    assert index.snapshot() == expected
    assert index_path(store).is_file()


def test_a_saved_index_is_used_as_it_is_when_current(store: Store, demo_root: Path) -> None:
    open_index(store)
    loaded = EntityIndex.load(index_path(store))
    assert loaded.sync(store) == 0  # every feed's stamp matched: nothing re-read
    assert loaded.snapshot() == full_scan(store)


def test_extraction_updates_the_index_in_place(store: Store) -> None:
    """New entities stored by extract_missing reach the index without re-reading the feed."""
    index = open_index(store)
    sid = story_titled(store, XI_KIM)
    feed_id = store.feed_of(sid)
    assert feed_id is not None
    store.set_entities(feed_id, {sid: ((Entity(0, 2, "PER", "Xi", "xi"),), "old-model")})
    assert extract_missing(store) == [sid]
    assert index.sync(store) == 0  # the stamp extract_missing recorded is the feed's current state
    assert index.snapshot() == full_scan(store)
    assert sid in index.stories_naming(entity_key("Kim Jong Un"))


def test_new_stories_and_purges_are_followed(demo_root: Path, tmp_path: Path) -> None:
    store = copy_of(demo_root, tmp_path)
    try:
        open_index(store)
        fresh = store.add_feed("https://example.invalid/more.xml")
        donor = next(s for s in store.stories(store.feeds()[0].id) if s.entities)
        from dataclasses import replace

        copies = [
            replace(donor, id=f"copy-{i}", feed_id=fresh.id, published=donor.published + i) for i in range(3)
        ]
        store.save_stories(fresh.id, copies)
        index = open_index(store)
        assert index.snapshot() == full_scan(store)
        assert {"copy-0", "copy-1", "copy-2"} <= index.story_ids()
    finally:
        store.close()
    # Reopened with a retention of one story per feed: the next save purges the rest.
    store = copy_of(demo_root, tmp_path, Retention(max_per_feed=1, max_age_days=0))
    try:
        for feed in store.feeds():
            store.save_stories(feed.id, [])
        index = open_index(store)
        assert index.snapshot() == full_scan(store)
        assert len(index.story_ids()) <= len(store.feeds())
        gone = store.feeds()[0]
        store.remove_feed(gone.id)
        assert open_index(store).snapshot() == full_scan(store)
    finally:
        store.close()


def test_an_index_older_than_the_store_is_repaired(demo_root: Path, tmp_path: Path) -> None:
    """As after a crash between storing entities and saving the index: the stamps differ, the feed is re-read."""
    store = copy_of(demo_root, tmp_path)
    sid = story_titled(store, XI_KIM)
    feed_id = store.feed_of(sid)
    assert feed_id is not None
    open_index(store)  # saved, current
    saved = index_path(store).read_bytes()
    store.set_entities(feed_id, {sid: ((Entity(0, 2, "PER", "Xi", "xi"),), "old-model")})
    store.close()
    index_path(store).write_bytes(saved)  # the index as it was before that write
    again = Store(tmp_path / "store", retention=KEEP_ALL)
    try:
        index = open_index(again)
        assert index.snapshot() == full_scan(again)
        assert sid not in index.stories_naming(entity_key("Kim Jong Un"))
        assert sid in index.stories_naming("xi")
    finally:
        again.close()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"format": "newsdesk-entities/0"}',
        b'{"format": "newsdesk-entities/1", "stamps": {}}',
        b'{"format": "newsdesk-entities/2", "stamps": {}}',
        *(
            b'{"format": "newsdesk-entities/2", "stamps": {"f": [null, null]}, "complete": {}, '
            b'"groups": [["xi", "PER", "Xi"]], "stories": {"s": ["f", 1.0, %s]}}' % pairs
            for pairs in (b"[1, 1]", b"[-1, 1]", b"[0]", b'["0", 1]', b"[0.0, 1]")
        ),
    ],
)
def test_a_damaged_index_is_rebuilt(store: Store, content: bytes) -> None:
    path = index_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(IndexDamaged):
        EntityIndex.load(path)
    assert open_index(store).snapshot() == full_scan(store)
    assert EntityIndex.load(path).snapshot() == full_scan(store)  # and the rebuilt one was saved


def test_a_truncated_index_is_rebuilt(store: Store) -> None:
    open_index(store)
    path = index_path(store)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(IndexDamaged):
        EntityIndex.load(path)
    store2 = store  # same store object would reuse the open index; reopen the folder to load from disk
    store2.close()
    reopened = Store(store.root, retention=KEEP_ALL)
    try:
        assert open_index(reopened).snapshot() == full_scan(reopened)
    finally:
        reopened.close()


def test_the_pivot_reads_the_index(store: Store) -> None:
    key = entity_key("Kim Jong Un")
    result = pivot(store, key)
    naming = set(full_scan(store)[key])
    assert set(result.story_ids) == naming
    published = [store.story(i).published for i in result.story_ids]  # type: ignore[union-attr]
    assert published == sorted(published, reverse=True)
    assert result.name == "Kim Jong Un" and result.type == "PER"
    assert "Xi Jinping" in {name for name, _ in result.companions}


def test_a_name_repeated_across_stories_is_one_object_in_memory(store: Store) -> None:
    """The index's memory: a store names the same entities over and over, each kept once, loaded or built."""
    open_index(store)
    for index in (EntityIndex.load(index_path(store)), _built(store)):
        naming = sorted(index.stories_naming(entity_key("Kim Jong Un")))
        assert len(naming) > 1
        groups = [g for sid in naming for g in index.entry(sid).groups if g[0] == entity_key("Kim Jong Un")]  # type: ignore[union-attr]
        assert all(g[0] is groups[0][0] and g[1] is groups[0][1] for g in groups)
        # The same group twice (same mentions too): the most common one, since story ids (and so this order) follow
        # the feeds' ids, which are new in every store.
        common = Counter(groups).most_common(1)[0][0]
        same = [g for g in groups if g == common]
        assert len(same) > 1 and all(g is same[0] for g in same)


def _built(store: Store) -> EntityIndex:
    index = EntityIndex()
    index.sync(store)
    return index


def test_the_key_lookup_is_built_when_first_asked_then_kept_current(demo_root: Path, tmp_path: Path) -> None:
    """Only the pivot looks names up: the key -> stories map is built on its first lookup and followed from then
    on; an index asked before changes and one asked only after them agree with a full scan."""
    store = copy_of(demo_root, tmp_path, Retention(max_per_feed=1, max_age_days=0))
    try:
        early, late = _built(store), _built(store)
        assert early.stories_naming("xi jinping")  # built now, and kept current through what follows
        assert early._postings is not None and late._postings is None
        for feed in store.feeds():
            store.save_stories(feed.id, [])  # retention purges all but one story of each feed
        store.remove_feed(store.feeds()[0].id)
        assert early.sync(store) and late.sync(store)
        assert late._postings is None
        assert early.snapshot() == late.snapshot() == full_scan(store)
    finally:
        store.close()
