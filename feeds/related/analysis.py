"""From a story to a weighted bag of terms: the knobs of the similarity and the one place they are applied.

A story becomes raw term frequencies (title words counted ``title_boost`` times, optional bigrams, entity keys
as ``@key`` terms) when it is added. Weights need the collection's document frequencies, which change as
stories arrive, so :func:`weigh` turns frequencies into weights late, from whatever statistics are current.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np

from feeds.related.tokens import bigrams, content_terms

#: Bump when tokenising, stemming or weighting changes: a saved index built by older rules is then refused on
#: load (ValueError) and rebuilt, instead of mixing two vocabularies.
#: 7: the first ``Params.lead_terms`` content terms of the text count twice (analyse_words);
#: 6: numbers whole ("1,000"), U+FFFD read as an apostrophe, contractions of stop words dropped, "-ily" kept
#: ("family", not "fami") (tokens.py);
#: 5: dotless ı folds to i (feeds.text.fold); 4: Chinese and Japanese as character pairs
ANALYSIS_REVISION = 7

#: Prefix that marks an entity key in the vocabulary; no word can start with it (words are letters and digits).
ENTITY_PREFIX = "@"


@dataclass(frozen=True, slots=True)
class Doc:
    """What the index needs of a story. ``entity_names`` maps an entity key to the name shown to a reader,
    ``entity_types`` to the type the story gives it ("PER", "ORG", "LOC" or "MISC"; see ``Params.person_weight``).
    """

    id: str
    feed_id: str
    title: str
    text: str
    published: float
    entity_keys: tuple[str, ...] = ()
    entity_names: dict[str, str] | None = None
    entity_types: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A related story, its ``score`` in [0, 1] (see ``scoring.rerank``), and why: shared entities (display names)
    and terms.
    """

    id: str
    score: float
    shared_entities: tuple[str, ...]
    shared_terms: tuple[str, ...]
    duplicate: bool


@dataclass(frozen=True, slots=True)
class Params:
    """How similarity is computed. The defaults are the variant chosen on wikiref220 (see evaluate.py).

    ``max_terms`` keeps only a story's highest-weighted terms: it bounds memory (12 bytes a term a story) and
    query time on long articles, for 0.006 of P@5 on wikiref220's long articles (0.908 -> 0.902, one or two
    hits); most news stories have fewer distinct terms anyway. ``query_terms`` likewise caps how many postings
    lists one query walks.

    ``min_score`` is the score below which a neighbour is not shown at all. On wikiref220 the best "neighbour"
    of each story that has none (a label of one article) scores 0.044-0.077, and 0.097 for one: a "Wall Street"
    story whose best match is another story naming Wall Street in its headline, found since headlines in Title
    Case are tagged properly (see :mod:`feeds.entities.recase`); the right suggestions in the top 8 have a median
    of 0.21. At 0.1, 95% of the right suggestions stay and 42% of the wrong ones, and the 5 lonely stories get
    an empty list (4 of 5 while that one scored 0.102, before numbers were read whole: the terms its 128 kept
    moved). The threshold was not moved for that one, either way: it is a judgement on how alike two stories
    are, not a fit to one file's labels. Besides the score, a neighbour
    must share two or more terms or entities (see ``scoring.MIN_SHARED``): one shared word, however rare, is a
    coincidence.

    ``entity_share`` blends two similarities instead of pooling entities with words: a story's word weights and
    its entity weights are each scaled to unit length, then to ``1 - share`` and ``share`` of its squared
    length, so the cosine of two stories is ``(1 - share) * words_cosine + share * entities_cosine``. Pooled,
    a long article's few names drown in its hundreds of words; blended, the names count for what they are, the
    strongest evidence of the same event. A story with no entities (or no words) keeps its one part whole.
    ``None`` pools them as one vector (the earlier rule, kept for comparison). 0.2 was chosen for robustness,
    not for the best figure on one file: on wikiref220 a share of 0.5 scores higher (P@5 0.917 against 0.910)
    but loses 0.023 on one half of the labels evaluated alone (where no big cluster sits beside the small
    ones, and noisy names pull "smartphone" stories astray); 0.2 is within one hit of the pooled rule or better
    on every half tried (``python -m feeds.related.evaluate FILE --halves``).

    ``title_share`` blends in the likeness of the two headlines (character grams, :mod:`feeds.related.titles`)
    when the best candidates are re-scored: the score is ``(1 - share) * cosine + share * title_cosine``, still
    in [0, 1], and ``min_score`` applies to it. At 0.2, P@5 on wikiref220 goes from 0.910 to 0.919 and every
    half holds or gains (0.906 -> 0.918 on one); 0.15 to 0.3 score alike. 0 turns it off.

    ``focus_share`` and ``pool_diffusion`` correct the re-ranked scores (:mod:`feeds.related.pool`): a candidate
    whose three strongest entities the query does not name loses up to ``focus_share`` of its score (skipped
    when the query has no entities), then each score is mixed at ``pool_diffusion`` with the scores of the
    candidates most like it. Together, at 0.3 each, P@5 on wikiref220 goes from 0.919 to 0.925, no half of the
    labels loses, and 12 of 24 random halves gain against 1 that loses a hit. 0 turns either off.

    ``lead_terms``, ``name_burstiness`` and ``person_weight`` (session 13; TRIED.md, "Stacking the steady rows"):
    the first ``lead_terms`` content terms of the text count twice (news leads carry the story); a name's idf is
    multiplied by ``1 + name_burstiness * log(cf / df)``, ``cf`` its count over the stories that hold it, so a
    name the stories that name it repeat (their subject) weighs more than one named once in passing; and a name
    most of the stories holding it give as a person weighs ``person_weight`` times as much (places and
    organisations unchanged). Words keep their idf. Together, P@5 on wikiref220 0.925 -> 0.928, and 16 of 24 random
    halves gain against 2 that lose (17 and 1 with seed 11). 0, 0 and 1 turn them off.
    """

    scheme: Literal["tfidf", "bm25"] = "tfidf"
    sublinear: bool = True
    k1: float = 1.2
    b: float = 0.75
    title_boost: float = 3.0
    bigrams: bool = False
    stemming: bool = True
    stop_words: bool = True
    entity_weight: float = 1.0
    entity_share: float | None = 0.2
    title_share: float = 0.2
    focus_share: float = 0.3
    pool_diffusion: float = 0.3
    max_terms: int = 128
    query_terms: int = 64
    prf_docs: int = 0
    prf_weight: float = 0.5
    min_score: float = 0.1
    lead_terms: int = 30
    name_burstiness: float = 1.0
    person_weight: float = 1.5


def analyse_words(
    title_words: list[str], text_words: list[str], entity_keys: tuple[str, ...], params: Params
) -> tuple[dict[str, float], float]:
    """Raw, unweighted term frequencies of a story, and its length (for BM25's length normalisation), from its
    already folded words (the index folds a story once for terms and shingles)."""
    title = content_terms(title_words, stemming=params.stemming, stop_words=params.stop_words)
    body = content_terms(text_words, stemming=params.stemming, stop_words=params.stop_words)
    counts: dict[str, float] = dict(Counter(body + (bigrams(body) if params.bigrams else [])))
    for term in body[: max(params.lead_terms, 0)]:  # the lead counts twice
        counts[term] += 1.0
    for term in title + (bigrams(title) if params.bigrams else []):
        counts[term] = counts.get(term, 0.0) + params.title_boost
    if params.entity_weight > 0:
        for key in entity_keys:
            if key:
                counts[ENTITY_PREFIX + key] = counts.get(ENTITY_PREFIX + key, 0.0) + 1.0
    length = float(len(body)) + params.title_boost * len(title)
    return counts, length


def idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Inverse document frequency, smoothed so a term in every story still weighs a little (never zero)."""
    n = max(n_docs, 1)
    return (np.log((n + 1.0) / (df.astype(np.float64) + 1.0)) + 1.0).astype(np.float32)


def weighted_idf(
    df: np.ndarray, cf: np.ndarray, people: np.ndarray, is_entity: np.ndarray, n_docs: int, params: Params
) -> np.ndarray:
    """Each term's idf, names' scaled by their burstiness and type (see ``Params.name_burstiness``): ``cf`` is a
    term's total frequency over the stories holding it, ``people`` how many of those give it as a person."""
    base = idf(df, n_docs)
    if not params.name_burstiness and params.person_weight == 1.0:
        return base
    w = base.astype(np.float64)
    if params.name_burstiness:
        held = is_entity & (df > 0)
        w[held] *= 1.0 + params.name_burstiness * np.log(cf[held] / df[held])
    if params.person_weight != 1.0:
        w[is_entity & (2 * people.astype(np.int64) > df)] *= params.person_weight
    return w.astype(np.float32)


def weigh(
    tf: np.ndarray,
    term_idf: np.ndarray,
    length: np.ndarray | float,
    avg_length: float,
    params: Params,
    is_entity: np.ndarray | None = None,
) -> np.ndarray:
    """Term weights (not normalised) from raw frequencies, per the chosen scheme; entity terms scaled apart."""
    tf = tf.astype(np.float32)
    if params.scheme == "bm25":
        norm = params.k1 * (
            1.0 - params.b + params.b * np.asarray(length, dtype=np.float32) / max(avg_length, 1.0)
        )
        w = tf * (params.k1 + 1.0) / (tf + norm)
    elif params.sublinear:
        w = np.where(tf > 0, 1.0 + np.log(np.maximum(tf, 1e-9)), 0.0).astype(np.float32)
    else:
        w = tf
    w = w * term_idf
    if is_entity is not None and params.entity_weight != 1.0:
        w = np.where(is_entity, w * params.entity_weight, w)
    return w.astype(np.float32)


def normalise(
    w: np.ndarray, owner: np.ndarray, is_entity: np.ndarray, n: int, entity_share: float | None
) -> np.ndarray:
    """Scale each story's weights (``owner`` = its row) to unit length, blending words and entities.

    See ``Params.entity_share``. Works on the concatenated weights of ``n`` stories at once; returns float32.
    """
    squares = np.square(w, dtype=np.float64)
    if entity_share is None:
        norms = np.sqrt(np.bincount(owner, weights=squares, minlength=n))
        return (w / np.maximum(norms, 1e-12)[owner]).astype(np.float32)
    ent = np.bincount(owner, weights=np.where(is_entity, squares, 0.0), minlength=n)
    txt = np.bincount(owner, weights=np.where(is_entity, 0.0, squares), minlength=n)
    share = np.where(txt > 0, np.where(ent > 0, entity_share, 0.0), 1.0)
    ent_scale = np.sqrt(share / np.maximum(ent, 1e-24))
    txt_scale = np.sqrt((1.0 - share) / np.maximum(txt, 1e-24))
    scale = np.where(is_entity, ent_scale[owner], txt_scale[owner])
    return (w * scale).astype(np.float32)


def prune_positions(tf: list[float], rarity: list[float], limit: int) -> list[int]:
    """The ``limit`` terms with the largest frequency x rarity, so what is left still says what the story is about,
    over parallel lists (a story's frequencies and its terms' rarity): the positions of the terms it keeps, in the
    order it keeps them (smallest first; ties in the order the terms came)."""
    score = [(1.0 + math.log(max(f, 1e-9))) * r for f, r in zip(tf, rarity, strict=True)]
    return sorted(range(len(tf)), key=score.__getitem__)[-limit:]
