"""Search: incremental updates, persistence, staleness after a crash, searching while another thread adds."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import numpy as np
import pytest

import feeds.search.index as index_mod
import feeds.search.persist as persist_mod
from feeds.search import (
    IndexLoadError,
    SearchDoc,
    SearchIndex,
    fingerprint_of,
)
from tests.search_known import NOW, STORIES, doc, ids, known_index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return known_index()


# -- updates, persistence, staleness ---------------------------------------------------------------------------


def test_replace_remove_and_compact() -> None:
    ix = SearchIndex()
    ix.add(STORIES)
    edited = doc("kim", "Summit postponed", "No meeting this week.")
    ix.add([edited])
    assert "kim" not in ids(ix, "beijing") and ids(ix, "postponed") == {"kim", "elections"}
    assert ids(ix, "person:xi") == set()
    ix.remove(["markets", "unknown-id"])
    assert ids(ix, "kim ") == {"split"} and len(ix) == len(STORIES) - 1
    ix.compact()
    assert ids(ix, "kim ") == {"split"} and ids(ix, "place:beijing") == {"trade"}
    ix.add([STORIES[3]])
    assert ids(ix, "person:kim") == {"markets"} and ix.fingerprint == fingerprint_of([*STORIES[1:], edited])


def test_re_adding_unchanged_stories_costs_nothing() -> None:
    ix = SearchIndex()
    ix.add(STORIES)
    before = ix.stats()
    ix.add(STORIES)
    assert ix.stats() == before and before["dead"] == 0


def test_typing_a_phrase_gives_what_a_cold_search_gives() -> None:
    """The phrase cache (runs of finished words kept between keystrokes) never changes an answer."""
    warm = SearchIndex()
    warm.add(STORIES)
    text = '"negotiators from washington and beijing resumed"'
    for i in range(1, len(text) + 1):
        cold = SearchIndex()
        cold.add(STORIES)
        assert warm.search(text[:i], now=NOW).ids == cold.search(text[:i], now=NOW).ids, text[:i]
    assert ids(warm, text) == {"trade"} and ids(warm, '"from beijing"') == set()


def test_many_segments_agree_with_a_plain_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small segments, merges, replacements and compactions: every answer equals a brute-force scan."""
    monkeypatch.setattr(index_mod, "CHUNK_DOCS", 7)
    monkeypatch.setattr(index_mod, "SEGMENT_DOCS", 30)
    rng = random.Random(5)
    words = ["red", "green", "blue", "cyan", "plum", "gold", "grey", "pink", "teal", "sand"]
    current: dict[str, SearchDoc] = {}
    ix = SearchIndex()
    for step in range(12):
        batch = [
            doc(
                f"d{rng.randrange(80)}", " ".join(rng.choices(words, k=2)), " ".join(rng.choices(words, k=12))
            )
            for _ in range(rng.randrange(1, 20))
        ]
        ix.add(batch)
        current.update({d.id: d for d in batch})
        gone = rng.sample(sorted(current), k=min(len(current), rng.randrange(0, 6)))
        ix.remove(gone)
        for id in gone:
            del current[id]
        if step % 4 == 3:
            ix.compact()
        for a, b in [("red", "blue"), ("plum", "gold"), ("sand", "teal")]:

            def tokens(d: SearchDoc) -> list[str]:
                return (d.title + " | " + d.text).lower().split()

            want_and = {i for i, d in current.items() if a in tokens(d) and b not in tokens(d)}
            assert ids(ix, f"{a} -{b} ") == want_and, step
            want_phrase = {
                i
                for i, d in current.items()
                if f" {a} {b} " in f" {d.text} " or f" {a} {b} " in f" {d.title} "
            }
            assert ids(ix, f'"{a} {b}"') == want_phrase, step
        assert len(ix) == len(current) and ix.fingerprint == fingerprint_of(current.values())
    assert ix.stats()["segments"] > 1


def test_save_load_round_trip(tmp_path: Path, index: SearchIndex) -> None:
    index.generation = 42
    path = tmp_path / "search.npz"
    index.save(path)
    index.save(path)  # over an existing file
    loaded = SearchIndex.load(path)
    assert loaded.generation == 42 and len(loaded) == len(index) and loaded.fingerprint == index.fingerprint
    for query in [
        "kim ",
        '"kim jong"',
        "person:kim",
        "zur",
        "tag:europe",
        "after:8d",
        "title:kim",
        "北京",
        "",
    ]:
        assert loaded.search(query, now=NOW).ids == index.search(query, now=NOW).ids, query
    assert [p.name for p in tmp_path.iterdir()] == ["search.npz"]  # no temporary file left behind
    loaded.add([doc("new", "Fresh story", "About Kim.")])
    assert "new" in ids(loaded, "kim ")


MAPPED_QUERIES = ["kim ", '"kim jong"', "person:kim", "title:kim", "北京", "wildfire", ""]


@pytest.fixture
def map_every_array(monkeypatch: pytest.MonkeyPatch) -> None:
    if not persist_mod._MAP:
        pytest.skip("arrays are read, not mapped, on this system")
    monkeypatch.setattr(persist_mod, "_MAP_MIN", 1)  # map every segment array, however small


@pytest.mark.usefixtures("map_every_array")
def test_a_loaded_index_maps_its_segments_and_outlives_its_file(tmp_path: Path) -> None:
    """Segment arrays are mapped from the file, not read; saving over that file leaves the loaded index whole."""
    path = tmp_path / "search.npz"
    ix = SearchIndex()
    ix.add(STORIES)
    ix.save(path)
    loaded = SearchIndex.load(path)
    assert any(isinstance(seg.stream.base, np.memmap) for seg in loaded._segments)
    queries = MAPPED_QUERIES
    before = {q: ix.search(q, now=NOW).ids for q in queries}
    assert {q: loaded.search(q, now=NOW).ids for q in queries} == before
    loaded.add([doc("new", "Fresh story", "About Kim.")])
    loaded.save(path)  # replaces the file the older segments are mapped from
    loaded.remove(["new"])
    loaded.compact()
    assert {q: loaded.search(q, now=NOW).ids for q in queries} == before
    again = SearchIndex.load(path)
    assert ids(again, "fresh") == {"new"}
    assert ids(again, "kim ") == ids(ix, "kim ") | {"new"}


@pytest.mark.usefixtures("map_every_array")
def test_a_saved_index_maps_its_segments_from_the_file_it_wrote(tmp_path: Path) -> None:
    """A built index, once saved, holds its segments as a loaded one does: mapped from the file, not in memory."""
    from feeds.search.segment import ARRAYS

    path = tmp_path / "search.npz"
    ix = SearchIndex()
    ix.add(STORIES)
    queries = MAPPED_QUERIES
    before = {q: ix.search(q, now=NOW).ids for q in queries}

    def mapped(index: SearchIndex) -> list[bool]:
        arrays = [getattr(seg, name) for seg in index._segments for name in ARRAYS]
        return [isinstance(a.base, np.memmap) for a in arrays if len(a)]

    assert not any(mapped(ix))
    ix.save(path)
    assert mapped(ix) and all(mapped(ix))
    # Laid out so that each mapped array starts on its own boundary: numpy's unaligned paths are slower.
    assert all(getattr(seg, name).flags.aligned for seg in ix._segments for name in ARRAYS)
    assert {q: ix.search(q, now=NOW).ids for q in queries} == before
    ix.add([doc("new", "Fresh story", "About Kim.")])  # merges mapped segments into a new one in memory
    ix.save(path)  # over the file its segments were mapped from
    assert all(mapped(ix))
    assert ids(ix, "fresh") == {"new"}
    ix.remove(["new"])
    ix.compact()
    assert {q: ix.search(q, now=NOW).ids for q in queries} == before
    again = SearchIndex.load(path)
    assert ids(again, "kim ") == ids(ix, "kim ") | {"new"}


def test_names_found_later_are_indexed_without_indexing_the_text_again(tmp_path: Path) -> None:
    """A store's first tagging gives every story names and changes nothing else: the index adds the names to
    the documents it holds (same numbers, nothing dead) and ends as an index of the tagged stories built anew."""
    import dataclasses

    untagged = [dataclasses.replace(d, entities=()) for d in STORIES]
    ix = SearchIndex()
    ix.add(untagged)
    numbers, segments = dict(ix._docnum), list(ix._segments)
    assert not ids(ix, "person:kim")
    edited = doc("kim", "Xi Jinping receives Kim Jong Un in Beijing", "Edited.", entities=STORIES[0].entities)
    ix.add([*STORIES, edited, STORIES[0]])  # a repeated id: the last version counts, as ever
    assert ix._docnum == numbers and ix._segments == segments and ix.stats()["dead"] == 0
    assert ix.fingerprint == fingerprint_of(STORIES)
    fresh = known_index()
    queries = ["person:kim", "place:beijing", "org:", "person:xi kim", "kim ", '"kim jong"', "", "wildfire"]
    want = {q: fresh.search(q, now=NOW).ids for q in queries}
    assert want["person:kim"]
    assert {q: ix.search(q, now=NOW).ids for q in queries} == want
    ix.add([dataclasses.replace(STORIES[0], text="Now about something else.")])  # text changed: indexed anew
    assert ix._docnum["kim"] != numbers["kim"] and ix.stats()["dead"] == 1
    assert ids(ix, "person:kim") == ids(fresh, "person:kim")
    assert "kim" in ids(ix, "something else") and "kim" not in ids(ix, '"two leaders met"')
    path = tmp_path / "search.npz"
    ix.save(path)
    assert ids(SearchIndex.load(path), "person:kim") == ids(fresh, "person:kim")


def test_odd_ids_and_limits_survive(tmp_path: Path) -> None:
    ix = SearchIndex()
    ix.add([doc("odd-\ud800-id", "Lone surrogate", "In an id."), doc("plain", "Plain", "Text.")])
    ix.save(tmp_path / "odd.npz")
    assert SearchIndex.load(tmp_path / "odd.npz").search("surrogate").ids == ["odd-\ud800-id"]
    empty = ix.search("", limit=0)
    assert empty.ids == [] and empty.total == 2


def test_damaged_files_are_refused(tmp_path: Path, index: SearchIndex) -> None:
    path = tmp_path / "search.npz"
    index.save(path)
    data = path.read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.npz").write_bytes(b"not an index at all")
    for name in ["cut.npz", "junk.npz", "missing.npz"]:
        with pytest.raises(IndexLoadError):
            SearchIndex.load(tmp_path / name)


def test_a_crash_between_store_and_index_is_found_stale_and_synced(tmp_path: Path) -> None:
    """The store moved on after the last index save: generation and fingerprint both tell, sync repairs."""
    path = tmp_path / "search.npz"
    ix = SearchIndex()
    ix.add(STORIES[:10])
    ix.generation = 1
    ix.save(path)
    store = [*STORIES[:9], doc("chips", "Chip exports banned", "A new ban."), *STORIES[10:]]  # edit + adds
    ix.add(store)  # the running app indexed the changes, then "crashed" before saving
    found = SearchIndex.load(path)
    assert found.generation == 1  # the app's store says 2: stale
    assert found.fingerprint != fingerprint_of(store)
    assert "chips" not in ids(found, "banned")
    indexed, removed = found.sync(store)
    assert (indexed, removed) == (1 + len(STORIES[10:]), 0)
    assert found.fingerprint == fingerprint_of(store) == ix.fingerprint
    assert ids(found, "banned") == {"chips"} and ids(found, "wildfire") == {"fire-old", "fire-new"}
    assert found.sync(store[1:]) == (0, 1) and ids(found, "beijing") == {"trade"}
    assert found.sync(store[1:]) == (0, 0)


def test_searches_while_another_thread_adds() -> None:
    ix = SearchIndex()
    errors: list[BaseException] = []
    batches = [
        [doc(f"{b}-{i}", f"Story {b} {i}", "kim and friends " * 5) for i in range(40)] for b in range(15)
    ]

    def write() -> None:
        for batch in batches:
            ix.add(batch)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        try:
            result = ix.search("kim fri")
            assert len(result.ids) <= result.total <= 600
        except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)
            break
    writer.join()
    assert not errors
    assert ix.search("kim fri").total == 600
