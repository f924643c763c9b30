"""Headline likeness in the related-stories ranking: character grams of titles, kept and saved per story."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.related import Doc, Params, RelatedIndex
from feeds.related.persist import FORMAT
from feeds.related.titles import title_grams, title_similarity
from tests.saved_index import header_of, read_arrays, rewrite_header


def test_grams_meet_on_a_name_in_another_form() -> None:
    close, unrelated = title_similarity(
        "Obama's speech in Berlin", ["Obamacare vote nears", "Tomato harvest"]
    )
    assert close > 0.1
    assert unrelated == 0.0
    assert title_similarity("Greek debt talks", ["Greece debt talks"])[0] > 0.5
    assert title_similarity("Smartphone sales", ["Smartphone sales"])[0] == pytest.approx(1.0)


def test_a_title_of_stop_words_only_has_no_grams() -> None:
    assert title_grams("What is it, and where?") == {}
    assert title_grams("") == {}
    assert list(title_similarity("Of the", ["Of the", "Anything"])) == [0.0, 0.0]
    assert list(title_similarity("Floods", ["", "Nothing at all"])) == [0.0, 0.0]
    assert len(title_similarity("Floods", [])) == 0
    # Case and accents do not matter; weights are unit length; " floods " has 5 + 4 grams of 4 and 5 letters.
    grams = title_grams("Zürich Floods")
    assert grams == title_grams("ZURICH floods")
    assert len(title_grams("Floods")) == 9
    assert sum(w * w for w in grams.values()) == pytest.approx(1.0)


def stories() -> list[Doc]:
    """Two candidates with the same text, so the same word cosine with the query; only their titles differ.

    Without the titles the newer one ("budget") ranks first; the other's headline names Obama in another form.
    """
    body = (
        "Senators argued over health insurance costs, premiums and the deficit for a third day in Washington."
    )
    return [
        Doc("query", "f1", "Obama speaks", body + " Hospitals and insurers listened.", 1.0),
        Doc("obamacare", "f2", "Obamacare debate", body, 2.0),
        Doc("budget", "f3", "Budget debate", body, 3.0),
    ]


@pytest.mark.parametrize("compacted", [False, True])
def test_a_like_headline_lifts_a_neighbour(compacted: bool) -> None:
    # The pool's corrections off: this is about the title blend alone (no entities here, so no focus anyway).
    with_titles = RelatedIndex(Params(min_score=0.0, pool_diffusion=0.0))
    without = RelatedIndex(Params(min_score=0.0, title_share=0.0, pool_diffusion=0.0))
    for idx in (with_titles, without):
        idx.add(stories())
        if compacted:
            idx.compact()
    plain = without.related("query")
    assert [s.id for s in plain] == ["budget", "obamacare"]
    assert plain[0].score == pytest.approx(plain[1].score)
    ranked = with_titles.related("query")
    assert [s.id for s in ranked] == ["obamacare", "budget"]
    assert 1.0 >= ranked[0].score > ranked[1].score
    # The blend is a share of the score: a title alike in nothing costs the word cosine 20%.
    assert ranked[1].score == pytest.approx(0.8 * plain[0].score, abs=1e-5)


def test_titles_survive_save_and_load(tmp_path: Path) -> None:
    idx = RelatedIndex(Params(min_score=0.0))
    idx.add(stories())
    path = tmp_path / "related.npz"
    idx.save(path)
    loaded = RelatedIndex.load(path)
    assert loaded.related("query") == idx.related("query")
    loaded.remove(["budget"])
    loaded.compact()
    assert [s.id for s in loaded.related("query")] == ["obamacare"]


def test_an_index_saved_before_titles_were_kept_is_refused(tmp_path: Path) -> None:
    """A file of format 3 has no titles: loading it must fail (so the caller rebuilds), not rank without them."""
    idx = RelatedIndex()
    idx.add(stories())
    path = tmp_path / "related.npz"
    idx.save(path)
    arrays = read_arrays(path)
    header = header_of(arrays)
    del header["titles"]
    header["format"] = 3
    rewrite_header(path, arrays, header)
    with pytest.raises(ValueError, match="unknown format"):
        RelatedIndex.load(path)
    header["format"] = FORMAT  # the current format without its titles is damaged, not silently empty
    rewrite_header(path, arrays, header)
    with pytest.raises(ValueError, match="damaged"):
        RelatedIndex.load(path)
