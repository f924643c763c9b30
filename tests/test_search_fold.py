"""Turkish dotless ı searches as i, as dotted İ did: "kadikoy" found no story about Kadıköy, though "istanbul"
found İstanbul. The stories are written through ``Store`` and searched by the real command; an index saved before
the change (its words folded by the old rules) is rebuilt, not trusted."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from feeds.model import Story
from feeds.npz import write_aligned
from feeds.search.tokens import highlight_spans, tokenize
from feeds.store import Store
from feeds.text import fold
from tests.snapshot_apps.stores import NOW
from tests.test_search_prefix_rank import ids

TITLE = "Ferry to Kadıköy runs again after the storm"


def write_titles(home: Path, titles: list[tuple[str, str]], text: str) -> None:
    """One feed's stories in a real store: (id, title) pairs, newest first an hour apart, each with ``text``."""
    store = Store(home)
    feed = store.add_feed("https://wire.example/feed.xml", title="Wire")
    stories = [
        Story(
            id=id,
            feed_id=feed.id,
            title=title,
            link=f"https://wire.example/{id}",
            published=NOW - (n + 1) * 3600,
            first_seen=NOW,
            text=text,
            content_hash=id,
        )
        for n, (id, title) in enumerate(titles)
    ]
    store.save_stories(feed.id, stories, now=NOW)
    store.close()


def write_store(home: Path) -> None:
    text = "The ferries across the Bosphorus were stopped for two days."
    write_titles(home, [("kadikoy", TITLE), ("izmir", "Port of İzmir reopens")], text)


def test_dotless_i_folds_like_i() -> None:
    assert fold("Kadıköy") == fold("KADIKÖY") == fold("kadikoy") == "kadikoy"
    assert fold("Işık") == fold("ISIK") == "isik" and fold("İzmir") == "izmir"
    assert tokenize("Işık, Kadıköy") == ["isik", "kadikoy"]
    start = TITLE.index("Kadıköy")
    assert highlight_spans(TITLE, ["kadikoy"]) == [(start, start + len("Kadıköy"))]


def test_a_query_with_or_without_the_dot_finds_the_story(tmp_path: Path) -> None:
    write_store(tmp_path)
    for query in ["kadikoy", "Kadıköy", "KADIKÖY", "kadıkoy ferry"]:
        assert ids(tmp_path, query) == ["kadikoy"], query
    assert ids(tmp_path, "izmır") == ["izmir"]


def test_an_index_saved_by_the_old_rules_is_rebuilt(tmp_path: Path) -> None:
    write_store(tmp_path)
    assert ids(tmp_path, "kadikoy") == ["kadikoy"]  # builds and saves the index
    path = tmp_path / "index" / "search.idx"
    # Make it the file an earlier version wrote: no analysis revision, the word folded to "kadıkoy".
    with np.load(path, allow_pickle=False) as saved:
        arrays = {name: saved[name] for name in saved.files}
    header = json.loads(arrays["header"].tobytes())
    assert header.pop("analysis")
    header["terms"] = ["kadıkoy" if t == "kadikoy" else t for t in header["terms"]]
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with path.open("wb") as out:
        write_aligned(out, arrays)
    assert ids(tmp_path, "kadikoy") == ["kadikoy"]
    assert ids(tmp_path, "storm") == ["kadikoy"]
