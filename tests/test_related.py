"""The related-stories engine: neighbours across feeds, honest empty lists, duplicate groups, persistence."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from feeds.related import Params, RelatedIndex
from feeds.related.tokens import stem, terms
from tests.related_stories import BY_ID, NOBEL_IDS, PORT_IDS, STORIES, doc
from tests.saved_index import header_of, read_arrays, rewrite_header, write_arrays


@pytest.fixture(params=["buffer", "compacted"])
def index(request: pytest.FixtureRequest) -> RelatedIndex:
    """The stories indexed both ways a live index holds them: in the append buffer, and in the main segment."""
    idx = RelatedIndex(compact_every=10_000)
    idx.add(STORIES)
    if request.param == "compacted":
        idx.compact()
    return idx


def ids(suggestions: list) -> list[str]:
    return [s.id for s in suggestions]


def test_stories_about_one_event_find_each_other(index: RelatedIndex) -> None:
    assert len(index) == len(STORIES)
    for group in (PORT_IDS, NOBEL_IDS):
        for story in group:
            found = ids(index.related(story))
            assert set(found) == group - {story}, (story, found)
            assert story not in found


def test_a_story_with_no_neighbours_gets_an_empty_list(index: RelatedIndex) -> None:
    for story in ("recipe", "probe", "transfer"):
        assert index.related(story) == []
    assert index.related("never-indexed") == []


def test_one_shared_word_is_not_a_relation() -> None:
    idx = RelatedIndex()
    idx.add(
        [
            doc(
                "song",
                "music",
                "Kalush Orchestra wins for Ukraine",
                "The folk rap band took the trophy in Turin.",
            ),
            doc(
                "grain",
                "markets",
                "Ukraine grain ships leave Odesa",
                "Wheat cargoes sailed under a corridor deal.",
            ),
        ]
    )
    assert idx.related("song") == [] and idx.related("grain") == []
    scored = RelatedIndex(Params(min_score=0.0))
    scored.add(
        [doc("a", "f", "Ukraine grain", "Wheat cargoes."), doc("b", "f", "Ukraine grain", "Barley ships.")]
    )
    assert [s.shared_terms for s in scored.related("a")] == [("ukraine grain",)]  # both headlines' phrase


def test_scores_are_ordered_cosines_and_k_is_respected(index: RelatedIndex) -> None:
    result = index.related("port-1", k=2)
    assert len(result) == 2
    assert 1.0 >= result[0].score >= result[1].score >= Params().min_score
    assert index.related("port-1", k=0) == []


def test_reasons_name_the_real_shared_entities_and_terms(index: RelatedIndex) -> None:
    by_id = {s.id: s for s in index.related("port-1")}
    assert set(by_id["port-2"].shared_entities) == {"Rotterdam", "FNV"}
    assert set(by_id["port-3"].shared_entities) == {"Port of Rotterdam", "Rotterdam"}
    assert {"strike", "dock"} <= set(by_id["port-3"].shared_terms)
    nobel = {s.id: s for s in index.related("nobel-3")}
    assert "Maria Santos" in nobel["nobel-1"].shared_entities
    assert "hydrogen" in nobel["nobel-2"].shared_terms
    for suggestion in (*by_id.values(), *nobel.values()):
        assert not suggestion.duplicate
        assert not any(term.startswith("@") for term in suggestion.shared_terms)


def test_exact_and_near_duplicates_group_and_ungroup_after_an_edit() -> None:
    idx = RelatedIndex()
    idx.add(STORIES)
    assert idx.duplicate_groups() == []
    original = BY_ID["port-1"]
    copy = dataclasses.replace(original, id="port-1-copy", feed_id="aggregator", published=100.0)
    update = dataclasses.replace(
        original,
        id="port-1-update",
        published=200.0,
        title="Dock workers strike shuts Port of Rotterdam (updated)",
        text=original.text + " Police said the picket lines were peaceful.",
    )
    idx.add([copy, update])
    assert idx.duplicate_groups() == [["port-1", "port-1-copy", "port-1-update"]]
    assert idx.group_of("port-1-copy") == ["port-1", "port-1-copy", "port-1-update"]
    assert idx.group_of("port-2") == ["port-2"]
    assert idx.group_of("unknown") == []
    flagged = {s.id: s.duplicate for s in idx.related("port-1")}
    assert flagged["port-1-copy"] and flagged["port-1-update"] and not flagged["port-2"]
    # The update is rewritten into a different story: it leaves the group, the exact copy stays.
    rewritten = dataclasses.replace(
        update,
        title="Picket lines stay calm at Rotterdam docks",
        text="Police reported calm picket lines on Tuesday while negotiators met again behind closed doors. The "
        "union said members would vote on any new offer before returning to work.",
    )
    idx.add([rewritten])
    assert len(idx) == len(STORIES) + 2
    assert idx.duplicate_groups() == [["port-1", "port-1-copy"]]
    assert idx.group_of("port-1-update") == ["port-1-update"]
    # ... and an edit of the copy ends the last group.
    idx.add(
        [dataclasses.replace(copy, text="Cranes are moving again at the terminals, the operator said today.")]
    )
    assert idx.duplicate_groups() == []


def test_short_items_never_count_as_duplicates() -> None:
    idx = RelatedIndex()
    idx.add([doc("a", "f1", "Live updates", ""), doc("b", "f2", "Live updates", "")])
    assert idx.duplicate_groups() == []


def test_remove_forgets_a_story_everywhere(index: RelatedIndex) -> None:
    index.remove(["port-2", "not-there"])
    assert len(index) == len(STORIES) - 1
    assert "port-2" not in index
    assert index.related("port-2") == []
    assert set(ids(index.related("port-1"))) == {"port-3", "port-4"}
    index.compact()
    assert set(ids(index.related("port-1"))) == {"port-3", "port-4"}
    index.add([BY_ID["port-2"]])
    assert set(ids(index.related("port-1"))) == PORT_IDS - {"port-1"}


def test_removing_every_story_and_compacting_leaves_an_empty_working_index() -> None:
    idx = RelatedIndex()
    idx.add(STORIES)
    idx.remove([d.id for d in STORIES])
    idx.compact()
    assert len(idx) == 0 and idx.duplicate_groups() == []
    idx.add(STORIES[:2])
    assert ids(idx.related("port-1")) == ["port-2"]


def test_buffer_and_main_segment_agree() -> None:
    buffered = RelatedIndex(compact_every=10_000)
    buffered.add(STORIES)
    compacted = RelatedIndex(compact_every=1)  # compacts on every add, a story at a time
    for story in STORIES:
        compacted.add([story])
    for story in STORIES:
        a, b = buffered.related(story.id), compacted.related(story.id)
        assert ids(a) == ids(b)
        assert [s.score for s in a] == pytest.approx([s.score for s in b], abs=1e-5)


def test_a_buffer_of_many_adds_answers_and_compacts_as_one_add() -> None:
    # Each add is a chunk of its own in the buffer: a story is found in whichever chunk holds it, a removal there
    # is seen, and the compaction keeps the live stories of every chunk.
    one_by_one = RelatedIndex(compact_every=10_000)
    for story in STORIES:
        one_by_one.add([story])
    at_once = RelatedIndex(compact_every=10_000)
    at_once.add(STORIES)
    gone = {STORIES[1].id, STORIES[-2].id}
    for index in (one_by_one, at_once):
        index.remove(gone)
    for story in STORIES:
        a, b = one_by_one.related(story.id), at_once.related(story.id)
        assert ids(a) == ids(b)
        assert [s.score for s in a] == pytest.approx([s.score for s in b], abs=1e-5)
    one_by_one.compact()
    rest = RelatedIndex(compact_every=10_000)
    rest.add([s for s in STORIES if s.id not in gone])
    rest.compact()
    assert sorted(one_by_one.ids()) == sorted(rest.ids())
    for story in STORIES:
        assert ids(one_by_one.related(story.id)) == ids(rest.related(story.id))
        assert one_by_one.group_of(story.id) == rest.group_of(story.id)


def test_extend_takes_stories_as_they_come_and_skips_those_it_has() -> None:
    index = RelatedIndex(compact_every=10_000)
    index.add(STORIES[:3])
    taken: list[str] = []

    def stories():  # a generator: nothing may need the whole list
        for story in STORIES:
            taken.append(story.id)
            yield story

    assert index.extend(stories()) == len(STORIES) - 3
    assert taken == [s.id for s in STORIES]
    assert sorted(index.ids()) == sorted(s.id for s in STORIES)
    whole = RelatedIndex(compact_every=10_000)
    whole.add(STORIES)
    for story in STORIES:
        assert ids(index.related(story.id)) == ids(whole.related(story.id))


def test_extend_that_fails_midway_leaves_the_index_whole() -> None:
    """A story that cannot be read (the store raises as the pass takes it) ends the extend; the stories of the
    unfinished chunk are not half in the index: it answers, compacts, and takes them again later."""
    index = RelatedIndex(compact_every=10_000)
    index.add(STORIES[:2])

    def stories():
        yield from STORIES[2:5]
        raise OSError("a bodies file that cannot be read")

    with pytest.raises(OSError):
        index.extend(stories())
    assert sorted(index.ids()) == sorted(s.id for s in STORIES[:2])
    assert index.extend(iter(STORIES)) == len(STORIES) - 2
    whole = RelatedIndex(compact_every=10_000)
    whole.add(STORIES)
    for story in STORIES:
        assert ids(index.related(story.id)) == ids(whole.related(story.id))
    index.compact()
    whole.compact()
    for story in STORIES:
        assert ids(index.related(story.id)) == ids(whole.related(story.id))


def test_queries_while_another_thread_adds_and_compacts() -> None:
    import threading

    idx = RelatedIndex(compact_every=3)
    idx.add(STORIES)
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for round_ in range(30):
                copies = [dataclasses.replace(d, id=f"{d.id}-{round_}") for d in STORIES[:4]]
                idx.add(copies)
                idx.remove(c.id for c in copies[:2])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    queries = 0
    while not done.is_set() or queries < 50:
        for story in ("port-1", "recipe", "nobel-2"):
            idx.related(story)
            idx.group_of(story)
        queries += 1
    thread.join()
    assert errors == []
    assert len(idx) == len(STORIES) + 30 * 2
    assert idx.related("recipe") == []
    assert set(idx.group_of("port-3")) == {"port-3", *(f"port-3-{r}" for r in range(30))}
    assert idx.group_of("port-1") == ["port-1"]


def test_save_and_load_round_trip(index: RelatedIndex, tmp_path: Path) -> None:
    extra = dataclasses.replace(BY_ID["nobel-1"], id="nobel-1-copy", feed_id="mirror")
    index.add([extra])
    before = {d.id: index.related(d.id) for d in [*STORIES, extra]}
    groups = index.duplicate_groups()
    path = tmp_path / "state" / "related.npz"
    index.save(path)
    assert [p.name for p in path.parent.iterdir()] == ["related.npz"]  # no temporary file left behind
    loaded = RelatedIndex.load(path)
    assert len(loaded) == len(index)
    assert loaded.params == index.params
    assert {d: loaded.related(d) for d in before} == before
    assert loaded.duplicate_groups() == groups == [["nobel-1", "nobel-1-copy"]]
    # The loaded index keeps working incrementally.
    loaded.remove(["port-3"])
    loaded.add([dataclasses.replace(BY_ID["port-3"], id="port-3b")])
    assert "port-3b" in ids(loaded.related("port-1"))
    index.save(path)  # overwriting an existing file works too
    assert len(RelatedIndex.load(path)) == len(index)


def test_loading_something_else_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "related.npz"
    bad.write_bytes(b"not an index")
    with pytest.raises(ValueError, match="not a related-stories index"):
        RelatedIndex.load(bad)


def test_loading_a_damaged_index_is_a_clear_error(tmp_path: Path) -> None:
    idx = RelatedIndex()
    idx.add(STORIES)
    path = tmp_path / "related.npz"
    idx.save(path)
    arrays = read_arrays(path)
    arrays["pdocs"] = arrays["pdocs"] + 1000  # postings pointing past the last story
    write_arrays(path, arrays)
    with pytest.raises(ValueError, match="damaged related-stories index"):
        RelatedIndex.load(path)
    arrays["pdocs"] = arrays["pdocs"].astype(np.float64)
    write_arrays(path, arrays)
    with pytest.raises(ValueError, match="damaged related-stories index"):
        RelatedIndex.load(path)
    header = header_of(arrays)
    header["analysis"] = 0
    rewrite_header(path, arrays, header)
    with pytest.raises(ValueError, match="older text analysis"):
        RelatedIndex.load(path)
    with pytest.raises(ValueError, match="not a related-stories index"):
        RelatedIndex.load(tmp_path / "missing.npz")


def test_light_stemmer_keeps_stems_readable() -> None:
    pairs = {
        "attacks": "attack",
        "killed": "kill",
        "studies": "study",
        "taking": "take",
        "stopped": "stop",
        "paris": "paris",
        "crisis": "crisis",
        "series": "series",
    }
    assert {w: stem(w) for w in pairs} == pairs
    assert terms("The Mayor's STRIKES in Zürich, 2024!") == ["mayor", "strike", "zurich", "2024"]


def test_numbers_contractions_and_lost_characters_make_whole_terms() -> None:
    # A number keeps its separators, and counts by its whole part, as the lone-number rule always meant.
    assert terms("1,000 people, 279.4 million, £2.5bn, a 5.1-inch screen, 1.5 times; 2014,the end") == [
        "1000",
        "people",
        "279.4",
        "million",
        "2.5bn",
        "inch",
        "screen",
        "time",
        "2014",
        "end",
    ]
    # Contractions of function words are function words, however the apostrophe is written.
    assert terms("They're sure we’ll win; I'm told it won't, didn't it?") == ["sure", "win"]
    # U+FFFD, a character a wrongly decoded feed lost, is read as the apostrophe it mostly was.
    assert terms("Greece\ufffds debt: they didn\ufffdt pay") == terms("Greece's debt: they didn't pay")
    assert terms("Greece\ufffds debt: they didn\ufffdt pay") == ["greece", "debt", "pay"]
