"""`newsdesk refresh` killed by SIGKILL between the renames of a commit group (several feeds saved together, see
feeds.refresh.GROUP): the store must open whole, list only stories that have their text, keep every read mark,
bookmark and subscription from before, and the next refresh must bring the rest.

The kill is put at the N-th rename of the command's saving (:mod:`tests.step_crash_child`), not at a moment
picked by a clock: a group's renames take well under a millisecond, and random kills (tests/test_crash.py) almost
never land between them. The refresh is a fresh one for most feeds, and brings new stories to the two feeds
that hold the read marks and bookmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from feeds.refresh import refresh
from feeds.store import Store
from tests.feedgen import make_feed, make_items
from tests.httpserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 10
MARKED = 2  # feeds refreshed before, holding the read marks and bookmarks
# Before the 1st rename; between a feed's bodies and stories files; between two feeds of a group; mid-group;
# the last rename of a group of eight (each feed renames two files).
KILLS = (1, 2, 3, 9, 16)


def _child(home: Path, kill_at: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.step_crash_child", str(home), kill_at, "refresh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # the kill takes its process group: the parse workers too
    )


def _texts_missing(store: Store) -> list[str]:
    return [h.id for h in store.headers() if not ((s := store.story(h.id)) and s.text.strip())]


def test_sigkill_between_a_groups_renames_keeps_marks_and_whole_stories(tmp_path: Path) -> None:
    with FeedServer() as server:
        for n in range(FEEDS):
            server[f"/f{n}.xml"] = make_feed(n, 50)
        urls = [server.url(f"/f{n}.xml") for n in range(FEEDS)]
        base = tmp_path / "base"
        with Store(base) as store:
            feeds = [store.add_feed(url) for url in urls]
            refresh(store, feeds[:MARKED])
            ids = sorted(h.id for h in store.headers())
            read, marked = set(ids[::5]), set(ids[1::25])
            store.set_read(read)
            for sid in marked:
                store.bookmark(sid)
        for n in range(
            MARKED
        ):  # the marked feeds bring new stories; the others are fetched for the first time
            server[f"/f{n}.xml"] = make_feed(n, 50, generation=3)
        served = {
            it["link"] for n in range(FEEDS) for it in make_items(n, 50, generation=3 if n < MARKED else 0)
        }
        killed = 0
        for kill_at in KILLS:
            home = tmp_path / f"killed{kill_at}"
            shutil.copytree(base, home)
            proc = _child(home, f"replace:{kill_at}")
            assert "Traceback" not in proc.stderr, proc.stderr
            killed += proc.returncode == -9
            with Store(home) as store:  # opened as the next start opens it
                assert {f.url for f in store.feeds()} == set(urls)
                assert all(store.is_read(sid) for sid in read), f"killed at rename {kill_at}: read marks lost"
                assert marked <= {b.story.id for b in store.bookmarks()}, f"killed at rename {kill_at}"
                assert not _texts_missing(store), f"killed at rename {kill_at}: stories listed without text"
                results = refresh(store)
                assert not [r for r in results if r.outcome == "failed"], results
                assert served <= {h.link for h in store.headers()}, f"killed at rename {kill_at}"
                assert not _texts_missing(store)
                assert all(store.is_read(sid) for sid in read)
                assert marked <= {b.story.id for b in store.bookmarks()}
        assert killed == len(KILLS), f"only {killed} of {len(KILLS)} refreshes were killed"
