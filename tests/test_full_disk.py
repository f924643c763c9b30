"""A real full disk under the store, the `newsdesk refresh` command and the reader.

The store lives on a small real file system (see :mod:`tests.small_disk`: a tmpfs in a private mount namespace,
or a file size limit where that cannot be had), which is filled to the last byte. Every write must then fail in
words, leave every file as it was (no temporary files), and work again once space is freed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.model import Story, content_hash, story_id
from feeds.storage import StoreWriteError, write_export
from feeds.store import Retention, Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.small_disk import FULL, SmallDisk, snapshot
from tests.snapshot_apps import settled
from tests.snapshot_apps.stores import NOW, FeedSpec, build_store
from tui.app import make_app
from tui.config import Config

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    small = SmallDisk(tmp_path / "disk")
    yield small
    small.close()


def story(feed_id: str, n: int) -> Story:
    title, text = f"Story {n}", f"Body of story {n}. " * 20
    return Story(
        id=story_id(feed_id, guid=f"guid-{n}"),
        feed_id=feed_id,
        title=title,
        link=f"https://example.org/{n}",
        published=NOW - n * 60,
        first_seen=NOW,
        text=text,
        content_hash=content_hash(title, text),
    )


def test_a_new_file_a_full_disk_refuses_says_nothing_was_written(disk: SmallDisk) -> None:
    """An export to a new file said "the previous version is kept" of a file that never was."""
    disk.fill()
    with disk.writes_blocked():
        with pytest.raises(StoreWriteError, match=FULL) as failed:
            write_export(disk.path / "new.opml", b"<opml/>" * 1000)
        assert "nothing was written" in str(failed.value) and "previous" not in str(failed.value)
    assert not (disk.path / "new.opml").exists()


def test_a_save_on_a_full_disk_fails_in_words_and_changes_no_file(disk: SmallDisk) -> None:
    root = disk.path / "data"
    store = Store(root, retention=Retention(0))
    feed = store.add_feed("https://a.example/feed.xml", title="Alpha")
    old = [story(feed.id, n) for n in range(5)]
    store.save_stories(feed.id, old, now=NOW)
    store.set_read([old[0].id])
    before = snapshot(root)
    assert any(name.startswith("bodies/") for name in before)
    disk.fill()
    with disk.writes_blocked():
        with pytest.raises(StoreWriteError, match=FULL) as failed:
            store.save_stories(feed.id, [story(feed.id, n) for n in range(5, 10)], now=NOW)
        message = str(failed.value)
        assert "\n" not in message and "the previous version is kept" in message
        with pytest.raises(StoreWriteError, match=FULL):
            store.set_read([old[1].id])
        with pytest.raises(StoreWriteError, match=FULL):
            store.add_feed("https://b.example/feed.xml")
        # The open store still answers with what is on disk.
        assert [h.id for h in store.headers(feed.id)] == [s.id for s in old]
        assert store.is_read(old[0].id) and not store.is_read(old[1].id)
        assert [f.id for f in store.feeds()] == [feed.id]
    assert snapshot(root) == before  # every file whole and unchanged, no temporary file left
    store.close()
    with Store(root, readonly=True) as again:  # and it opens with the old data
        assert [h.id for h in again.headers(feed.id)] == [s.id for s in old]
        assert again.is_read(old[0].id)
        assert again.story(old[3].id) == old[3]
    disk.free()
    with Store(root) as again:  # space back: the same save works
        saved = again.save_stories(feed.id, [story(feed.id, n) for n in range(5, 10)], now=NOW)
        assert len(saved.new) == 5 and again.story_count() == 10


def test_a_store_opens_on_a_full_disk_even_when_its_lock_file_is_new(disk: SmallDisk) -> None:
    """Regression: writing our pid into a new lock file on a full disk raised a bare OSError at open."""
    root = disk.path / "data"
    with Store(root) as store:
        feed = store.add_feed("https://a.example/feed.xml", title="Alpha")
        store.save_stories(feed.id, [story(feed.id, 1)], now=NOW)
    (root / "newsdesk.lock").unlink()
    disk.fill()
    with disk.writes_blocked(), Store(root) as store:
        assert store.story_count() == 1
        with pytest.raises(StoreWriteError, match=FULL):
            store.set_read([story(feed.id, 1).id])


def newsdesk(disk: SmallDisk, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, run like a user runs it (with the size limit when the disk is faked full)."""
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    return subprocess.run(
        [*cmd, "--data-dir", str(disk.path / "data"), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, preexec_fn=disk.preexec(),
    )  # fmt: skip


def test_refresh_on_a_full_disk_says_so_per_feed_and_keeps_the_old_stories(
    disk: SmallDisk, feed_server: httpserver.FeedServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    feed_server["/one.xml"] = make_feed(1, 6)
    feed_server["/two.xml"] = make_feed(2, 6)
    for path in ("/one.xml", "/two.xml"):
        assert newsdesk(disk, home, "add", feed_server.url(path)).returncode == 0
    first = newsdesk(disk, home, "refresh")
    assert first.returncode == 0, first.stderr
    root = disk.path / "data"
    with Store(root) as store:
        old_ids = {h.id for h in store.headers()}
        marked = sorted(old_ids)[:3]
        store.set_read(marked)
    assert len(old_ids) == 12
    before = snapshot(root)

    feed_server["/one.xml"] = make_feed(1, 6, generation=3)  # three new stories in each feed
    feed_server["/two.xml"] = make_feed(2, 6, generation=3)
    disk.fill()
    full = newsdesk(disk, home, "refresh")
    assert full.returncode != 0
    assert "Traceback" not in full.stdout + full.stderr
    problems = [line for line in full.stdout.splitlines() if line.startswith("failed")]
    assert len(problems) == 2, full.stdout
    for line in problems:
        assert "Generated News" in line and ("the disk is full" in line or "file size limit" in line), line
    assert full.stderr.strip().splitlines()[-1] == "2 feeds: 0 new stories, 2 failed"
    assert snapshot(root) == before
    with Store(root, readonly=True) as store:
        assert {h.id for h in store.headers()} == old_ids
        assert all(store.is_read(sid) for sid in marked)

    disk.free()
    again = newsdesk(disk, home, "refresh")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stderr.strip().splitlines()[-1] == "2 feeds: 6 new stories, 0 failed"
    with Store(root, readonly=True) as store:
        ids = {h.id for h in store.headers()}
        assert old_ids < ids and len(ids) == 18
        assert all(store.is_read(sid) for sid in marked)


def notes(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_marking_read_in_the_reader_on_a_full_disk_is_a_notice(disk: SmallDisk) -> None:
    root = disk.path / "data"
    spec = FeedSpec("wire", "Wire", [("First story", 1), ("Second story", 2), ("Third story", 3)])
    store, _ids = build_store(root, [spec])
    app = make_app(store, Config(), clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await settled(pilot, app)  # the passes write the store: done before the snapshot and the full disk
        first = screen.story_list.current
        assert first is not None and not store.is_read(first.id)
        before = snapshot(root)
        disk.fill()
        with disk.writes_blocked():
            await pilot.press("m")
            await pilot.pause()
            assert app.is_running
            failed = [n for n in notes(app) if n.startswith("Cannot mark the story")]
            assert len(failed) == 1 and ("the disk is full" in failed[0] or "size limit" in failed[0])
            assert not store.is_read(first.id)
            await pilot.press("j")  # still answers keys
            await pilot.pause()
            assert screen.story_list.cursor == 1
        assert snapshot(root) == before
        disk.free()
        await pilot.press("k", "m")
        await pilot.pause()
        assert store.is_read(first.id)
    store.close()
    with Store(root, readonly=True) as again:
        assert again.is_read(first.id)


def test_a_long_refresh_on_a_full_disk_ends_in_words(
    disk: SmallDisk, feed_server: httpserver.FeedServer, tmp_path: Path
) -> None:
    """A refresh longer than a second also writes feed records (statuses) while it runs; on a full disk that
    write fails too. It must still end in words (no traceback), non-zero, with the old data whole."""
    home = tmp_path / "home"
    feed_server["/quick.xml"] = make_feed(3, 4)
    feed_server["/late.xml"] = make_feed(4, 4)
    assert newsdesk(disk, home, "add", feed_server.url("/quick.xml")).returncode == 0
    assert newsdesk(disk, home, "add", feed_server.url("/slow/late.xml") + "?s=1.5").returncode == 0
    root = disk.path / "data"
    before = snapshot(root)
    feed_server["/late.xml"] = make_feed(4, 4, generation=2)  # /quick.xml is unchanged: a status to record
    disk.fill()
    proc = newsdesk(disk, home, "refresh")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stdout + proc.stderr
    # The failed write of feed records midway does not stop the refresh: the late feed still reports its own
    # failure in words, and the run ends with its summary line.
    lines = [*proc.stdout.splitlines(), *proc.stderr.strip().splitlines()]
    assert any(
        line.startswith("failed") and "late" in line.lower() or "disk is full" in line for line in lines
    )
    assert any(re.search(r"2 feeds: 0 new stories, 1 failed", line) for line in lines), lines
    for line in proc.stderr.strip().splitlines():
        assert line.startswith("newsdesk: ") or " feeds: " in line, line
    assert snapshot(root) == before
