"""A store with many feeds, most never refreshed: the catalog opens no file for a feed that has none.

With 20,000 feeds subscribed (an OPML import) the reader took 2.9 s to start, most of it opening a database for
each feed's missing stories and marks files. The catalog now lists the two folders once and opens only the files
that are there (or their backups); these tests check that what it answers is unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from feeds.store import Store
from tests.test_store import make_story


def _fill(root: Path) -> dict[str, list[str]]:
    """60 feeds: every third has stories, some of those have read marks. Returns story ids by feed."""
    ids: dict[str, list[str]] = {}
    with Store(root) as store:
        feeds = store.add_feeds([(f"https://f{n}.example/rss", f"Feed {n}", (), "") for n in range(60)])
        for n, feed in enumerate(feeds):
            ids[feed.id] = []
            if n % 3 == 0:
                stories = [
                    make_story(feed.id, k, published=1_700_000_000 + n * 100 + k) for k in range(n % 7 + 1)
                ]
                store.save_stories(feed.id, stories)
                ids[feed.id] = [s.id for s in stories]
                if n % 2 == 0:
                    store.set_read(ids[feed.id][:1])
    return ids


def _expected_unread(ids: dict[str, list[str]]) -> dict[str, int]:
    feeds = list(ids)
    return {fid: len(sids) - (1 if sids and feeds.index(fid) % 2 == 0 else 0) for fid, sids in ids.items()}


def test_unread_counts_and_headers_with_most_feeds_never_refreshed(tmp_path: Path) -> None:
    ids = _fill(tmp_path)
    assert len(list((tmp_path / "stories").iterdir())) < 60  # most feeds have no file at all
    for readonly in (False, True):
        with Store(tmp_path, readonly=readonly) as store:
            assert store.unread_counts() == _expected_unread(ids)
            assert {h.id for h in store.headers()} == {s for sids in ids.values() for s in sids}
            for fid, sids in ids.items():
                assert {h.id for h in store.headers(fid)} == set(sids)
            assert store.story_count() == sum(len(s) for s in ids.values())
            assert store.recovered == []


def test_a_feed_without_files_takes_its_first_stories_and_marks(tmp_path: Path) -> None:
    ids = _fill(tmp_path)
    empty = next(fid for fid, sids in ids.items() if not sids)
    with Store(tmp_path) as store:
        assert store.unread_counts()[empty] == 0
        stories = [make_story(empty, k, published=1_800_000_000 + k) for k in range(3)]
        assert len(store.save_stories(empty, stories).new) == 3
        store.set_read([stories[0].id])
        assert store.unread_counts()[empty] == 2
    with Store(tmp_path) as store:
        assert store.unread_counts()[empty] == 2
        assert store.headers()[0].id == stories[2].id  # the newest story of all
        assert store.is_read(stories[0].id)


def test_a_stories_file_only_its_backup_is_left_of_is_still_read(tmp_path: Path) -> None:
    """The backup generation still counts as the feed having a file (a missing file with a backup is used)."""
    ids = _fill(tmp_path)
    fid = next(fid for n, (fid, sids) in enumerate(ids.items()) if len(sids) >= 2 and n % 2)  # no marks file
    with Store(tmp_path) as store:  # a second save, so the backup holds the first
        store.save_stories(fid, [make_story(fid, 99, published=1_900_000_000)])
    path = tmp_path / "stories" / f"{fid}.json"
    shutil.copyfile(path.with_name(path.name + ".bak"), tmp_path / "kept.bak")
    path.unlink()
    with Store(tmp_path, readonly=True) as store:
        assert {h.id for h in store.headers(fid)} == set(ids[fid])  # the backup's generation
        assert any("missing" in note for note in store.recovered)
