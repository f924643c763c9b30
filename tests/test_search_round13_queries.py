"""Search round 13, red team: queries as users type or paste them (full-width forms, typographic quotes, a misspelt
qualifier, only invisible marks), checked with the installed command and in the reader under Pilot, on a feed
served from 127.0.0.1 and stored in a real store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire
from tui.app import NewsdeskApp

STORIES = {
    "manchin": ("Senate vote", "Joe Manchin said on Monday that Biden would sign the bill, officials said."),
    "biden": ("Bill signed", "Joe Biden signed the bill in Washington on Tuesday, officials said."),
    "kim": ("Factory visit", "Kim Jong Un visited a factory on Wednesday, state media said."),
    "kim-yo-jong": ("A warning", "Kim Yo Jong warned the UN on Thursday, state media said."),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = stored_wire(tmp_path_factory.mktemp("round13q") / "data", STORIES)
    assert newsdesk(home, "search", "person:kim").returncode == 0  # the names found and stored once
    yield home


@pytest.fixture
def home(made: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made, tmp_path / "data"))


def found(home: Path, query: str) -> tuple[list[str], str]:
    """The titles `newsdesk search QUERY` lists, and what it says on stderr."""
    proc = newsdesk(home, "search", query, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return sorted(row["title"] for row in json.loads(proc.stdout)), proc.stderr


BIDEN = ["Bill signed", "Senate vote"]


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("ｐｅｒｓｏｎ：Biden", "person:Biden"),  # an East Asian keyboard's full-width forms
        ("ＰＥＲＳＯＮ：ｂｉｄｅｎ", "person:Biden"),
        ("“Joe Biden”", '"Joe Biden"'),  # a paste from a word processor or a phone
        ("«Joe Biden»", '"Joe Biden"'),
        ("„Kim Jong Un“", '"Kim Jong Un"'),
        ("“Joe Biden", '"Joe Biden'),  # still unclosed
        ("person:“Kim Jong Un”", 'person:"Kim Jong Un"'),
    ],
)
def test_full_width_forms_and_typographic_quotes_are_the_plain_ones(
    home: Path, query: str, same_as: str
) -> None:
    """`ｐｅｒｓｏｎ：Biden` searched the words "person" and "biden" and found nothing, with no word of why; “Joe
    Biden” (quotes as a paste brings them) searched "joe" and "biden" anywhere in a story, not the phrase."""
    expected, _ = found(home, same_as)
    assert expected
    assert found(home, query)[0] == expected


def test_the_phrase_in_typographic_quotes_is_a_phrase(home: Path) -> None:
    assert found(home, "“Joe Biden”")[0] == ["Bill signed"]  # it listed the Manchin story too
    assert found(home, "Joe Biden")[0] == BIDEN
    assert found(home, "„Kim Jong Un“")[0] == ["Factory visit"]  # and "Kim Yo Jong warned the UN"
    assert found(home, "person:“Kim Jong Un”")[0] == ["Factory visit"]


def test_a_misspelt_qualifier_is_named(home: Path) -> None:
    """`autor:smith` said only that autor: is unknown, then every qualifier there is."""
    _, said = found(home, "autor:smith")
    assert "unknown qualifier 'autor:': did you mean author:?" in said
    _, said = found(home, "Titel:bill")
    assert "did you mean title:?" in said
    _, said = found(home, "foo:bar")  # nothing near: the list of them, as before
    assert "known: title:, feed:, author:" in said


def test_a_closing_quote_alone_is_said_to_be_one(home: Path) -> None:
    """`Joe Biden"` said the phrase ran to the end of the query, where there was nothing: the quote that opens it was
    missing, not the one that closes it."""
    titles, said = found(home, 'Joe Biden"')
    assert titles == BIDEN  # the words, as before
    assert 'a closing quote with no opening one: put one before the phrase too, "a phrase"' in said
    assert "unclosed quote" in found(home, 'Joe "Biden')[1]  # one opened and not closed, as before


def test_a_query_of_invisible_marks_says_so_in_words() -> None:
    """A query of right-to-left marks alone (a paste from right-to-left text) was echoed in the message, which
    then read " has no letters or digits to match"."""
    marks = "\u200f\u200e"
    proc = newsdesk(Path("/nonexistent-home"), "search", marks)
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsdesk: query: the query has no letters or digits to match"), proc.stderr


def hint(app: NewsdeskApp) -> str:
    return str(app.main_screen.search_bar.query_one("#search-hint", Static).content)


async def searched(pilot: Pilot[None], app: NewsdeskApp, query: str) -> list[str]:
    """Paste ``query`` into the opened search box and wait for its answer: the titles listed."""
    screen = app.main_screen
    await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
    await pilot.press("slash")
    for _ in range(len(screen.search_bar.query_text)):
        await pilot.press("backspace")
    assert app.focused is not None
    app.focused.post_message(events.Paste(query))
    await until(pilot, lambda: screen._shown_query == query and screen.search_result is not None)
    return sorted(h.title for h in screen.story_list.rows)


@pytest.mark.anyio
async def test_the_reader_reads_pasted_forms_as_the_command_line_does(home: Path) -> None:
    with Store(home) as store:
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            assert await searched(pilot, app, "ｐｅｒｓｏｎ：Biden") == BIDEN
            assert await searched(pilot, app, "“Joe Biden”") == ["Bill signed"]
            await searched(pilot, app, "autor:smith")
            assert "did you mean author:?" in hint(app)
            assert await searched(pilot, app, 'Joe Biden"') == BIDEN
            assert hint(app).startswith("a closing quote with no opening one")
