"""Saved searches in the engine: names and queries in the store (surviving reopening and a SIGKILL), rename and
delete in words, and what a saved search finds and counts over a known store with its real index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from feeds import saved_searches as ss
from feeds.search.service import SearchService
from feeds.storage import StoreError
from feeds.store import Store
from tests.snapshot_apps.stores import NOW, build_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def known(tmp_path: Path) -> Store:
    store, _ids = build_store(tmp_path / "data")
    return store


def test_keys_name_saved_searches_and_nothing_else() -> None:
    assert ss.key_of("Rail news") == "search:Rail news"
    assert ss.name_of("search:Rail news") == "Rail news"
    assert ss.name_of("feed:search:x") is None and ss.name_of("all") is None


def test_names_are_one_clean_line_and_blank_ones_are_refused() -> None:
    assert ss.clean_name("  Rail\n news \x07 ") == "Rail news"
    assert len(ss.clean_name("x" * 500)) == ss.MAX_NAME
    for blank in ("", "   ", "\n\t"):
        with pytest.raises(StoreError, match="needs a name"):
            ss.clean_name(blank)


def test_save_rename_delete_survive_reopening(known: Store, tmp_path: Path) -> None:
    assert ss.save(known, "  Transport ", "rail OR ferry ") == "Transport"
    assert ss.save(known, "Drafts", "draft") == "Drafts"
    assert ss.rename(known, "Drafts", "All drafts") == "All drafts"
    known.close()
    with Store(tmp_path / "data") as store:
        assert store.saved_searches() == {"All drafts": "draft", "Transport": "rail OR ferry"}
        assert [s.name for s in ss.saved(store)] == ["All drafts", "Transport"]
        ss.delete(store, "All drafts")
    with Store(tmp_path / "data") as store:
        assert store.saved_searches() == {"Transport": "rail OR ferry"}


def test_mistakes_are_said_in_words(known: Store) -> None:
    ss.save(known, "Transport", "rail")
    ss.save(known, "Drafts", "draft")
    with pytest.raises(StoreError, match="no query"):
        ss.save(known, "Empty", "   ")
    with pytest.raises(StoreError, match="no saved search named 'Nope'"):
        ss.delete(known, "Nope")
    with pytest.raises(StoreError, match="no saved search named 'Nope'"):
        ss.rename(known, "Nope", "Other")
    with pytest.raises(StoreError, match="already exists"):
        ss.rename(known, "Transport", "Drafts")
    assert known.saved_searches() == {"Drafts": "draft", "Transport": "rail"}
    known.close()


def test_stories_newest_first_and_unread_counts_follow_read_marks(known: Store) -> None:
    service = SearchService(known)
    service.open()
    rows = ss.stories(service, "rail OR ferry", now=NOW)
    assert [h.id for h in rows] == ["atlas-2", "harbour-2"]
    assert [h.published for h in rows] == sorted((h.published for h in rows), reverse=True)
    assert ss.unread_count(service, "rail OR ferry", now=NOW) == 2
    known.set_read(["atlas-2"])
    assert ss.unread_count(service, "rail OR ferry", now=NOW) == 1
    ss.save(known, "Transport", "rail OR ferry")
    ss.save(known, "Tech", "feed:kestrel")
    assert [(s.name, s.unread) for s in ss.counted(service, now=NOW)] == [("Tech", 3), ("Transport", 1)]
    known.close()


def test_a_saved_search_finds_more_than_a_page_of_results(tmp_path: Path) -> None:
    from tests.snapshot_apps.stores import many_stories

    store = many_stories(tmp_path / "data", 600, feeds=2)
    service = SearchService(store)
    service.open()
    assert len(ss.stories(service, "story", now=NOW)) == 600  # every match, not the bar's first 500
    assert ss.unread_count(service, "feed:bulk", now=NOW) == 600
    store.close()


CHILD = textwrap.dedent(
    """
    import sys, time
    from feeds import saved_searches as ss
    from feeds.store import Store
    store = Store(sys.argv[1])
    ss.save(store, "Saved just before the crash", "rail OR ferry")
    print("done", flush=True)
    time.sleep(600)
    """
)


def test_sigkill_right_after_saving_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store, _ids = build_store(root)
    store.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert line.startswith("done"), (line, proc.stderr.read() if proc.stderr else "")
    with Store(root) as store:  # the killed writer's lock went with it
        assert store.saved_searches() == {"Saved just before the crash": "rail OR ferry"}
        assert len(store.headers()) == 14  # the stories are whole too


@pytest.mark.parametrize(
    "query",
    [
        "rail OR ferry",
        "fer",
        'title:"ferry',
        "draft -rules",
        "feed:kestrel OR rail",
        "-draft",
        "is:read",
        "x",
    ],
)
def test_the_count_is_the_unread_stories_the_listing_shows(known: Store, query: str) -> None:
    """Counting adds ``is:unread`` to the parsed query: it must agree with listing every match and looking."""
    known.set_read(["atlas-2", "kestrel-0", "harbour-1"])
    service = SearchService(known)
    service.open()
    unread = known.unread_ids()
    listed = [h.id for h in ss.stories(service, query, now=NOW)]
    assert ss.unread_count(service, query, now=NOW) == sum(1 for sid in listed if sid in unread)
    known.close()


def test_match_count_follows_the_marks_a_query_names(known: Store) -> None:
    """What a saved search's title counts in the reader: its matches as the marks are now, as it would list them."""
    service = SearchService(known)
    service.open()
    first, second = (h.id for h in ss.stories(service, "rail OR ferry", now=NOW))
    for query in ("rail OR ferry", "rail OR ferry is:unread", "is:bookmarked"):
        assert ss.match_count(service, query, now=NOW) == len(ss.stories(service, query, now=NOW))
    assert ss.match_count(service, "rail OR ferry is:unread", now=NOW) == 2
    known.set_read([first])
    assert ss.match_count(service, "rail OR ferry is:unread", now=NOW) == 1
    assert ss.match_count(service, "rail OR ferry", now=NOW) == 2  # read, still a match
    known.bookmark(second)
    assert ss.match_count(service, "is:bookmarked", now=NOW) == 1
    known.close()
