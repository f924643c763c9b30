"""The second half of a query: pseudo-relevance feedback, and exact re-scoring with the reasons shown.

Split from :mod:`feeds.related.index`, which finds candidates; these functions read its arrays directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from feeds.related import dupes, feed_terms, pool, postings
from feeds.related.analysis import ENTITY_PREFIX, Suggestion
from feeds.related.function_words import hidden_among, is_function_word
from feeds.related.titles import title_similarity
from feeds.related.tokens import as_shown, content_terms, joined_pairs, words
from feeds.related.written import is_date_or_number

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: How many shared terms and entities a suggestion names (strongest first).
SHOWN_TERMS = 6
SHOWN_ENTITIES = 6
#: A shared term that brings less than this part of what the strongest shared term brings to the score is no
#: reason: two short stories that share a headline share it strongly, and "later", once in each body and in
#: most stories of the store, brought 0.08 of it. Long stories share six strong terms or more, so their reasons
#: were unchanged (none of wikiref220's shown terms was cut at 0.1). 0.2 since the lead counts twice
#: (``Params.lead_terms``): a short story's body is all lead, so a body word against a headline word brings
#: about 2.4 times the part it did ("later" 0.18). On wikiref220, 100 of the 1,285 lists shown before and after
#: name fewer than six terms, against 94 before the lead counted twice (79 at 0.1).
MIN_REASON_SHARE = 0.2
#: One shared word is a coincidence, however rare ("Ukraine" in a grain story and a song contest story).
MIN_SHARED = 2


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
    expanded = postings.first_pass(index, terms, weights)
    expanded[slot] = 0.0
    return expanded


def rerank(
    index: RelatedIndex, slot: int, q_terms: np.ndarray, q_w: np.ndarray, cands: np.ndarray, k: int
) -> list[Suggestion]:
    """The best ``k`` of the candidates by exact score, each with its reasons, best first.

    The score is the exact cosine of words and entities with current weights (less the terms both stories' feeds
    say in every story: :mod:`feeds.related.feed_terms`), blended with the likeness of the two titles at
    ``Params.title_share`` (see :mod:`feeds.related.titles`), then corrected for the candidate's focus and by the
    rest of the pool (:func:`feeds.related.pool.correct`); it stays in [0, 1]. A candidate must share
    ``MIN_SHARED`` terms or entities and score ``Params.min_score`` or more, before the pool's corrections and
    after. Ties go to the newer story.
    """
    if len(cands) == 0:
        return []
    terms, w, sizes = index._gather(cands)
    dense = np.zeros(len(index._terms), dtype=np.float32)
    dense[q_terms] = q_w
    contrib = dense[terms] * w
    owner = np.repeat(np.arange(len(cands)), sizes)
    _without_feed_wording(index, slot, cands, terms, owner, contrib)
    scores = np.bincount(owner, weights=contrib, minlength=len(cands)).astype(np.float64)
    shared = np.bincount(owner, weights=contrib > 0, minlength=len(cands))
    share = index.params.title_share
    if share > 0:
        titles = title_similarity(index._titles[slot], [index._titles[c] for c in cands.tolist()])
        scores = (1.0 - share) * scores + share * titles
    # The threshold asks whether a candidate is like the query at all, so it reads the likeness before the pool's
    # corrections: diffusion lends a candidate the scores of its pool neighbours, and the rescaling lifts them all,
    # which put a story sharing two weak words with the query (0.022) at 0.197, shown one way and not the other.
    alike = np.round(scores, 6) >= index.params.min_score
    scores = pool.correct(index.params, scores, dense, terms, w, owner, index._is_entity)
    scores = np.round(scores, 6)
    passing = np.flatnonzero((shared >= MIN_SHARED) & alike & (scores >= index.params.min_score))
    keep = sorted(
        passing.tolist(),
        key=lambda i: (-scores[i], -float(index._published[cands[i]]), index._ids[int(cands[i])]),
    )[:k]
    duplicate = np.zeros(len(cands), dtype=bool)
    if index._has_sig[slot] and keep:
        chosen = cands[keep]
        duplicate[keep] = index._has_sig[chosen] & dupes.same_report(
            index._sigs[slot][None, :],
            index._sigs[chosen],
            index._tsigs[slot][None, :],
            index._tsigs[chosen],
            index._long[slot] & index._long[chosen],
            (index._about(), np.full(len(chosen), slot), chosen),
        )
    ends = np.cumsum(sizes)
    out = []
    for i in keep:
        a, b = int(ends[i] - sizes[i]), int(ends[i])
        names, listed = _reasons(
            index, terms[a:b], contrib[a:b], (index._titles[slot], index._titles[int(cands[i])])
        )
        out.append(
            Suggestion(
                id=index._ids[int(cands[i])],
                score=float(scores[i]),
                shared_entities=names,
                shared_terms=listed,
                duplicate=bool(duplicate[i]),
            )
        )
    return out


def _without_feed_wording(
    index: RelatedIndex,
    slot: int,
    cands: np.ndarray,
    terms: np.ndarray,
    owner: np.ndarray,
    contrib: np.ndarray,
) -> None:
    """Zero, in place, what a term brings to a candidate when both stories' feeds say it in every story
    (:mod:`feeds.related.feed_terms`): no score and no reason."""
    wording = feed_terms.feed_terms(index, slot)
    if not wording:
        return
    ours = np.flatnonzero(np.isin(terms, np.fromiter(wording, dtype=terms.dtype, count=len(wording))))
    feeds = index._feeds
    for at, term, i in zip(ours.tolist(), terms[ours].tolist(), owner[ours].tolist(), strict=True):
        if term in feed_terms.of_feed(index, feeds[int(cands[i])]):
            contrib[at] = 0.0


def _reasons(
    index: RelatedIndex, terms: np.ndarray, contrib: np.ndarray, titles: tuple[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shared entities (display names) and terms of one candidate, strongest contribution first.

    Function words of other languages ("de", "la", "der") are terms like any other, so German or Portuguese
    stories still relate, but they are no reason to show: the next strongest terms are named instead. Nor is a
    term far weaker than the strongest (``MIN_REASON_SHARE``). Numbers and phrases read as the headlines write
    them (:func:`feeds.related.tokens.as_shown`). Dates, numbers and the words of a shared name shown are no
    term reasons (:func:`feeds.related.written.is_date_or_number`); the terms are stems, which the reader and
    ``newsdesk related`` show as the story writes them (:func:`feeds.related.written.as_written`)."""
    shared = np.flatnonzero(contrib > 0)
    shared = shared[np.argsort(-contrib[shared], kind="stable")]
    entities: list[str] = []
    for term_id in terms[shared].tolist():
        term = index._terms[term_id]
        if term.startswith(ENTITY_PREFIX) and len(entities) < SHOWN_ENTITIES:
            key = term[len(ENTITY_PREFIX) :]
            entities.append(index._entity_names.get(key, key))
    named = set(content_terms(words(" ".join(entities)), stemming=index.params.stemming))
    listed: list[str] = []
    hidden = hidden_among([index._terms[t] for t in terms[shared].tolist()])
    strongest = 0.0
    for term_id, part in zip(terms[shared].tolist(), contrib[shared].tolist(), strict=True):
        term = index._terms[term_id]
        if term.startswith(ENTITY_PREFIX) or len(listed) >= 4 * SHOWN_TERMS or is_function_word(term, hidden):
            continue
        strongest = strongest or part
        # A date or a number, or a word of a name already given, still counts in the score but is no reason
        # to show: "2021, october" was most of the reason two stories of different feeds were given, and
        # "Mark Ridley-Thomas" was followed by "ridley", "thoma".
        if part >= MIN_REASON_SHARE * strongest and term not in named and not is_date_or_number(term):
            listed.append(term)  # more than are shown: pairs of Chinese characters join into fewer terms
    return tuple(entities), tuple(
        as_shown(joined_pairs(listed, titles), titles, stemming=index.params.stemming)[:SHOWN_TERMS]
    )
