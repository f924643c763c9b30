"""Re-scoring inside the pool of best candidates: how much a candidate is about what the query names, and what
the rest of the pool says about it.

Both corrections run in :func:`feeds.related.scoring.rerank` after the exact cosine and the headline blend, on
the few dozen candidates of the first pass, so they can afford what a scan of the whole index could not.

*Focus.* A cosine is symmetric and counts every shared term, so a story about someone the query only mentions
(a "Michelle Obama" story for one about her husband's childhood), or about the one phone a general story on the
market names, can score as high as a story about the same thing. A story's strongest names say what it is
about: when a candidate's three strongest entities are not named by the query at all, it is probably about
something else. The score is scaled by ``1 - share + share * covered``, ``covered`` being the part of the weight
of those entities that the query names too; with a share of 0.3 an unrelated focus costs 30% of the score.

*Diffusion.* One step of score propagation over the pool's own similarity graph: each candidate's score is
mixed with the scores of the candidates most like it, ``(1 - alpha) * s + alpha * P s`` with ``P`` the pool's
cosines (self excluded) scaled to rows of sum 1. A candidate that agrees with the query's other good neighbours
rises; one that shares a few words with the query and nothing with the rest sinks.

Both lower most scores; :func:`correct` scales the pool back so its best score stays where it was, so they only
reorder and ``Params.min_score`` keeps its meaning. Measured on wikiref220 in :mod:`feeds.related.evaluate` (each
alone and stacked, with what was tried and dropped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from feeds.related.analysis import Params

#: How many of a candidate's strongest entities stand for what it is about.
FOCUS_ENTITIES = 3


def entity_focus(
    q_dense: np.ndarray,
    terms: np.ndarray,
    w: np.ndarray,
    owner: np.ndarray,
    is_entity: np.ndarray,
    n: int,
    top: int = FOCUS_ENTITIES,
) -> np.ndarray:
    """For each of ``n`` candidates, the part of its ``top`` strongest entities' weight the query names too.

    ``q_dense`` is the query's weight per term id; ``terms``, ``w`` and ``owner`` the candidates' concatenated
    vectors (term id, weight, candidate row); ``is_entity`` says which term ids are entities. A candidate with no
    entity gets 1.0: nothing to judge it by.
    """
    ent = np.flatnonzero(is_entity[terms])
    if len(ent) == 0:
        return np.ones(n, dtype=np.float64)
    e_owner, e_w = owner[ent], w[ent].astype(np.float64)
    order = np.lexsort((-e_w, e_owner))
    e_owner, e_w, e_terms = e_owner[order], e_w[order], terms[ent][order]
    first = np.searchsorted(e_owner, e_owner, side="left")
    strongest = (np.arange(len(e_owner)) - first) < top
    mass = np.bincount(e_owner[strongest], weights=e_w[strongest], minlength=n)
    named = q_dense[e_terms[strongest]] > 0
    covered = np.bincount(e_owner[strongest], weights=e_w[strongest] * named, minlength=n)
    return np.where(mass > 0, covered / np.maximum(mass, 1e-12), 1.0)


def diffuse(
    scores: np.ndarray, terms: np.ndarray, w: np.ndarray, owner: np.ndarray, alpha: float
) -> np.ndarray:
    """One step of diffusion of ``scores`` over the candidates' cosines with each other (see the module doc).

    Only terms two or more candidates share can join two of them, so the pool's matrix is built over those
    alone. A candidate that shares nothing with the rest of the pool keeps its score.
    """
    n = len(scores)
    if alpha <= 0 or n < 2 or len(terms) == 0:
        return scores
    _, inv, counts = np.unique(terms, return_inverse=True, return_counts=True)
    shared = counts[inv] >= 2
    columns = np.cumsum(counts >= 2) - 1
    matrix = np.zeros((n, int((counts >= 2).sum())), dtype=np.float32)
    matrix[owner[shared], columns[inv[shared]]] = w[shared]
    sims = (matrix @ matrix.T).astype(np.float64)
    np.fill_diagonal(sims, 0.0)
    totals = sims.sum(axis=1)
    neighbours = np.where(totals > 0, sims @ scores / np.maximum(totals, 1e-12), scores)
    return (1.0 - alpha) * scores + alpha * neighbours


def correct(
    params: Params,
    scores: np.ndarray,
    q_dense: np.ndarray,
    terms: np.ndarray,
    w: np.ndarray,
    owner: np.ndarray,
    is_entity: np.ndarray,
) -> np.ndarray:
    """The pool's scores after focus (when the query names entities) and diffusion, at ``params``' shares.

    Both corrections lower most scores, so the result is scaled to keep the pool's best score where it was:
    the corrections reorder the candidates, and ``Params.min_score`` keeps its meaning (the likeness of a story
    and its best neighbour is what decides whether it has any).
    """
    n = len(scores)
    out = scores
    if params.focus_share > 0 and bool(is_entity[np.flatnonzero(q_dense)].any()):
        covered = entity_focus(q_dense, terms, w, owner, is_entity, n)
        out = out * (1.0 - params.focus_share + params.focus_share * covered)
    out = diffuse(out, terms, w, owner, params.pool_diffusion)
    best, top = float(scores.max(initial=0.0)), float(out.max(initial=0.0))
    return out * (best / top) if top > 0 else out
