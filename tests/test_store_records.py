"""A refresh's save puts records in place as TinyDB's remove and insert_multiple did, byte for byte
(feeds.store_records): the same ids, order and file, and TinyDB's own later inserts go on from the right id."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from feeds.model import Story, content_hash, story_id
from feeds.storage import AtomicJSONStorage
from feeds.store import Store
from feeds.store_records import replace_records


def _docs(*ids: str, text: str = "v1") -> dict[str, dict[str, Any]]:
    return {sid: {"id": sid, "text": f"{sid} {text}", "links": []} for sid in ids}


def _by_tinydb(db: TinyDB, table: str, docs: dict[str, dict[str, Any]]) -> None:
    """What the save did before: TinyDB's remove of the records with those ids, then its insert_multiple."""
    with db.storage.batch():  # type: ignore[attr-defined]
        raw = (db.storage.read() or {}).get(table) or {}
        stale = [int(k) for k, doc in raw.items() if isinstance(doc, dict) and doc.get("id") in docs]
        if stale:
            db.table(table).remove(doc_ids=stale)
        db.table(table).insert_multiple(dict(d) for d in docs.values())


def _none(db: TinyDB) -> None:
    pass


def _other_table(db: TinyDB) -> None:
    db.table("purged").insert({"id": "x", "at": 1.0})


def _stored(db: TinyDB) -> None:
    _by_tinydb(db, "bodies", _docs("a", "b", "c"))


def _stored_then_newest_edited(db: TinyDB) -> None:
    """Ids 1-3 stored, then the record of id 3 replaced: TinyDB's table keeps 5 as its next id, not max + 1."""
    _by_tinydb(db, "bodies", _docs("a", "b", "c"))
    _by_tinydb(db, "bodies", _docs("c", text="v2"))


def _newest_removed(db: TinyDB) -> None:
    _by_tinydb(db, "bodies", _docs("a", "b", "c"))
    db.table("bodies").remove(doc_ids=[3])


def _hand_edited(db: TinyDB) -> None:
    """A record without an id (a hand edit) is left where it is."""
    db.storage.write({"bodies": {"1": {"id": "a", "text": "a"}, "2": {"text": "no id"}, "7": {"id": "b"}}})


@pytest.mark.parametrize(
    "before", [_none, _other_table, _stored, _stored_then_newest_edited, _newest_removed, _hand_edited]
)
@pytest.mark.parametrize("reopened", [False, True])
def test_replace_records_writes_the_file_tinydb_wrote(
    tmp_path: Path, before: Callable[[TinyDB], None], reopened: bool
) -> None:
    files = {}
    for way, put in (("tinydb", _by_tinydb), ("ours", replace_records)):
        path = tmp_path / way / "bodies.json"
        path.parent.mkdir()
        db = TinyDB(path, storage=AtomicJSONStorage)
        before(db)
        if reopened:  # a new process: TinyDB's table knows no next id, it takes one past the largest
            db.close()
            db = TinyDB(path, storage=AtomicJSONStorage)
        put(db, "bodies", _docs("b", "d", "e", text="v3"))  # one edited, two new
        files[way] = [path.read_bytes()]
        # TinyDB's own inserts after ours (a read mark, a purge tombstone) take the ids that follow, overwriting none
        db.table("bodies").insert_multiple([{"id": "f", "text": "f"}])
        db.table("bodies").insert({"id": "g", "text": "g"})
        put(db, "bodies", _docs("h"))
        files[way].append(path.read_bytes())
        db.close()
    assert files["ours"] == files["tinydb"]
    ids = [doc.get("id") for doc in json.loads(files["ours"][1])["bodies"].values()]
    assert {"b", "d", "e", "f", "g", "h"} <= set(ids) and len([i for i in ids if i]) == len(
        {i for i in ids if i}
    )


def _story(feed_id: str, n: int, text: str, now: float) -> Story:
    title = f"Story {n}"
    return Story(
        id=story_id(feed_id, guid=f"guid-{n}"),
        feed_id=feed_id,
        title=title,
        link=f"https://example.org/{n}",
        published=now - n,
        first_seen=now - n,
        text=text,
        content_hash=content_hash(title, text),
    )


def test_an_edit_saved_is_read_back_from_the_same_store(tmp_path: Path) -> None:
    """The bodies' map kept for a feed is made again after a save: it knows a change by the table's new dict."""
    now = time.time()
    with Store(tmp_path / "data") as store:
        feed = store.add_feed("https://a.example/feed")
        store.save_stories(feed.id, [_story(feed.id, n, f"first {n}", now) for n in range(3)], now=now)
        assert [s.text for s in store.stories(feed.id)] == ["first 0", "first 1", "first 2"]
        edited = [_story(feed.id, n, f"first {n}" if n else "second 0", now) for n in range(4)]
        saved = store.save_stories(feed.id, edited, now=now + 1)
        assert (len(saved.new), len(saved.updated), saved.unchanged) == (1, 1, 2)
        assert [s.text for s in store.stories(feed.id)] == ["second 0", "first 1", "first 2", "first 3"]
    with Store(tmp_path / "data") as store:
        assert [s.text for s in store.stories(feed.id)] == ["second 0", "first 1", "first 2", "first 3"]
