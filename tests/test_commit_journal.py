"""The commit journal a save of newsboat's cache leaves when killed between its renames (see
:data:`feeds.storage.JOURNAL`): the next open finishes what it lists, and only that. The journals here are written
as a killed import leaves them; tests/test_crash_import.py kills real imports."""

from __future__ import annotations

from pathlib import Path

import orjson

from feeds.storage import JOURNAL
from feeds.store import Store


def _journal(root: Path, renames: list[list[object]]) -> None:
    (root / JOURNAL).write_bytes(orjson.dumps({"renames": renames}))


def test_the_renames_a_kill_cut_off_are_made_at_the_next_open_and_said(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store(root) as store:
        feed = store.add_feed("https://example.com/feed")
    whole = orjson.dumps(
        {"stories": {"1": {"id": "s1", "title": "T", "link": "", "author": "", "published": 1.0}}}
    )
    tmp = root / "stories" / f".{feed.id}.json.999999999-1.tmp"
    tmp.write_bytes(whole)
    short = root / "bodies" / f".{feed.id}.json.999999999-1.tmp"
    short.write_bytes(b"{}")  # not the size listed: never renamed in (a later save's file of the same name)
    outside = tmp_path / "outside.json"
    _journal(
        root,
        [
            ["feeds.json", "feeds.json", 0, True],  # renamed before the kill: its temporary file is gone
            [f"stories/{tmp.name}", f"stories/{feed.id}.json", len(whole), True],
            [f"bodies/{short.name}", f"bodies/{feed.id}.json", 99, True],
            [
                f"stories/{tmp.name}",
                "../outside.json",
                len(whole),
                False,
            ],  # out of the data folder: not followed
        ],
    )
    with Store(root) as store:
        assert [h.title for h in store.headers(feed.id)] == ["T"]
        assert any("cut off by a crash was finished (1 file renamed in)" in note for note in store.recovered)
    assert not (root / JOURNAL).exists() and not tmp.exists() and not outside.exists()
    assert not (root / "bodies" / f"{feed.id}.json").exists()


def test_a_damaged_journal_is_dropped_and_the_store_opens_as_it_is(tmp_path: Path) -> None:
    root = tmp_path / "store"
    with Store(root) as store:
        store.add_feed("https://example.com/feed")
    (root / JOURNAL).write_bytes(b'{"renames": [["a", ')
    with Store(root) as store:
        assert len(store.feeds()) == 1 and not store.recovered
    assert not (root / JOURNAL).exists()
