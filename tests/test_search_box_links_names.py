"""A name qualifier typed in the reader's box lists what the entity pivot lists for the name once the word typed is a
whole word of a name, though the box reads the last word as still being typed: `person:trump` left out the story
whose tagger took "Trump" for an organisation, which the pivot and `newsdesk search person:trump` list. A feed from
127.0.0.1 refreshed into a real store and named by the real tagger, the reader under Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds import entities as ner
from feeds.enrich import pivot
from feeds.store import Store
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire

STORIES = {
    "plan": ("Plan rejected", "The Trump plan was rejected by the UN on Monday."),
    "speaks": ("Trump speaks", "President Trump spoke on Tuesday in Ohio."),
    "fires": ("Trump fires official", "The official left on Monday."),
    "allies": ("Trump allies split", "The allies met on Tuesday."),
    "meets": (
        "Trump meets leaders",
        "Donald Trump met leaders in Washington on Monday. Trump said talks went well.",
    ),
    "rally": ("Rally in Ohio", "Donald Trump held a rally in Ohio on Friday, officials said."),
    "biden": ("Biden speaks", "Joe Biden spoke in Washington on Monday about the economy."),
}


def test_the_tagger_takes_trump_for_an_organisation_in_one_story() -> None:
    """The premise of the test below: one story's "Trump" is an organisation, the others' a person."""

    def trump(id: str) -> list[str]:
        return [e.type for e in ner.extract_story(*STORIES[id]) if e.key == "trump"]

    assert trump("plan") == ["ORG"]
    assert trump("speaks") == ["PER"]


@pytest.mark.anyio
async def test_person_typed_in_the_box_lists_what_the_pivot_and_the_command_list(tmp_path: Path) -> None:
    from tests.snapshot_apps import reader, until

    home = stored_wire(tmp_path / "data", STORIES)
    # The command finds and stores the names, as the reader's enrichment does.
    proc = newsdesk(home, "search", "person:trump", "--json")
    assert proc.returncode == 0, proc.stderr
    command = {row["id"] for row in json.loads(proc.stdout)}
    with Store(home) as store:
        pivoted = set(pivot(store, "trump").story_ids)
        plan = {s.id for s in store.headers() if s.title == "Plan rejected"}
        assert plan <= pivoted and len(pivoted) == 6  # the organisation's story is the pivot's
        assert command == pivoted
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen

            def shown(query: str) -> bool:
                return screen._shown_query == query and screen.search_result is not None

            await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
            await pilot.press("slash", *"person:trump")
            await until(pilot, lambda: shown("person:trump"))
            assert {row.id for row in screen.story_list.rows} == pivoted
            # A word on its way ("trum") is a prefix: the names it starts, their stories typed a person.
            await pilot.press("backspace")
            await until(pilot, lambda: shown("person:trum"))
            assert {row.id for row in screen.story_list.rows} == pivoted - plan
