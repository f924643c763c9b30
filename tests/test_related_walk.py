"""What a user walk through a four-story store found in the related stories and their reasons: two stories about
one pledge, and two about nothing else here that share a weak word or two with them."""

from __future__ import annotations

import pytest

from feeds.related import RelatedIndex
from feeds.related.tokens import as_shown, stem
from tests.related_stories import doc

STORIES = [
    doc("homes-1", "wire", "Prime minister pledges 1,000 new homes for flood victims",
        "The prime minister said on Tuesday that 1,000 new homes would be built for families whose houses were "
        "destroyed by the floods. Work will begin later this year, the government said."),
    doc("homes-2", "daily", "Flood victims to get 1,000 homes, prime minister says",
        "Those who lost theirs in the floods will be offered 1,000 new ones, the prime minister announced. "
        "Details will follow later."),
    doc("football", "sport", "Football club signs striker for record fee",
        "The club confirmed the signing of the striker later on Monday for a fee said to be a record."),
    doc("rates", "markets", "Central bank holds interest rates",
        "The central bank left interest rates unchanged, saying inflation would fall later in the year."),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> RelatedIndex:
    idx = RelatedIndex()
    idx.add(STORIES)
    return idx


def test_a_story_is_listed_one_way_only_when_it_is_like_the_query(index: RelatedIndex) -> None:
    """The rates story shares "later" and "year" with the pledge (a cosine of 0.022): it was listed under the pledge
    at 0.197, lifted past the threshold by the pool's diffusion (the other pledge story, which it shares "later"
    with, lent it its score), while the rates story itself said "No related stories"."""
    listed = {s.id: [r.id for r in index.related(s.id)] for s in STORIES}
    assert listed == {"homes-1": ["homes-2"], "homes-2": ["homes-1"], "football": [], "rates": []}


def test_reasons_read_as_the_stories_write_them(index: RelatedIndex) -> None:
    """They read "(shares prime, minister, 1000, home, flood, victim)": the number as its term (separators
    removed so that "1,000" and "1000" meet) and one office as two words. A bare number is no longer listed at
    all (it still counts in the score): see tests/test_related_reasons_words.py."""
    [found] = index.related("homes-1")
    assert found.shared_terms[:2] == ("prime minister", "flood victims"), found.shared_terms
    assert "1,000" not in found.shared_terms and "1000" not in found.shared_terms


def test_a_weak_shared_word_is_no_reason(index: RelatedIndex) -> None:
    """ "later", once in each body and in every story of the store, brings a tiny part of what the headline words
    bring: it was named beside them."""
    [found] = index.related("homes-2")
    assert "later" not in found.shared_terms, found.shared_terms
    assert {"prime minister", "home", "flood victims"} <= set(found.shared_terms)


def test_a_number_no_headline_holds_reads_as_english_news_writes_it() -> None:
    """Found only in the bodies, "1000" reads "1,000" and "12500" "12,500"; a year stays a year, a decimal as
    it is; a headline's own way wins ("1000 homes")."""
    titles = ("Storm in 2024", "A storm")
    assert as_shown(["1000", "12500", "2024", "279.4"], titles) == ["1,000", "12,500", "2024", "279.4"]
    assert as_shown(["1000", "home"], ("1000 homes to be built", "Homes")) == ["1000", "home"]


def test_a_phrase_is_one_both_headlines_write_and_stops_at_punctuation() -> None:
    """Next to each other in one headline is often no phrase ("homes prime", "war reaches")."""
    titles = ("Flood victims to get homes, prime minister says", "Prime minister: homes for flood victims")
    assert as_shown(["minister", "home", "prime", "victim", "flood"], titles) == [
        "prime minister",
        "home",
        "flood victims",
    ]
    assert as_shown(["war", "reach"], ("War reaches the town", "The town the war has reached")) == [
        "war",
        "reach",
    ]


def test_a_word_ending_in_ily_keeps_its_ending() -> None:
    """The reasons of two stories about families said "fami": "-ly" was taken off "family" (and "families", made
    "family" first), and "easily" was "easi", stems that are no word. An adverb in "-ly" still loses it."""
    assert [stem(w) for w in ("families", "family", "easily", "quickly")] == [
        "family",
        "family",
        "easily",
        "quick",
    ]
