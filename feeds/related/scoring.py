"""The second half of a query: pseudo-relevance feedback, and exact re-scoring with the reasons shown.

Split from :mod:`feeds.related.index`, which finds candidates; these functions read its arrays directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from feeds.related import dupes
from feeds.related.analysis import ENTITY_PREFIX, Suggestion

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: How many shared terms and entities a suggestion names (strongest first).
SHOWN_TERMS = 6
SHOWN_ENTITIES = 6


def feedback(
    index: RelatedIndex, slot: int, q_terms: np.ndarray, q_w: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """Rocchio pseudo-relevance feedback: add the centroid of the best few neighbours to the query."""
    best = np.argsort(-scores)[: index.params.prf_docs]
    best = best[scores[best] >= index.params.min_score]
    if len(best) == 0:
        return scores
    dense = np.zeros(len(index._terms), dtype=np.float32)
    dense[q_terms] = q_w
    for other in best.tolist():
        terms, w = index._vector(other)
        dense[terms] += index.params.prf_weight * w / len(best)
    terms = np.flatnonzero(dense).astype(np.int32)
    weights = dense[terms] / float(np.linalg.norm(dense[terms]))
    expanded = index._scores(terms, weights)
    expanded[slot] = 0.0
    return expanded


def rerank(
    index: RelatedIndex, slot: int, q_terms: np.ndarray, q_w: np.ndarray, cands: np.ndarray
) -> list[tuple[Suggestion, int]]:
    """Exact cosines of the candidates with current weights, the shared entities and terms that make them
    (strongest first), the duplicate flag, and how many terms and entities each shares in all."""
    terms, w, sizes = index._gather(cands)
    dense = np.zeros(len(index._terms), dtype=np.float32)
    dense[q_terms] = q_w
    contrib = dense[terms] * w
    ends = np.cumsum(sizes)
    duplicate = np.zeros(len(cands), dtype=bool)
    if index._has_sig[slot]:
        duplicate = index._has_sig[cands] & dupes.same_report(
            index._sigs[slot][None, :],
            index._sigs[cands],
            index._tsigs[slot][None, :],
            index._tsigs[cands],
            index._long[slot] & index._long[cands],
        )
    out = []
    for i, cand in enumerate(cands.tolist()):
        a, b = int(ends[i] - sizes[i]), int(ends[i])
        seg = contrib[a:b]
        shared = np.flatnonzero(seg > 0)
        shared = shared[np.argsort(-seg[shared], kind="stable")]
        entities: list[str] = []
        words: list[str] = []
        for term_id in terms[a:b][shared].tolist():
            term = index._terms[term_id]
            if term.startswith(ENTITY_PREFIX):
                if len(entities) < SHOWN_ENTITIES:
                    key = term[len(ENTITY_PREFIX) :]
                    entities.append(index._entity_names.get(key, key))
            elif len(words) < SHOWN_TERMS:
                words.append(term)
        suggestion = Suggestion(
            id=index._ids[cand],
            score=round(float(seg.sum()), 6),
            shared_entities=tuple(entities),
            shared_terms=tuple(words),
            duplicate=bool(duplicate[i]),
        )
        out.append((suggestion, len(shared)))
    return out
