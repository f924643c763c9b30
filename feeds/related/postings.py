"""The first pass of a query: term-major postings of the main segment, brute force over the buffer.

Split from :mod:`feeds.related.index`, which owns the arrays and keeps them current; these functions read its
arrays directly (as :mod:`feeds.related.scoring` does for the second pass, the exact re-scoring). The first
pass only has to find candidates: it walks half-precision weights computed at the last compaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from feeds.related.analysis import normalise, weigh

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: Most postings one query walks (strongest terms first): about 2 ms of work, whatever the collection.
POSTINGS_BUDGET = 400_000
#: Entries a rebuild works on at a time (see :func:`build`): its temporaries are about 60 bytes an entry, 4 MB at
#: this size (at 1 << 18, 16 MB on top of a first start's whole index, and no faster).
STEP = 1 << 16


def build(index: RelatedIndex, step: int = STEP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term-major postings of the main segment (``pptr``, ``pdocs``, ``pw``), weights from current statistics,
    each story unit length.

    Weights are computed and normalised for a run of whole stories at a time (about ``step`` entries: each
    story's weights depend on its own entries alone, so the result is the same as in one pass), and the
    postings are placed a run at a time too: a rebuild at 50k stories held several full-size float64
    temporaries and an int64 sort order at once (about 250 MB over what it keeps).
    """
    n, fptr, fterms = index._n_main, index._fptr, index._fterms
    term_idf, avg = index._idf(), index._avg_length()
    # A stable counting sort by term, a run of stories at a time: each term's postings in story order, as one
    # stable argsort of the whole forward index gives them, without its 8-byte index per entry. Each run's
    # weights are computed as it is placed, so no full-size array of them is held either.
    counts = np.bincount(fterms, minlength=len(index._terms))
    pptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    del counts
    cursor = pptr[:-1].copy()  # where each term's next posting goes
    pdocs = np.empty(len(fterms), dtype=np.int32)
    pw = np.empty(len(fterms), dtype=np.float16)  # ranking only: reported scores are recomputed exactly
    for start, end in _runs(fptr, n, step):
        a, b = int(fptr[start]), int(fptr[end])
        terms = fterms[a:b]
        sizes = np.diff(fptr[start : end + 1])
        owner = np.repeat(np.arange(end - start, dtype=np.int32), sizes)
        is_entity = index._is_entity[terms]
        weights = weigh(
            index._ftf[a:b], term_idf[terms], index._lengths[start:end][owner], avg, index.params, is_entity
        )
        w = normalise(weights, owner, is_entity, end - start, index.params.entity_share).astype(np.float32)
        del weights, is_entity
        order = np.argsort(terms, kind="stable")
        ranked = terms[order]
        # Rank of each entry among the run's entries of the same term, in story order.
        rank = np.arange(len(ranked)) - np.searchsorted(ranked, ranked, side="left")
        where = cursor[ranked] + rank
        pdocs[where] = (owner + np.int32(start))[order]
        pw[where] = w[order]
        cursor += np.bincount(terms, minlength=len(cursor))
    return pptr, pdocs, pw


def _runs(fptr: np.ndarray, n: int, step: int) -> list[tuple[int, int]]:
    """Runs ``[start, end)`` of whole stories of the main segment holding about ``step`` entries each."""
    runs = []
    start = 0
    while start < n:
        end = min(max(int(np.searchsorted(fptr, fptr[start] + step, side="right")) - 1, start + 1), n)
        runs.append((start, end))
        start = end
    return runs


def _buffer_weights(index: RelatedIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concatenated buffer terms, their unit-normalised weights and owning buffer row (cached per change)."""
    cached = index._cache.get("buffer")
    if cached is None:
        terms, weights, sizes = index._gather(np.arange(index._n_main, len(index._ids)))
        owner = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        cached = (terms, weights, owner)
        index._cache["buffer"] = cached
    assert isinstance(cached, tuple)
    return cached


def first_pass(index: RelatedIndex, q_terms: np.ndarray, q_w: np.ndarray) -> np.ndarray:
    """Approximate cosine of the query with every slot (dead slots 0), walking the strongest query terms."""
    total = len(index._ids)
    scores = np.zeros(total, dtype=np.float64)
    if len(q_terms) > index.params.query_terms:
        strongest = np.argpartition(-q_w, index.params.query_terms)[: index.params.query_terms]
        q_terms, q_w = q_terms[strongest], q_w[strongest]
    if index._n_main:
        in_main = q_terms < len(index._pptr) - 1
        terms, weights = q_terms[in_main], q_w[in_main]
        order = np.argsort(-weights)
        terms, weights = terms[order], weights[order]
        starts = index._pptr[terms]
        lens = index._pptr[terms + 1] - starts
        # Strongest terms first, until the postings budget is spent: bounds the worst case.
        within = (np.cumsum(lens) - lens) < POSTINGS_BUDGET
        starts, lens, weights = starts[within], lens[within], weights[within]
        walked = int(lens.sum())
        if walked:
            pos = np.arange(walked) + np.repeat(starts - np.cumsum(lens) + lens, lens)
            scores[: index._n_main] = np.bincount(
                index._pdocs[pos], weights=index._pw[pos] * np.repeat(weights, lens), minlength=index._n_main
            )
    if total > index._n_main:
        b_terms, b_w, owner = _buffer_weights(index)
        dense = np.zeros(len(index._terms), dtype=np.float32)
        dense[q_terms] = q_w
        scores[index._n_main :] = np.bincount(
            owner, weights=dense[b_terms] * b_w, minlength=total - index._n_main
        )
    scores[~index._alive[:total]] = 0.0
    return scores


def one_per_group(
    ids: list[str], scores: np.ndarray, pool: int, fold: Callable[[str], str | None]
) -> np.ndarray:
    """The ``pool`` best scored slots, one story of a duplicate group at most (its best; ``fold`` gives a story's
    group key), each scoring above zero.

    The report in 300 feeds (syndication, a spammed story) filled the pool with its copies: the sidebar and
    `newsdesk related`, which fold a group into one row, showed that one row and no other related story (any
    report in more copies than the pool holds). The window read widens fourfold until the pool is full of groups
    apart, so 300 copies cost three looks, and a list without copies one, as before."""
    width = pool
    while True:
        top = np.argpartition(-scores, width)[:width] if width < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        kept: list[int] = []
        seen: set[str] = set()
        for slot in top.tolist():
            key = fold(ids[slot]) or ids[slot]
            if key not in seen:
                seen.add(key)
                kept.append(slot)
                if len(kept) == pool:
                    return np.array(kept, dtype=np.int64)
        if width >= len(scores) or len(top) < width:
            return np.array(kept, dtype=np.int64)
        width *= 4
