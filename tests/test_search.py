"""Search: results on a known set of stories, ranking and highlighting."""

from __future__ import annotations

import pytest

from feeds.search import (
    SearchIndex,
    highlight_spans,
)
from tests.search_known import MARKS, NOW, STORIES, ListingMarks, Marks, doc, ids, known_index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return known_index()


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


def test_a_quoted_word_matches_that_word_only() -> None:
    """A quoted phrase's words were exact but a quoted single word still took its inflections: "elections" in
    quotes found "election" and "elected" too."""
    ix = SearchIndex()
    ix.add(
        [
            doc("plural", "Elections postponed", "The commission postponed both elections."),
            doc("singular", "Election day", "Voters went to the polls."),
            doc("verb", "Mayor elected", "She was elected on Sunday."),
            doc("typing", "Electoral roll", "The electorate grew."),
        ]
    )
    assert ids(ix, "elections ") == {"plural", "singular"}  # unquoted: its inflections too, as before
    assert ids(ix, '"elections"') == {"plural"}
    assert ids(ix, '"election"') == {"singular"}
    assert ids(ix, '"elected"') == {"verb"}
    assert ids(ix, 'title:"elections"') == {"plural"}
    assert ids(ix, '-"election"') == {"plural", "verb", "typing"}
    assert ids(ix, '"elect') >= {"plural", "singular", "verb", "typing"}  # still being typed: a prefix
    found = ix.search('"elections"', now=NOW)
    assert found.terms == ["elections"]  # what is highlighted: the word, not its inflections


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
