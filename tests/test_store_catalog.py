"""The catalog keeps every story's header compactly and lets the stories files' parsed copies go (at 50k stories:
46 -> 30 MB): what a store reads back must be exactly what was saved, and no write may be lost because the file's
copy in memory went away before or after it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from feeds.model import Story
from feeds.store import Store
from tests.test_storage_group import on_disk_ids
from tests.test_store import make_story

T0 = 1_700_000_000.0


def stories_file_cached(store: Store, feed_id: str) -> bool:
    """Whether the store holds a parsed copy of ``stories/<feed>.json`` (the memory this behaviour saves)."""
    db = store._dbs.get(store.root / "stories" / f"{feed_id}.json")
    return db is not None and db.storage._loaded  # type: ignore[attr-defined]


def varied(feed_id: str) -> list[Story]:
    """Stories whose every header field differs from the next one's: another author, an updated date of its own,
    an integer date as a hand-written file may hold."""
    base = [make_story(feed_id, n, published=T0 - n * 60) for n in range(4)]
    return [
        dataclasses.replace(base[0], author="Ann Lee", updated=T0 + 5),
        dataclasses.replace(base[1], author="Ann Lee", first_seen=T0 + 99),
        dataclasses.replace(base[2], author="", updated=T0 - 120),
        dataclasses.replace(base[3], published=1_699_999_820, first_seen=1_699_999_820, updated=0.0),
    ]


def test_a_reopened_store_gives_back_every_field_of_every_story(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed")
        saved = varied(feed.id)
        store.save_stories(feed.id, saved, now=T0)
    with Store(tmp_path) as again:
        assert [again.story(s.id) for s in saved] == saved
        assert [type(again.story(s.id).published) for s in saved] == [float, float, float, int]  # type: ignore[union-attr]
        assert again.headers(feed.id) == [s.header() for s in saved]  # newest first, as saved
        assert again.headers() == again.headers(feed.id)
        assert not stories_file_cached(again, feed.id)


def test_a_refresh_after_the_copy_went_reads_the_file_again_and_keeps_every_write(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        a = store.add_feed("https://a.example/feed")
        b = store.add_feed("https://b.example/feed")
        store.save_stories(a.id, varied(a.id), now=T0)
        store.save_stories(b.id, [make_story(b.id, 9, published=T0)], now=T0)
        assert not stories_file_cached(store, a.id)  # written outside a block: on disk, let go at once
    with Store(tmp_path) as store:
        first = varied(a.id)
        assert store.save_stories(a.id, first, now=T0).unchanged == 4  # content hashes from the catalog
        edited = dataclasses.replace(first[1], text="Corrected.", content_hash="new", first_seen=T0 + 500)
        with store.saving():
            result = store.save_stories(a.id, [edited, make_story(a.id, 7, published=T0 + 60)], now=T0)
            # Pending in the block: the file's copy must stay until the block commits it.
            assert stories_file_cached(store, a.id)
            again = store.save_stories(a.id, [make_story(a.id, 8, published=T0 + 120)], now=T0)
            store.save_stories(b.id, [make_story(b.id, 10, published=T0)], now=T0)
        assert result.updated == [edited.id] and len(result.new) == 1 and len(again.new) == 1
        assert not stories_file_cached(store, a.id) and not stories_file_cached(store, b.id)
        # An edit keeps the first-seen date the catalog remembered, not the one the feed sent.
        assert store.story(edited.id).first_seen == T0 + 99  # type: ignore[union-attr]
        assert store.story(edited.id).text == "Corrected."  # type: ignore[union-attr]
    assert len(on_disk_ids(tmp_path, a.id)) == 6 and len(on_disk_ids(tmp_path, b.id)) == 2
    with Store(tmp_path) as reopened:
        assert len(reopened.headers(a.id)) == 6
        assert reopened.story(edited.id).first_seen == T0 + 99  # type: ignore[union-attr]


def test_retention_after_the_copy_went_purges_the_oldest_and_remembers_them(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed")
        store.save_stories(feed.id, varied(feed.id), now=T0)
    with Store(tmp_path) as store:
        store.retention = dataclasses.replace(store.retention, max_per_feed=2)
        result = store.save_stories(feed.id, [make_story(feed.id, 5, published=T0 + 60)], now=T0)
        oldest = [s.id for s in varied(feed.id)[1:]]  # the new story and the newest old one stay
        assert sorted(result.purged) == sorted(oldest)
        assert store.save_stories(feed.id, varied(feed.id), now=T0).new == []  # purged: not new again
        assert len(on_disk_ids(tmp_path, feed.id)) == 2


def test_a_header_is_the_stored_storys_row_and_outlives_its_feed_in_a_bookmark(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed")
        saved = varied(feed.id)
        store.save_stories(feed.id, saved, now=T0)
        for story in saved:
            assert store.header(story.id) == story.header()
        store.bookmark(saved[1].id)
        store.remove_feed(feed.id)
        assert store.header(saved[1].id) == saved[1].header()  # from the bookmark's copy
        assert store.header(saved[0].id) is None
        assert store.header("no-such-story") is None


def marks_file_cached(store: Store, feed_id: str) -> bool:
    db = store._dbs.get(store.root / "marks" / f"{feed_id}.json")
    return db is not None and db.storage._loaded  # type: ignore[attr-defined]


def test_read_marks_are_kept_as_ids_and_every_later_mark_still_lands(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed")
        saved = varied(feed.id)
        store.save_stories(feed.id, saved, now=T0)
        store.set_read([saved[0].id, saved[1].id])
    with Store(tmp_path) as store:
        assert store.is_read(saved[0].id) and store.is_read(saved[1].id) and not store.is_read(saved[2].id)
        assert not marks_file_cached(store, feed.id)  # the file's parsed copy went once its ids were read
        store.set_read([saved[2].id])
        store.set_read([saved[0].id], read=False)
        assert [store.is_read(s.id) for s in saved] == [False, True, True, False]
    with Store(tmp_path) as store:
        assert [store.is_read(s.id) for s in saved] == [False, True, True, False]
