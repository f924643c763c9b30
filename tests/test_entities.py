"""The entity extractor: typed spans, short forms joined to full names, keys, grouping and the CoNLL tools.

The core tests run on inputs written here (a short story in our own words with the people, places and agencies
of the seed story); the same expectations are checked on the seed story itself when ../shared/data is there.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feeds.entities as entities
from feeds.entities import MODEL_VERSION, Extractor, ModelMissing, entity_key, extract, group_entities, link
from feeds.entities.conll import Scorer, read_conll, spans_from_tags, to_iob2
from feeds.entities.evaluate import main as evaluate_main
from feeds.entities.tagger import MODEL_PATH
from feeds.entities.tokens import sentences, tokenize
from feeds.entities.train import main as train_main
from feeds.model import Entity

ROOT = Path(__file__).resolve().parents[1]

#: A short story in our own words with the people, places and agencies of the seed story.
STORY = """\
XI JINPING HOSTS KIM JONG UN IN BEIJING

Chinese President Xi Jinping met North Korean leader Kim Jong Un in Beijing on Thursday, the official news \
agency Xinhua said. Xi told Kim that China’s support for North Korea would not change.
Kim's armoured train left Beijing on Friday, South Korea's Yonhap News Agency reported.
Russian President Vladimir Putin also attended the military parade with Xi and Kim.
North Korea has sent troops to help Russia in its war in Ukraine, and Pyongyang backs China on Taiwan.
Kim met U.S. President Donald Trump in Hanoi in 2019, but the talks collapsed, and Pyongyang has since \
rejected contact with Seoul.
"""

PEOPLE = ["Xi Jinping", "Kim Jong Un", "Vladimir Putin", "Donald Trump"]
PLACES = [
    "Beijing",
    "North Korea",
    "China",
    "Russia",
    "Pyongyang",
    "Ukraine",
    "Taiwan",
    "South Korea",
    "Seoul",
    "Hanoi",
]
ORGANISATIONS = ["Xinhua", "Yonhap News Agency"]

#: A small CoNLL file in IOB1 (CoNLL-2003's scheme: B- only between touching names of one type) ...
CONLL_IOB1 = """\
-DOCSTART- -X- O O

Angela NNP I-NP I-PER
Merkel NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
on IN I-PP O
Monday NNP I-NP O
. . O O

The DT I-NP O
European NNP I-NP I-ORG
Union NNP I-NP I-ORG
and CC O O
Germany NNP I-NP I-LOC
signed VBD I-VP O
a DT I-NP O
deal NN I-NP O
. . O O

-DOCSTART- -X- O O

Reuters NNP I-NP I-ORG
reported VBD I-VP O
that IN O O
French JJ I-NP I-MISC
farmers NNS I-NP O
protested VBD I-VP O
in IN I-PP O
Lyon NNP I-NP I-LOC
. . O O
"""

#: ... and the same tags in IOB2, with only the word and the tag (the format allows any middle columns).
CONLL_IOB2 = """\
Angela B-PER
Merkel I-PER
visited O
Paris B-LOC
on O
Monday O
. O

The O
European B-ORG
Union I-ORG
and O
Germany B-LOC
signed O
a O
deal O
. O

-DOCSTART- O

Reuters B-ORG
reported O
that O
French B-MISC
farmers O
protested O
in O
Lyon B-LOC
. O
"""


def spans(text: str, ents: list[Entity]) -> dict[str, set[str]]:
    by_type: dict[str, set[str]] = {}
    for e in ents:
        assert text[e.start : e.end] == e.text
        by_type.setdefault(e.type, set()).add(e.text)
    return by_type


def check_story(text: str) -> None:
    """The expectations of the brief, on any telling of the Xi-Kim story."""
    ents = extract(text)
    found = spans(text, ents)
    for name in PEOPLE:
        assert name in found.get("PER", set()), name
    for name in PLACES:
        assert name in found.get("LOC", set()), name
    for name in ORGANISATIONS:
        assert name in found.get("ORG", set()), name
    keys = {e.text: e.key for e in ents}
    assert keys["Xi"] == keys["Xi Jinping"] == "xi jinping"
    assert keys["Kim"] == keys["Kim Jong Un"] == "kim jong un"
    for e in ents:
        if e.text in ("Xi", "Kim"):
            assert e.type == "PER"


def test_story_in_our_words() -> None:
    check_story(STORY)


def test_seed_story(shared_data: Path) -> None:
    check_story((shared_data / "seed" / "xi-kim-beijing.txt").read_text(encoding="utf-8"))


def test_demo_copy_of_seed_story_when_bundled() -> None:
    demo = ROOT / "feeds" / "demo"
    copies = sorted(demo.glob("*xi-kim*")) if demo.is_dir() else []
    for path in copies:
        if path.suffix == ".txt":
            check_story(path.read_text(encoding="utf-8"))


def test_spans_sit_exactly_on_the_text_and_possessives_stay_outside() -> None:
    text = "China’s envoy met Kim's aide. “Russia's role,” said O'Brien in Zürich and São Paulo."
    ents = extract(text)
    found = spans(text, ents)
    assert {"China", "Russia"} <= found["LOC"]
    assert "Kim" in found["PER"]
    assert "O'Brien" in found["PER"]
    assert {"Zürich", "São Paulo"} <= found["LOC"]
    for e in ents:
        assert not e.text.endswith(("'s", "’s"))
        assert e.key == entity_key(e.key)


def test_all_caps_headline() -> None:
    alone = "PUTIN AND XI MEET IN MOSCOW AS CHINA AND RUSSIA DEEPEN TIES"
    found = spans(alone, extract(alone))
    assert {"MOSCOW", "CHINA", "RUSSIA"} <= found.get("LOC", set())
    # Above a story the headline's names are settled by the body, where their case tells.
    story = (
        alone
        + "\n\nRussian President Vladimir Putin met Chinese President Xi Jinping in Moscow. Xi thanked him."
    )
    ents = extract(story)
    found = spans(story, ents)
    assert {"PUTIN", "XI", "Vladimir Putin", "Xi Jinping", "Xi"} <= found["PER"]
    assert {"MOSCOW", "CHINA", "RUSSIA", "Moscow"} <= found["LOC"]
    keys = {e.text: e.key for e in ents}
    assert keys["PUTIN"] == keys["Vladimir Putin"] == "vladimir putin"
    assert keys["XI"] == keys["Xi"] == "xi jinping"


def test_headline_in_lower_case() -> None:
    text = "vladimir putin meets chinese leaders in moscow"
    found = spans(text, extract(text))
    assert "vladimir putin" in found.get("PER", set())
    assert "moscow" in found.get("LOC", set())


def test_plain_text_without_names() -> None:
    assert extract("") == []
    assert extract("   \n ") == []
    assert extract("it rained all day and nobody went out.") == []


def test_tokenizer_cuts_like_conll_and_keeps_offsets() -> None:
    text = "Mr. Smith's U.S.-based firm (Anglo-French) won 3.5% on 1996-08-22… “Don’t,” he said.Next"
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    assert words[:4] == ["Mr.", "Smith", "'s", "U.S."]
    assert "Anglo-French" in words and "1996-08-22" in words and "3.5" in words
    assert words[words.index("Do") : words.index("Do") + 2] == ["Do", "n’t"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    groups = sentences(text, tokens)
    assert [t.text for t in groups[-1]] == ["Next"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200))
def test_spans_are_exact_on_any_text(text: str) -> None:
    for e in extract(text):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.type in ("PER", "ORG", "LOC", "MISC")


def test_entity_key_folds_case_accents_punctuation_and_possessives() -> None:
    assert entity_key("U.S.") == entity_key("US") == "us"
    assert entity_key("Zürich") == entity_key("ZURICH") == "zurich"
    assert entity_key("Kim Jong-un") == entity_key("KIM JONG UN") == "kim jong un"
    assert entity_key("China's") == entity_key("China’s") == entity_key("china") == "china"
    assert entity_key("O'Brien") == "obrien"
    assert entity_key("  São   Paulo ") == "sao paulo"


def test_short_forms_join_the_full_name() -> None:
    text = (
        "Donald Trump spoke to Vladimir Putin. Trump said Putin wanted peace. The EU and the European Union."
    )
    ents = extract(text)
    keys = {e.text: e.key for e in ents}
    assert keys["Trump"] == "donald trump"
    assert keys["Putin"] == "vladimir putin"
    assert keys.get("EU") == keys.get("European Union") == "european union"


def test_group_entities_counts_mentions_under_the_longest_name() -> None:
    mentions = [
        Entity(0, 2, "PER", "Xi", "xi jinping"),
        Entity(10, 20, "PER", "Xi Jinping", "xi jinping"),
        Entity(30, 35, "LOC", "China", "china"),
        Entity(40, 42, "PER", "Xi", "xi jinping"),
        Entity(50, 55, "LOC", "CHINA", ""),
        Entity(60, 64, "ORG", "U.S.", ""),
    ]
    assert group_entities(mentions) == [
        ("xi jinping", "PER", "Xi Jinping", 3),
        ("china", "LOC", "China", 2),
        ("us", "ORG", "U.S.", 1),
    ]
    groups = {g[0]: g for g in group_entities(extract(STORY))}
    xi = [e for e in extract(STORY) if e.key == "xi jinping"]
    assert groups["xi jinping"] == ("xi jinping", "PER", "Xi Jinping", len(xi))
    assert len(xi) >= 4


def test_conll_reading_and_scoring_agree_for_iob1_and_iob2(tmp_path: Path) -> None:
    assert spans_from_tags(["I-PER", "I-PER", "B-PER", "O", "I-LOC"]) == [
        (0, 2, "PER"),
        (2, 3, "PER"),
        (4, 5, "LOC"),
    ]
    assert to_iob2(["I-ORG", "I-ORG", "O", "I-MISC"]) == ["B-ORG", "I-ORG", "O", "B-MISC"]
    one, two = tmp_path / "one.conll", tmp_path / "two.conll"
    one.write_text(CONLL_IOB1, encoding="utf-8")
    two.write_text(CONLL_IOB2, encoding="utf-8")
    docs_one, docs_two = read_conll(one), read_conll(two)
    assert len(docs_one) == len(docs_two) == 2
    gold_one = [spans_from_tags(s.tags) for d in docs_one for s in d.sentences]
    gold_two = [spans_from_tags(s.tags) for d in docs_two for s in d.sentences]
    assert (
        gold_one
        == gold_two
        == [
            [(0, 2, "PER"), (3, 4, "LOC")],
            [(1, 3, "ORG"), (4, 5, "LOC")],
            [(0, 1, "ORG"), (3, 4, "MISC"), (7, 8, "LOC")],
        ]
    )
    scorer = Scorer()
    scorer.add([(0, 2, "PER"), (3, 4, "LOC")], [(0, 2, "PER"), (3, 4, "ORG")])
    assert scorer.counts["PER"].f1 == 1.0
    overall = scorer.overall()
    assert (overall.gold, overall.predicted, overall.correct) == (2, 2, 1)


def test_evaluate_command_prints_scores_per_type_overall_and_speed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for name, content in (("iob1.txt", CONLL_IOB1), ("iob2.txt", CONLL_IOB2)):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert evaluate_main([str(path)]) == 0
        lines = capsys.readouterr().out.splitlines()
        rows = {line.split()[0]: line.split()[1:] for line in lines}
        for kind in ("PER", "LOC", "ORG", "MISC", "overall"):
            precision, recall, f1 = (float(x) for x in rows[kind][:3])
            assert min(precision, recall, f1) >= 0.0 and max(precision, recall, f1) <= 1.0
        assert [line for line in lines if line.startswith("overall")]
        assert any(line.startswith("tokens/s ") for line in lines)
        assert rows["overall"][3] == "6"  # gold PER + LOC + ORG spans in the file
        assert float(rows["overall"][2]) >= 0.8
        outputs.append({k: v for k, v in rows.items() if k in ("PER", "LOC", "ORG", "MISC", "overall")})
    assert outputs[0] == outputs[1]
    assert evaluate_main([str(tmp_path / "missing.txt")]) == 2


def test_training_command_writes_a_working_model(tmp_path: Path) -> None:
    data = tmp_path / "tiny.train"
    data.write_text(CONLL_IOB1 * 3, encoding="utf-8")
    out = tmp_path / "tiny.crfsuite"
    assert train_main(["--data", str(data), "--out", str(out), "--iterations", "20", "--upper", "0.5"]) == 0
    assert out.is_file() and out.with_suffix(".json").is_file()
    tiny = Extractor(out)
    found = spans("Angela Merkel visited Paris", tiny.extract("Angela Merkel visited Paris"))
    assert found.get("PER") == {"Angela Merkel"}
    assert train_main(["--data", str(tmp_path / "absent"), "--out", str(out)]) == 2


def test_model_file_is_shipped_small_and_versioned() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size <= 5 * 1024 * 1024
    assert MODEL_VERSION.startswith("crf-") and len(MODEL_VERSION) > 8
    assert entities.MODEL_VERSION == MODEL_VERSION


def test_one_extractor_is_shared_safely_between_threads() -> None:
    texts = [STORY, "Angela Merkel visited Paris.", "Reuters reported that Toyota sold cars in Japan."] * 4
    serial = Extractor()
    expected = [serial.extract(t) for t in texts]
    shared = Extractor()
    results: dict[int, list[Entity]] = {}

    def work(i: int) -> None:
        results[i] = shared.extract(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(texts))] == expected


def test_link_prefers_the_latest_full_name_and_spells_out_initials() -> None:
    mentions = [
        Entity(0, 11, "PER", "Kim Jong Un"),
        Entity(20, 31, "PER", "Kim Yo Jong"),
        Entity(40, 43, "PER", "Kim"),
        Entity(50, 64, "ORG", "European Union"),
        Entity(70, 74, "ORG", "E.U."),
        Entity(80, 85, "LOC", "Korea"),
        Entity(90, 101, "LOC", "North Korea"),
    ]
    linked = link(mentions)
    assert [e.key for e in linked] == [
        "kim jong un",
        "kim yo jong",
        "kim yo jong",
        "european union",
        "european union",
        "korea",
        "north korea",
    ]
    assert [(e.start, e.end, e.text) for e in linked] == [(e.start, e.end, e.text) for e in mentions]


def test_link_drops_titles_and_middle_names_and_keeps_places_apart() -> None:
    mentions = [
        Entity(0, 15, "PER", "Antonis Samaras"),
        Entity(20, 30, "PER", "Mr Samaras"),
        Entity(40, 47, "PER", "Samaras"),
        Entity(50, 62, "PER", "Barack Obama"),
        Entity(70, 85, "PER", "Barack H. Obama"),
        Entity(90, 95, "PER", "Obama"),
        Entity(100, 114, "PER", "Michelle Obama"),
        Entity(120, 130, "PER", "Mrs. Obama"),
        Entity(140, 157, "ORG", "Paris St Germain"),
        Entity(160, 165, "LOC", "Paris"),
        Entity(170, 176, "MISC", "French"),
        Entity(180, 201, "ORG", "French National Police"),
        Entity(210, 225, "PER", "President Putin"),
        Entity(230, 242, "PER", "Prince Harry"),
    ]
    assert [e.key for e in link(mentions)] == [
        "antonis samaras",
        "antonis samaras",  # a title is no part of the name
        "antonis samaras",
        "barack obama",
        "barack obama",  # nor a middle initial
        "barack obama",  # the latest full name before it, still
        "michelle obama",
        "obama",  # two Obamas: a title cannot tell which
        "paris st germain",
        "paris",  # a place is not the club named after it
        "french",  # nor an adjective the police
        "french national police",
        "putin",  # no full name in the story: the surname, as a bare "Putin" elsewhere
        "prince harry",  # a title before a given name is part of how the person is called
    ]


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing):
        Extractor(tmp_path / "absent.crfsuite").extract("Angela Merkel visited Paris.")
