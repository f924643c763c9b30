"""The store's search index: built from the store, saved beside it, found stale and repaired after a crash."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

import feeds.search.service as service_mod
from feeds.model import Story
from feeds.search import SearchIndex
from feeds.search.service import SearchService, StoreSearchState, iter_docs
from feeds.store import Store
from tests.snapshot_apps.stores import NOW


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


def extra(feed_id: str, n: int, title: str) -> Story:
    return Story(
        id=f"extra-{n}",
        feed_id=feed_id,
        title=title,
        published=NOW - 60.0 * n,
        first_seen=NOW,
        text="A quokka colony was counted on the island.",
        content_hash=f"extra-{n}",
    )


def damage_in_place(path: Path) -> None:
    """Zero a file with the same inode, size and time: a read would find it damaged, a ``stat`` cannot."""
    st = path.stat()
    with path.open("r+b") as out:
        out.write(b"\0" * st.st_size)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_open_builds_saves_and_reopens_current(store: Store) -> None:
    service = SearchService(store)
    assert service.open() == (14, 0)
    assert service.path.is_file() and service.path.parent == store.root / "index"
    again = SearchService(store)
    assert again.open() == (0, 0)  # the saved index matched the store: nothing re-indexed
    assert again.search("rail").ids == ["atlas-2"]
    assert set(again.search("").ids) == {h.id for h in store.headers()}


def test_stories_added_and_purged_behind_the_index_back_are_repaired(store: Store) -> None:
    SearchService(store).open()
    feed = store.feeds()[0]
    store.save_stories(
        feed.id, [extra(feed.id, 1, "Quokka census"), extra(feed.id, 2, "Second quokka")], now=NOW
    )
    gone = store.feeds()[-1]
    gone_ids = {h.id for h in store.headers(gone.id)}
    store.remove_feed(gone.id)
    service = SearchService(store)
    indexed, removed = service.open()
    assert (indexed, removed) == (2, len(gone_ids))
    assert sorted(service.search("quokka").ids) == ["extra-1", "extra-2"]
    assert not gone_ids & set(service.search("").ids)


def test_a_damaged_index_file_is_rebuilt(store: Store) -> None:
    service = SearchService(store)
    service.open()
    service.path.write_bytes(b"not an index at all")
    again = SearchService(store)
    assert again.open() == (14, 0)
    assert again.search("ferry").ids == ["harbour-2"]


def test_update_indexes_new_stories_and_keeps_those_saved_while_loading(store: Store) -> None:
    service = SearchService(store)
    feed = store.feeds()[0]
    store.save_stories(feed.id, [extra(feed.id, 1, "Quokka census")], now=NOW)
    assert service.update(["extra-1"]) == 0  # not open yet: kept for later
    service.open()
    assert service.search("census").ids == ["extra-1"]
    store.save_stories(feed.id, [extra(feed.id, 2, "Wombat census")], now=NOW)
    assert service.update(["extra-2", "no-such-story"]) == 1
    assert service.search("wombat").ids == ["extra-2"]
    service.save()
    assert SearchService(store).open() == (0, 0)


def test_marks_come_from_the_store(store: Store) -> None:
    service = SearchService(store)
    service.open()
    store.set_read(["atlas-0"])
    store.bookmark("harbour-1")
    assert "atlas-0" not in service.search("is:unread").ids
    assert service.search("is:read").ids == ["atlas-0"]
    assert service.search("is:bookmarked").ids == ["harbour-1"]
    state = StoreSearchState(store)
    assert state.is_read("atlas-0") and not state.is_read("atlas-1")
    assert isinstance(state.read_ids(), frozenset)


def test_docs_carry_feed_names_and_tags(store: Store) -> None:
    docs = {d.id: d for d in iter_docs(store)}
    assert docs["kestrel-0"].feed_title == "Kestrel Ledger" and docs["kestrel-0"].feed_tags == ("tech",)
    service = SearchService(store)
    service.open()
    assert set(service.search("feed:kestrel").ids) == {"kestrel-0", "kestrel-1", "kestrel-2"}
    assert set(service.search("tag:tech").ids) == {"kestrel-0", "kestrel-1", "kestrel-2"}


def test_a_start_with_nothing_changed_reads_no_story_body(store: Store) -> None:
    SearchService(store).open()
    saved = (store.root / "index" / "search.idx").read_bytes()
    root = store.root
    store.close()
    for body in (root / "bodies").glob("*.json"):
        damage_in_place(body)
    reopened = Store(root)
    try:
        service = SearchService(reopened)
        assert service.open() == (0, 0)
        assert service.search("rail").ids == ["atlas-2"]
        assert reopened.recovered == []  # no damaged body was met
    finally:
        reopened.close()
    assert not list((root / "bodies").glob("*damaged*"))
    assert (root / "index" / "search.idx").read_bytes() == saved  # nothing to save either


def test_feeds_written_or_renamed_since_are_read_again(store: Store) -> None:
    SearchService(store).open()
    first, second = store.feeds()[0], store.feeds()[1]
    store.save_stories(first.id, [extra(first.id, 1, "Quokka census")], now=NOW)
    store.update_feed(dataclasses.replace(second, title="Wombat Weekly"))
    service = SearchService(store)
    assert service.open() == (1 + len(store.headers(second.id)), 0)
    assert service.search("quokka").ids == ["extra-1"]
    assert set(service.search("feed:wombat").ids) == {h.id for h in store.headers(second.id)}
    assert SearchService(store).open() == (0, 0)


def test_an_index_saved_without_feed_marks_is_checked_whole(store: Store) -> None:
    service = SearchService(store)
    service.open()
    service.index.stamps = {}  # as files written before the marks were recorded
    service.index.save(service.path)
    store.save_stories(store.feeds()[0].id, [extra(store.feeds()[0].id, 1, "Quokka census")], now=NOW)
    again = SearchService(store)
    assert again.open() == (1, 0)
    assert again.index.stamps.keys() == {f.id for f in store.feeds()}
    assert SearchIndex.load(again.path).stamps == again.index.stamps


def test_a_first_build_in_small_chunks_finds_what_one_chunk_finds(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = SearchService(store, store.root / "index" / "whole.idx")
    assert whole.open() == (14, 0)
    monkeypatch.setattr(service_mod, "CHUNK_DOCS", 3)  # the stories are handed to the index 3 at a time
    chunked = SearchService(store)
    assert chunked.open() == (14, 0)
    assert chunked.index.fingerprint == whole.index.fingerprint
    for query in ("rail", "ferry", "", "feed:kestrel", "tag:tech"):
        assert chunked.search(query).ids == whole.search(query).ids, query
    assert SearchService(store).open() == (0, 0)


def test_an_update_of_every_story_finds_what_a_fresh_build_finds(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store's first tagging changes every story: the update reads them as the index takes them, a chunk at
    a time, and ends with the index a build from scratch gives."""
    import feeds.search.index as index_mod
    from feeds.model import Entity

    service = SearchService(store)
    service.open()
    ids = [h.id for h in store.headers()]
    assert service.search("person:quokka").total == 0
    for feed in store.feeds():
        quokka = (Entity(0, 6, "PER", "Quokka", "quokka"),)
        store.set_entities(feed.id, {s.id: (quokka, "test") for s in store.stories(feed.id)})
    monkeypatch.setattr(index_mod, "CHUNK_DOCS", 3)  # the index takes the documents 3 at a time
    assert service.update(iter(ids)) == len(ids)
    fresh = SearchService(store, store.root / "index" / "fresh.idx")
    assert fresh.open() == (len(ids), 0)
    assert service.index.fingerprint == fresh.index.fingerprint
    assert service.search("person:quokka").total == len(ids)
    for query in ("person:quokka", "rail", "ferry", "", "feed:kestrel", "tag:tech"):
        assert service.search(query).ids == fresh.search(query).ids, query


def test_feeds_an_update_read_whole_are_not_read_again_at_the_next_start(store: Store) -> None:
    """A first start tags every story after the index was built and hands them all to ``update``: the feeds it
    read whole are vouched for as a repair would, so the next start reads none of them again. A feed one of
    whose stories was left out is read again, and its left-out story gets its names then."""
    from feeds.model import Entity

    service = SearchService(store)
    service.open()
    quokka = (Entity(0, 6, "PER", "Quokka", "quokka"),)
    for feed in store.feeds():
        store.set_entities(feed.id, {s.id: (quokka, "test") for s in store.stories(feed.id)})
    partial = next(f for f in store.feeds() if len(store.headers(f.id)) > 1)
    left_out = store.headers(partial.id)[0].id
    ids = [h.id for h in store.headers() if h.id != left_out]
    assert service.update(ids) == len(ids)
    service.save()
    root = store.root
    store.close()
    for body in (root / "bodies").glob("*.json"):
        if body.stem != partial.id:
            damage_in_place(body)
    reopened = Store(root)
    try:
        again = SearchService(reopened)
        assert again.open() == (1, 0)  # the left-out story, read with its feed
        assert reopened.recovered == []  # no damaged body was met
        assert again.search("person:quokka").total == len(ids) + 1
    finally:
        reopened.close()


def test_quoted_names_are_whole_words_in_order(tmp_path: Path) -> None:
    """``author:"Reporter 3"`` also found Reporter 30 to 39: every word of a name matched as a prefix, even in
    quotes. Quoted, a name is whole words in order, as a quoted phrase in the text is; unquoted, still prefixes."""
    from feeds.model import Entity
    from tests.snapshot_apps.stores import KEEP_ALL

    with Store(tmp_path / "data", retention=KEEP_ALL) as store:
        for n in (3, 30, 31, 39):
            feed = store.add_feed(f"http://127.0.0.1:9/{n}.xml", title=f"Metro {n} Daily")
            name = f"Agent {n}"
            story = Story(
                id=f"s{n}",
                feed_id=feed.id,
                title=f"Story {n}",
                author=f"Senior Reporter {n}",
                published=NOW - n,
                text=f"{name} spoke.",
                content_hash=f"s{n}",
                entities=(Entity(0, len(name), "PER", name),),
            )
            store.save_stories(feed.id, [story], now=NOW)
        service = SearchService(store)
        service.open()

        def found(query: str) -> list[str]:
            return sorted(service.search(query, limit=100).ids)

        assert found('author:"Reporter 3"') == ["s3"]
        assert found('author:"senior reporter 3"') == ["s3"]
        assert found('author:"Reporter 31"') == ["s31"]
        assert found('author:"3"') == ["s3"]  # one quoted word: whole too
        assert found('author:"Senior 3"') == []  # adjacent words, as a phrase
        assert found('-author:"Reporter 3"') == ["s30", "s31", "s39"]
        assert found('feed:"Metro 3"') == ["s3"]
        assert found('feed:"metro 3 daily"') == ["s3"]
        assert found('person:"Agent 3"') == ["s3"]
        assert found('entity:"agent 39"') == ["s39"]
        # Unquoted, each word is still the start of a name's word, in order; so is an unclosed quote's last word
        # (still being typed).
        assert found("author:reporter") == ["s3", "s30", "s31", "s39"]
        assert found('author:"Reporter 3') == ["s3", "s30", "s31", "s39"]
        assert found("person:agent") == ["s3", "s30", "s31", "s39"]
        assert found("feed:metro") == ["s3", "s30", "s31", "s39"]
