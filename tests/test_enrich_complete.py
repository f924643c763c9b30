"""A pass of extract_missing with nothing to do reads no story: the entity index vouches that a feed, at its
current stamp, was wholly tagged by this model under its current language. Anything less is read again: a pass
cut short, another model, another language, a story written since."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from feeds import entities as ner
from feeds.enrich import extract_missing
from feeds.entity_index import EntityIndex, entry_of, index_path, open_index
from feeds.store import Store, feed_stamp
from tests.snapshot_apps.demo_store import KEEP_ALL


@pytest.fixture
def store(demo_root: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(demo_root, tmp_path / "store")
    opened = Store(tmp_path / "store", retention=KEEP_ALL)
    yield opened
    opened.close()


def all_ids(store: Store) -> set[str]:
    return {header.id for header in store.headers()}


def tagged(store: Store) -> bool:
    """Every story has entities of the current model (read from disk by a fresh store)."""
    fresh = Store(store.root, retention=KEEP_ALL, readonly=True)
    try:
        version = ner.MODEL_VERSION
        return all(
            s.entities is not None and s.entities_model == version
            for feed in fresh.feeds()
            for s in fresh.stories(feed.id)
        )
    finally:
        fresh.close()


def untag_behind_the_stamp(store: Store, feed_id: str) -> int:
    """Rewrite the feed's bodies in place so every story claims another model, keeping inode, size and mtime:
    a pass that reads those bodies re-extracts them all, one that trusts the stamp reads nothing."""
    path = store.root / "bodies" / f"{feed_id}.json"
    st = os.stat(path)
    version = ner.MODEL_VERSION.encode()
    raw = path.read_bytes()
    count = raw.count(version)
    with open(path, "r+b") as out:
        out.write(raw.replace(version, b"x" * len(version)))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert feed_stamp(store, feed_id) == (
        feed_stamp(store, feed_id)[0],
        (st.st_ino, st.st_size, st.st_mtime_ns),
    )
    return count


def test_a_pass_with_nothing_to_do_reads_no_body(store: Store) -> None:
    assert set(extract_missing(store)) == all_ids(store)
    feed = max(store.feeds(), key=lambda f: len(store.headers(f.id)))
    assert untag_behind_the_stamp(store, feed.id) == len(store.headers(feed.id)) > 0
    store.close()
    again = Store(store.root, retention=KEEP_ALL)  # nothing cached in memory: only the saved index vouches
    try:
        assert extract_missing(again) == []  # had it read the bodies, it would have re-tagged every story
        path = again.root / "bodies" / f"{feed.id}.json"
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # now the stamp says "changed"
        assert set(extract_missing(again)) == {h.id for h in again.headers(feed.id)}
        assert tagged(again)
    finally:
        again.close()


def test_a_story_written_since_is_found(store: Store) -> None:
    extract_missing(store)
    feed = store.feeds()[0]
    donor = next(iter(store.stories(feed.id)))
    # Saved as a refresh saves: the store's files change, the entity index hears nothing of it.
    store.save_stories(feed.id, [replace(donor, id="written-since", entities=None, entities_model="")])
    assert extract_missing(store) == ["written-since"]
    assert open_index(store).entry("written-since") == entry_of(store.story("written-since"))  # type: ignore[arg-type]
    assert extract_missing(store) == []


def test_an_edited_story_is_read_again(store: Store) -> None:
    extract_missing(store)
    feed = store.feeds()[0]
    story = next(iter(store.stories(feed.id)))
    edited = replace(story, text=story.text + " Angela Merkel agreed.", content_hash="edited", entities=None)
    store.save_stories(feed.id, [edited])
    assert extract_missing(store) == [story.id]
    assert tagged(store)
    assert extract_missing(store) == []


class CancelAfter(threading.Event):
    """A cancel event that reads as set after ``checks`` looks: cuts a pass short in the middle of a feed."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.checks = checks

    def is_set(self) -> bool:
        self.checks -= 1
        return self.checks < 0


def test_a_pass_cut_short_is_completed_by_the_next(store: Store) -> None:
    first = extract_missing(store, cancel=CancelAfter(3))  # the first feed's loop, then two of its stories
    assert len(first) == 2
    feed_id = store.feed_of(first[0])
    assert feed_id is not None and len(store.headers(feed_id)) > 2
    assert open_index(store).stamp_of(feed_id) == feed_stamp(store, feed_id)  # the stamp alone is not enough
    second = extract_missing(store)
    assert set(first) | set(second) == all_ids(store) and not set(first) & set(second)
    assert tagged(store)
    assert extract_missing(store) == []


def test_another_model_version_tags_every_story_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    extract_missing(store)
    monkeypatch.setattr(ner, "MODEL_VERSION", ner.MODEL_VERSION + "-next")
    assert set(extract_missing(store)) == all_ids(store)
    assert extract_missing(store) == []


def test_a_feed_now_declaring_another_language_loses_its_names(store: Store) -> None:
    extract_missing(store)
    index = open_index(store)
    feed = next(f for f in store.feeds() if any(s.entities for s in store.stories(f.id)))
    named = {s.id for s in store.stories(feed.id) if s.entities}
    stamp = feed_stamp(store, feed.id)
    store.update_feed(replace(feed, language="de"))
    assert feed_stamp(store, feed.id) == stamp  # the feed's stories did not change, only its declaration
    assert set(extract_missing(store)) == named
    assert all(s.entities == () for s in store.stories(feed.id))
    assert not named & {sid for hits in index.snapshot().values() for sid in hits}
    assert extract_missing(store) == []


def test_the_marks_survive_a_reload(store: Store) -> None:
    extract_missing(store)
    loaded = EntityIndex.load(index_path(store))
    for feed in store.feeds():
        assert loaded.is_complete(feed.id, feed_stamp(store, feed.id), ner.MODEL_VERSION, feed.language)
        assert not loaded.is_complete(feed.id, feed_stamp(store, feed.id), "other", feed.language)
        assert not loaded.is_complete(feed.id, feed_stamp(store, feed.id), ner.MODEL_VERSION, "de-x")
