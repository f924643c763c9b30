"""Red-team round 14: a store file kept elsewhere through a link (a synced folder, a drive, an encrypted folder)
whose target is not there when newsdesk starts.

`feeds.json`, `bookmarks.json` or a marks file that was a link to nothing read as a new, empty store: "no
subscriptions yet", no bookmarks, every story unread, and nobody told why. The first write (`add`, a bookmark, a
read mark) then put a file of its own in place of the link, so the user's own file, once its drive was back, was
no longer the one newsdesk used. Such a link is now refused in one line that names it and where it points, and
left as it is; a stories or bodies file that is one is still fetched again (`tests/test_lost_stories.py`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk, one_line_error
from tests.test_redteam14_faults import Kept, _ok

feed_server = httpserver.feed_server


@pytest.mark.parametrize("which", ["feeds.json", "bookmarks.json", "marks/FEED.json"])
def test_a_store_file_linked_to_nothing_is_refused_and_left(
    tmp_path: Path, feed_server: FeedServer, which: str
) -> None:
    data, drive = tmp_path / "data", tmp_path / "drive"
    feed_server["/a.xml"] = make_feed(1, 6)
    _ok(newsdesk(data, "add", feed_server.url("/a.xml")))
    ids = [line.split()[0] for line in _ok(newsdesk(data, "stories")).splitlines()]
    _ok(newsdesk(data, "read", ids[0], ids[1]))
    _ok(newsdesk(data, "bookmark", ids[2], "--note", "kept"))
    kept = Kept(data)
    path = data / which.replace("FEED", kept.ids[feed_server.url("/a.xml")])
    # The user keeps the file on another drive, through a link; the drive is not mounted yet.
    drive.mkdir()
    target = drive / path.name
    shutil.move(path, target)
    for bak in path.parent.glob(path.name + ".bak"):
        bak.unlink()
    os.symlink(target, path)
    target.rename(drive.with_name("away"))
    commands = [["stories"], ["feeds"], ["read", ids[3]]]
    if "/" not in which:  # read by every command, as the store opens
        commands += [["bookmarks"], ["add", feed_server.url("/b.xml")]]
    for args in commands:
        proc = newsdesk(data, *args)
        one_line_error(proc, 1, f"{path} is a link to nothing ({target})")
    assert os.readlink(path) == str(target)  # the link is left as it was
    drive.with_name("away").rename(target)  # the drive is back: all is there
    after = Kept(data)
    assert (after.feeds, after.read, after.bookmarks) == (kept.feeds, kept.read, kept.bookmarks)
