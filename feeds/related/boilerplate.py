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
when its whole wording is alike, so the rest of the grouping costs nothing more, and a feed's boilerplate is
found when one of its pairs first needs it (a gather and one bincount over its stories' signatures, under a
millisecond for a feed of 250 stories) and kept until the index changes.

A report a feed lists under :data:`MIN_STORIES` headlines or more, a quarter of all it lists, looks like
boilerplate too; its copies are then judged as short texts, by their headlines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from feeds.related import feed_terms

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

SHARE = 0.25
MIN_STORIES = 5
MIN_OWN = 16


class FeedWording(NamedTuple):
    """A feed's boilerplate as signature bytes: at each position where ``flagged``, the byte in ``values``."""

    values: np.ndarray
    flagged: np.ndarray


Lookup = Callable[[str], "FeedWording | None"]


def of_feed(index: RelatedIndex, feed: str) -> FeedWording | None:
    """The boilerplate of a feed's stories' signatures, or None when it has none (see the module docstring);
    cached in the index until it changes. The caller holds the index's lock."""
    found = index._cache.get("boilerplate")
    if found is None:
        found = index._cache["boilerplate"] = {}
    assert isinstance(found, dict)
    if feed not in found:
        found[feed] = _find(index, feed)
    wording = found[feed]
    assert wording is None or isinstance(wording, FeedWording)
    return wording


def _find(index: RelatedIndex, feed: str) -> FeedWording | None:
    slots = feed_terms._slots_of(index, feed)
    slots = slots[index._has_sig[slots]]
    titles = index._titles
    slots = np.array(list({titles[s].casefold(): s for s in slots.tolist()}.values()), dtype=np.int64)
    if len(slots) < MIN_STORIES:
        return None
    sigs = index._sigs[slots].astype(np.int64)
    sigs += np.arange(sigs.shape[1], dtype=np.int64) * 256
    counts = np.bincount(sigs.ravel(), minlength=sigs.shape[1] * 256).reshape(sigs.shape[1], 256)
    top = counts.max(axis=1)
    flagged = (top >= MIN_STORIES) & (top >= SHARE * len(slots))
    if not flagged.any():
        return None
    return FeedWording(counts.argmax(axis=1).astype(np.uint8), flagged)


def own_wording(
    sigs_a: np.ndarray,
    sigs_b: np.ndarray,
    feeds_a: Sequence[str],
    feeds_b: Sequence[str],
    lookup: Lookup,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Row by row, for pairs alike on their whole wording: (alike on their own wording at ``threshold``, too
    little of it to tell). ``sigs_a``/``sigs_b`` are matching rows of signatures (``sigs_a`` may be one row),
    ``feeds_a``/``feeds_b`` each row's feed. A pair where neither story shows its feed's boilerplate is judged on
    its whole wording, as before."""
    sigs_a = np.broadcast_to(sigs_a, sigs_b.shape)
    codes: dict[str, int] = {}
    code_a = np.fromiter((codes.setdefault(f, len(codes)) for f in feeds_a), np.int64, len(feeds_a))
    code_b = np.fromiter((codes.setdefault(f, len(codes)) for f in feeds_b), np.int64, len(feeds_b))
    values = np.zeros((len(codes), sigs_b.shape[1]), dtype=np.uint8)
    flagged = np.zeros((len(codes), sigs_b.shape[1]), dtype=bool)
    for feed, code in codes.items():
        wording = lookup(feed)
        if wording is not None:
            values[code], flagged[code] = wording.values, wording.flagged
    code_a = np.broadcast_to(code_a, code_b.shape)
    shown = flagged[code_a] & (sigs_a == values[code_a])
    shown |= flagged[code_b] & (sigs_b == values[code_b])
    left = sigs_b.shape[1] - shown.sum(axis=1)
    agree = ((sigs_a == sigs_b) & ~shown).sum(axis=1) / np.maximum(left, 1)
    jaccard = np.clip((agree - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)
    little = left < MIN_OWN
    return (jaccard >= threshold) & ~little, little
