"""Names as news writes them, which CoNLL-2003 rarely shows: an agency's credit after a name, lower-case particles
inside a person's name, a name ending a longer name of another story. Each by :func:`feeds.entities.extract` on
texts written here, and end to end: a feed served from 127.0.0.1, refreshed into a real store, looked up by the
installed `newsdesk entity`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.entities import extract
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire


def names(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in extract(text)]


def test_an_agency_credit_ending_a_line_is_not_part_of_the_name_before_it() -> None:
    """Google News gives a story as "<title>  Reuters", a caption ends "... Strait of Hormuz Reuters": the credit
    joined the name before it, "Hormuz Reuters" a person and "Iran Reuters" a place in the shared feeds."""
    found = names("Oil edges up on uncertainty over exports through Hormuz  Reuters")
    assert ("Hormuz", "LOC") in found and ("Reuters", "ORG") in found, found
    found = names("Tankers wait\n\nA photo of ships in the Strait of Hormuz Reuters")
    assert ("Strait of Hormuz", "LOC") in found and ("Reuters", "ORG") in found, found
    # Not a credit: an agency named inside a sentence, and one ending a sentence after a lower-case word.
    assert ("Reuters", "ORG") in names("Officials told Reuters on Monday that talks went on.")
    assert names("The talks went on, officials told Reuters") == [("Reuters", "ORG")]


def test_lower_case_particles_inside_a_persons_name_keep_it_one_person() -> None:
    """ "Ursula von der Leyen" came out as an organisation "Ursula" and a person "Leyen", "Crown Prince Mohammed bin
    Salman" as two people, "Prince Mohammed" and "Salman"."""
    found = extract(
        "EU summit\n\nEuropean Commission President Ursula von der Leyen said on Monday the bloc would act. "
        "Von der Leyen spoke in Brussels."
    )
    people = [(e.text, e.key) for e in found if e.type == "PER"]
    assert people == [
        ("Ursula von der Leyen", "ursula von der leyen"),
        ("Von der Leyen", "ursula von der leyen"),
    ], found
    found = extract("Saudi visit\n\nCrown Prince Mohammed bin Salman met officials in Riyadh on Tuesday.")
    assert [e.text for e in found if e.type == "PER"] == ["Prince Mohammed bin Salman"], found
    # A particle between places or events is not a person's: they stay as they were.
    found = names("Cycling\n\nHe won a stage of the Tour de France and then flew to Rio de Janeiro.")
    assert not any(kind == "PER" for _, kind in found), found


def test_a_surname_opening_a_sentence_before_a_reporting_verb_is_a_person() -> None:
    """ "Putin said on Monday ..." gave no name (the capital of a sentence's first word says nothing, and CoNLL-2003
    does not know him): "On Monday, Putin said ..." gave him."""
    found = names("Talks go on\n\nPutin said on Monday that talks would go on. Officials in Moscow agreed.")
    assert ("Putin", "PER") in found, found
    found = names('Talks go on\n\n"Zelensky told us no," an official said.')
    assert ("Zelensky", "PER") in found, found
    # A title, a place or a word English writes in lower case opening the sentence is no person.
    found = names("Vote\n\nPresident vows to act. Russia said no. Officials said talks would go on.")
    assert [kind for _, kind in found] == ["LOC"], found


def test_an_all_caps_headline_whose_names_the_body_does_not_write_keeps_them_whole() -> None:
    """ "KIM JONG UN WARNS SEOUL" over a body naming neither gave "KIM JONG" (the "UN" read as an acronym): an
    ALL-CAPS headline was recased only with no body at all, and the CRF's all-caps features alone split it."""
    found = names("KIM JONG UN WARNS SEOUL\n\nNorth Korea's leader warned the South on Monday.")
    assert ("KIM JONG UN", "PER") in found and ("SEOUL", "LOC") in found, found
    # A body writing the headline's names settles them as before.
    found = names("KIM JONG UN WARNS SEOUL\n\nKim Jong Un warned Seoul on Monday.")
    assert found[:2] == [("KIM JONG UN", "PER"), ("SEOUL", "LOC")], found


STORIES = {
    "hormuz": ("Oil edges up - Reuters", "Oil edges up on uncertainty over exports through Hormuz  Reuters"),
    "leyen": (
        "EU leader speaks",
        "Ursula von der Leyen said on Monday the European Union would act. Von der Leyen spoke in Brussels.",
    ),
    "tayyip": ("Turkey votes", "President Tayyip Erdogan said on Monday that Turkey would hold a vote."),
    "recep-1": ("Turkey and NATO", "President Recep Tayyip Erdogan met NATO officials in Ankara on Tuesday."),
    "putin": ("Kremlin talks", "Putin said on Monday that talks with Kyiv would go on."),
    "recep-2": (
        "Turkey's economy",
        "President Recep Tayyip Erdogan said on Friday that inflation would fall.",
    ),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the feed's stories, refreshed from 127.0.0.1 (the command names them on first use)."""
    yield stored_wire(tmp_path_factory.mktemp("slips") / "data", STORIES)


def entity(home: Path, name: str) -> dict[str, object]:
    proc = newsdesk(home, "entity", name, "--json")
    assert proc.returncode == 0, proc.stderr
    found: dict[str, object] = json.loads(proc.stdout)
    return found


def titles(found: dict[str, object]) -> list[str]:
    stories = found["stories"]
    assert isinstance(stories, list)
    return sorted(row["title"] for row in stories)


def test_the_entity_command_sees_names_as_news_writes_them(home: Path) -> None:
    """`newsdesk entity Hormuz` answered with a person "Hormuz Reuters"; `newsdesk entity "Ursula von der Leyen"`
    found no story (the story named "Ursula" and "Leyen"); the pivot of "Tayyip Erdogan" missed the stories naming
    "Recep Tayyip Erdogan", and theirs missed it; `newsdesk entity Putin` found no story opening "Putin said"."""
    found = entity(home, "Hormuz")
    assert (found["name"], found["type"]) == ("Hormuz", "LOC"), found
    found = entity(home, "Ursula von der Leyen")
    assert (found["name"], found["type"], titles(found)) == (
        "Ursula von der Leyen",
        "PER",
        ["EU leader speaks"],
    )
    erdogan = sorted(STORIES[id][0] for id in ("tayyip", "recep-1", "recep-2"))
    for name in ("Tayyip Erdogan", "Recep Tayyip Erdogan"):
        assert titles(entity(home, name)) == erdogan, name
    assert titles(entity(home, "Putin")) == ["Kremlin talks"]
