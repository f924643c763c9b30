"""Search round 13: a name qualifier lists the stories the entity pivot lists for the same name, and marking the
matches in a story reads each run of letters once. A feed served from 127.0.0.1, refreshed into a real store,
named and searched by the installed command, as tests/test_redteam12_search.py does."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.search import SearchDoc, SearchIndex
from feeds.search.tokens import _JOINED_RUN, highlight_spans
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire
from tests.test_redteam12_search import titles as listed

STORIES = {
    "erdogan-vote": (
        "Erdogan wins the vote",
        "Turkish President Recep Tayyip Erdogan spoke in Ankara on Monday. Erdogan said the vote was fair.",
    ),
    "erdogan-talks": (
        "Turkey holds talks",
        "Recep Tayyip Erdogan met European leaders in Brussels on Tuesday, officials said.",
    ),
    "erdogan-speech": (
        "Ankara speech",
        "Tayyip Erdogan told supporters in Istanbul on Wednesday that the economy would grow.",
    ),
    "erdogan-lira": (
        "Lira falls",
        "The lira fell on Thursday after Recep Tayyip Erdogan named a new central bank governor.",
    ),
    "lula-summit": (
        "Brazil summit",
        "Brazilian President Luiz Inacio Lula da Silva met leaders in Brasilia on Monday.",
    ),
    "lula-amazon": (
        "Amazon plan",
        "Lula da Silva announced a plan for the Amazon on Tuesday, officials in Brasilia said.",
    ),
    "lula-budget": ("Brazil budget", "Luiz Inacio Lula da Silva signed the budget in Brasilia on Friday."),
    "biden-speaks": ("Biden speaks", "Joe Biden spoke in Washington on Monday about the economy."),
    "biden-talks": (
        "White House",
        "Biden said on Tuesday that talks would go on, officials in Washington said.",
    ),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the stories, refreshed from 127.0.0.1 and named by the installed command."""
    home = stored_wire(tmp_path_factory.mktemp("round13") / "data", STORIES)
    assert newsdesk(home, "search", "person:kim").returncode == 0  # the names found and stored once
    yield home


@pytest.fixture
def home(made: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made, tmp_path / "data"))


def searched(home: Path, query: str) -> set[str]:
    return set(listed(home, query))


def pivoted(home: Path, name: str) -> set[str]:
    proc = newsdesk(home, "entity", name, "--json")
    assert proc.returncode == 0, proc.stderr
    return {row["title"] for row in json.loads(proc.stdout)["stories"]}


def titles(*ids: str) -> set[str]:
    return {STORIES[id][0] for id in ids}


ERDOGAN = titles("erdogan-vote", "erdogan-talks", "erdogan-speech", "erdogan-lira")
LULA = titles("lula-summit", "lula-amazon", "lula-budget")


@pytest.mark.parametrize(
    ("names", "found"),
    [
        (("Recep Tayyip Erdogan", "Tayyip Erdogan"), ERDOGAN),
        (("Luiz Inacio Lula da Silva", "Lula da Silva", "Inacio Lula"), LULA),
    ],
)
def test_a_person_qualifier_lists_what_the_pivot_of_the_name_lists(
    home: Path, names: tuple[str, ...], found: set[str]
) -> None:
    """`person:"Recep Tayyip Erdogan"` missed the story writing "Tayyip Erdogan" alone, and `person:"Luiz Inacio Lula
    da Silva"` the one writing "Lula da Silva", which the pivot of either name lists: search had its own copy of
    the pivot's rule, with only the surname part of it. The shorter form found the longer one already."""
    for name in names:
        assert searched(home, f'person:"{name}"') == found, name
        assert searched(home, f"entity:({name})") == found, name
        if name != "Inacio Lula":
            assert pivoted(home, name) == found, name
        else:  # a part of the name no story writes alone: its pivot lists the full name's stories alone; search
            assert pivoted(home, name) < found  # takes the forms of each name it finds, the shorter one too


def test_the_pivot_and_search_ask_one_rule() -> None:
    """The two indexes answer the same questions of their own tables and share the rule: a story that writes
    "Tayyip Erdogan" is found by the longer name and the surname alone in both."""
    from feeds.entity_index import EntityIndex, Entry

    stories = {
        "a": [("recep tayyip erdogan", "PER"), ("erdogan", "PER")],
        "b": [("recep tayyip erdogan", "PER")],
        "c": [("tayyip erdogan", "PER")],
        "d": [("erdogan", "PER")],
        "e": [("emine erdogan", "PER")],
    }
    pivot = EntityIndex()
    search = SearchIndex()
    for n, (story_id, names) in enumerate(stories.items()):
        groups = tuple((key, kind, key.title(), 1) for key, kind in names)
        pivot._put(story_id, Entry("f", float(n), groups))
        ents = tuple((kind, key) for key, kind in names)
        search.add([SearchDoc(story_id, "f", "F", (), "t", "x", "", float(n), ents)])

    def listed(key: str) -> set[str]:
        return {story for form in pivot.person_forms(key) for story in pivot.stories_naming(form)}

    for key in ("recep tayyip erdogan", "tayyip erdogan"):
        assert set(search.search(f'person:"{key}"').ids) == listed(key), key
    # A word of a name finds every name holding it, as the language says: more than the pivot of "erdogan", which
    # no one full name holds most of.
    assert listed("erdogan") == {"a", "d"}
    assert set(search.search('person:"erdogan"').ids) == {"a", "b", "c", "d", "e"}
    assert set(search.search('person:"recep tayyip erdogan"').ids) == {"a", "b", "c"}


def test_an_organisation_named_in_another_type_by_one_story_is_listed_as_the_pivot_lists_it() -> None:
    """The pivot of NATO lists every story naming it, whatever type one story's tagger gave it; `org:nato` left
    out the story where it was tagged a place. A name most stories give another type stays out: `person:jordan`
    is not the country."""
    search = SearchIndex()
    docs = [
        ("a", (("ORG", "nato"),)),
        ("b", (("ORG", "nato"),)),
        ("c", (("LOC", "nato"),)),
        ("d", (("LOC", "jordan"),)),
        ("e", (("LOC", "jordan"),)),
        ("f", (("PER", "jordan"),)),
    ]
    search.add([SearchDoc(i, "f", "F", (), "t", "x", "", 0.0, ents) for i, ents in docs])
    assert set(search.search("org:nato ").ids) == {"a", "b", "c"}
    assert set(search.search('org:"NATO"').ids) == {"a", "b", "c"}
    assert set(search.search("person:jordan ").ids) == {"f"}
    assert set(search.search("org:nat").ids) == {"a", "b"}  # still being typed: the type asked for alone


def test_a_run_of_letters_is_looked_at_once() -> None:
    """Finding the text's words joined by an apostrophe or a period ("O'Rourke") tried a run of letters again from
    each of its letters, reading to its end each time: marking the matches in 20,000 characters of Chinese, one
    run of letters, took 11 s, and a 100 KB story of it minutes, the reader frozen. A run is now only looked for
    where a word starts."""
    assert _JOINED_RUN.match("abc'de", 1) is None
    assert _JOINED_RUN.search("xabc'de").group() == "xabc'de"
    chinese = "中国经济增长放缓官员表示" * 200
    text = f"{chinese} Beto O'Rourke said {chinese}"
    spans = highlight_spans(text, ["beto orourke"])
    assert [text[a:b] for a, b in spans] == ["Beto O'Rourke"]
    chain = "x." * 5000 + " Beto O'Rourke"
    assert [chain[a:b] for a, b in highlight_spans(chain, ["beto orourke", "xxx"])] == ["Beto O'Rourke"]


@pytest.mark.anyio
async def test_the_reader_lists_and_marks_the_linked_forms(home: Path) -> None:
    """In the reader, `person:"Recep Tayyip Erdogan"` lists the story writing "Tayyip Erdogan", and marks it there."""
    from textual.widgets import Static

    from feeds.store import Store
    from tests.snapshot_apps import reader, until

    with Store(home) as store:
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
            await pilot.press("slash", *'person:"Recep Tayyip Erdogan"')
            await until(pilot, lambda: screen._shown_query.endswith('"') and screen.search_result is not None)
            assert {h.title for h in screen.story_list.rows} == ERDOGAN
            [speech] = [h for h in screen.story_list.rows if h.title == "Ankara speech"]
            screen.open_story(speech)
            await pilot.pause()
            body = screen.story_view.query_one("#story-body", Static).content
            marked = [body.plain[s.start : s.end] for s in body.spans if s.style == "bold reverse"]  # type: ignore[union-attr]
            assert marked == ["Tayyip Erdogan"]
