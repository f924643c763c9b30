"""A store file kept elsewhere through a link (``feeds.json`` in a synced folder), and a save killed half-way.

A save that must change its files all at once (`newsdesk import` of newsboat's cache) lists its renames in a
commit journal first, and the next open finishes them. The linked file's rename was listed by the path of the
file the link points to, out of the data folder, and the next open never follows such a path: killed before
that rename, the import's stories were renamed in and its subscriptions were not (part of an import). And the
killed process's temporary file beside the link's target stayed for good: the open tidies only the data folder.

The child (:mod:`tests.step_crash_child`) runs the command as installed and kills itself (SIGKILL) before its
N-th file call; here, before each rename. Real files, a real link, real kills."""

from __future__ import annotations

from pathlib import Path

from feeds.store import Store
from tests.test_crash_import import FEEDS, ITEMS, KEPT, _cache, _import, _state


def _linked_home(root: Path) -> tuple[Path, Path]:
    """A data folder whose feeds.json is a link to a file in another folder; the kept feed subscribed."""
    home, synced = root / "home", root / "synced"
    with Store(home) as store:
        store.add_feed(KEPT, title="Kept")
    synced.mkdir()
    (home / "feeds.json").rename(synced / "feeds.json")
    (home / "feeds.json").symlink_to(synced / "feeds.json")
    (home / "feeds.json.bak").unlink(missing_ok=True)
    return home, synced


def test_a_killed_import_with_a_linked_feeds_file_is_finished_whole_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    cache = _cache(tmp_path / "cache.db")
    home, synced = _linked_home(tmp_path / "whole")
    before = _state(home)
    done = _import(home, cache, 0)
    assert done.returncode == 0, done.stderr
    whole = _state(home)
    assert len(whole) == FEEDS and all(len(titles) == ITEMS - 1 for titles, _, _ in whole.values())
    assert (home / "feeds.json").is_symlink()
    renames = [
        int(line.split()[1])
        for line in done.stdout.splitlines()
        if line.startswith("step ") and " replace " in line
    ]
    assert len(renames) > 3, done.stdout
    for kill_at in renames:
        home, synced = _linked_home(tmp_path / f"killed{kill_at}")
        proc = _import(home, cache, kill_at)
        assert proc.returncode == -9, (kill_at, proc.returncode, proc.stderr)
        after = _state(home)  # the next open: the journal's renames finished, the leftovers gone
        assert after in (before, whole), f"killed before step {kill_at}: part of the import is there"
        assert (home / "feeds.json").is_symlink(), kill_at
        left = sorted(p.name for p in synced.iterdir())
        assert left in (["feeds.json"], ["feeds.json", "feeds.json.bak"]), (kill_at, left)
        assert not (home / "commit.journal").exists()
