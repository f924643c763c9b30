"""A feed's own wording: the terms nearly every story of one feed holds, which say nothing about any of them.

A feed adds the same lines to every story: Al Jazeera English's YouTube feed ends each video's text with "Follow
us on Twitter: https://twitter.com/AJEnglish/ - Find us on Facebook - Check our website", Ars Technica's with
"Read full article / Comments", the Guardian's with "Continue reading...", NPR's picture credits with "Image
credit", a Google News feed's headlines with " - Reuters". Between two stories of that feed those terms are no
evidence: a video on carbon capture was related to one on hunger in Tigray at 0.178, for "http, twitter,
facebook, jazeera, www, aljazeera", and Reuters' Putin story to its Prince Harry story "for Reuters".

So a term held by :data:`SHARE` or more of a feed's stories (:data:`MIN_STORIES` of them at least, a headline
counted once) is that feed's wording, and so is a name the tagger found in most of them written in those words
alone ("Reuters"). Between two stories that both say it as their feed's wording (two stories of one feed, or of
two feeds of one site that sign off alike: "The post ... appeared first on The Herald") it brings nothing to the
score and is no reason (:func:`feeds.related.scoring.rerank`). On the 26 shared feeds only footers, sign-offs and one feed's dateline
("October 2021") reach 0.9; at 0.8 a feed about one subject (BBC Urdu's, on American aid to Pakistan) gave its
subject's names too. Otherwise the terms count as before: a story from elsewhere about Twitter or Reuters may well
be about the same thing, and a feed all about one subject still meets other feeds' stories on it.

The candidates are still found with every term (:mod:`feeds.related.postings`): a feed's wording is taken out of
the 32 it finds, so a story of a long templated feed may be shown fewer stories, never wrong ones. A feed's wording
is found when a query first needs it, from its stories' rows, and kept until the index changes: 0.5 ms a feed of
250 stories, 100 ms for all 200 feeds of the benchmark's 50k.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from feeds.related import tokens
from feeds.related.analysis import ENTITY_PREFIX
from feeds.related.tokens import content_terms

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

SHARE = 0.9
MIN_STORIES = 5


def feed_terms(index: RelatedIndex, slot: int) -> frozenset[int]:
    """The term ids of the wording shared by nearly every story of ``slot``'s feed (see the module docstring);
    cached in the index until it changes. The caller holds the index's lock."""
    return of_feed(index, index._feeds[slot])


def of_feed(index: RelatedIndex, feed: str) -> frozenset[int]:
    """:func:`feed_terms` of a feed by its id."""
    found = index._cache.get("feed_terms")
    if found is None:
        found = index._cache["feed_terms"] = {}
    assert isinstance(found, dict)
    terms = found.get(feed)
    if terms is None:
        terms = found[feed] = _held_by_most(index, _slots_of(index, feed))
    assert isinstance(terms, frozenset)
    return terms


def _slots_of(index: RelatedIndex, feed: str) -> np.ndarray:
    """A feed's live slots. Each slot's feed as a number is found once per change of the index (50k stories:
    a few milliseconds), then a feed's slots are one comparison over that array."""
    codes, of_slot = feed_codes(index)
    code = codes.get(feed)
    if code is None:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero((of_slot == code) & index._alive[: len(of_slot)])


def feed_codes(index: RelatedIndex) -> tuple[dict[str, int], np.ndarray]:
    """Each feed's number, and each slot's feed as that number; cached in the index until it changes."""
    cached = index._cache.get("feed_codes")
    if cached is None:
        codes: dict[str, int] = {}
        feeds = index._feeds
        of_slot = np.fromiter(
            (codes.setdefault(f, len(codes)) for f in feeds), dtype=np.int32, count=len(feeds)
        )
        cached = index._cache["feed_codes"] = (codes, of_slot)
    assert isinstance(cached, tuple)
    return cached


def _held_by_most(index: RelatedIndex, slots: np.ndarray) -> frozenset[int]:
    """The terms held by :data:`SHARE` of ``slots`` under different headlines, and the names written in those
    words alone. A headline counts once: a feed listing one report ten times (a spammed story) holds its words
    ten times, and they are that report's, not the feed's (its copies were related to nothing, not even their
    own group)."""
    titles = index._titles
    slots = np.array(list({titles[s].casefold(): s for s in slots.tolist()}.values()), dtype=np.int64)
    if len(slots) < MIN_STORIES:
        return frozenset()
    held = np.bincount(_rows(index, slots))
    common = np.flatnonzero(held >= 0.5 * len(slots))
    is_entity = index._is_entity[common]
    most = held[common] >= SHARE * len(slots)
    found = set(common[most].tolist())
    words = {index._terms[t] for t in common[most & ~is_entity].tolist()}
    if words:
        # A name the tagger found in most stories but not all ("Reuters" in 85% of a feed whose every headline
        # ends " - Reuters") is the feed's wording when its words are.
        for t in common[~most & is_entity].tolist():
            name = content_terms(tokens.words(index._terms[t][len(ENTITY_PREFIX) :]))
            if name and all(term in words for term in name):
                found.add(t)
    return frozenset(found)


def _rows(index: RelatedIndex, slots: np.ndarray) -> np.ndarray:
    """The term ids of the stories at ``slots``, concatenated: the main segment's rows gathered at once."""
    main = slots[slots < index._n_main]
    starts, ends = index._fptr[main], index._fptr[main + 1]
    sizes = ends - starts
    at = np.repeat(starts - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes) + np.arange(int(sizes.sum()))
    rest = [index._forward(s)[0] for s in slots[slots >= index._n_main].tolist()]
    return np.concatenate([index._fterms[at], *rest]) if rest else index._fterms[at]
