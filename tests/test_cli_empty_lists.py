"""`newsdesk stories` and `newsdesk bookmarks` with nothing to list: a line on stderr, as `searches` and `related`
say theirs, nothing on stdout (a pipe sees nothing), exit 0; --json still prints a valid empty list.

They printed nothing at all, and an empty terminal read as a command that had not worked. Real store in the
test's folder, the installed command as a real process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps.stores import FeedSpec, build_store
from tests.test_cli import newsdesk


@pytest.fixture
def home(tmp_path: Path) -> Path:
    store, _ids = build_store(tmp_path, [FeedSpec("atlas", "Atlas Daily", [("Rail strike called off", 2)])])
    store.set_read([h.id for h in store.headers()])
    store.add_feed("https://quiet.example/feed.xml", title="Quiet Feed")
    store.close()
    return tmp_path


def said(proc: subprocess.CompletedProcess[str], line: str) -> None:
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # a pipe sees nothing
    assert proc.stderr.splitlines() == [line]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("stories", "--unread"), "no unread stories"),
        (("stories", "--feed", "Quiet Feed"), "no stories in Quiet Feed"),
        (("stories", "--unread", "--feed", "Atlas Daily"), "no unread stories in Atlas Daily"),
        (("bookmarks",), "no bookmarks (bookmark a story with: newsdesk bookmark ID)"),
    ],
)
def test_an_empty_list_says_so_on_stderr_and_json_stays_a_list(
    home: Path, args: tuple[str, ...], line: str
) -> None:
    said(newsdesk(home, *args), line)
    proc = newsdesk(home, *args, "--json")
    assert proc.returncode == 0 and proc.stderr == "" and json.loads(proc.stdout) == []


def test_no_bookmarks_with_a_tag_names_the_tag(home: Path) -> None:
    with Store(home) as store:
        store.bookmark(store.headers()[0].id, tags=("trains",))
    said(newsdesk(home, "bookmarks", "--tag", "boats"), "no bookmarks tagged boats")
    assert newsdesk(home, "bookmarks", "--tag", "trains").stdout.count("#trains") == 1


def test_no_feeds_and_no_stories_say_what_would_fill_the_list(tmp_path: Path) -> None:
    said(newsdesk(tmp_path, "stories"), "no stories (add a feed with: newsdesk add URL)")
    with Store(tmp_path) as store:
        store.add_feed("https://quiet.example/feed.xml", title="Quiet Feed")
    said(newsdesk(tmp_path, "stories"), "no stories (fetch them with: newsdesk refresh)")


def test_a_list_with_stories_says_nothing_on_stderr(home: Path) -> None:
    proc = newsdesk(home, "stories")
    assert proc.returncode == 0 and proc.stderr == "" and "Rail strike called off" in proc.stdout
