"""Thousands of records at once: a feed kept whole (retention set to keep all), an import of many bookmarks. A
write for many records is one pass over their file, not one pass per record: each pass copies the whole table
while holding the store's lock, so the cost grew with the square of the count, and the reader waited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tinydb.table import Table

from feeds.model import Bookmark, Entity
from feeds.parse import parse_feed
from feeds.store import Retention, Store
from tests.test_bookmarks import make_story

NOW = 1_800_000_000.0
STORIES = 3000


def count_passes(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Count TinyDB's whole-table passes from now on (each copies the table twice); returns the counter."""
    passes = 0
    real = Table._update_table

    def counted(self: Table, updater: Any) -> None:
        nonlocal passes
        passes += 1
        real(self, updater)

    monkeypatch.setattr(Table, "_update_table", counted)
    return lambda: passes


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "data", retention=Retention(max_per_feed=0, max_age_days=0)) as s:
        yield s


def test_storing_names_for_a_whole_large_feed_is_one_pass(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = store.add_feed("https://big.example/feed.xml")
    items = [
        f"<item><guid>g{n}</guid><title>Story {n}</title><description>Ada Lovelace in Paris.</description></item>"
        for n in range(STORIES)
    ]
    for start in range(
        0, STORIES, 1000
    ):  # the parser reads at most 2,000 items a fetch: three refreshes' worth
        part = "".join(items[start : start + 1000])
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{part}</channel></rss>'
        store.save_stories(feed.id, parse_feed(doc.encode(), feed.id, now=NOW).stories, now=NOW)
    ids = [h.id for h in store.headers(feed.id)]
    assert len(ids) == STORIES
    found = {sid: ((Entity(0, 12, "PER", "Ada Lovelace", "ada lovelace"),), "model-1") for sid in ids}

    passes = count_passes(monkeypatch)
    store.set_entities(feed.id, found)
    assert passes() == 1  # was one per story: 3,000 whole-table copies under the lock (50 s at 8,000 stories)
    monkeypatch.undo()
    for sid in (ids[0], ids[-1]):
        story = store.story(sid)
        assert story is not None and [e.text for e in story.entities or ()] == ["Ada Lovelace"]


def test_importing_many_bookmarks_is_one_pass(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    marks = [Bookmark(make_story("gone-feed", n, published=NOW - n), note=f"note {n}") for n in range(1500)]
    store.import_bookmarks(marks[:500])
    passes = count_passes(monkeypatch)
    renoted = [Bookmark(m.story, note=m.note + " (edited)", created=NOW) for m in marks[:500]]
    assert store.import_bookmarks(renoted + marks[500:]) == (1000, 500, 0)
    assert (
        passes() <= 2
    )  # one update of the 500 stored, one insert of the 1,000 new: was one pass per bookmark
    monkeypatch.undo()
    assert len(store.bookmarks()) == 1500
    store.close()
    with Store(store.root, readonly=True) as again:  # as saved
        kept = {b.story.id: b for b in again.bookmarks()}
        assert len(kept) == 1500 and kept[marks[0].story.id].note == "note 0 (edited)"
        assert kept[marks[-1].story.id].note == "note 1499"
