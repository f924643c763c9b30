"""Names a story's title alone gives: "Macron names new prime minister" over a body that says "The president named
...", "PUTIN MEETS XI IN BEIJING" with no body at all (link-only feeds). Names were found in the text only, so
such a person was missing from the pivot, the names pane and `person:` search. A feed served from 127.0.0.1,
refreshed into a real store, looked up by the installed command (which finds the stories' names first); the story
view's highlighting on the content it draws."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire, titles
from tui.widgets.enrich_panes import EntityPane
from tui.widgets.entity_style import ENTITY_STYLES
from tui.widgets.story_view import story_content

STORIES = {
    "macron": (
        "Macron names new prime minister",
        "The president named a former budget minister to lead the government on Tuesday, his office said.",
    ),
    "putin": ("PUTIN MEETS XI IN BEIJING", ""),
    "stall": ("Trump Meets Xi In Beijing As Trade Talks Stall", ""),
    "funds": (
        "Start-up raises new funds",
        "Anthropic said on Monday it had raised new funds from investors. The start-up plans to hire engineers.",
    ),
    "council": (
        "Council backs budget",
        "John Smith, the council leader, spoke first at the meeting. Smith said the vote would go ahead on Friday.",
    ),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding the feed's stories, refreshed from 127.0.0.1 (the command names them on first use)."""
    yield stored_wire(tmp_path_factory.mktemp("titles") / "data", STORIES)


def pivot_titles(home: Path, name: str) -> tuple[str, list[str]]:
    proc = newsdesk(home, "entity", name, "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    return found["type"], sorted(row["title"] for row in found["stories"])


def story_id(home: Path, title: str) -> str:
    with Store(home) as store:
        return next(h.id for h in store.headers() if h.title == title)


def names_of(home: Path, title: str) -> list[tuple[str, str, str]]:
    proc = newsdesk(home, "entities", story_id(home, title), "--json")
    assert proc.returncode == 0, proc.stderr
    return [(row["text"], row["type"], row["in"]) for row in json.loads(proc.stdout)["entities"]]


def test_a_person_named_only_in_the_title_is_found_by_search_and_the_pivot(home: Path) -> None:
    """The body says "The president named ...": `person:macron` and `newsdesk entity Macron` found nothing."""
    macron = STORIES["macron"][0]
    assert titles(home, "person:macron") == [macron]
    assert pivot_titles(home, "Macron") == ("PER", [macron])
    assert ("Macron", "PER", "title") in names_of(home, macron)


def test_names_of_an_all_caps_headline_without_a_body_are_found(home: Path) -> None:
    """A link-only feed's story is its headline: "PUTIN MEETS XI IN BEIJING" named nobody."""
    putin = STORIES["putin"][0]
    assert titles(home, "person:putin") == [putin]
    assert titles(home, "place:beijing") == sorted([putin, STORIES["stall"][0]])
    assert names_of(home, putin) == [
        ("PUTIN", "PER", "title"),
        ("XI", "PER", "title"),
        ("BEIJING", "LOC", "title"),
    ]


def test_a_title_case_headline_gives_its_names_and_no_junk(home: Path) -> None:
    """Tagged as written, "Trump Meets Xi In Beijing As Trade Talks Stall" is a case-based tagger's trap: every word
    capitalised, the first one's capital meaningless. Recased, it names three and nothing else ("Meets", "In",
    "Stall" are no names), and opening the headline does not hide "Trump"."""
    stall = STORIES["stall"][0]
    assert names_of(home, stall) == [
        ("Trump", "PER", "title"),
        ("Xi", "PER", "title"),
        ("Beijing", "LOC", "title"),
    ]
    assert titles(home, "person:trump") == [stall]
    for junk in ("meets", "in", "stall", "talks", "trade"):
        for kind in ("person", "org", "place"):
            assert titles(home, f"{kind}:{junk}") == [], (kind, junk)


def test_a_company_opening_a_sentence_before_said_is_no_person_but_a_named_surname_is(home: Path) -> None:
    """ "Anthropic said ..." made Anthropic a person (an unknown word opening a sentence before "said" was one);
    "Smith said" after "John Smith" is the story's John Smith."""
    assert titles(home, "person:anthropic") == []
    assert not any(kind == "PER" for _text, kind, _in in names_of(home, STORIES["funds"][0]))
    council = STORIES["council"][0]
    assert titles(home, "person:smith") == [council]
    people = [(text, kind) for text, kind, _in in names_of(home, council) if kind == "PER"]
    assert people == [("John Smith", "PER"), ("Smith", "PER")]
    assert pivot_titles(home, "John Smith") == ("PER", [council])


def test_the_story_view_highlights_title_names_on_the_title_and_text_names_on_the_text() -> None:
    """A title's name carries the title's offsets: drawn on the text, "Macron" at 0-6 of the title would mark the
    text's first six characters. The title shown opens the content, so its names are marked there."""
    from feeds.entities import extract_story

    title = "Macron meets Xi"
    text = "French President Emmanuel Macron met Chinese President Xi Jinping in Paris on Monday."
    entities = extract_story(title, text)
    in_title = [(e.text, e.type) for e in entities if e.title]
    assert in_title == [("Macron", "PER"), ("Xi", "PER")], entities
    story = Story(id="s", feed_id="f", title=title, text=text, published=1.8e9)
    content = story_content(story, "Wire", 1.8e9, entities)
    plain = content.plain
    body = plain.index(text)
    person = ENTITY_STYLES["PER"]
    legend = plain.index("Names: ")  # the legend's "person" is in the person style too
    marked = sorted(
        (plain[s.start : s.end], s.start < body)
        for s in content.spans
        if s.style == person and not legend <= s.start < body
    )
    # Each name once where it is: "Macron" and "Xi" on the title, "Emmanuel Macron" and "Xi Jinping" on the text.
    assert marked == [("Emmanuel Macron", False), ("Macron", True), ("Xi", True), ("Xi Jinping", False)], (
        marked
    )
    assert [(e.key, e.title) for e in entities if e.text == "Macron"] == [("emmanuel macron", True)]


@pytest.mark.anyio
async def test_the_reader_lists_a_title_name_and_marks_it_on_the_title(home: Path, tmp_path: Path) -> None:
    """Opened in the reader, the Macron story's names pane was empty ("No names found") and nothing was marked."""
    copy = Path(shutil.copytree(home, tmp_path / "data"))
    macron = STORIES["macron"][0]
    chosen = story_id(copy, macron)
    with Store(copy) as store:
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen._related_ready)
            screen.open_story_id(chosen)
            pane = screen.query_one("#entities", EntityPane)
            await until(pilot, lambda: any(row.name == "Macron" for row in pane.rows))
            assert [(row.name, row.type) for row in pane.rows] == [("Macron", "PER")]
            body = screen.story_view.body
            assert body._texts[0] == macron  # the title opens the story as shown
            person = ENTITY_STYLES["PER"]
            marked = [(s.start, s.end) for s in body._spans if s.style == person and s.end <= len(macron)]
            assert marked == [(0, len("Macron"))]


def test_a_title_changes_none_of_the_texts_names_and_its_slips_stay_in_it() -> None:
    """Tagged with the text as one document, the title's "named by Army" made the text's "an Army vehicle" a
    person (51 of 1,221 texts of the shared news feeds changed so). The text's names are those it has alone, and
    a title word the text writes without naming anything by it is no name."""
    from feeds.entities import extract, extract_story

    title = "Salisbury Plain soldier death: Jethro Watson-Pickering named by Army"
    text = "Pte Jethro Watson-Pickering, 23, was part of a crew operating an Army vehicle at Salisbury Plain."
    found = extract_story(title, text)
    assert [e for e in found if not e.title] == extract(text)
    assert sorted((e.text, e.type) for e in found if e.title) == [
        ("Jethro Watson-Pickering", "PER"),
        ("Salisbury Plain", "LOC"),
    ]
