"""Near-duplicate groups in the related index: the title rule for short texts, and persistence of it."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np

from feeds.related import Doc, RelatedIndex
from feeds.related.dupes import (
    DUPLICATE_JACCARD,
    LONG_TEXT,
    PERMUTATIONS,
    _flatten,
    _join,
    duplicate_groups,
    jaccard_rows,
)

BLURB = (
    "Read the full story on our website, where subscribers get every report from our newsroom first, plus "
    "newsletters, podcasts and the daily puzzle."
)
LONG_REPORT = " ".join(
    [
        "Engineers at the northern dam opened all six spillway gates on Thursday after a week of heavy rain "
        "raised the reservoir to its highest level since records began in 1952.",
        "Residents of three villages downstream were told to move to higher ground, and the regional council "
        "opened two school halls as shelters for families who had nowhere else to go.",
        "The operator said the structure itself was sound, but that the release would keep the river above its "
        "banks for several days, flooding farmland and closing the valley road between the two towns.",
        "Forecasters expect more rain over the weekend. The army has sent trucks and boats to the area, and the "
        "minister for water is due to visit the dam on Friday morning with the head of the operator.",
        "Farmers said the timing could hardly be worse, with much of the wheat still in the fields.",
    ]
)


def story(id_: str, title: str, text: str, published: float = 0.0) -> Doc:
    return Doc(id_, f"feed-{id_}", title, text, published)


def test_a_feeds_fixed_blurb_under_different_headlines_is_not_a_group() -> None:
    idx = RelatedIndex()
    idx.add(
        [
            story("a", "Council approves new cycle lanes downtown", BLURB),
            story("b", "Striker signs three-year deal with champions", BLURB),
            story("c", "Storm warning issued for the coast tonight", BLURB),
        ]
    )
    assert idx.duplicate_groups() == []
    assert not any(s.duplicate for s in idx.related("a"))


def test_a_short_brief_syndicated_under_its_headline_is_a_group() -> None:
    title = "Council approves new cycle lanes downtown"
    text = (
        "The city council voted 9 to 4 on Tuesday to build eleven kilometres of protected cycle lanes through the "
        "centre, paid for by the regional transport fund."
    )
    idx = RelatedIndex()
    idx.add(
        [
            story("wire", title, text, 1.0),
            story("paper", title + " (updated)", text + " Work starts in May.", 2.0),
            story("other", "Striker signs three-year deal with champions", text.replace("9 to 4", "8 to 5")),
        ]
    )
    assert idx.duplicate_groups() == [["wire", "paper"]]


def test_a_long_report_groups_whatever_its_headlines_say(tmp_path: Path) -> None:
    assert len(LONG_REPORT.split()) >= LONG_TEXT
    idx = RelatedIndex()
    idx.add(
        [
            story("first", "Spillway gates opened as reservoir hits record", LONG_REPORT, 1.0),
            story(
                "second", "Villages evacuated below the northern dam", LONG_REPORT + " More rain is due.", 2.0
            ),
            story("unrelated", "Striker signs three-year deal with champions", BLURB),
        ]
    )
    assert idx.duplicate_groups() == [["first", "second"]]
    path = tmp_path / "related.npz"
    idx.save(path)
    assert RelatedIndex.load(path).duplicate_groups() == [["first", "second"]]


def _mutate(rng: np.random.Generator, sig: np.ndarray, share: float) -> np.ndarray:
    """A copy of a signature with about ``share`` of its bytes replaced at random."""
    out = sig.copy()
    changed = rng.random(len(out)) < share
    out[changed] = rng.integers(0, 256, int(changed.sum()), dtype=np.uint8)
    return out


def test_groups_come_out_whole_whatever_their_size_or_shape() -> None:
    rng = np.random.default_rng(7)
    base = rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8)
    # A family far larger than the window of a bucket: 60 copies of one report, a fifth of each one's bytes new.
    family = [_mutate(rng, base, 0.2) for _ in range(60)]
    # A chain: each version close to the one before, the ends far apart (an update of an update of ...).
    chain = [rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8)]
    for _ in range(9):
        chain.append(_mutate(rng, chain[-1], 0.3))
    pair = [rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8)]
    pair.append(_mutate(rng, pair[0], 0.1))
    loners = [rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8) for _ in range(300)]
    removed = _mutate(rng, pair[0], 0.05)  # a copy of the pair's report, but no longer usable
    rows = family + loners[:150] + chain + loners[150:] + pair + [removed]
    order = rng.permutation(len(rows))  # arrival order has no bearing on the groups
    sigs = np.stack(rows)[order]
    where = np.argsort(order)  # where[i]: the row that rows[i] went to
    usable = np.ones(len(rows), dtype=bool)
    usable[where[len(rows) - 1]] = False
    assert (
        jaccard_rows(chain[0][None], chain[-1][None])[0] < DUPLICATE_JACCARD
    )  # joined only through the chain

    found = sorted(sorted(g) for g in duplicate_groups(sigs, usable))

    start_chain = len(family) + 150
    start_pair = start_chain + len(chain) + 150
    expected = sorted(
        sorted(where[i] for i in members)
        for members in (
            range(len(family)),
            range(start_chain, start_chain + len(chain)),
            range(start_pair, start_pair + 2),
        )
    )
    assert found == [[int(x) for x in g] for g in expected]


def test_no_group_from_fewer_than_two_usable_rows() -> None:
    rng = np.random.default_rng(3)
    sig = rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8)
    sigs = np.stack([sig, sig, sig])
    assert duplicate_groups(sigs, np.array([True, False, False])) == []
    assert sorted(map(sorted, duplicate_groups(sigs, np.array([True, False, True])))) == [[0, 2]]


def test_one_story_joined_to_several_groups_at_once_merges_them_all() -> None:
    parent = np.arange(10, dtype=np.int64)
    _join(parent, np.array([9, 9, 9, 6]), np.array([1, 2, 3, 5]))
    _flatten(parent)
    assert parent.tolist() == [0, 1, 1, 1, 4, 5, 5, 7, 8, 1]


def test_a_join_leaves_a_flat_forest_flat() -> None:
    # duplicate_groups reads parent[x] as x's root between joins, without flattening again.
    rng = np.random.default_rng(11)
    parent = np.arange(500, dtype=np.int64)
    for _ in range(40):
        _join(parent, rng.integers(0, 500, 30), rng.integers(0, 500, 30))
        assert np.array_equal(parent[parent], parent)


def test_a_large_group_is_checked_in_small_pieces() -> None:
    # 20,000 copies of one report (the benchmark's 50k store holds 30,815): half share each band's key, so a band
    # names 80,000 candidate pairs at once. Checking them all together copied out 20 MB of signatures (128 bytes
    # a side), on top of a first start's whole index.
    rng = np.random.default_rng(5)
    base = rng.integers(0, 256, PERMUTATIONS, dtype=np.uint8)
    sigs = np.tile(base, (20_000, 1))
    changed = rng.random(sigs.shape) < 0.2  # as _mutate does, for every copy at once
    sigs[changed] = rng.integers(0, 256, int(changed.sum()), dtype=np.uint8)
    usable = np.ones(len(sigs), dtype=bool)
    tracemalloc.start()
    try:
        found = duplicate_groups(sigs, usable)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [len(g) for g in found] == [len(sigs)]
    assert peak < 6 * 2**20


MATCH = "Match Eleitoral já soma mais de 500 mil testes completos; ache seu candidato"
MATCH_BLURB = (
    "Já são mais de 500 mil testes completos no Match Eleitoral, ferramenta criada pela Folha e pelo Datafolha "
    "para ajudar o eleitor a escolher seu deputado federal por São Paulo, Minas Gerais e Rio de Janeiro, além de "
    "senadores por São Paulo. Leia mais (09/24/2018 - 19h22)"
)
DAY = 86400.0


def in_feed(id_: str, feed: str, title: str, text: str, published: float) -> Doc:
    return Doc(id_, feed, title, text, published)


def test_one_feeds_headline_twice_one_copy_empty_is_a_group() -> None:
    """A feed listed a story twice, one copy with no text (another link): its shingles are only its headline's,
    so wording alone never grouped them. The same headline (case and punctuation aside) in one feed, a few days
    apart at most, one with little or no text, is a group; in two feeds, ten days apart, or both with some text
    of their own, it is not."""
    feed_title = "Ministro da Fazenda anuncia corte de gastos para o próximo ano fiscal"
    later_title = "Prefeitura de São Paulo abre inscrições para vagas em creches municipais"
    weekly = "Confira os destaques da semana na política, na economia e nos esportes"
    idx = RelatedIndex()
    idx.add(
        [
            in_feed("empty", "uol", MATCH, "", 100.0),
            in_feed("blurb", "uol", MATCH.upper().replace(";", " -"), MATCH_BLURB, 100.0 + DAY),
            in_feed("feed-a", "uol", feed_title, "", 100.0),
            in_feed("feed-b", "folha", feed_title, MATCH_BLURB.replace("Match", "Teste"), 100.0),
            in_feed("then", "uol", later_title, "", 100.0),
            in_feed(
                "later", "uol", later_title, MATCH_BLURB.replace("Folha", "Prefeitura"), 100.0 + 10 * DAY
            ),
            # both with some text (short, not little), different: a headline reused, left to the wording
            in_feed("some", "uol", weekly, MATCH_BLURB, 100.0),
            in_feed("more", "uol", weekly, " ".join(LONG_REPORT.split()[:60]), 100.0 + DAY),
        ]
    )
    assert idx.duplicate_groups() == [["empty", "blurb"]]
    assert idx.group_of("blurb") == ["empty", "blurb"]
    assert all(idx.group_of(one) == [one] for one in ("feed-a", "feed-b", "then", "later", "some", "more"))


def test_a_generic_headline_repeated_by_one_feed_is_not_a_group() -> None:
    """ "Live updates" every day, "Letters" every week: a series' headline, not one report told twice."""
    generic = [
        "Live updates",
        "Morning briefing",
        "Letters",
        "Corrections",
        "Live updates: Israel-Hamas war",
        "Letters to the editor: readers on the budget",
    ]
    texts = [  # short, and long enough that a headline's words do not make the wording agree on their own
        "",
        "The finance minister resigned on Monday evening after losing a vote on the budget, saying that the "
        "coalition had broken its promise to cut taxes for families and small firms this year.",
        "Flooding closed the coast road overnight as the river burst its banks near the harbour, and the fire "
        "service moved forty people from their homes to the sports hall before dawn.",
    ]
    docs = [
        in_feed(f"{n}-{day}", "paper", title, texts[day], day * DAY)
        for n, title in enumerate(generic)
        for day in range(3)
    ]
    idx = RelatedIndex()
    idx.add(docs)
    assert idx.duplicate_groups() == []


def test_the_same_long_reports_under_one_headline_are_left_to_their_wording() -> None:
    """Two long texts under one headline are grouped by their wording only (an updated report shares it; a
    weekly column under a fixed specific headline does not), so the headline rule needs a short text."""
    column = "Ask the doctor: your questions about sleep, diet and exercise answered"
    other = " ".join(reversed(LONG_REPORT.split()))
    idx = RelatedIndex()
    idx.add(
        [in_feed("week-1", "paper", column, LONG_REPORT, 0.0), in_feed("week-2", "paper", column, other, DAY)]
    )
    assert idx.duplicate_groups() == []
