"""The first pass of a query: term-major postings of the main segment, brute force over the buffer.

Split from :mod:`feeds.related.index`, which owns the arrays and keeps them current; these functions read its
arrays directly (as :mod:`feeds.related.scoring` does for the second pass, the exact re-scoring). The first
pass only has to find candidates: it walks half-precision weights computed at the last compaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from feeds.related.analysis import normalise, weigh

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: Most postings one query walks (strongest terms first): about 2 ms of work, whatever the collection.
POSTINGS_BUDGET = 400_000


def build(index: RelatedIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term-major postings of the main segment (``pptr``, ``pdocs``, ``pw``), weights from current statistics,
    each story unit length.

    Weights are computed a million entries at a time so a rebuild at 50k stories does not hold several
    full-size temporaries at once.
    """
    n = index._n_main
    owner = np.repeat(np.arange(n, dtype=np.int32), np.diff(index._fptr))
    w = np.empty(len(index._fterms), dtype=np.float32)
    term_idf, avg = index._idf(), index._avg_length()
    for a in range(0, len(w), 1 << 20):
        terms = index._fterms[a : a + (1 << 20)]
        w[a : a + len(terms)] = weigh(
            index._ftf[a : a + len(terms)],
            term_idf[terms],
            index._lengths[owner[a : a + len(terms)]],
            avg,
            index.params,
            index._is_entity[terms],
        )
    w = normalise(w, owner, index._is_entity[index._fterms], n, index.params.entity_share)
    order = np.argsort(index._fterms, kind="stable")
    pdocs = owner[order]
    pw = w[order].astype(np.float16)  # ranking only: reported scores are recomputed exactly
    del order, owner, w
    counts = np.bincount(index._fterms, minlength=len(index._terms))
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), pdocs, pw


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
