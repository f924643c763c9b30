"""A feed's boilerplate in duplicate groups: wording a feed repeats in story after story is no evidence that two of
its stories are the same report.

Long texts are grouped on their wording alone (:mod:`feeds.related.dupes`), and a feed may end every story with the
same long paragraphs: a company's press releases with 150 words of "About Acme ... forward-looking statements", a
podcast's episodes with its show's blurb, a newsletter with its footer. Two different releases then share most
of their shingles, the MinHash put them at 0.4 or more, and the reader folded them into one row marked ×N, where
all but the first were lost.

The signatures tell the boilerplate apart without the texts. At each of the 128 positions a story's byte is the
minimum over its shingles; for a story that holds the feed's fixed paragraphs, that minimum falls in them as
often as they are a large part of the text, and then the byte is the same in every such story. So a byte value
that :data:`SHARE` or more of a feed's stories show at one position (:data:`MIN_STORIES` at least, a headline
counted once as in :mod:`feeds.related.feed_terms`; chance gives one in 256) is the feed's boilerplate there.

Two stories alike on their whole wording are then measured on their own: the positions where either shows its
feed's boilerplate are set aside, and the share of the others on which they agree estimates the Jaccard of the
wording that is theirs (:func:`own_wording`). That wording must reach :data:`~feeds.related.dupes.DUPLICATE_JACCARD`
as the whole did. When fewer than :data:`MIN_OWN` positions are left, the stories are mostly boilerplate and are
judged as short texts are: their headlines must agree too. The same report carried by two feeds keeps its group
(its own wording is the same, whatever footers the feeds add), and so does an update of a report within one
feed (one more paragraph over the same boilerplate). Boilerplate only takes away: a pair is looked at here only
when its whole wording is alike, so the candidate pairs cost nothing more. Every feed's boilerplate is found at
once, when a pair first needs it, and kept until the index changes: one bincount a position over every story's
signature, for the first :data:`PROBE` positions, then for the feeds that showed some (the benchmark's 50k
stories in 200 feeds, none with boilerplate: 10 ms).

A report a feed lists under :data:`MIN_STORIES` headlines or more, a quarter of all it lists, looks like
boilerplate too; its copies are then judged as short texts, by their headlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from feeds.related import feed_terms

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

SHARE = 0.25
MIN_STORIES = 5
MIN_OWN = 16
PROBE = 16


class Tables(NamedTuple):
    """Every feed's boilerplate as signature bytes: at each position where ``flagged[feed]``, the byte in
    ``values[feed]``; ``of_slot`` is each slot's feed as its row in them."""

    of_slot: np.ndarray
    values: np.ndarray
    flagged: np.ndarray


def tables(index: RelatedIndex) -> Tables:
    """Every feed's boilerplate (see the module docstring), found at once when first asked for and kept in the
    index until it changes. The caller holds the index's lock."""
    found = index._cache.get("boilerplate")
    if found is None:
        found = index._cache["boilerplate"] = _find_all(index)
    assert isinstance(found, Tables)
    return found


def _find_all(index: RelatedIndex) -> Tables:
    """A bincount a signature position over all stories at once, each feed's counts side by side."""
    n = len(index._ids)
    codes, of_slot = feed_terms.feed_codes(index)
    slots = np.flatnonzero(index._alive[:n] & index._has_sig[:n])
    # A headline once per feed: the same set of title words has the same title signature.
    titles = np.ascontiguousarray(index._tsigs[slots]).view(np.uint64)
    with np.errstate(over="ignore"):
        key = titles[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ titles[:, 1]
        key ^= of_slot[slots].astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
    slots = slots[np.unique(key, return_index=True)[1]]
    feed = of_slot[slots].astype(np.int64)
    stories = np.bincount(feed, minlength=len(codes))
    need = np.maximum(MIN_STORIES, SHARE * stories)
    sigs = index._sigs[slots]
    width = sigs.shape[1]
    values = np.zeros((len(codes), width), dtype=np.uint8)
    flagged = np.zeros((len(codes), width), dtype=bool)
    # The first positions tell which feeds have any: boilerplate long enough to matter shows at a good share of
    # positions (three in four for a footer as long as the story's own text), so the other positions are counted only for
    # the feeds that showed some, and a store without boilerplate costs an eighth of counting them all.
    _count(sigs, feed, range(PROBE), need, values, flagged)
    some = np.asarray(flagged.any(axis=1))
    if some.any():
        mine = some[feed]
        _count(sigs[mine], feed[mine], range(PROBE, width), need, values, flagged)
    return Tables(of_slot, values, flagged)


def _count(
    sigs: np.ndarray,
    feed: np.ndarray,
    positions: range,
    need: np.ndarray,
    values: np.ndarray,
    flagged: np.ndarray,
) -> None:
    """At each of ``positions``, each feed's commonest byte over its rows of ``sigs``, and whether as many as
    ``need[feed]`` rows show it; written into ``values`` and ``flagged``."""
    feeds = len(need)
    base = feed * 256
    every = np.arange(feeds)
    for i in positions:
        counts = np.bincount(base + sigs[:, i], minlength=feeds * 256).reshape(feeds, 256)
        values[:, i] = counts.argmax(axis=1)
        flagged[:, i] = counts[every, values[:, i]] >= need


def own_wording(
    sigs_a: np.ndarray,
    sigs_b: np.ndarray,
    rows_a: np.ndarray,
    rows_b: np.ndarray,
    found: Tables,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Row by row, for pairs alike on their whole wording: (alike on their own wording at ``threshold``, too
    little of it to tell). ``sigs_a``/``sigs_b`` are matching rows of signatures, ``rows_a``/``rows_b`` the
    stories' slots. A pair where neither story shows its feed's boilerplate is judged on its whole wording, as
    before."""
    shown = np.zeros(sigs_b.shape, dtype=bool)
    for sigs, rows in ((sigs_a, rows_a), (sigs_b, rows_b)):
        feed = found.of_slot[rows]
        shown |= found.flagged[feed] & (sigs == found.values[feed])
    left = sigs_b.shape[1] - shown.sum(axis=1)
    agree = ((sigs_a == sigs_b) & ~shown).sum(axis=1) / np.maximum(left, 1)
    jaccard = np.clip((agree - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)
    little = left < MIN_OWN
    return (jaccard >= threshold) & ~little, little
