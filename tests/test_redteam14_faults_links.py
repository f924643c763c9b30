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


def reader_on_the_usual_folder(tmp_path: Path, seconds: float = 20) -> tuple[int | None, list[str]]:
    """The installed reader, in a pseudo-terminal of its own, on the data folder ``tmp_path/xdg/newsdesk`` as
    the usual one (no --data-dir, no $NEWSDESK_HOME): its status (None if it did not end) and the lines it left."""
    import subprocess

    from tests.terminal import plain, read_until_exit
    from tests.test_cli_hostile import newsdesk_command

    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_HOME"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), NEWSDESK_CONFIG=str(tmp_path / "none.toml"))
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
    master, slave = os.openpty()
    proc = subprocess.Popen(newsdesk_command(), stdin=slave, stdout=slave, stderr=slave, env=env)
    try:
        text = plain(bytes(read_until_exit(proc, master, seconds)))
    finally:
        if proc.poll() is None:
            proc.kill()
        code = proc.poll()
        proc.wait()
        os.close(master)
        os.close(slave)
    return code, [line for line in text.splitlines() if line.strip()]


def test_the_reader_on_a_feeds_file_linked_to_nothing_says_so_not_the_demo(tmp_path: Path) -> None:
    """The reader on the usual data folder took a feeds.json that is a link to nothing for no subscriptions at
    all, and opened the demo ("No subscriptions yet: this is the demo")."""
    data = tmp_path / "xdg" / "newsdesk"
    _ok(newsdesk(data, "add", str(Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml")))
    feeds = data / "feeds.json"
    feeds.rename(tmp_path / "elsewhere.json")
    (data / "feeds.json.bak").unlink(missing_ok=True)
    feeds.symlink_to(tmp_path / "drive" / "feeds.json")
    code, lines = reader_on_the_usual_folder(tmp_path)
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"newsdesk: {feeds} is a link to nothing"), lines
    assert not (data / "demo").exists()


@pytest.mark.parametrize("which", ["feeds.json", "bookmarks.json", "marks/FEED.json"])
def test_a_store_file_kept_elsewhere_through_a_link_is_written_there(
    tmp_path: Path, feed_server: FeedServer, which: str
) -> None:
    """The first write renamed its new file over the link: the link was gone, and the file it pointed to (in the
    user's synced folder) kept what it had, for good, while newsdesk wrote beside it."""
    data, synced = tmp_path / "data", tmp_path / "synced"
    feed_server["/a.xml"] = make_feed(1, 6)
    feed_server["/b.xml"] = make_feed(2, 6)
    _ok(newsdesk(data, "add", feed_server.url("/a.xml")))
    ids = [line.split()[0] for line in _ok(newsdesk(data, "stories")).splitlines()]
    _ok(newsdesk(data, "read", ids[0]))
    _ok(newsdesk(data, "bookmark", ids[1], "--note", "kept"))
    path = data / which.replace("FEED", Kept(data).ids[feed_server.url("/a.xml")])
    synced.mkdir()
    shutil.move(path, synced / path.name)
    for bak in path.parent.glob(path.name + ".bak"):
        bak.unlink()
    path.symlink_to(synced / path.name)
    _ok(newsdesk(data, "add", feed_server.url("/b.xml")))
    _ok(newsdesk(data, "read", ids[2]))
    _ok(newsdesk(data, "bookmark", ids[3], "--note", "later"))
    assert path.is_symlink() and os.readlink(path) == str(synced / path.name)
    kept = Kept(data)
    assert len(kept.feeds) == 2 and set(kept.read) >= {ids[0], ids[2]}, vars(kept)
    assert {sid for sid, _ in kept.bookmarks} == {ids[1], ids[3]}
    path.unlink()  # what the synced folder holds is all of it
    shutil.copy(synced / path.name, path)
    again = Kept(data)
    assert (again.feeds, again.read, again.bookmarks) == (kept.feeds, kept.read, kept.bookmarks)


def test_a_data_folder_that_is_a_link_loop_is_named_as_one(tmp_path: Path) -> None:
    """It said "cannot create the folder ...: File exists", which the user could not act on."""
    loop = tmp_path / "data"
    loop.symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(loop)
    for args in (["feeds"], ["add", "https://news.example/feed"]):
        one_line_error(newsdesk(tmp_path, "--data-dir", str(loop), *args), 1, f"{loop} is a link that loops")


def test_a_folder_where_a_backup_belongs_is_named(tmp_path: Path) -> None:
    """A folder named ``feeds.json.bak`` (a sync client's conflict, a hand-made copy) failed every save with
    "could not save feeds.json: Is a directory", which named the wrong file: feeds.json is a file."""
    data = tmp_path / "data"
    _ok(newsdesk(data, "add", str(Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml")))
    (data / "feeds.json.bak").unlink(missing_ok=True)
    (data / "feeds.json.bak").mkdir()
    before = (data / "feeds.json").read_bytes()
    [feed_id] = Kept(data).ids.values()
    proc = newsdesk(data, "rename", feed_id, "Renamed")
    one_line_error(
        proc, 1, f"could not save feeds.json: {data / 'feeds.json.bak'} is a folder, not a regular file"
    )
    assert (data / "feeds.json").read_bytes() == before
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []  # no temporary file left


@pytest.mark.parametrize("args", [["export"], ["bookmarks", "--export", "json"]], ids=["opml", "bookmarks"])
def test_an_export_to_a_link_into_a_missing_folder_makes_no_folder(tmp_path: Path, args: list[str]) -> None:
    """An export named through a link whose target's folder is not there (a drive not mounted) made that folder
    and wrote the export into it, on the disk under the mount point, where no one looks once the drive is back:
    an export to a missing folder named directly is refused, as cp and a shell's `>` refuse it."""
    data = tmp_path / "data"
    _ok(newsdesk(data, "add", str(Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml")))
    link = tmp_path / "backup.out"
    link.symlink_to(tmp_path / "drive" / "newsdesk" / "backup.out")
    missing = tmp_path / "drive" / "newsdesk"
    one_line_error(newsdesk(data, *args, str(link)), 1, f"it links into '{missing}', which does not exist")
    assert not (tmp_path / "drive").exists() and link.is_symlink()
