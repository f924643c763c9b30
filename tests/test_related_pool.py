"""The re-ranking's corrections inside the pool: a candidate's focus on the query's names, and diffusion."""

from __future__ import annotations

import numpy as np
import pytest

from feeds.related import Doc, Params, RelatedIndex
from feeds.related.pool import correct, diffuse, entity_focus

BODY = (
    "The president spoke about his years in school, his family and the city where he grew up, "
    "and about the campaign."
)


def stories(query_keys: tuple[str, ...] = ("barack obama", "honolulu")) -> list[Doc]:
    """A query about one man; a story about his wife that shares more words; one about him that shares fewer.

    By plain cosine the wife's story is first. Her story's strongest names ("michelle obama", "white house")
    are not in the query, his story's are.
    """
    return [
        Doc(
            "query",
            "f",
            "A boyhood in Honolulu",
            BODY + " Friends remember a quiet student.",
            1.0,
            query_keys,
        ),
        Doc(
            "wife",
            "f",
            "A first lady's garden",
            BODY + " Friends remember a quiet student. The first lady planted a garden.",
            3.0,
            ("michelle obama", "michelle obama", "white house", "barack obama"),
        ),
        Doc(
            "same",
            "f",
            "Old photographs",
            "Old photographs of the president as a student in Honolulu were found by a collector.",
            2.0,
            ("barack obama", "honolulu"),
        ),
    ]


@pytest.mark.parametrize("compacted", [False, True])
def test_a_candidate_about_other_names_gives_way(compacted: bool) -> None:
    # Weighed against the cosine of words and names alone: the lead counted twice lifts the wife's story (it opens
    # with the query's whole body), and her twice-named "michelle obama" outweighs the "barack obama" she shares
    # with the query (names' burstiness, which alone puts his story first).
    alone = {"lead_terms": 0, "name_burstiness": 0.0, "person_weight": 1.0}
    plain = RelatedIndex(Params(min_score=0.0, focus_share=0.0, pool_diffusion=0.0, **alone))
    focused = RelatedIndex(Params(min_score=0.0, pool_diffusion=0.0, **alone))
    for idx in (plain, focused):
        idx.add(stories())
        if compacted:
            idx.compact()
    before = plain.related("query")
    assert [s.id for s in before] == ["wife", "same"]
    after = focused.related("query")
    assert [s.id for s in after] == ["same", "wife"]
    # The pool's best score is kept where it was (the threshold keeps its meaning); the wife's story lost 30%
    # of its score but for the share of "barack obama" among her three strongest names.
    assert after[0].score == pytest.approx(before[0].score, abs=1e-5)
    assert after[1].score < 0.85 * before[0].score


def test_a_query_without_names_is_not_judged_by_them() -> None:
    plain = RelatedIndex(Params(min_score=0.0, focus_share=0.0, pool_diffusion=0.0))
    focused = RelatedIndex(Params(min_score=0.0, pool_diffusion=0.0))
    for idx in (plain, focused):
        idx.add(stories(query_keys=()))
    assert focused.related("query") == plain.related("query")


def test_focus_counts_a_candidates_three_strongest_names_only() -> None:
    is_entity = np.array([False, True, True, True, True, True])
    # Candidate 0: names 1, 2, 3 (weights 0.5, 0.3, 0.2) and a weaker 4 the query names; word 0.
    # Candidate 1: name 5 only, which the query does not name. Candidate 2: a word only.
    terms = np.array([0, 1, 2, 3, 4, 5, 0])
    w = np.array([0.9, 0.5, 0.3, 0.2, 0.1, 0.6, 1.0], dtype=np.float32)
    owner = np.array([0, 0, 0, 0, 0, 1, 2])
    q_dense = np.zeros(6, dtype=np.float32)
    q_dense[[0, 1, 2, 4]] = 0.5
    focus = entity_focus(q_dense, terms, w, owner, is_entity, 3)
    assert focus == pytest.approx([0.8, 0.0, 1.0])
    q_dense[4] = 0.0
    q_dense[3] = 0.5
    assert entity_focus(q_dense, terms, w, owner, is_entity, 3) == pytest.approx([1.0, 0.0, 1.0])


def test_diffusion_lifts_the_candidate_the_pool_agrees_with() -> None:
    # Candidates 1 and 2 share term 7; candidate 0 shares term 8 with candidate 3 only, a weak one.
    terms = np.array([8, 7, 7, 8, 9])
    w = np.array([1.0, 1.0, 1.0, 0.6, 0.8], dtype=np.float32)
    owner = np.array([0, 1, 2, 3, 3])
    scores = np.array([0.30, 0.29, 0.28, 0.05])
    assert diffuse(scores, terms, w, owner, 0.0) is scores
    mixed = diffuse(scores, terms, w, owner, 0.3)
    assert mixed[1] > mixed[0]
    assert mixed[0] == pytest.approx(0.7 * 0.30 + 0.3 * 0.05)
    assert mixed[1] == pytest.approx(0.7 * 0.29 + 0.3 * 0.28)
    # A candidate that shares nothing with the rest of the pool keeps its score.
    alone = diffuse(np.array([0.3, 0.2]), np.array([1, 2]), np.array([1.0, 1.0]), np.array([0, 1]), 0.3)
    assert alone == pytest.approx([0.3, 0.2])


def test_the_corrections_keep_the_best_score_of_the_pool() -> None:
    terms = np.array([8, 7, 7, 8, 9])
    w = np.array([1.0, 1.0, 1.0, 0.6, 0.8], dtype=np.float32)
    owner = np.array([0, 1, 2, 3, 3])
    scores = np.array([0.30, 0.29, 0.28, 0.05])
    out = correct(Params(), scores, np.zeros(10, np.float32), terms, w, owner, np.zeros(10, dtype=bool))
    assert out.max() == pytest.approx(0.30)
    assert int(np.argmax(out)) == 1
    off = Params(pool_diffusion=0.0)
    unchanged = correct(off, scores, np.zeros(10, np.float32), terms, w, owner, np.zeros(10, dtype=bool))
    assert list(unchanged) == list(scores)
