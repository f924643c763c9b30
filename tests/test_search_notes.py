"""Bookmark notes in search: ``note:word``, and plain words that find a bookmark by its note. A note is the
reader's own words about a story ("for the budget meeting"), the words they type to find it again; before, no
search read it. The real store and its index in a temporary folder, and the installed `newsdesk search`."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from feeds import saved_searches as ss
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps import open_help, reader, until
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk


def test_note_finds_the_bookmarks_whose_note_says_it(sample_store: Store) -> None:
    store = sample_store
    service = SearchService(store)
    service.open()
    store.bookmark("harbour-1", note="For the budget meetings, ask Ann")
    store.bookmark("atlas-0", note="Maps")
    store.bookmark("atlas-2")
    assert service.search("note:budget").ids == ["harbour-1"]
    assert service.search("note:meeting").ids == ["harbour-1"]  # an inflection, as a story's words find them
    assert service.search('note:"ask ann"').ids == ["harbour-1"]
    assert service.search('note:"ann ask"').ids == []  # a phrase: in order
    assert service.search("note:bud").ids == ["harbour-1"]  # typed in the box: the last word is a prefix
    assert set(service.search("-note:budget is:bookmarked").ids) == {"atlas-0", "atlas-2"}
    assert service.search("note:maps OR note:budget", sort="date").total == 2
    assert ss.match_count(service, "note:budget", now=NOW) == 1  # a saved search counts it too
    store.bookmark("harbour-1", note="Read later")  # a note edited: found by its new words at once
    assert service.search("note:budget").ids == [] and service.search("note:later").ids == ["harbour-1"]


def test_plain_words_find_a_bookmark_by_its_note_too(sample_store: Store) -> None:
    store = sample_store
    service = SearchService(store)
    service.open()
    assert service.search("quokka").ids == []
    store.bookmark("harbour-1", note="Quokka census next week")
    assert service.search("quokka").ids == ["harbour-1"]
    assert service.search('"quokka census"').ids == ["harbour-1"]
    ferry = set(service.search("ferry").ids)
    assert ferry and "harbour-1" not in ferry
    assert set(service.search("ferry OR quokka").ids) == ferry | {"harbour-1"}
    assert "harbour-1" not in service.search("-quokka").ids  # left out by its note's words too
    assert service.search("title:quokka").ids == []  # a title is the story's own


def test_newsdesk_search_note(sample_store: Store) -> None:
    sample_store.bookmark("harbour-1", note="For the budget meeting")
    home = sample_store.root
    sample_store.close()
    proc = newsdesk(home, "search", "note:budget", "--json")
    assert proc.returncode == 0 and '"harbour-1"' in proc.stdout and proc.stdout.count('"id"') == 1, proc
    proc = newsdesk(home, "search", "--help")
    assert "note:word" in proc.stdout


@pytest.mark.anyio
async def test_the_reader_s_box_finds_a_note_and_its_help_says_how(sample_store: Store) -> None:
    sample_store.bookmark("harbour-1", note="Quokka census next week")
    app = reader(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("slash", *"quokka")
        await until(pilot, lambda: screen._shown_query == "quokka" and screen.search_result is not None)
        assert [h.id for h in screen.story_list.rows] == ["harbour-1"]
        await pilot.press("escape", "escape")
        help_screen = await open_help(pilot, app)
        syntax = " ".join(str(help_screen.query_one("#help-syntax", Static).render()).split())
        assert "Search syntax" in syntax and "note:word a bookmark whose note says it" in syntax, syntax
