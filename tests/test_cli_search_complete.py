"""`newsdesk search` reads its query as complete: the last word is a whole word, not one still being typed as in
the reader's box, so a name typed whole there is linked as the pivot links it (the installed command, a real
store in a tmp dir)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds import entities as ner
from feeds.model import Entity, Story
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk

#: Four stories name Erdogan; the tagger took him for an organisation in one.
STORIES = [
    ("bridge", "Erdogan opens a bridge over the Bosphorus", "PER"),
    ("ministers", "Erdogan meets his ministers", "PER"),
    ("speech", "Erdogan gives a speech in Izmir", "PER"),
    ("ankara", "Erdogan hosts talks in Ankara", "ORG"),
    ("summit", "Kim and Putin meet at a summit in Vladivostok", ""),
]


def desk(root: Path) -> None:
    with Store(root) as store:
        feed = store.add_feed("https://desk.example/feed.xml", title="Desk")
        stories = [
            Story(
                id=key,
                feed_id=feed.id,
                title=title,
                text=title,
                published=NOW - n * 3600.0,
                first_seen=NOW,
                entities=(Entity(0, 7, kind, "Erdogan", "erdogan"),) if kind else (),  # type: ignore[arg-type]
                entities_model=ner.MODEL_VERSION,
            )
            for n, (key, title, kind) in enumerate(STORIES)
        ]
        store.save_stories(feed.id, stories, now=NOW)


def found(home: Path, *query: str) -> list[str]:
    proc = newsdesk(home, "search", *query, "--json")
    assert proc.returncode == 0, proc.stderr
    return sorted(row["id"] for row in json.loads(proc.stdout))


def test_a_name_last_on_the_command_line_is_linked_as_a_whole_name(tmp_path: Path) -> None:
    """`search person:erdogan` left out the story whose tagger took him for an organisation, as the reader's box
    does while the name is still being typed; the pivot of "Erdogan" lists it, and so does `search` now."""
    desk(tmp_path)
    every = ["ankara", "bridge", "ministers", "speech"]
    assert found(tmp_path, "person:erdogan") == every
    assert found(tmp_path, "person:erdogan", "bridge") == ["bridge"]  # as it was when another word followed


def test_the_last_word_on_the_command_line_is_the_word_typed(tmp_path: Path) -> None:
    """`search kim sum` listed the summit story: "sum" was taken for the start of a word still being typed."""
    desk(tmp_path)
    assert found(tmp_path, "kim", "sum") == []
    assert found(tmp_path, "kim", "summit") == ["summit"]
    assert found(tmp_path, "kim", "summits") == ["summit"]  # a finished word still finds its inflections
