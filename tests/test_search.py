"""Search: the query language, results on a known set of stories, ranking, persistence and staleness."""

from __future__ import annotations

import random
import threading
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feeds.search.index as index_mod
from feeds.search import (
    IndexLoadError,
    SearchDoc,
    SearchIndex,
    fingerprint_of,
    highlight_spans,
    parse_query,
)
from feeds.search.query import QUALIFIERS

DAY = 86400.0
T0 = datetime(2026, 1, 10, tzinfo=UTC).timestamp()
NOW = T0 + 10 * DAY


def doc(id: str, title: str, text: str, *, feed: str = "world", days: float = 0.0, author: str = "Desk",
        entities: tuple[tuple[str, str], ...] = ()) -> SearchDoc:  # fmt: skip
    feeds = {
        "world": ("World Desk", ("world", "politics")),
        "swiss": ("Swiss Wire", ("europe",)),
        "tech": ("Tech Daily", ("tech",)),
        "food": ("Kitchen Notes", ("food",)),
    }
    title_, tags = feeds[feed]
    return SearchDoc(id, feed, title_, tags, title, text, author, T0 + days * DAY, entities)


STORIES = [
    doc(
        "kim",
        "Xi Jinping receives Kim Jong Un in Beijing",
        "The two leaders met in Beijing on Tuesday.",
        author="Anna Schmidt",
        entities=(("PER", "Xi Jinping"), ("PER", "Kim Jong Un"), ("LOC", "Beijing")),
    ),
    doc(
        "zurich",
        "Floods hit Zürich old town",
        "Heavy rain flooded the streets; the city council met.",
        feed="swiss",
        days=1,
        author="Jürg Müller",
        entities=(("LOC", "Zürich"), ("ORG", "City Council")),
    ),
    doc(
        "trade",
        "Trade talks resume in Geneva",
        "Negotiators from Washington and Beijing resumed trade talks.",
        feed="swiss",
        days=2,
        entities=(("LOC", "Geneva"), ("LOC", "Washington"), ("LOC", "Beijing")),
    ),
    doc(
        "markets",
        "Markets steady",
        "Analysts said a summit with Kim Jong Un could calm markets.",
        days=3,
        entities=(("PER", "Kim Jong Un"),),
    ),
    doc("split", "Envoys arrive", "Jong said that Kim would come later, officials said.", days=-1),
    doc(
        "elections",
        "Elections postponed in Lagos",
        "The commission postponed both elections.",
        days=-2,
        entities=(("LOC", "Lagos"),),
    ),
    doc(
        "election",
        "Election day in Paris",
        "Voters went to the polls.",
        days=-3,
        entities=(("LOC", "Paris"),),
    ),
    doc(
        "climate",
        "Climate summit opens",
        "Delegates of the United Nations gathered.",
        days=-20,
        entities=(("ORG", "United Nations"),),
    ),
    doc(
        "nato",
        "NATO ministers meet in Brussels",
        "Defence ministers agreed a plan.",
        days=-40,
        author="Reporter 7",
        entities=(("ORG", "NATO"), ("LOC", "Brussels")),
    ),
    doc(
        "chips",
        "Chip exports face new rules",
        "Regulators tightened chip export rules.",
        feed="tech",
        days=-5,
    ),
    doc("pie", "Apple pie recipe", "Bake an apple pie with cinnamon.", feed="food", days=-6),
    doc(
        "juice",
        "Orange juice prices rise",
        "Orange growers blamed frost; apple growers did not.",
        feed="food",
        days=-7,
    ),
    doc("fire-old", "Wildfire season begins", "Crews are on alert.", days=-9),
    doc("fire-new", "Wildfire season begins", "Crews are on alert tonight.", days=-8),  # a hair less relevant
    doc("cjk", "北京欢迎你", "城市新闻", feed="world", days=-10),
]


class Marks:
    """A reader's state: what is read, what is bookmarked (with tags)."""

    def __init__(self, read: AbstractSet[str], bookmarks: dict[str, tuple[str, ...]]) -> None:
        self.read, self.bookmarks = read, bookmarks

    def is_read(self, id: str) -> bool:
        return id in self.read

    def is_bookmarked(self, id: str) -> bool:
        return id in self.bookmarks

    def bookmark_tags(self, id: str) -> tuple[str, ...]:
        return self.bookmarks.get(id, ())


class ListingMarks(Marks):
    """The same, able to list its marks (the fast path)."""

    def read_ids(self) -> AbstractSet[str]:
        return self.read

    def bookmarked_ids(self) -> list[str]:
        return list(self.bookmarks)


MARKS = Marks({"kim", "zurich", "pie"}, {"nato": ("Defence",), "pie": ("recipes",)})


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    ix = SearchIndex()
    ix.add(STORIES)
    return ix


def ids(ix: SearchIndex, query: str, **kw: object) -> set[str]:
    return set(ix.search(query, now=NOW, **kw).ids)  # type: ignore[arg-type]


# -- the parser ------------------------------------------------------------------------------------------------


def test_words_are_anded_and_the_last_is_a_prefix_while_typing() -> None:
    q = parse_query("Kim jo")
    assert [[(a.kind, a.words, a.prefix) for a in g] for g in q.groups] == [
        [("text", ("kim",), False)],
        [("text", ("jo",), True)],
    ]
    assert not parse_query("kim jo ").groups[-1][0].prefix  # a space finishes the word
    assert not parse_query("kim jo", prefix_last=False).groups[-1][0].prefix
    assert not parse_query("-jo").groups[0][0].prefix  # an exclusion being typed excludes only what it says
    assert q.hints == []


def test_phrases_negation_and_or() -> None:
    q = parse_query('"Kim Jong Un" -trump -"state media" a OR b c')
    phrase, neg, neg_phrase, either, c = q.groups
    assert phrase[0].words == ("kim", "jong", "un") and phrase[0].phrase and not phrase[0].prefix
    assert neg[0].negated and neg[0].words == ("trump",)
    assert neg_phrase[0].negated and neg_phrase[0].phrase and neg_phrase[0].words == ("state", "media")
    assert [a.words for a in either] == [("a",), ("b",)]
    assert c[0].words == ("c",)
    assert parse_query("U.S. trade").groups[0][0].phrase  # punctuation-joined words are adjacent words
    assert parse_query("a AND b").groups == parse_query("a b").groups


@pytest.mark.parametrize(
    ("text", "kind", "extra"),
    [
        ("title:Summit", "title", {"words": ("summit",)}),
        ("feed:bbc", "feed", {"words": ("bbc",)}),
        ("author:Müller", "author", {"words": ("muller",)}),
        ("tag:tech", "tag", {"words": ("tech",)}),
        ('person:"Kim Jong Un"', "entity", {"etype": "PER", "words": ("kim", "jong", "un")}),
        ("org:NATO", "entity", {"etype": "ORG", "words": ("nato",)}),
        ("place:Zürich", "entity", {"etype": "LOC", "words": ("zurich",)}),
        ("entity:nato", "entity", {"etype": "", "words": ("nato",)}),
        ("is:unread", "is", {"value": "unread"}),
        ("is:read", "is", {"value": "read"}),
        ("is:bookmarked", "is", {"value": "bookmarked"}),
        (
            "after:2026-01-01",
            "after",
            {"when": datetime(2026, 1, 1, tzinfo=UTC).timestamp(), "relative": False},
        ),
        ("before:2026-02", "before", {"when": datetime(2026, 2, 1, tzinfo=UTC).timestamp()}),
        ("after:12h", "after", {"when": 12 * 3600.0, "relative": True}),
        ("after:7d", "after", {"when": 7 * DAY, "relative": True}),
        ("after:2w", "after", {"when": 14 * DAY, "relative": True}),
        ("before:3m", "before", {"when": 90 * DAY, "relative": True}),
        ("after:1y", "after", {"when": 365 * DAY, "relative": True}),
    ],
)
def test_every_qualifier(text: str, kind: str, extra: dict[str, object]) -> None:
    q = parse_query(text + " ")
    assert q.hints == []
    (atom,) = q.atoms
    assert atom.kind == kind
    for name, value in extra.items():
        assert getattr(atom, name) == value
    assert parse_query("-" + text).atoms[0].negated


def test_relative_dates_count_back_from_now() -> None:
    (atom,) = parse_query("after:7d").atoms
    assert atom.cutoff(NOW) == NOW - 7 * DAY


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('"kim jong', "unclosed quote"),
        ("foo:bar", "unknown qualifier 'foo:'; known: title:"),
        ("after:2026-13-01", "bad date in after:2026-13-01"),
        ("before:soon", "bad date in before:soon"),
        ("kim - jong", "lone '-'"),
        ("kim OR", "OR at the end"),
        ("OR kim", "OR needs a term on each side"),
        ("kim feed: x", "feed: needs a value"),
        ("is:happy", "unknown is:happy"),
        ('person:"Kim', "unclosed quote in person:"),
    ],
)
def test_malformed_queries_give_hints_and_a_usable_query(text: str, hint: str) -> None:
    q = parse_query(text)
    assert any(hint in h for h in q.hints), q.hints
    assert all(isinstance(h, str) for h in q.hints)


def test_malformed_parts_degrade_sensibly() -> None:
    assert parse_query('"kim jong').atoms[0].phrase and parse_query('"kim jong').atoms[0].prefix
    assert parse_query("foo:bar").atoms[0].words == ("foo", "bar")  # searched as the words typed
    assert [a.words for a in parse_query("kim OR").atoms] == [("kim",)]
    assert parse_query("after:2026-13-01 kim").atoms[0].words == ("kim",)
    known = parse_query("nope:x").hints[0]
    assert all(f"{name}:" in known for name in QUALIFIERS)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_never_raises(text: str) -> None:
    q = parse_query(text)
    assert isinstance(q.hints, list)


_PIECES = st.sampled_from(
    ['"', "-", "OR", " ", ":", "title:", "is:", "after:", "7d", "2026-01-0", "kim", "ü", "é", "北"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_search_never_raises_on_query_fragments(index: SearchIndex, text: str) -> None:
    result = index.search(text, state=MARKS, now=NOW)
    assert result.total >= len(result.ids)


# -- results on known stories ----------------------------------------------------------------------------------


def test_and_phrase_exclusion_or(index: SearchIndex) -> None:
    assert ids(index, "kim beijing ") == {"kim"}
    assert ids(index, "kim ") == {"kim", "markets", "split"}
    assert ids(index, '"kim jong"') == {"kim", "markets"}  # "split" has both words, not adjacent
    assert ids(index, '"jong kim"') == set()
    assert ids(index, "kim -beijing") == {"markets", "split"}
    assert ids(index, 'kim -"jong un"') == {"split"}
    assert ids(index, "pie OR juice") == {"pie", "juice"}
    assert ids(index, "apple OR orange growers") == {"juice"}
    assert ids(index, "apple -is:read", state=MARKS) == {"juice"}


def test_prefix_while_typing_and_accents(index: SearchIndex) -> None:
    assert ids(index, "zur") == {"zurich"}
    assert ids(index, "zurich") == {"zurich"}
    assert ids(index, "ZÜRICH") == {"zurich"}
    assert ids(index, "kim j") == {"kim", "markets", "split"}
    assert ids(index, '"kim jo') == {"kim", "markets"}
    assert ids(index, "wildf") == {"fire-old", "fire-new"}
    assert ids(index, "北京") == {"cjk"}  # ideographs are one word each: a run is a phrase


def test_a_one_letter_word_waits_for_its_second_letter(index: SearchIndex) -> None:
    assert index.search("kim j", now=NOW).ids == index.search("kim ", now=NOW).ids
    assert ids(index, '"kim jong u') == ids(index, '"kim jong"') == {"kim", "markets"}
    assert ids(index, "pie OR j") == {"pie"}
    assert ids(index, "k") >= {"kim", "markets", "split"}  # alone, it is searched
    assert ids(index, "kim jo") == {"kim", "markets", "split"}


def test_finished_words_match_plurals_and_inflections(index: SearchIndex) -> None:
    assert ids(index, "election ") == {"elections", "election"}
    assert ids(index, "elections ") == {"elections", "election"}
    assert ids(index, "flood ") == {"zurich"}  # "floods", "flooded"
    assert ids(index, '"election day"') == {"election"}
    ix = SearchIndex()
    ix.add([doc("thing", "A thing", "Nothing new."), doc("the", "The end", "News of the day.")])
    assert ids(ix, "the ") == {"the"} and ids(ix, "new ") == {"thing"}  # short words match only themselves


def test_field_qualifiers(index: SearchIndex) -> None:
    assert ids(index, "title:kim") == {"kim"}
    assert ids(index, 'title:"kim jong"') == {"kim"}
    assert ids(index, "feed:swiss") == {"zurich", "trade"}
    assert ids(index, "feed:tech") == {"chips"}  # by title word
    assert ids(index, "feed:food") == {"pie", "juice"}  # by feed id
    assert ids(index, "author:muller") == {"zurich"}
    assert ids(index, 'author:"reporter 7"') == {"nato"}
    assert ids(index, "tag:europe") == {"zurich", "trade"}
    assert ids(index, "tag:defence", state=MARKS) == {"nato"}  # a bookmark's tag
    assert ids(index, "tag:recipes", state=ListingMarks(MARKS.read, MARKS.bookmarks)) == {"pie"}
    assert ids(index, "-tag:world -tag:food -tag:europe") == {"chips"}


def test_entity_qualifiers(index: SearchIndex) -> None:
    assert ids(index, "person:kim") == {"kim", "markets"}
    assert ids(index, 'person:"Kim Jong Un"') == {"kim", "markets"}
    assert ids(index, "person:jinping") == {"kim"}  # any word of the name, as a prefix
    assert ids(index, "person:beijing") == set()  # a place, not a person
    assert ids(index, "place:beijing") == {"kim", "trade"}
    assert ids(index, "place:zur") == {"zurich"}
    assert ids(index, "org:nato") == {"nato"}
    assert ids(index, "org:united") == {"climate"}
    assert ids(index, "entity:nato") == {"nato"}
    assert ids(index, "entity:geneva") == {"trade"}
    assert "kim jong un" in index.search("person:kim", now=NOW).terms


@pytest.mark.parametrize("state", [MARKS, ListingMarks(MARKS.read, MARKS.bookmarks)])
def test_reading_state(index: SearchIndex, state: Marks) -> None:
    assert ids(index, "is:read", state=state) == {"kim", "zurich", "pie"}
    assert ids(index, "is:unread kim", state=state) == {"markets", "split"}
    assert ids(index, "is:bookmarked", state=state) == {"nato", "pie"}
    assert ids(index, "-is:bookmarked apple", state=state) == {"juice"}
    assert ids(index, "is:read OR is:bookmarked", state=state) == {"kim", "zurich", "pie", "nato"}
    assert len(ids(index, "is:unread")) == len(STORIES)  # no state: nothing is read


def test_frozen_mark_snapshots_are_reused_until_they_or_the_index_change() -> None:
    ix = SearchIndex()
    ix.add(STORIES)
    state = ListingMarks(frozenset({"kim"}), {})
    assert ids(ix, "is:read", state=state) == {"kim"}
    assert ids(ix, "is:read kim", state=state) == {"kim"}  # the cached mask
    state.read = frozenset({"kim", "split"})
    assert ids(ix, "is:read", state=state) == {"kim", "split"}
    ix.remove(["split"])
    assert ids(ix, "is:read", state=state) == {"kim"}
    ix.add([doc("split", "Back again", "Text.")])
    assert ids(ix, "is:read", state=state) == {"kim", "split"}


def test_date_ranges(index: SearchIndex) -> None:
    assert ids(index, "after:2026-01-11") == {"zurich", "trade", "markets"}
    assert ids(index, "before:2026-01-01") == {"climate", "nato", "cjk"}
    assert ids(index, "after:2026-01-01 before:2026-01-05") == {"fire-old", "fire-new", "juice", "pie"}
    assert ids(index, "after:8d") == {"trade", "markets"}  # NOW is T0 + 10 days
    assert ids(index, "before:45d") == {"nato"}
    assert ids(index, "summit before:2w") == {"climate"}


def test_empty_query_limit_and_total(index: SearchIndex) -> None:
    everything = index.search("", now=NOW)
    assert everything.total == len(STORIES) and everything.ids[0] == "markets"  # newest first
    limited = index.search("", limit=3, now=NOW)
    assert limited.total == len(STORIES) and limited.ids == everything.ids[:3]
    assert index.search("nothingmatcheshere", now=NOW).total == 0
    assert len(index) == len(STORIES)


# -- ranking and highlighting ----------------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(index: SearchIndex) -> None:
    ranked = index.search("kim ", now=NOW).ids
    assert ranked[0] == "kim"  # the oldest of the three, but the only title match
    assert index.search("apple ", now=NOW).ids == ["pie", "juice"]
    assert index.search('"kim jong"', now=NOW).ids == ["kim", "markets"]  # phrases too


def test_recency_breaks_ties_and_date_sort(index: SearchIndex) -> None:
    result = index.search("wildfire ", now=NOW)
    assert result.ids == ["fire-new", "fire-old"]  # within 2% of each other: the newer first
    by_date = index.search("kim ", sort="date", now=NOW).ids
    assert by_date == ["markets", "kim", "split"]


def test_highlight_spans_point_into_the_original_text() -> None:
    text = "Floods in ZÜRICH: Zurich's Café reopened. Kim Jong Un, kim jong-un."
    spans = highlight_spans(text, ["zurich"])
    assert [text[a:b] for a, b in spans] == ["ZÜRICH", "Zurich"]
    assert [text[a:b] for a, b in highlight_spans(text, ["kim jong"])] == ["Kim Jong", "kim jong"]
    assert [text[a:b] for a, b in highlight_spans(text, ["cafe", "reo*"])] == ["Café", "reopened"]
    decomposed = "Zu\u0308rich"
    assert highlight_spans(decomposed, ["zurich"]) == [(0, len(decomposed))]
    assert highlight_spans(text, []) == []


def test_result_terms_highlight_what_matched(index: SearchIndex) -> None:
    result = index.search("flood zur", now=NOW)
    assert set(result.terms) >= {"floods", "flooded", "zurich"}
    story = STORIES[1]
    assert [story.title[a:b] for a, b in result.highlight(story.title)] == ["Floods", "Zürich"]
    assert index.search('"kim jo', now=NOW).terms == ["kim jo*"]


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
