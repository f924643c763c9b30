"""One feed holding thousands of stories (retention set to keep all): a write for many of its stories is one pass
over the feed's files, not one pass per story, since each pass holds the store's lock and the reader waits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tinydb.table import Table

from feeds.model import Entity
from feeds.parse import parse_feed
from feeds.store import Retention, Store

NOW = 1_800_000_000.0
STORIES = 3000


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

    passes = 0
    real = Table._update_table

    def counted(self: Table, updater: Any) -> None:  # each call copies the feed's whole table twice
        nonlocal passes
        passes += 1
        real(self, updater)

    monkeypatch.setattr(Table, "_update_table", counted)
    store.set_entities(feed.id, found)
    assert passes == 1  # was one per story: 3,000 whole-table copies under the lock (50 s at 8,000 stories)
    monkeypatch.undo()
    for sid in (ids[0], ids[-1]):
        story = store.story(sid)
        assert story is not None and [e.text for e in story.entities or ()] == ["Ada Lovelace"]
