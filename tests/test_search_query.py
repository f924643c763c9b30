"""Search: the query language, parsed forgivingly (every qualifier, malformed input, never raising)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.search import (
    SearchIndex,
    parse_query,
)
from feeds.search.query import QUALIFIERS
from tests.search_known import DAY, MARKS, NOW, known_index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return known_index()


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
        ('person:"Kim Jong Un"', "entity", {"etype": "PER", "words": ("kim", "jong", "un"), "phrase": True}),
        ("person:Kim", "entity", {"etype": "PER", "words": ("kim",), "phrase": False}),
        ('author:"Reporter 3"', "author", {"words": ("reporter", "3"), "phrase": True, "prefix": False}),
        ('feed:"bbc news"', "feed", {"words": ("bbc", "news"), "phrase": True}),
        ("org:NATO", "entity", {"etype": "ORG", "words": ("nato",)}),
        ("place:Zürich", "entity", {"etype": "LOC", "words": ("zurich",)}),
        ("entity:nato", "entity", {"etype": "", "words": ("nato",)}),
        ("is:unread", "is", {"value": "unread"}),
        ("is:read", "is", {"value": "read"}),
        ("is:bookmarked", "is", {"value": "bookmarked"}),
        (
            "after:2026-01-01",
            "after",
            {"when": datetime(2026, 1, 1).timestamp(), "relative": False},  # local midnight
        ),
        ("before:2026-02", "before", {"when": datetime(2026, 2, 1).timestamp()}),
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
    known = parse_query("zzz:x").hints[0]  # near no qualifier ("nope:" is near "note:")
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


def test_a_web_address_is_words_not_an_unknown_qualifier() -> None:
    """`http://...` typed whole read as the qualifier "http:", and the hint said so, naming qualifiers nobody
    typed; it is searched as its words, with no hint."""
    q = parse_query("https://example.org/2026/rail-strike")
    assert q.hints == []
    assert q.atoms[0].words[:3] == ("https", "example", "org")
    assert parse_query("foo:bar").hints  # a real unknown qualifier is still said
