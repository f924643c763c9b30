"""A word typed in full outranks the longer words it begins: `newsdesk search trump` listed a 30-word story that
says "Trumpian" once above the stories titled "Trump …", because the last word of a query is also a prefix (search
as you type) and the rare longer word's idf beat the common word's. The store is written through ``Store`` and
searched as the reader's box searches it, the last word still being typed; the command reads its query as complete
(the last word the word typed), and lists the "Trumpian" story no more."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.model import Story
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk

FILLER = (
    "The council met on Tuesday to discuss the budget for the coming year, the new harbour bridge, bus routes "
    "through the old town and a plan to plant trees along the river, and agreed to meet again next month."
)


def story(feed_id: str, id: str, title: str, text: str, hours: float) -> Story:
    return Story(
        id=id,
        feed_id=feed_id,
        title=title,
        link=f"https://wire.example/{id}",
        published=NOW - hours * 3600,
        first_seen=NOW,
        text=text,
        content_hash=id,
    )


def write_store(home: Path) -> None:
    store = Store(home)
    feed = store.add_feed("https://wire.example/feed.xml", title="Wire")
    stories = [story(feed.id, f"filler-{i}", f"Council notes {i}", FILLER, 10 + i) for i in range(30)]
    stories += [
        story(feed.id, "exact-1", "Trump visits the harbour", FILLER + " " + FILLER, 5),
        story(feed.id, "exact-2", "Trump signs a trade order", FILLER + " " + FILLER, 6),
        story(feed.id, "exact-3", "Senate: Trump budget passes", FILLER + " " + FILLER, 7),
        story(feed.id, "inflected", "Rivals trumped in the final", FILLER + " " + FILLER, 8),
        # The newest, short, and the only story with its word: the old scoring put it first.
        story(
            feed.id,
            "prefix-only",
            "A quiet week in the capital",
            "Critics called the mayor's speech Trumpian in tone, though the plan itself was modest and most of "
            "the council backed it.",
            1,
        ),
    ]
    store.save_stories(feed.id, stories, now=NOW)
    store.close()


def ids(home: Path, query: str) -> list[str]:
    """The stories the reader's box lists for ``query`` as typed, best first."""
    with Store(home) as store:
        service = SearchService(store)
        service.open()
        return service.search(query).ids


def test_the_command_lists_the_word_typed_not_the_longer_words_it_begins(tmp_path: Path) -> None:
    write_store(tmp_path)
    proc = newsdesk(tmp_path, "search", "trump", "--json")
    assert proc.returncode == 0, proc.stderr
    assert {row["id"] for row in json.loads(proc.stdout)} == {"exact-1", "exact-2", "exact-3", "inflected"}


def test_a_word_typed_in_full_outranks_the_longer_words_it_begins(tmp_path: Path) -> None:
    write_store(tmp_path)
    found = ids(tmp_path, "trump")
    # Every story with the word (or an inflection of it) first, the prefix-only match after them, still found.
    assert set(found[:4]) == {"exact-1", "exact-2", "exact-3", "inflected"}
    assert found[4:] == ["prefix-only"]
    assert ids(tmp_path, "council trump")[-1] == "prefix-only"  # and so after another word
    # A prefix that is no word of its own matches all of them as before, and a longer one the longer word only.
    assert set(ids(tmp_path, "trum")) == {"exact-1", "exact-2", "exact-3", "inflected", "prefix-only"}
    assert ids(tmp_path, "trumpi") == ["prefix-only"]
