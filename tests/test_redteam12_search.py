"""Red-team round 12 on search and names as users meet them: a feed served from 127.0.0.1, refreshed into a real
store, searched and looked up by the installed command (which finds the stories' names first, as the reader does)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from feeds.entities import extract
from feeds.refresh import refresh
from feeds.search import SearchDoc, SearchIndex
from feeds.search.query import parse_query
from feeds.search.tokens import highlight_spans
from feeds.store import Store
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

STORIES = {
    "orourke": (
        "Beto O'Rourke launches a Senate bid in Texas",
        "Beto O'Rourke said on Monday he would run for the Senate again. O'Rourke, a former congressman, spoke to "
        "supporters in El Paso, Texas, where he was born.",
    ),
    "mcdonalds": (
        "McDonald's profits rise as prices climb",
        "McDonald's said on Tuesday that profits rose in the third quarter. McDonald's shares climbed 3% in New "
        "York trading after the results were published.",
    ),
    "us-china": (
        "U.S. and China agree to trade talks",
        "The U.S. and China agreed on Wednesday to hold trade talks in Geneva next month, officials in Washington "
        "and Beijing said.",
    ),
    "fauci": (
        "President Biden meets Dr. Fauci",
        "President Biden met Dr. Fauci at the White House on Monday to discuss the pandemic. Biden said Fauci had "
        "served the country well.",
    ),
    "att": (
        "AT&T and T-Mobile cut prices",
        "AT&T said on Monday it would cut prices for its customers, and T-Mobile followed within hours. AT&T "
        "shares fell 2% in New York.",
    ),
    "kim-putin": (
        "Kim Jong Un meets Putin in Vladivostok",
        "North Korean leader Kim Jong Un met Russian President Vladimir Putin in Vladivostok on Friday. Putin "
        "praised Kim for his friendship with Moscow.",
    ),
    "kim-missile": (
        "Kim Jong Un oversees a missile launch",
        "North Korean leader Kim Jong Un oversaw the launch of a new missile on Thursday, state media said. Kim "
        "said the test was a success.",
    ),
    "assad": (
        "Bashar al-Assad leaves Damascus",
        "Syrian President Bashar al-Assad left Damascus on Sunday as rebels advanced, officials in Moscow said. "
        "Al-Assad's forces collapsed within days.",
    ),
    "xi-paris": (
        "Xi Jinping visits Paris",
        "Chinese President Xi Jinping arrived in Paris on Sunday for talks with Emmanuel Macron. Xi said China and "
        "France were partners.",
    ),
    "xi-beijing": (
        "Putin meets Xi in Beijing",
        "Putin and Chinese leader Xi met in Beijing on Wednesday to discuss trade, officials said. Putin praised "
        "the talks.",
    ),
}


def served_feed(stories: dict[str, tuple[str, str]]) -> str:
    """An English RSS feed of ``stories`` (id: (title, text)), one a day from 2026-12-01."""
    items = "".join(
        f"<item><guid>{id}</guid><title>{escape(title)}</title><link>https://wire.example/{id}</link>"
        f"<pubDate>Mon, {n + 1:02d} Dec 2026 10:00:00 +0000</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for n, (id, (title, text)) in enumerate(stories.items())
    )
    return f'<rss version="2.0"><channel><title>Wire</title><language>en</language>{items}</channel></rss>'


def stored_wire(home: Path, stories: dict[str, tuple[str, str]]) -> Path:
    """A store at ``home`` holding ``stories``, subscribed and refreshed from a server on 127.0.0.1."""
    with FeedServer() as server:
        server["/wire.xml"] = served_feed(stories)
        with Store(home) as store:
            store.add_feed(server.url("/wire.xml"))
            [result] = refresh(store)
            assert result.error == ""
    return home


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the feed's stories, refreshed from 127.0.0.1 and named by the installed command."""
    home = stored_wire(tmp_path_factory.mktemp("redteam12") / "data", STORIES)
    assert newsdesk(home, "search", "person:kim").returncode == 0  # the names found and stored once
    yield home


@pytest.fixture
def home(made: Path, tmp_path: Path) -> Path:
    """A copy of the made store for one test."""
    return Path(shutil.copytree(made, tmp_path / "data"))


def titles(home: Path, query: str) -> list[str]:
    proc = newsdesk(home, "search", query, "--json")
    assert proc.returncode == 0, proc.stderr
    return sorted(row["title"] for row in json.loads(proc.stdout))


def title(id: str) -> str:
    return STORIES[id][0]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("person:O'Rourke", "orourke"),
        ("person:O’Rourke", "orourke"),
        ('person:"Beto O\'Rourke"', "orourke"),
        ("org:McDonald's", "mcdonalds"),
        ('org:"McDonald\'s"', "mcdonalds"),
        ("place:U.S.", "us-china"),
        ('person:"President Biden"', "fauci"),
        ('person:"Dr. Fauci"', "fauci"),
    ],
)
def test_a_name_qualifier_finds_the_name_as_it_is_written(home: Path, query: str, found: str) -> None:
    """`person:O'Rourke`, `org:McDonald's` and `place:U.S.` found nothing: the value was split at its apostrophe or
    periods ("o" then "rourke"), but names are stored without them ("beto orourke", "mcdonald", "us"). A person's
    title is no part of the name stored either: `person:"President Biden"` found nothing."""
    assert titles(home, query) == [title(found)]


def test_a_name_found_by_its_qualifier_is_marked_in_the_story() -> None:
    """The match of `person:O'Rourke` is the stored name "beto orourke": it marked nothing in "Beto O'Rourke", so
    the opened story showed no match and `n` had nowhere to go."""
    text = STORIES["orourke"][1]
    index = SearchIndex()
    doc = SearchDoc("a", "f", "Wire", (), "Senate", text, "", 0.0, entities=(("PER", "beto orourke"),))
    index.add([doc])
    result = index.search("person:O'Rourke")
    assert result.ids == ["a"]
    assert [text[a:b] for a, b in result.highlight(text)] == ["Beto O'Rourke"]
    said = "the U.S. said"
    assert [said[a:b] for a, b in highlight_spans(said, ["us"])] == ["U.S"]
    assert highlight_spans("it rose 3.5% in May", ["35"]) == []  # a number's period joins nothing


def test_a_word_finished_by_punctuation_is_whole(home: Path) -> None:
    """A query's last word is a prefix while typing, and a one-letter last word waits for its second letter. But a
    letter glued to a word ("AT&T") is that word's last part, and punctuation typed after a word ("C++") ends it:
    "AT&T" listed the story saying "at the White House", and "C++" every story with a word starting with c."""
    assert titles(home, "AT&T") == [title("att")]  # it searched "at"
    assert titles(home, "C++") == []  # it searched every word starting with c
    assert titles(home, "T-Mobile") == [title("att")]
    assert titles(home, "Kim Jong Un.") == sorted([title("kim-missile"), title("kim-putin")])


def test_the_last_word_is_still_a_prefix_while_typed() -> None:
    assert parse_query("kim jo").atoms[-1].prefix
    assert parse_query("Zu\u0308").atoms[-1].prefix  # a combining mark is inside the word
    assert parse_query("person:O'").atoms[-1].prefix  # O'Rourke on its way
    assert parse_query("AT&").atoms[-1].prefix
    assert not parse_query("U.S.").atoms[-1].prefix
    assert not parse_query("kim ").atoms[-1].prefix


def test_not_leaves_out_the_term_after_it(home: Path) -> None:
    """`kim NOT putin` searched the word "not" as well: no story said it, and the list was empty."""
    assert titles(home, "kim NOT putin") == [title("kim-missile")]
    assert titles(home, "kim NOT title:putin") == [title("kim-missile")]
    assert titles(home, "not") == []  # in lower case it is the word
    proc = newsdesk(home, "search", "kim NOT")
    assert "NOT needs a term after it" in proc.stderr


def test_after_no_earlier_than_before_is_said(home: Path) -> None:
    """`after:` a day no earlier than `before:`'s (the two swapped) lists nothing, and said nothing of why."""
    proc = newsdesk(home, "search", "kim after:2026-12-05 before:2026-12-01")
    assert proc.returncode == 0
    assert "after:2026-12-05 is not earlier than before:2026-12-01" in proc.stderr
    proc = newsdesk(home, "search", "kim after:2026-12-01 before:2026-12-09")
    assert "is not earlier" not in proc.stderr and "Kim" in proc.stdout


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        (
            "Brazilian President Luiz Inacio Lula da Silva met leaders in Brasilia on Monday. Lula da Silva said "
            "the talks were good.",
            "Lula da Silva",
            "luiz inacio lula da silva",
        ),
        (
            "Turkish President Recep Tayyip Erdogan spoke in Ankara on Monday. Tayyip Erdogan said the vote was "
            "fair.",
            "Tayyip Erdogan",
            "recep tayyip erdogan",
        ),
        (STORIES["assad"][1], "Al-Assad", "bashar al assad"),
    ],
)
def test_a_name_ending_a_longer_one_of_the_story_is_that_person(text: str, short: str, full: str) -> None:
    """ "Lula da Silva" after "Luiz Inacio Lula da Silva" was a second person in the story's names (E), and the
    pivot of one missed the other's mentions."""
    found = extract(text)
    assert any(e.text == short for e in found), found
    assert {e.key for e in found if e.type == "PER"} == {full}


def test_the_names_of_two_people_stay_apart() -> None:
    found = extract(
        "George Bush met Laura Bush in Texas on Monday. Syrian President Bashar al-Assad was in Damascus on "
        "Tuesday. Laura Bush said George Bush was well, and Al-Assad said nothing."
    )
    assert {e.key for e in found if e.type == "PER"} == {"george bush", "laura bush", "bashar al assad"}


def test_entity_finds_a_person_by_part_of_the_name_or_with_a_title(home: Path) -> None:
    """`newsdesk entity al-Assad` said "'al-Assad' matches 1 name: Bashar al-Assad (1 story); give the whole name"
    and exited 1; `entity "President Biden"` and `entity "Dr. Fauci"` found no story."""
    for name, found, named in [
        ("al-Assad", "assad", "Bashar al-Assad"),
        ("Jong Un", "kim-missile", "Kim Jong Un"),
        ("President Biden", "fauci", "Biden"),
        ("Dr. Fauci", "fauci", "Fauci"),
    ]:
        proc = newsdesk(home, "entity", name, "--json")
        assert proc.returncode == 0, (name, proc.stderr)
        out = json.loads(proc.stdout)
        assert title(found) in [row["title"] for row in out["stories"]], name
        assert out["name"] == named


@pytest.mark.anyio
async def test_the_reader_finds_and_marks_a_name_written_with_an_apostrophe(home: Path) -> None:
    """In the reader's search bar, `person:O'Rourke` listed nothing; found, its story opens with the name marked."""
    from textual.widgets import Static

    from tests.snapshot_apps import reader, until
    from tests.test_tui_search import search

    store = Store(home)
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await search(pilot, app, "person:O'Rourke")
        assert [h.title for h in screen.story_list.rows] == [title("orourke")]
        await pilot.press("enter", "enter")
        await until(pilot, lambda: screen.story_view.story is not None)
        await pilot.pause()
        body = screen.story_view.query_one("#story-body", Static).content
        marked = [body.plain[s.start : s.end] for s in body.spans if s.style == "bold reverse"]  # type: ignore[union-attr]
        assert "Beto O'Rourke" in marked
        await pilot.press("escape")
    store.close()


def test_a_family_name_written_first_is_the_person_across_stories(home: Path) -> None:
    """A story naming "Xi" alone keyed him "xi", the stories naming "Xi Jinping" "xi jinping": `newsdesk entity Xi`
    listed the one story, and the pivot of "Xi Jinping" missed it. A surname written last ("Putin") was already
    joined to the one full name ending with it; one written first is joined on the same terms."""
    both = sorted([title("xi-paris"), title("xi-beijing")])
    for name in ("Xi", "Xi Jinping"):
        proc = newsdesk(home, "entity", name, "--json")
        assert proc.returncode == 0, proc.stderr
        assert sorted(row["title"] for row in json.loads(proc.stdout)["stories"]) == both, name
    # and search by the whole name lists what the pivot lists (it listed the "Xi Jinping" story alone)
    assert titles(home, 'person:"Xi Jinping"') == both
    assert titles(home, "person:xi") == both


def test_parentheses_are_read_as_spaces_and_said_not_to_group(home: Path) -> None:
    """`(title:kim OR title:putin)` searched the phrase "title kim" (the parenthesis hid the qualifier) or the
    title word "putin", and listed no story titled Kim; `missile -(kim putin)` dropped the '-' in silence and
    listed the stories naming Kim and Putin, the opposite of what was asked."""
    assert titles(home, "(title:kim OR title:putin)") == sorted(
        [title("kim-putin"), title("kim-missile"), title("xi-beijing")]
    )
    assert titles(home, "person:(Kim Jong)") == sorted([title("kim-putin"), title("kim-missile")])
    proc = newsdesk(home, "search", "missile -(kim putin)")
    assert "a '-' before '(' excludes nothing" in proc.stderr
