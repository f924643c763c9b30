"""Headlines in Title Case or ALL CAPS: recased before tagging (feeds/entities/recase.py), spans left exact.

Without the recasing a Title Case headline is read as one long name ("Xi Jinping Receives Kim Jong Un" PER,
"In Beijing For Talks On Trade" MISC), which the reader would highlight and index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.entities import Extractor, extract
from feeds.entities.evaluate import main as evaluate_main
from feeds.entities.recase import FUNCTION_WORDS, Recaser, lexicon_words, load_lexicon
from feeds.model import Entity

BODY = "Chinese President Xi Jinping received North Korean leader Kim Jong Un in Beijing on Tuesday."
TITLE = "Xi Jinping Receives Kim Jong Un In Beijing For Talks On Trade"


def found(entities: list[Entity]) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in entities}


def exact(text: str, entities: list[Entity]) -> None:
    for e in entities:
        assert text[e.start : e.end] == e.text


def test_title_case_headline_over_a_normal_body() -> None:
    text = f"{TITLE}\n\n{BODY}"
    entities = extract(text)
    exact(text, entities)
    headline = [e for e in entities if e.end <= len(TITLE)]
    assert found(headline) == {("Xi Jinping", "PER"), ("Kim Jong Un", "PER"), ("Beijing", "LOC")}
    assert not any(word in e.text for e in entities for word in ("Receives", "Talks", "Trade", "For"))


def test_title_case_line_alone() -> None:
    text = "The Deal Was Announced On Monday In Cupertino."
    entities = extract(text)
    exact(text, entities)
    assert found(entities) == {("Cupertino", "LOC")}


def test_all_caps_headline_with_a_body() -> None:
    text = f"XI JINPING RECEIVES KIM JONG UN IN BEIJING FOR TALKS ON TRADE\n\n{BODY}"
    entities = extract(text)
    exact(text, entities)
    headline = {(e.text, e.type) for e in entities if e.end <= 62}
    assert headline == {("XI JINPING", "PER"), ("KIM JONG UN", "PER"), ("BEIJING", "LOC")}


def test_all_caps_line_without_a_body() -> None:
    text = "US SANCTIONS HIT RUSSIAN BANKS AFTER PUTIN MEETS XI IN MOSCOW"
    entities = extract(text)
    exact(text, entities)
    assert {("PUTIN", "PER"), ("XI", "PER"), ("MOSCOW", "LOC")} <= found(entities)
    assert not any("IN" in e.text.split() for e in entities)


def test_normal_sentences_are_not_recased() -> None:
    recaser = Recaser()
    for sentence in (
        ["Cleveland", "Indians", "at", "New", "York", "Yankees"],
        ["Magna", "was", "up", "1/8", "to", "48-1/4", "on", "the", "New", "York", "Stock", "Exchange", "."],
        BODY.split(),
    ):
        assert not recaser.title_case(sentence)
    text = f"Headline\n\n{BODY}"
    with_recasing, without = Extractor(), Extractor()
    without._load()
    without.recase = False
    assert with_recasing.extract(text) == without.extract(text)


def test_recasing_keeps_every_word_s_length_and_names() -> None:
    extractor = Extractor()
    extractor._load()
    recaser = extractor._recaser
    assert recaser is not None
    words = ["Theresa", "May", "Meets", "Mark", "Carney", "In", "New", "York", "As", "Talks", "Resume"]
    assert recaser.title_case(words)
    recased = recaser.line(words, {})
    assert [len(w) for w in recased] == [len(w) for w in words]
    assert recased == [
        "Theresa",
        "May",
        "meets",
        "Mark",
        "Carney",
        "in",
        "New",
        "York",
        "as",
        "talks",
        "resume",
    ]
    # The story's own spelling of a word wins over the word list.
    assert recaser.line(["Talks", "On", "Trade", "Ends"], {"trade": "Trade"}) == [
        "Talks",
        "on",
        "Trade",
        "ends",
    ]
    caps = recaser.line(["NATO", "CHIEF", "VISITS", "MOSCOW"], {})
    assert caps == ["NATO", "chief", "visits", "Moscow"]


def test_word_list_is_built_from_a_conll_file(tmp_path: Path) -> None:
    conll = tmp_path / "train.txt"
    lines = [
        "-DOCSTART- O",
        "",
        *[f"{w} O" for w in ["The", "talks", "on", "trade", "with", "Beijing", "ended", "."]],
        "",
        *[f"{w} O" for w in ["Officials", "said", "Trade", "talks", "in", "Beijing", "resume", "."]],
        "",
    ]
    conll.write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = lexicon_words(conll)
    assert "talks" in words and "ended" in words and "beijing" not in words
    assert "trade" not in words  # once lower, once capitalised: not more often lower
    assert load_lexicon(tmp_path) == FUNCTION_WORDS  # no list there: function words only


@pytest.mark.parametrize("case", ["title", "upper"])
def test_evaluate_recases_every_sentence(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conll = tmp_path / "test.txt"
    rows = [("Xi", "B-PER"), ("Jinping", "I-PER"), ("received", "O"), ("Kim", "B-PER"), ("Jong", "I-PER")]
    rows += [("Un", "I-PER"), ("in", "O"), ("Beijing", "B-LOC"), ("for", "O"), ("talks", "O"), (".", "O")]
    conll.write_text("\n".join(f"{w} {t}" for w, t in rows) + "\n", encoding="utf-8")
    assert evaluate_main([str(conll), "--case", case, "--repeat", "1", "--no-raw"]) == 0
    recased = capsys.readouterr().out
    assert evaluate_main([str(conll), "--case", case, "--repeat", "1", "--no-raw", "--no-recase"]) == 0
    as_written = capsys.readouterr().out
    f1 = [
        float(line.split()[3])
        for out in (recased, as_written)
        for line in out.splitlines()
        if line.startswith("overall")
    ]
    assert f1[0] == 1.0 and f1[0] > f1[1]
