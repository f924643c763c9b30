"""How a story's terms weigh (session 13): the lead counts twice, a name its stories repeat weighs more (its total
frequency ``cf`` beside its document frequency), a person's name more than a place's. ``cf`` and the people counts
must stay exact through a save, a removal and a compaction, and an index saved before the lead counted twice is
built again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from feeds.enrich import RelatedService, doc_of, index_path
from feeds.model import Entity
from feeds.related import Doc, Params, RelatedIndex
from feeds.related.analysis import ANALYSIS_REVISION
from feeds.store import Store
from tests.saved_index import header_of, read_arrays, rewrite_header
from tests.test_store import make_story

BODY = "Ministers met at the summit to discuss fishing quotas and harbour tolls."


def named(id_: str, title: str, text: str, published: float, *names: tuple[str, str, int]) -> Doc:
    """A story naming each (key, type, mentions) as the enrich pass hands it over (:func:`doc_of`)."""
    entities, at = [], 0
    for key, kind, mentions in names:
        for _ in range(mentions):
            entities.append(Entity(at, at + 1, kind, key.title(), key))  # type: ignore[arg-type]
            at += 1
    story = make_story("feed", int(published), published=published, title=title, text=text)
    story = dataclasses.replace(story, entities=tuple(entities))
    return dataclasses.replace(doc_of(story), id=id_)


# Stories about a trawler seizure and a summit, names repeated or named in passing, and a name two stories give as
# a person and two as a place ("jordan"): enough for burstiness, types and majorities to matter.
STORIES = [
    named("q", "Trawler seized off Norway", BODY + " The trawler crew was held.", 1.0,
          ("ola berg", "PER", 3), ("bergen", "LOC", 1), ("jordan", "PER", 1)),
    named("a", "Crew of seized trawler freed", BODY + " Ola Berg said the crew was freed.", 2.0,
          ("ola berg", "PER", 4), ("bergen", "LOC", 1)),
    named("b", "Summit ends without a quota deal", BODY + " Bergen hosted the talks.", 3.0,
          ("bergen", "LOC", 3), ("ola berg", "PER", 1), ("jordan", "LOC", 1)),
    named("c", "Harbour tolls to rise", BODY + " Tolls rise in Bergen and Tromso.", 4.0,
          ("bergen", "LOC", 2), ("tromso", "LOC", 1), ("jordan", "PER", 2)),
    named("d", "Quota talks resume", BODY + " Jordan and Ola Berg will attend.", 5.0,
          ("jordan", "LOC", 1), ("ola berg", "PER", 1)),
]  # fmt: skip
SCORED = Params(min_score=0.0)


def answers(index: RelatedIndex, ids: list[str]) -> dict[str, list[tuple[str, float]]]:
    return {i: [(s.id, s.score) for s in index.related(i, k=8)] for i in ids}


def statistics(index: RelatedIndex) -> dict[str, tuple[int, float, int]]:
    """Each live term's (df, cf, people), by the term itself (term numbers differ between two indexes)."""
    return {
        term: (int(index._df[i]), float(index._cf[i]), int(index._people[i]))
        for i, term in enumerate(index._terms)
        if index._df[i] > 0
    }


def test_cf_is_saved_and_read_back(tmp_path: Path) -> None:
    index = RelatedIndex(SCORED)
    index.add(STORIES)
    fresh = answers(index, [d.id for d in STORIES])
    # The burstiness moves the scores here (so a cf lost on the way would show).
    flat = RelatedIndex(dataclasses.replace(SCORED, name_burstiness=0.0))
    flat.add(STORIES)
    assert answers(flat, [d.id for d in STORIES]) != fresh
    path = tmp_path / "related.npz"
    index.save(path)
    assert set(read_arrays(path)) >= {"cf", "people", "fperson"}
    loaded = RelatedIndex.load(path)
    assert statistics(loaded) == statistics(index)
    assert statistics(index)["@ola berg"] == (4, 9.0, 4)
    assert answers(loaded, [d.id for d in STORIES]) == fresh


@pytest.mark.parametrize("compacted", [False, True])
@pytest.mark.parametrize("gone", ["a", "b"])
def test_removing_a_story_takes_back_its_frequencies_and_types(compacted: bool, gone: str) -> None:
    index = RelatedIndex(SCORED, compact_every=10_000)
    index.add(STORIES)
    if compacted:
        index.compact()
    index.remove([gone])
    without = RelatedIndex(SCORED)
    without.add(d for d in STORIES if d.id != gone)
    assert statistics(index) == statistics(without)
    rest = [d.id for d in STORIES if d.id != gone]
    assert answers(index, rest) == answers(without, rest)
    if gone == "b":  # "jordan" was a person in two stories of four; in two of three now: weighed as one
        assert statistics(index)["@jordan"] == (3, 4.0, 2)


def test_compaction_keeps_cf_right() -> None:
    index = RelatedIndex(SCORED, compact_every=10_000)
    index.add(STORIES[:3])
    index.compact()
    index.add(STORIES[3:])  # in the buffer
    index.remove(["b"])  # from the main segment
    index.compact()
    again = RelatedIndex(SCORED)
    again.add(d for d in STORIES if d.id != "b")
    assert statistics(index) == statistics(again)
    assert len(index._cf) == len(index._terms) == len(index._people)
    rest = [d.id for d in STORIES if d.id != "b"]
    assert answers(index, rest) == answers(again, rest)


def test_a_persons_name_outweighs_a_places_named_as_often() -> None:
    """The query names a person and a place once each; one candidate shares the person, the other (newer, so first
    on a tie) the place, and they are otherwise alike. The person's story comes first, as only its type says."""
    stories = [
        named("q", "Talks at the harbour", "Harbour talks went on late into the evening.", 1.0,
              ("ann lee", "PER", 1), ("molde", "LOC", 1)),
        named("person", "Ferry fares", "Harbour talks about cargo rates and docks.", 2.0, ("ann lee", "PER", 1)),
        named("place", "Ferry fares", "Harbour talks about cargo rates and cranes.", 3.0, ("molde", "LOC", 1)),
    ]  # fmt: skip
    typed = RelatedIndex(SCORED)
    typed.add(stories)
    untyped = RelatedIndex(dataclasses.replace(SCORED, person_weight=1.0))
    untyped.add(stories)
    assert [s.id for s in untyped.related("q")] == ["place", "person"]
    found = typed.related("q")
    assert [s.id for s in found] == ["person", "place"]
    assert found[0].score > found[1].score


LEAD = "harbour ferry trawler quota"  # four terms the query's lead holds
LATE = "glacier tundra lichen walrus"  # four it holds at the end, after more than 30 other terms
FILLER = " ".join(f"w{n}x" for n in range(40))  # 40 terms of the query alone


def test_the_lead_counts_twice() -> None:
    """The query holds four terms in its lead and four far down; one candidate shares the lead's, the other (newer,
    so first on a tie) the late ones, and they are otherwise alike. The lead's candidate comes first."""
    stories = [
        Doc("q", "f", "A long day", f"{LEAD} {FILLER} {LATE}.", 1.0),
        Doc("lead", "f", "News", f"{LEAD} alpha beta.", 2.0),
        Doc("late", "f", "News", f"{LATE} gamma delta.", 3.0),
    ]
    with_lead = RelatedIndex(SCORED)
    with_lead.add(stories)
    without = RelatedIndex(dataclasses.replace(SCORED, lead_terms=0))
    without.add(stories)
    assert [s.id for s in without.related("q")] == ["late", "lead"]
    assert [s.id for s in with_lead.related("q")] == ["lead", "late"]


def test_an_index_saved_before_the_lead_counted_twice_is_built_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    feed = store.add_feed("https://a.example/feed")
    store.save_stories(
        feed.id,
        [
            make_story(feed.id, n, published=float(n), title=d.title, text=d.text)
            for n, d in enumerate(STORIES)
        ],
    )
    RelatedService(store).load_or_build()
    path = index_path(store)
    arrays = read_arrays(path)
    header = header_of(arrays)
    header["analysis"] = 6  # the revision before the lead counted twice
    arrays["cf"] = np.zeros_like(arrays["cf"])  # and statistics no index of today's rules holds
    rewrite_header(path, arrays, header)
    with pytest.raises(ValueError, match="older text analysis"):
        RelatedIndex.load(path)
    index = RelatedService(store).load_or_build()
    assert header_of(read_arrays(path))["analysis"] == ANALYSIS_REVISION != 6
    assert float(index._cf.sum()) > 0
    store.close()
