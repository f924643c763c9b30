"""A read-only copy forgets the stories the copy that writes purged since it read them (feeds/store_watch.py).

Two real stores on one data folder, as a ``--read-only`` reader runs beside the one that writes: the writer purges
through retention (the path a refresh takes) or removes a feed; the copy's catalog drops those stories when asked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson

from feeds import saved_searches as ss
from feeds.store import Retention, Store
from feeds.store_watch import StoriesWatch
from tests.snapshot_apps.stores import NOW, build_store
from tests.test_store import make_story


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
        assert copy.follow_writer().purged == []  # nothing written since it read the store
        purged = purge_to(writer, atlas, 2)
        assert len(purged) == 3
        assert {h.id for h in copy.headers()} == before  # until it asks
        assert sorted(copy.follow_writer().purged) == sorted(purged)
        assert {h.id for h in copy.headers()} == before - set(purged)
        assert [h.id for h in copy.headers(atlas)] == [h.id for h in writer.headers(atlas)]
        assert copy.unread_counts()[atlas] == unread_before - 3
        assert all(copy.feed_of(sid) is None and copy.story(sid) is None for sid in purged)
        assert copy.follow_writer().purged == []  # said once
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
        assert set(copy.follow_writer().purged) == kestrel
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
        assert sorted(copy.follow_writer().purged) == sorted(purged)
    finally:
        copy.close()
        writer.close()


def test_the_writer_itself_drops_nothing(tmp_path: Path) -> None:
    writer, ids = build_store(tmp_path)
    try:
        writer.headers()
        purge_to(writer, ids["atlas"], 1)
        assert writer.follow_writer().purged == []
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


def test_the_copy_follows_feeds_bookmarks_marks_and_searches_the_writer_changed(tmp_path: Path) -> None:
    """`newsdesk add`, `remove` and `rename`, a bookmark, a read mark and a saved search, all by the writer: the
    copy's feed list kept the removed feed (with no stories) and never showed the added one, renamed nothing,
    and its marks and bookmarks stayed as they were at its start."""
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        copy.headers()
        assert not copy.follow_writer()  # nothing written since it read the store
        kestrel, atlas, harbour = ids["kestrel"], ids["atlas"], ids["harbour"]
        kestrel_ids = {h.id for h in copy.headers(kestrel)}
        atlas_feed = copy.get_feed(atlas)
        removed = writer.remove_feed(kestrel).feed
        added = writer.add_feed("https://new.example/rss", title="Newcomer")
        fresh = [make_story(added.id, n, published=NOW - n) for n in range(3)]
        writer.save_stories(added.id, fresh, now=NOW)
        renamed = replace(writer.get_feed(harbour), title="Harbour Evening Post")
        writer.update_feed(renamed)
        marked = writer.headers(atlas)[0].id
        writer.set_read([marked])
        booked = writer.headers(atlas)[1].id
        writer.bookmark(booked, note="for later")
        writer.save_search("rail", "rail strike")

        news = copy.follow_writer()
        assert [f.id for f in news.removed] == [removed.id] and [f.id for f in news.added] == [added.id]
        assert news.feeds and news.bookmarks and news.marks
        assert set(news.purged) == kestrel_ids
        assert {f.id for f in copy.feeds()} == {f.id for f in writer.feeds()}
        assert kestrel not in copy.unread_counts() and copy.headers(kestrel) == []
        assert [h.id for h in copy.headers(added.id)] == [h.id for h in writer.headers(added.id)]
        assert copy.unread_counts()[added.id] == 3
        assert {h.id for h in copy.headers()} == {h.id for h in writer.headers()}
        assert copy.get_feed(harbour) is not None and copy.get_feed(harbour).name == "Harbour Evening Post"
        assert (
            copy.get_feed(atlas) is atlas_feed
        )  # a record as it was is not made anew (20,000 feeds: 100 ms)
        assert copy.is_read(marked) and copy.unread_counts() == writer.unread_counts()
        assert copy.is_bookmarked(booked) and copy.bookmark_of(booked).note == "for later"
        assert copy.saved_searches() == {"rail": "rail strike"}
        assert not copy.follow_writer()  # said once

        writer.set_read([marked], read=False)
        writer.unbookmark(booked)
        news = copy.follow_writer()
        assert news.marks and news.bookmarks and not news.feeds and not news.purged
        assert not copy.is_read(marked) and not copy.is_bookmarked(booked)
    finally:
        copy.close()
        writer.close()


def test_the_copy_takes_in_the_stories_the_writers_refresh_brought(tmp_path: Path) -> None:
    """New stories never reached a read-only copy: its lists stayed as at its start while the writer refreshed.
    They come in at the next look, open with their text (the feed's bodies file it had parsed before is read
    again), and a feed the writer refreshed for the first time gets its stories too."""
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        atlas = ids["atlas"]
        assert sum(1 for _ in copy.stories(atlas)) == 5  # its bodies file parsed whole, and kept
        empty = writer.add_feed("https://empty.example/rss", title="Empty at first")
        assert copy.follow_writer().added and copy.headers(empty.id) == []
        brought = [make_story(atlas, 90 + n, published=NOW + n, text=f"Fresh text {n}.") for n in range(2)]
        writer.save_stories(atlas, brought, now=NOW)
        first = [make_story(empty.id, n, published=NOW - n) for n in range(2)]
        writer.save_stories(empty.id, first, now=NOW)

        news = copy.follow_writer()
        assert sorted(news.new) == sorted(s.id for s in brought + first) and not news.purged
        assert [h.id for h in copy.headers()] == [h.id for h in writer.headers()]
        assert copy.unread_counts() == writer.unread_counts()
        opened = copy.story(brought[1].id)
        assert opened is not None and opened.text == "Fresh text 1."
        assert copy.feed_of(first[0].id) == empty.id
        assert not copy.follow_writer()
    finally:
        copy.close()
        writer.close()


def test_the_writer_follows_nothing(tmp_path: Path) -> None:
    writer, ids = build_store(tmp_path)
    try:
        writer.headers()
        writer.remove_feed(ids["atlas"])
        assert not writer.follow_writer()
    finally:
        writer.close()


def test_the_copys_search_index_forgets_what_its_catalog_forgot(tmp_path: Path) -> None:
    """A search in the copy found the stories the writer purged until it restarted. The search itself no longer
    looks at the folder (a listing per keystroke while the writer refreshes): the reader's look hands over what
    the catalog forgot."""
    from feeds.search.service import SearchService

    writer, ids = build_store(tmp_path)
    SearchService(writer).open()  # the writer's index on disk
    copy = Store(tmp_path, readonly=True)
    try:
        search = SearchService(copy)
        search.open()
        rail = search.search("rail strike").ids
        assert rail and copy.feed_of(rail[0]) == ids["atlas"]
        writer.remove_feed(ids["atlas"])
        assert search.search("rail strike").ids == rail  # until the copy looks
        news = copy.follow_writer()
        assert set(rail) <= set(news.purged)
        search.forget(news.purged)
        assert search.search("rail strike").ids == []
        assert not set(news.purged) & set(search.index.hashes())
    finally:
        copy.close()
        writer.close()


def test_the_copy_takes_in_the_names_and_feed_names_the_writer_stored(tmp_path: Path) -> None:
    """The writer's enrichment stores the names it found (the bodies files alone change) and `newsdesk rename`
    renames a feed: the copy's search kept the stories as they were at its start, so `person:` and `feed:` missed
    them until it restarted, and an opened story had the names its bodies file held then."""
    from feeds.model import Entity
    from feeds.search.service import SearchService

    writer, ids = build_store(tmp_path)
    SearchService(writer).open()  # the writer's index on disk
    copy = Store(tmp_path, readonly=True)
    try:
        search = SearchService(copy)
        search.open()
        atlas, harbour = ids["atlas"], ids["harbour"]
        assert sum(1 for _ in copy.stories(atlas)) == 5  # its bodies file parsed whole, and kept
        quokka = (Entity(0, 6, "PER", "Quokka", "quokka"),)
        named = [h.id for h in writer.headers(atlas)[:2]]
        writer.set_entities(atlas, {sid: (quokka, "test") for sid in named})
        writer.update_feed(replace(writer.get_feed(harbour), title="Evening Harbour"))  # type: ignore[arg-type]
        assert search.search("person:quokka").total == 0
        assert search.search('feed:"evening harbour"').total == 0

        news = copy.follow_writer()
        assert news.retold == {atlas, harbour} and not news.new and not news.purged
        search.recheck(news.retold)
        assert sorted(search.search("person:quokka").ids) == sorted(named)
        assert search.search('feed:"evening harbour"').total == len(writer.headers(harbour))
        opened = copy.story(named[0])
        assert opened is not None and opened.entities == quokka
    finally:
        copy.close()
        writer.close()


def test_statuses_alone_are_no_change_to_the_lists_but_a_failing_mark(tmp_path: Path) -> None:
    """A refresh's statuses rewrite feeds.json: the copy takes them in (its errors come from them), says whose
    changed (``statuses``: the feed errors dialog shows them), and that the lists have nothing to show again
    (``relist``) unless a feed started or stopped failing (``failing``)."""
    writer, ids = build_store(tmp_path)
    copy = Store(tmp_path, readonly=True)
    try:
        copy.headers()
        atlas = ids["atlas"]
        writer.update_feeds(
            [f.with_status(last_attempt=NOW + 60, last_success=NOW + 60) for f in writer.feeds()]
        )
        news = copy.follow_writer()
        assert not news.relist and not news.feeds and news.failing == set()
        assert news and news.statuses == set(ids.values())
        assert all(f.status.last_attempt == NOW + 60 for f in copy.feeds())

        failed = writer.get_feed(atlas)
        assert failed is not None
        writer.update_feed(failed.with_status(last_attempt=NOW + 120, last_error="timed out", failures=1))
        news = copy.follow_writer()
        assert news and not news.relist and news.failing == news.statuses == {atlas}
        assert copy.get_feed(atlas) is not None and copy.get_feed(atlas).status.failing

        writer.update_feed(replace(failed, title="Atlas Evening"))  # renamed, and recovered
        news = copy.follow_writer()
        assert (
            news.relist and news.feeds and news.retold == {atlas} and news.failing == news.statuses == {atlas}
        )
        writer.update_feed(replace(failed, title="Atlas Morning"))  # renamed alone
        news = copy.follow_writer()
        assert news.retold == {atlas} and not news.statuses and not news.failing
    finally:
        copy.close()
        writer.close()


def test_a_saved_search_renamed_is_one_write_the_copy_reads_as_a_rename(tmp_path: Path) -> None:
    """The writer wrote the new name, then deleted the old: a copy looking in between saw a new saved search, then
    a deletion, and moved its reader to All. The rename is one write of feeds.json (its ``.bak``, the file as
    it was before the last write, has the old name alone), which the copy reads as a rename; two saved searches
    of one query renamed at once pair neither, which became which cannot be told."""
    writer, _ids = build_store(tmp_path)
    ss.save(writer, "Rail", "rail")
    ss.save(writer, "Storms", "storm")
    copy = Store(tmp_path, readonly=True)
    try:
        copy.headers()
        assert copy.saved_searches() == {"Rail": "rail", "Storms": "storm"}
        ss.rename(writer, "Rail", "Trains")
        before = orjson.loads((tmp_path / "feeds.json.bak").read_bytes())["searches"]
        assert sorted(d["name"] for d in before.values()) == ["Rail", "Storms"]
        news = copy.follow_writer()
        assert news.renamed == {"Rail": "Trains"} and news.feeds and not news.removed
        assert copy.saved_searches() == {"Storms": "storm", "Trains": "rail"}

        ss.save(writer, "Gales", "storm")
        assert copy.follow_writer().renamed == {}  # a new one of the same query
        ss.rename(writer, "Storms", "Weather")
        ss.rename(writer, "Gales", "Wind")
        news = copy.follow_writer()
        assert news.renamed == {} and news.feeds
        assert copy.saved_searches() == {"Trains": "rail", "Weather": "storm", "Wind": "storm"}
    finally:
        copy.close()
        writer.close()
