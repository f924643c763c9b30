"""The demo's set-up (`newsdesk --demo`) on a demo store made by another copy of the code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from feeds.demo import demo_feed_files
from feeds.refresh import refresh
from feeds.store import Store
from tests.test_cli import newsdesk
from tui.cli_demo import load_demo


def demo_of_another_copy(tmp_path: Path) -> tuple[list[str], str, str, set[str]]:
    """A demo store (in ``tmp_path``/demo) set up by a copy of the code since moved away: its stories, a story
    read, one bookmarked, and its feeds' ids."""
    old_copy = tmp_path / "old-clone" / "feeds" / "demo"
    old_copy.mkdir(parents=True)
    with Store(tmp_path / "demo") as store:
        for path in demo_feed_files():
            shutil.copy(path, old_copy / path.name)
            store.add_feed(str(old_copy / path.name), tags=("demo",))
        refresh(store, store.feeds())
        stories = store.headers()
        read, saved = stories[0].id, stories[1].id
        store.set_read([read])
        store.bookmark(saved)
        feed_ids = {f.id for f in store.feeds()}
    shutil.rmtree(tmp_path / "old-clone")  # the old copy is gone, as when the package moved
    return [h.id for h in stories], read, saved, feed_ids


def test_demo_from_another_copy_of_the_code_keeps_its_feeds_and_marks(tmp_path: Path) -> None:
    """The demo subscribed its files by absolute path, so a second clone (or a moved package) opening the same
    demo store subscribed the six outlets again: All went from 45 stories to 90, the marks left on the old ones."""
    stories, read, saved, feed_ids = demo_of_another_copy(tmp_path)
    with Store(tmp_path / "demo") as store:
        load_demo(store)
        assert {f.id for f in store.feeds()} == feed_ids
        assert sorted(f.url for f in store.feeds()) == sorted(str(p) for p in demo_feed_files())
        assert len(store.headers()) == len(stories)
        assert store.is_read(read) and store.is_bookmarked(saved)
        assert not any(f.status.failing for f in store.feeds())  # read from this copy's files


def test_a_demo_command_points_the_demo_of_another_copy_at_this_one(tmp_path: Path) -> None:
    """`newsdesk --demo COMMAND` on that store: the feeds read this copy's files, the marks stay."""
    stories, read, _saved, feed_ids = demo_of_another_copy(tmp_path)
    listed = newsdesk(tmp_path, "--demo", "feeds", "--json")
    assert listed.returncode == 0, listed.stderr
    feeds = json.loads(listed.stdout)
    assert {f["id"] for f in feeds} == feed_ids
    assert sorted(f["url"] for f in feeds) == sorted(str(p) for p in demo_feed_files())
    refreshed = newsdesk(tmp_path, "--demo", "refresh")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    unread = json.loads(newsdesk(tmp_path, "--demo", "stories", "--unread", "--limit", "0", "--json").stdout)
    assert len(unread) == len(stories) - 1 and read not in {s["id"] for s in unread}
