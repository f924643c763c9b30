"""Retention holds for every feed after a refresh, not only for the feeds whose stories were saved.

A feed that answered 304 (or the same bytes) for months was never trimmed by ``retention_days``, and a lowered
``retention_per_feed`` waited until the feed changed. An all-304 refresh still reads no stories file while every
feed is within its limits (see :mod:`feeds.store_retention`); bookmarked stories are kept, with their text, and
read marks stay on the stories left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path

from feeds.refresh import refresh
from feeds.store import Retention, Store
from tests.httpserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]
DAY = 86400.0


def rss(title: str, ages_days: list[float], *, now: float | None = None) -> str:
    """A feed of one item per age (in days before ``now``), item ``n`` at ``/story/n``."""
    now = time.time() if now is None else now
    items = "".join(
        f"<item><title>Story {n}</title><link>https://example.org/story/{n}</link>"
        f"<guid>https://example.org/story/{n}</guid><pubDate>{formatdate(now - age * DAY, usegmt=True)}</pubDate>"
        f"<description>Text of story {n}.</description></item>"
        for n, age in enumerate(ages_days)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def newsdesk(home: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(config)}
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc


def listed(home: Path, config: Path) -> dict[str, dict[str, object]]:
    """Story title -> its `stories --json` entry."""
    out = json.loads(newsdesk(home, config, "stories", "--json", "--limit", "0").stdout)
    return {s["title"]: s for s in out}


def test_a_feed_answering_304_is_trimmed_by_age_and_by_a_lowered_cap(tmp_path: Path) -> None:
    home, config = tmp_path / "home", tmp_path / "config.toml"
    config.write_text("retention_per_feed = 500\nretention_days = 0\n")
    with FeedServer({"/feed.xml": rss("Quiet Feed", [1, 2, 3, 100, 101, 102])}) as server:
        newsdesk(home, config, "add", server.url("/feed.xml"))
        newsdesk(home, config, "refresh")
        stories = listed(home, config)
        assert sorted(stories) == [f"Story {n}" for n in range(6)]
        newsdesk(home, config, "bookmark", str(stories["Story 4"]["id"]))  # old, and bookmarked
        newsdesk(home, config, "read", str(stories["Story 1"]["id"]), str(stories["Story 2"]["id"]))

        config.write_text("retention_per_feed = 500\nretention_days = 30\n")
        server.reset_stats()
        newsdesk(home, config, "refresh")
        assert server.headers("/feed.xml").get("if-none-match")  # answered 304: nothing was saved
        stories = listed(home, config)
        # Stories 3 and 5 were kept for ever: the feed never changed, so its retention never ran.
        assert sorted(stories) == ["Story 0", "Story 1", "Story 2", "Story 4"]
        assert stories["Story 4"]["bookmarked"] is True
        assert [stories[f"Story {n}"]["read"] for n in (0, 1, 2)] == [False, True, True]
        shown = newsdesk(home, config, "show", str(stories["Story 4"]["id"])).stdout
        assert "Text of story 4." in shown  # a bookmarked story keeps its text

        config.write_text("retention_per_feed = 2\nretention_days = 30\n")
        newsdesk(home, config, "refresh")
        stories = listed(home, config)
        assert sorted(stories) == ["Story 0", "Story 1", "Story 4"]  # the cap: 2 newest, and the bookmark
        assert stories["Story 1"]["read"] is True and stories["Story 0"]["read"] is False

        # Purged stories are remembered: the feed serving them anew (and a new one) does not bring them back.
        server.set("/feed.xml", rss("Quiet Feed", [1, 2, 3, 100, 101, 102, 0.5]))
        newsdesk(home, config, "refresh")
        assert sorted(listed(home, config)) == ["Story 0", "Story 4", "Story 6"]


def stories_loaded(store: Store) -> set[str]:
    """The feeds whose stories file this store has read (its catalog holds their headers)."""
    return set(store._headers)


def test_an_all_304_refresh_reads_only_the_files_of_feeds_over_a_limit(tmp_path: Path) -> None:
    content = {f"/f{n}.xml": rss(f"Feed {n}", [1 + k for k in range(3 + n)]) for n in range(4)}
    with FeedServer(content) as server:
        with Store(tmp_path) as store:
            feeds = [store.add_feed(server.url(f"/f{n}.xml")) for n in range(4)]
            assert all(r.outcome == "new" for r in refresh(store))
        with Store(tmp_path) as store:  # as `newsdesk refresh` run again: nothing changed, nothing read
            assert [r.outcome for r in refresh(store)] == ["unchanged"] * 4
            assert stories_loaded(store) == set()
        with Store(tmp_path, retention=Retention(max_per_feed=5)) as store:  # only the last feed holds 6
            refresh(store)
            assert stories_loaded(store) == {feeds[3].id}
            assert len(store.headers(feeds[3].id)) == 5
        with Store(tmp_path, retention=Retention(max_per_feed=5)) as store:  # within its limits now
            refresh(store)
            assert stories_loaded(store) == set()
        with Store(tmp_path, retention=Retention(max_per_feed=5, max_age_days=4.5)) as store:
            refresh(store)  # feeds 2 and 3 hold stories 5 days old
            assert stories_loaded(store) == {feeds[2].id, feeds[3].id}
            assert [len(store.headers(f.id)) for f in feeds] == [3, 4, 4, 4]


def test_a_story_whose_bookmark_goes_is_purged_at_the_next_refresh(tmp_path: Path) -> None:
    with FeedServer({"/f.xml": rss("Feed", [1, 50, 60])}) as server:
        with Store(tmp_path) as store:
            feed = store.add_feed(server.url("/f.xml"))
            refresh(store)
            old = [h.id for h in store.headers(feed.id)][1:]
            store.bookmark(old[0])
        with Store(tmp_path, retention=Retention(max_age_days=10)) as store:
            refresh(store)
            assert [h.id for h in store.headers(feed.id)][1:] == [old[0]]
        with Store(tmp_path, retention=Retention(max_age_days=10)) as store:
            refresh(store)
            assert stories_loaded(store) == set()  # within its limits: the bookmark holds the old story
            store.unbookmark(old[0])
        with Store(tmp_path, retention=Retention(max_age_days=10)) as store:
            refresh(store)
            assert len(store.headers(feed.id)) == 1


def test_a_note_of_a_file_that_changed_since_or_a_damaged_notes_file_is_not_trusted(tmp_path: Path) -> None:
    """A note counts only for the stories file it was made of: a backup of the feed's files put back, with five
    stories where the note says three, is read again, as is every feed when the notes file cannot be read."""
    with FeedServer({"/f.xml": rss("Feed", [1, 2, 3, 4, 5])}) as server:
        with Store(tmp_path) as store:
            feed = store.add_feed(server.url("/f.xml"))
            refresh(store)
        files = [tmp_path / sub / f"{feed.id}.json" for sub in ("stories", "bodies")]
        backup = [f.read_bytes() for f in files]
        with Store(tmp_path, retention=Retention(max_per_feed=3)) as store:
            refresh(store)
            assert len(store.headers(feed.id)) == 3
        notes = tmp_path / "index" / "retention.json"
        assert json.loads(notes.read_bytes())["feeds"][feed.id][1] == 2  # the oldest story left is the third
        for file, data in zip(files, backup, strict=True):
            file.write_bytes(data)
        with Store(tmp_path, retention=Retention(max_per_feed=3)) as store:
            assert len(store.headers(feed.id)) == 5
        with Store(tmp_path, retention=Retention(max_per_feed=3)) as store:
            refresh(store)
            assert len(store.headers(feed.id)) == 3
        notes.write_text("{not json")
        with Store(tmp_path, retention=Retention(max_per_feed=2)) as store:
            refresh(store)
            assert len(store.headers(feed.id)) == 2
