"""A saved related-stories index maps its large arrays from the file: it must answer exactly as the index that
was saved, keep working incrementally, and still read a file laid out by ``np.savez`` (earlier versions)."""

from __future__ import annotations

import mmap
import random
from pathlib import Path

import numpy as np

from feeds.enrich import RelatedService, index_path
from feeds.related import Doc, RelatedIndex
from feeds.store import Store
from tests.saved_index import read_arrays, write_arrays
from tests.test_store import make_story

WORDS = [f"{a}{b}" for a in ("harbour", "senate", "vaccine", "orbit", "tariff", "glacier") for b in "aeiou"]
TOPICS = [WORDS[i : i + 10] for i in range(0, len(WORDS), 5)]
NAMES = [f"person{n}" for n in range(40)]


def corpus(n: int, seed: int = 3) -> list[Doc]:
    """``n`` stories of 60-120 words drawn from overlapping topics, enough for the large arrays to be mapped
    (a few hundred stories: tens of thousands of postings), with a few verbatim copies to group."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    for i in range(n):
        if i % 50 == 49:  # a copy of an earlier story from another feed: a duplicate group
            src = docs[rng.randrange(len(docs))]
            docs.append(
                Doc(f"s{i}", "mirror", src.title, src.text, float(i), src.entity_keys, src.entity_names)
            )
            continue
        topic = TOPICS[rng.randrange(len(TOPICS))]
        body = " ".join(
            rng.choice(topic) if rng.random() < 0.7 else f"word{rng.randrange(3000)}" for _ in range(90)
        )
        keys = tuple(rng.sample(NAMES, 3))
        docs.append(
            Doc(
                f"s{i}",
                f"feed{i % 7}",
                " ".join(rng.sample(topic, 5)),
                body,
                float(i),
                keys,
                {k: k.title() for k in keys},
            )
        )
    return docs


def answers(index: RelatedIndex, ids: list[str]) -> tuple[dict[str, list], list[list[str]]]:
    return {doc_id: index.related(doc_id) for doc_id in ids}, index.duplicate_groups()


def mapped(array: np.ndarray) -> bool:
    """Whether ``array`` is a read-only view of a file mapping (not a copy in memory)."""
    base = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    return isinstance(base, mmap.mmap) and not array.flags.writeable


def test_a_saved_index_maps_its_large_arrays_and_answers_as_before(tmp_path: Path) -> None:
    index = RelatedIndex()
    index.add(corpus(900))  # half-precision weights of 900 stories fill 64 KiB: every large array is mapped
    index.compact()
    probe = [f"s{i}" for i in range(0, 900, 37)]
    before = answers(index, probe)
    assert before[1]  # the copies group, so the signatures are compared too
    path = tmp_path / "related.npz"
    index.save(path)
    loaded = RelatedIndex.load(path)
    for idx in (index, loaded):  # the saved index swapped its copies for the file's pages too
        assert all(mapped(getattr(idx, name)) for name in ("_fterms", "_ftf", "_pdocs", "_pw", "_sigs"))
        assert not mapped(idx._df)  # updated in place by every add: always read
        assert all(getattr(idx, name).ctypes.data % 64 == 0 for name in ("_fterms", "_ftf", "_pdocs", "_pw"))
        assert answers(idx, probe) == before
    with np.load(path) as data:  # still a plain .npz: numpy reads it whole
        assert np.array_equal(data["pdocs"], loaded._pdocs)


def test_a_mapped_index_keeps_working_and_saves_over_its_own_file(tmp_path: Path) -> None:
    docs = corpus(600)
    path = tmp_path / "related.npz"
    first = RelatedIndex()
    first.add(docs[:500])
    first.save(path)
    loaded = RelatedIndex.load(path)
    loaded.remove(["s1", "s2"])
    loaded.add(docs[500:])
    loaded.compact()
    loaded.save(path)  # replaces the file its arrays were mapped from
    again = RelatedIndex.load(path)
    fresh = RelatedIndex()  # the same stories indexed from scratch, never saved
    fresh.add([d for d in docs if d.id not in ("s1", "s2")])
    fresh.compact()
    probe = [f"s{i}" for i in range(3, 600, 41)]
    assert len(again) == len(fresh) == 598
    assert "s1" not in again and again.related("s1") == []
    assert {d: [s.id for s in again.related(d)] for d in probe} == {
        d: [s.id for s in fresh.related(d)] for d in probe
    }


def test_a_file_laid_out_by_np_savez_still_loads(tmp_path: Path) -> None:
    index = RelatedIndex()
    index.add(corpus(600))
    path = tmp_path / "related.npz"
    index.save(path)
    probe = [f"s{i}" for i in range(5, 600, 53)]
    before = answers(index, probe)
    write_arrays(path, read_arrays(path))  # what earlier versions wrote: np.savez, arrays at any offset
    old = RelatedIndex.load(path)
    # Mapped where the layout lets an array be aligned, read where not: numpy is slower on misaligned arrays.
    assert all(getattr(old, name).flags.aligned for name in ("_fterms", "_ftf", "_pdocs", "_pw", "_sigs"))
    assert answers(old, probe) == before
    assert old.stale_layout  # some of it is held in memory: worth saving again
    old.save(tmp_path / "fresh.npz")
    assert not RelatedIndex.load(tmp_path / "fresh.npz").stale_layout


def test_the_service_rewrites_a_file_of_the_old_layout_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    feed = store.add_feed("https://a.example/feed")
    store.save_stories(
        feed.id,
        [
            make_story(feed.id, n, published=float(n), title=d.title, text=d.text)
            for n, d in enumerate(corpus(900))
        ],
    )
    RelatedService(store).load_or_build()
    path = index_path(store)
    write_arrays(path, read_arrays(path))
    assert RelatedIndex.load(path).stale_layout
    service = RelatedService(store)
    index = service.load_or_build()
    assert not RelatedIndex.load(path).stale_layout  # laid out to be mapped from the next start on
    large = [getattr(index, n) for n in ("_fterms", "_ftf", "_pdocs", "_pw", "_sigs")]
    large = [
        a for a in large if a.nbytes >= 1 << 16
    ]  # smaller ones are read: a mapping costs a page at least
    assert large and all(mapped(a) for a in large)  # and this run holds the file's pages, not copies
    store.close()


def test_postings_built_a_few_stories_at_a_time_are_those_built_in_one_run() -> None:
    from feeds.related import postings

    index = RelatedIndex()
    index.add(corpus(300))
    index.compact()
    whole = postings.build(index, step=10**9)
    for step in (1, 97, 5000):  # one story per run, runs ending mid-way, a few runs
        pieces = postings.build(index, step=step)
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(pieces, whole, strict=True))


def test_compacting_a_compacted_index_rebuilds_nothing_until_something_changes() -> None:
    index = RelatedIndex(compact_every=100)
    index.add(corpus(300))  # past compact_every: folded into the main segment by add itself
    postings_before = index._pdocs
    index.compact()
    assert index._pdocs is postings_before
    index.remove(["s7"])
    index.compact()
    assert index._pdocs is not postings_before
    assert "s7" not in index and len(index) == 299
    assert "s7" not in {s.id for d in ("s8", "s9", "s10") for s in index.related(d)}
