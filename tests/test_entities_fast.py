"""The fast tagging path (weights read from the model file, score vectors cached per word type, numpy Viterbi)
gives exactly what crfsuite's own tagger gives for the same features, and its cached blocks are the plain sums.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from feeds.entities import Extractor
from feeds.entities.conll import read_conll
from feeds.entities.crfmodel import CRFModel, ModelFormatError
from feeds.entities.features import CAPS, LOWER, MIXED
from feeds.entities.tagger import MODEL_PATH
from tests.test_entities import STORY

WORDS = [
    *[
        "Chinese",
        "President",
        "Xi",
        "Jinping",
        "met",
        "North",
        "Korean",
        "leader",
        "Kim",
        "Jong",
        "Un",
        "in",
        "Beijing",
        "on",
        "Thursday",
        ".",
    ],
    *[
        "U.S.",
        "McDonald's",
        "1990s",
        "2-1",
        "well-known",
        "Zürich",
        "XINHUA",
        "a",
        "I",
        "--",
        "3.5",
        "e-mail",
    ],
    *["unseenword", "Qwxyzzy", "KIMJONG"],
]


@pytest.fixture(scope="module")
def model() -> CRFModel:
    return CRFModel.from_bytes(MODEL_PATH.read_bytes())


def test_weights_read_from_the_file_are_crfsuites(model: CRFModel) -> None:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    info = tagger.info()  # crfsuite's own dump of the model (weights printed to 6 decimals)
    assert model.labels == tagger.labels()
    label = {name: i for i, name in enumerate(model.labels)}
    assert len(info.state_features) == np.count_nonzero(model.state)
    for (attr, name), weight in info.state_features.items():
        assert model.state[model.attribute_ids[attr], label[name]] == pytest.approx(weight, abs=1e-6)
    for (a, b), weight in info.transitions.items():
        assert model.trans[label[a], label[b]] == pytest.approx(weight, abs=1e-6)


def test_a_file_that_is_not_a_model_is_refused() -> None:
    data = MODEL_PATH.read_bytes()
    for broken in (b"", b"not a model at all" * 10, data[:100], data[:48] + b"\0" * 100):
        with pytest.raises(ModelFormatError):
            CRFModel.from_bytes(broken)


def test_cached_word_blocks_are_the_sums_of_the_features_weights(model: CRFModel) -> None:
    extractor = Extractor()
    extractor.tag_document([["warm", "up"]])
    fast, featurizer = extractor._fast, extractor._featurizer
    assert fast is not None and featurizer is not None
    for mode in (MIXED, CAPS, LOWER):
        words = [w.upper() if mode == CAPS else w.lower() if mode == LOWER else w for w in WORDS]
        fast.document([words], [mode])
        for word in words:
            block = fast._vectors[fast._index[mode][word]]
            for slot, names in enumerate(featurizer.word_features(word, mode)):
                expected = sum(
                    (model.state[model.attribute_ids[n]] for n in names if n in model.attribute_ids),
                    np.zeros(model.size),
                )
                np.testing.assert_allclose(block[slot], expected, atol=1e-9, err_msg=f"{word!r} slot {slot}")


def both(text_or_docs: list[list[list[str]]]) -> tuple[list[object], list[object]]:
    """The spans of every document by the fast path and by crfsuite, each from a cold cache."""
    fast, slow = Extractor(), Extractor()
    slow.use_crfsuite = True
    return [fast.tag_document(d) for d in text_or_docs], [slow.tag_document(d) for d in text_or_docs]


def test_same_spans_as_crfsuite_on_a_story() -> None:
    from feeds.entities.tokens import sentences, tokenize

    doc = [[STORY[t.start : t.end] for t in sentence] for sentence in sentences(STORY, tokenize(STORY))]
    lower = [[w.lower() for w in s] for s in doc]
    fast, slow = both([doc, lower, [["Kim"]], [[]], []])
    assert fast == slow
    assert any(fast[0])  # names were found: the comparison is not vacuous


def test_same_spans_as_crfsuite_on_the_evaluation_data(shared_data: Path) -> None:
    docs = read_conll(shared_data / "ner" / "conll2003" / "eng.testa")[:60]
    fast, slow = both([[s.words for s in doc.sentences] for doc in docs])
    assert fast == slow
    assert sum(len(s) for d in fast for s in d) > 500  # type: ignore[arg-type]
