"""`newsdesk import cache.db` killed by SIGKILL at every step of its saving: the data folder must then hold, for
every feed it lists, all that the import brings to it (stories, read marks, flagged ones bookmarked) or nothing of
it, and the next start must need no import again. newsboat's cache is never changed.

The child (:mod:`tests.step_crash_child`) runs the command as installed and kills itself before its N-th file
call (rename, unlink, link, fsync): every such call is a moment where a kill leaves another set of files."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from feeds.store import Store
from tests.test_newsboat_cache import make_cache

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 5
ITEMS = 6
KEPT = "https://n0.example/feed"  # subscribed before the import: the import adds stories and marks to it


def _cache(path: Path) -> Path:
    feeds = [(f"https://n{f}.example/feed", f"https://n{f}.example/", f"Feed {f}") for f in range(FEEDS)]
    items = [
        {
            "guid": f"https://n{f}.example/{i}",
            "title": f"Story {f}.{i}",
            "url": f"https://n{f}.example/{i}",
            "feedurl": f"https://n{f}.example/feed",
            "content": f"<p>Text of story {f}.{i}</p>",
            "unread": i % 2,
            "flags": "s" if i == 1 else "",
            "deleted": int(i == ITEMS - 1),
            "pubDate": 1704189600 + 3600 * i,
        }
        for f in range(FEEDS)
        for i in range(ITEMS)
    ]
    return make_cache(path, feeds, items)


def _state(home: Path) -> dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]]:
    """Each feed's address -> its stories' titles, the read ones, the bookmarked ones (opened as the next start
    opens the folder)."""
    with Store(home) as store:
        state = {}
        marks = {b.story.id for b in store.bookmarks()}
        for feed in store.feeds():
            headers = store.headers(feed.id)
            state[feed.url] = (
                frozenset(h.title for h in headers),
                frozenset(h.title for h in headers if store.is_read(h.id)),
                frozenset(h.title for h in headers if h.id in marks),
            )
        return state


def _import(home: Path, cache: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.step_crash_child", str(home), str(kill_at), "import", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # the kill takes the child's process group
    )


def _fresh(home: Path) -> None:
    with Store(home) as store:
        store.add_feed(KEPT, title="Kept")


def test_sigkill_at_any_step_of_a_cache_import_leaves_each_feed_whole_or_not_there(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "cache.db")
    digest = hashlib.sha256(cache.read_bytes()).hexdigest()
    whole_home = tmp_path / "whole"
    _fresh(whole_home)
    before = _state(whole_home)
    done = _import(whole_home, cache, 0)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    whole = _state(whole_home)
    assert len(whole) == FEEDS and all(len(titles) == ITEMS - 1 for titles, _, _ in whole.values())
    assert steps > 3 * FEEDS, done.stdout  # enough files written to kill it between many of them
    outcomes = []
    for kill_at in range(1, steps + 1):
        home = tmp_path / f"killed{kill_at}"
        _fresh(home)
        proc = _import(home, cache, kill_at)
        assert proc.returncode == -9, (kill_at, proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stderr
        after = _state(home)
        for url, got in after.items():
            assert got in (whole[url], before.get(url)), f"killed at step {kill_at}: {url} holds {got}"
        assert after in (before, whole), f"killed at step {kill_at}: part of the import is there"
        outcomes.append(after == whole)
        again = _import(home, cache, 0)  # importing again brings the rest, and nothing twice
        assert again.returncode == 0, again.stderr
        assert _state(home) == whole
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == digest
    # Kills before the renames found the folder as it was; kills between them, the import finished on opening.
    assert outcomes.count(False) > 10 and outcomes.count(True) > 10, outcomes
