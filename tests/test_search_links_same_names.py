"""A name qualifier lists the same stories in the reader's box and in `newsdesk search`, where more than 12 names
start with the word typed. Both link the names the pivot takes for the same person (feeds/name_forms.py) from the
names holding the word whole; the command linked from the first 12 names the word starts instead, so on a store
with many "Johnson"s `person:john` left out the story whose tagger took John Smith's "Smith" for an organisation,
which the box listed. A feed from 127.0.0.1 refreshed into a real store and named by the real tagger, the
installed command, and the reader under Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds import entities as ner
from feeds.store import Store
from tests.test_cli import newsdesk
from tests.test_redteam12_search import stored_wire

FIRST = [
    "Boris",
    "Dwayne",
    "Magic",
    "Ben",
    "Jack",
    "Eddie",
    "Lyndon",
    "Andrew",
    "Don",
    "Dakota",
    "Kevin",
    "Samuel",
]
LAST = ["Johnson", "Johnson", "Johnson", "Johnston", "Johns", "Johnstone", "Johnson", "Johnson", "Johnson"]
JOHNS = [f"{first} {last}" for first, last in zip(FIRST + ["Michael", "Gary"], LAST + LAST, strict=False)]
#: John Smith, whose "Smith" one story's tagger takes for an organisation, then fourteen people with a name's word
#: starting "john", told last: the newest stories, whose names the index meets first.
STORIES = {
    "meets": (
        "Smith meets leaders",
        "John Smith met leaders in Washington on Monday. Smith said talks went well.",
    ),
    "speaks": ("Smith speaks", "President Smith spoke on Tuesday in Ohio."),
    "wins": ("Smith wins vote", "Senator Smith won the vote on Friday."),
    "plan": ("Plan rejected", "The Smith plan was rejected by the UN on Monday."),
    **{
        f"j{n}": (f"{name} visits Ohio", f"{name} visited Ohio on Monday, officials said.")
        for n, name in enumerate(JOHNS)
    },
}


@pytest.mark.anyio
async def test_person_john_lists_the_same_stories_in_the_box_and_the_command(tmp_path: Path) -> None:
    from tests.snapshot_apps import reader, until

    def names(id: str) -> set[tuple[str, str]]:
        return {(e.key, e.type) for e in ner.extract_story(*STORIES[id])}

    # The premise: more than 12 names start "john" without holding it whole, and one story's Smith is an ORG.
    johns = set().union(*(names(f"j{n}") for n in range(len(JOHNS))))
    assert len({key for key, kind in johns if kind == "PER" and key.split()[-1].startswith("john")}) > 12
    assert ("smith", "ORG") in names("plan") and ("smith", "PER") in names("speaks")
    assert ("john smith", "PER") in names("meets")

    home = stored_wire(tmp_path / "data", STORIES)
    proc = newsdesk(home, "search", "person:john", "--json")
    assert proc.returncode == 0, proc.stderr
    command = {row["id"] for row in json.loads(proc.stdout)}
    with Store(home) as store:
        plan = {s.id for s in store.headers() if s.title == "Plan rejected"}
        assert plan <= command  # John Smith's "Smith", linked as the pivot links it
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
            await pilot.press("slash", *"person:john")
            await until(
                pilot, lambda: screen._shown_query == "person:john" and screen.search_result is not None
            )
            result = screen.search_result
            assert result is not None and set(result.ids) == command  # the list folds the look-alike visits
            assert {row.id for row in screen.story_list.rows} <= command
