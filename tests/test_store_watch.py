"""A read-only copy forgets the stories the copy that writes purged since it read them (feeds/store_watch.py).

Two real stores on one data folder, as a ``--read-only`` reader runs beside the one that writes: the writer purges
through retention (the path a refresh takes) or removes a feed; the copy's catalog drops those stories when asked."""

from __future__ import annotations

from pathlib import Path

from feeds.store import Retention, Store
from feeds.store_watch import StoriesWatch
from tests.snapshot_apps.stores import NOW, build_store


def purge_to(writer: Store, feed_id: str, keep: int) -> list[str]:
    """A refresh of ``feed_id`` that brings nothing new, with retention keeping its ``keep`` newest stories."""
    kept = writer.retention
    writer.retention = Retention(max_per_feed=keep, max_age_days=0)
    try:
        return writer.save_stories(feed_id, [], now=NOW).purged
    finally:
        writer.retention = kept


def test_the_copy_forgets_what_the_writer_purged_and_nothing_else(tmp_path: Path) -> None:
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        atlas = ids["atlas"]
        before = {h.id for h in copy.headers()}
        unread_before = copy.unread_counts()[atlas]
        assert copy.drop_purged_elsewhere() == []  # nothing written since it read the store
        purged = purge_to(writer, atlas, 2)
        assert len(purged) == 3
        assert {h.id for h in copy.headers()} == before  # until it asks
        assert sorted(copy.drop_purged_elsewhere()) == sorted(purged)
        assert {h.id for h in copy.headers()} == before - set(purged)
        assert [h.id for h in copy.headers(atlas)] == [h.id for h in writer.headers(atlas)]
        assert copy.unread_counts()[atlas] == unread_before - 3
        assert all(copy.feed_of(sid) is None and copy.story(sid) is None for sid in purged)
        assert copy.drop_purged_elsewhere() == []  # said once
        assert copy.story(writer.headers(atlas)[0].id) is not None  # the stories kept still open
    finally:
        copy.close()
        writer.close()


def test_a_feed_removed_by_the_writer_leaves_the_copys_lists(tmp_path: Path) -> None:
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        kestrel = {h.id for h in copy.headers(ids["kestrel"])}
        assert kestrel
        writer.remove_feed(ids["kestrel"])
        assert set(copy.drop_purged_elsewhere()) == kestrel
        assert copy.headers(ids["kestrel"]) == []
        assert not kestrel & {h.id for h in copy.headers()}
    finally:
        copy.close()
        writer.close()


def test_a_purge_between_the_copys_start_and_its_first_look_counts(tmp_path: Path) -> None:
    """The copy's first look at the folder is taken as it reads its catalog, not at its first question."""
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        copy.headers()  # the catalog is read
        purged = purge_to(writer, ids["harbour"], 1)
        assert sorted(copy.drop_purged_elsewhere()) == sorted(purged)
    finally:
        copy.close()
        writer.close()


def test_the_writer_itself_drops_nothing(tmp_path: Path) -> None:
    writer, ids = build_store(tmp_path)
    try:
        writer.headers()
        purge_to(writer, ids["atlas"], 1)
        assert writer.drop_purged_elsewhere() == []
    finally:
        writer.close()


def test_a_file_replaced_added_or_removed_between_two_looks_is_seen(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a.json").write_text("{}")
    (folder / "b.json").write_text("{}")
    watch = StoriesWatch(folder)
    assert watch.moved() == []  # the first look
    assert watch.moved() == []
    tmp = folder / "a.json.tmp"
    tmp.write_text('{"stories": {}}')
    tmp.replace(folder / "a.json")
    (folder / "b.json").unlink()
    (folder / "c.json").write_text("{}")
    assert sorted(watch.moved()) == ["a", "b", "c"]
