"""Commit groups: a refresh saves many feeds' files durably together (one round of fsyncs), all or nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import orjson

from feeds.store import Store
from tests.test_store import ROOT, make_story

NOW = time.time()


def on_disk_ids(root: Path, feed_id: str) -> set[str]:
    """Story ids in a feed's headers file as the disk holds it (not as any open store remembers it)."""
    path = root / "stories" / f"{feed_id}.json"
    if not path.exists():
        return set()
    data = orjson.loads(path.read_bytes())
    return {doc["id"] for doc in (data.get("stories") or {}).values()}


def test_a_group_writes_nothing_until_it_commits_then_everything(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        a = store.add_feed("https://a.example/feed")
        b = store.add_feed("https://b.example/feed")
        with store.saving():
            store.save_stories(a.id, [make_story(a.id, 1, published=NOW)])
            store.save_stories(b.id, [make_story(b.id, 2, published=NOW)])
            # Inside the group the reader's view already has them; the disk does not, yet.
            assert len(store.headers()) == 2
            assert on_disk_ids(tmp_path, a.id) == set() and on_disk_ids(tmp_path, b.id) == set()
        assert len(on_disk_ids(tmp_path, a.id)) == 1 and len(on_disk_ids(tmp_path, b.id)) == 1
        assert (tmp_path / "bodies" / f"{a.id}.json").exists()
    assert not list(tmp_path.rglob("*.tmp"))
    with Store(tmp_path) as again:
        assert {h.title for h in again.headers()} == {"Story 1", "Story 2"}
        assert again.story(again.headers()[0].id) is not None


def test_a_feed_removed_during_a_group_is_not_written_back(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        a = store.add_feed("https://a.example/feed")
        keep = store.add_feed("https://keep.example/feed")
        with store.saving():
            store.save_stories(a.id, [make_story(a.id, 1, published=NOW)])
            store.save_stories(keep.id, [make_story(keep.id, 2, published=NOW)])
            store.remove_feed(a.id)
        assert not (tmp_path / "stories" / f"{a.id}.json").exists()
        assert not (tmp_path / "bodies" / f"{a.id}.json").exists()
        assert len(on_disk_ids(tmp_path, keep.id)) == 1


_FAILING_GROUP = """
import resource, signal, sys, time
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from feeds.store import Store
from feeds.storage import StoreWriteError
from tests.test_store import make_story
store = Store(sys.argv[1])
a, b = store.feeds()
resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))
big = "x" * 3000
try:
    with store.saving():
        store.save_stories(a.id, [make_story(a.id, 10, published=time.time())])  # small: would fit alone
        store.save_stories(b.id, [make_story(b.id, n, published=time.time(), text=big) for n in range(20, 40)])
except StoreWriteError as exc:
    print(exc)
    print("headers", len(store.headers()))  # memory agrees with the disk again
    sys.exit(9)
"""


def test_a_group_that_cannot_be_saved_changes_no_file_and_says_why(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        a = store.add_feed("https://a.example/feed")
        b = store.add_feed("https://b.example/feed")
        store.save_stories(a.id, [make_story(a.id, 1, published=NOW)])
        store.save_stories(b.id, [make_story(b.id, 2, published=NOW)])
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}  # closed: retention's notes written too
    proc = subprocess.run(
        [sys.executable, "-c", _FAILING_GROUP, str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 9, proc.stderr
    assert "file size limit" in proc.stdout and "previous versions are kept" in proc.stdout
    assert "headers 2" in proc.stdout
    # Not even the small file that would have fitted was replaced: the group is all or nothing.
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.json")} == before
    assert not list(tmp_path.rglob("*.tmp"))
    with Store(tmp_path) as again:
        assert sorted(h.title for h in again.headers()) == ["Story 1", "Story 2"]
