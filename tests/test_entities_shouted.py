"""Words in capitals inside a sentence in normal case, and a name's hyphened Arabic article.

- A phrase shouted in capitals (a quote, a post's emphasis: 'Iran had "BETTER NOT DO" it') was tagged as an
  organisation, and listed as a name by the pivot and the related stories. Acronyms (NATO, IMF, FBI, UNICEF,
  WHO) stay organisations, and a line all in capitals (a headline) is the recaser's, as before.
- "Sharm el-Sheikh" was the place "Sharm": the demo's first story gave "Sharm" as a name it shares.
- An articled word alone ("fighters from al-Shabaab", "troops entered el-Fasher") was no name at all: not marked,
  not in the names list, not searchable by `entity:`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.demo import demo_feed_files
from feeds.entities import Extractor
from tests.test_cli import newsdesk

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


def test_a_name_takes_in_its_hyphened_article() -> None:
    assert names("Talks were held in the Egyptian resort of Sharm el-Sheikh on Monday.") == [
        ("Egyptian", "MISC"), ("Sharm el-Sheikh", "LOC"),
    ]  # fmt: skip
    assert ("Bashar al-Assad", "PER") in names("Syrian President Bashar al-Assad fled to Moscow.")
    title = "Israel and Hamas agree the first phase of Trump's Gaza plan in Sharm el-Sheikh"
    found = EXTRACTOR.story(title, "Israel and Hamas agreed after talks in Sharm el-Sheikh, Egypt.")
    assert ("Sharm el-Sheikh", "LOC") in [(e.text, e.type) for e in found if e.title]


def test_an_articled_word_alone_is_a_name() -> None:
    assert ("al-Shabaab", "MISC") in names("Fighters from al-Shabaab attacked a base in Somalia on Tuesday.")
    assert names("Troops entered el-Fasher on Monday.") == [("el-Fasher", "MISC")]
    # A type the document gives elsewhere is kept, and so are words that only look alike.
    assert names("The group al-Shabaab said it carried out the attack.") == [("al-Shabaab", "ORG")]
    assert names("They set the en-US locale and chose al-fresco dining.") == []
    title = EXTRACTOR.story("Troops storm el-Fasher", "The army said it had taken the city.")
    assert [(e.text, e.type, e.title) for e in title] == [("el-Fasher", "MISC", True)]


def test_the_demo_s_related_stories_share_sharm_el_sheikh_not_sharm(tmp_path: Path) -> None:
    for path in demo_feed_files():
        assert newsdesk(tmp_path, "add", "--no-check", str(path)).returncode == 0
    assert newsdesk(tmp_path, "refresh").returncode == 0
    stories = json.loads(newsdesk(tmp_path, "stories", "--limit", "0", "--json").stdout)
    shared: set[str] = set()
    for story in [*stories[:3], *(s for s in stories if "Sharm" in s["title"])]:  # the newest name it
        proc = newsdesk(tmp_path, "related", story["id"], "--json")
        assert proc.returncode == 0, proc.stderr
        shared |= {n for r in json.loads(proc.stdout)["related"] for n in r["shared_entities"]}
    assert "Sharm el-Sheikh" in shared and "Sharm" not in shared, sorted(shared)
