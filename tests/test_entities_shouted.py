"""Words in capitals inside a sentence in normal case.

- A phrase shouted in capitals (a quote, a post's emphasis: 'Iran had "BETTER NOT DO" it') was tagged as an
  organisation, and listed as a name by the pivot and the related stories. Acronyms (NATO, IMF, FBI, UNICEF,
  WHO) stay organisations, and a line all in capitals (a headline) is the recaser's, as before.
"""

from __future__ import annotations

import pytest

from feeds.entities import Extractor

EXTRACTOR = Extractor()


def names(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in EXTRACTOR.mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Trump wrote that Iran had "BETTER NOT DO" anything.', [("Trump", "PER"), ("Iran", "LOC")]),
        ("Trump warns Iran it had BETTER NOT DO it again", [("Trump", "PER"), ("Iran", "LOC")]),
        ('He posted: "THEY WILL PAY A BIG PRICE!" before leaving for Florida.', [("Florida", "LOC")]),
        ("A sign read STOP THE STEAL near the Capitol.", [("Capitol", "ORG")]),
    ],
)
def test_a_phrase_shouted_in_a_normal_sentence_is_no_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert names(text) == expected


def test_acronyms_stay_organisations() -> None:
    assert names("NATO and the IMF met the FBI and UNICEF in Brussels on Monday.") == [
        ("NATO", "ORG"), ("IMF", "ORG"), ("FBI", "ORG"), ("UNICEF", "ORG"), ("Brussels", "LOC"),
    ]  # fmt: skip
    assert names("Officials at the WHO and NASA said the BBC report was wrong.") == [
        ("WHO", "ORG"), ("NASA", "ORG"), ("BBC", "ORG"),
    ]  # fmt: skip


def test_a_headline_s_name_ends_where_the_shouting_starts() -> None:
    found = EXTRACTOR.story(
        "Trump: Iran BETTER NOT DO it", "Trump told reporters that Iran should not test him."
    )
    assert [(e.text, e.type) for e in found if e.title] == [("Trump", "PER"), ("Iran", "LOC")]
