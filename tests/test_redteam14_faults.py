"""Red-team round 14: store files as a power cut or a full disk can leave them, and what the user sees after.

A file of the store cut to zero bytes (ext4 after a power cut, with a tool that wrote it without an fsync; a
sync client that truncated it) was read as an empty database: `feeds.json` lost every subscription, `bookmarks.json`
every bookmark, a marks file every read mark, and nobody was told. The next write then kept that empty file as the
``.bak``, so the last good copy was gone for good. An empty file is now damaged, as a file of NULs already was:
kept aside, its ``.bak`` used, the user told in one line. Real TinyDB files written by the installed command, feeds
from a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def _ok(proc) -> str:  # type: ignore[no-untyped-def]
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc.stdout


class Kept:
    """What the user has: subscriptions, read marks, bookmarks (as the store reads them)."""

    def __init__(self, data: Path) -> None:
        with Store(data, readonly=True) as store:
            self.feeds = sorted(f.url for f in store.feeds())
            self.read = sorted(
                h.id for f in store.feeds() for h in store.headers(f.id) if store.is_read(h.id)
            )
            self.bookmarks = sorted((b.story.id, b.note) for b in store.bookmarks())
            self.stories = sorted(h.id for f in store.feeds() for h in store.headers(f.id))
            self.ids = {f.url: f.id for f in store.feeds()}


def _a_used_store(data: Path, server: FeedServer) -> Kept:
    """Two feeds, each file written twice, so each has its last good copy (``.bak``): read marks, bookmarks."""
    server["/a.xml"] = make_feed(1, 6)
    server["/b.xml"] = make_feed(2, 6)
    _ok(newsdesk(data, "add", server.url("/a.xml")))
    _ok(newsdesk(data, "add", server.url("/b.xml")))
    server["/a.xml"] = make_feed(1, 6, generation=2)  # two newer stories: the stories file is written again
    _ok(newsdesk(data, "refresh"))
    ids = [line.split()[0] for line in _ok(newsdesk(data, "stories", "--limit", "0")).splitlines()]
    _ok(newsdesk(data, "read", ids[0]))
    _ok(newsdesk(data, "read", ids[1], ids[2]))
    _ok(newsdesk(data, "bookmark", ids[3], "--note", "first"))
    _ok(newsdesk(data, "bookmark", ids[4], "--note", "second"))
    kept = Kept(data)
    assert len(kept.feeds) == 2 and len(kept.read) == 3 and len(kept.bookmarks) == 2, vars(kept)
    return kept


def _victim(data: Path, kept: Kept, server: FeedServer, which: str) -> Path:
    feed_id = kept.ids[server.url("/a.xml")]
    return data / which.replace("FEED", feed_id)


def _one_more_change(data: Path, kept: Kept, server: FeedServer, which: str) -> None:
    """A last write to the file ``which``: its ``.bak`` then holds what :class:`Kept` saw before it."""
    feed_a = kept.ids[server.url("/a.xml")]
    unread = [h for h in _ok(newsdesk(data, "stories", "--feed", feed_a, "--unread")).splitlines()]
    if which == "feeds.json":
        _ok(newsdesk(data, "rename", server.url("/b.xml"), "Bee"))
    elif which == "bookmarks.json":
        _ok(newsdesk(data, "bookmark", unread[-1].split()[0], "--note", "third"))
    elif which.startswith("marks/"):
        _ok(newsdesk(data, "read", unread[-1].split()[0]))
    else:
        server["/a.xml"] = make_feed(1, 6, generation=3)
        _ok(newsdesk(data, "refresh"))


@pytest.mark.parametrize("which", ["feeds.json", "bookmarks.json", "marks/FEED.json", "stories/FEED.json"])
def test_a_store_file_cut_to_zero_bytes_is_read_from_its_last_good_copy(
    tmp_path: Path, feed_server: FeedServer, which: str
) -> None:
    """The ``.bak`` is the generation before the file's last write: what the user had before that write is all
    there, and the good copy is not lost to the writes after."""
    data = tmp_path / "data"
    kept = _a_used_store(data, feed_server)
    _one_more_change(data, kept, feed_server, which)
    path = _victim(data, kept, feed_server, which)
    bak = path.with_name(path.name + ".bak")
    assert bak.stat().st_size > 0
    path.write_bytes(b"")
    proc = newsdesk(data, "stories", "--limit", "0")
    _ok(proc)
    said = proc.stderr.strip().splitlines()
    assert len(said) == 1 and f"{path.name} was empty; the last good copy was used" in said[0], proc.stderr
    after = Kept(data)
    assert (after.feeds, after.read, after.bookmarks, after.stories) == (
        kept.feeds,
        kept.read,
        kept.bookmarks,
        kept.stories,
    )
    assert path.stat().st_size > 0 and bak.stat().st_size > 0
    unmarked = next(sid for sid in after.stories if sid not in dict(kept.bookmarks))
    _ok(newsdesk(data, "bookmark", unmarked, "--note", "later"))  # writes after it keep a good copy
    _ok(newsdesk(data, "read", *after.stories))
    assert bak.stat().st_size > 0 and newsdesk(data, "feeds").stderr == ""  # said once
    final = Kept(data)
    assert final.feeds == kept.feeds and set(kept.bookmarks) <= set(final.bookmarks)


def test_a_stories_file_cut_to_zero_bytes_without_a_copy_is_fetched_again(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """No ``.bak`` (a feed saved once): the empty file goes aside, so the next refresh fetches the feed whole
    though its validators say unchanged; the read marks apply again to the same stories."""
    data = tmp_path / "data"
    kept = _a_used_store(data, feed_server)
    path = _victim(data, kept, feed_server, "stories/FEED.json")
    path.with_name(path.name + ".bak").unlink()
    path.write_bytes(b"")
    proc = newsdesk(data, "refresh")
    _ok(proc)
    assert f"{path.name} was empty and had no good backup" in proc.stderr, proc.stderr
    after = Kept(data)
    assert (after.feeds, after.read, after.bookmarks) == (kept.feeds, kept.read, kept.bookmarks)
    # The six the feed lists now came back (it said "unchanged" and listed none); the two it no longer lists
    # were only in the file that was cut.
    assert set(after.stories) <= set(kept.stories) and len(after.stories) == len(kept.stories) - 2


@pytest.mark.parametrize("cut", [b"", b"\0" * 4096], ids=["empty", "nuls"])
def test_the_reader_on_a_cut_feeds_file_without_a_copy_says_so_not_the_demo(
    tmp_path: Path, cut: bytes
) -> None:
    """The reader on the usual data folder asks first whether there are subscriptions, reading feeds.json without
    writing: one cut with no ``.bak`` read as none, so it opened the demo ("No subscriptions yet: this is the
    demo"), and the user never heard that their feeds.json was damaged. Now the store opens it, keeps it aside and
    says so."""
    from tests.test_redteam14_faults_links import reader_on_the_usual_folder

    data = tmp_path / "xdg" / "newsdesk"
    _ok(newsdesk(data, "add", str(Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml")))
    (data / "feeds.json.bak").unlink(missing_ok=True)
    (data / "feeds.json").write_bytes(cut)
    _, lines = reader_on_the_usual_folder(tmp_path, seconds=8)
    text = " ".join(" ".join(lines).split())
    assert "this is the demo" not in text and not (data / "demo").exists(), text
    assert "feeds.json was" in text and "had no good backup" in text, text
    assert list(data.glob("feeds.json.damaged-*"))


def test_a_cut_file_on_a_full_disk_is_read_from_its_copy_and_saved_later(tmp_path: Path) -> None:
    """A cut feeds.json met with a full disk: the repair's own save failed, and so did the command, a listing that
    writes nothing ("could not save feeds.json: the disk is full; nothing was written"). Now the command reads
    from the last good copy, says that it could not be saved back yet, and the next write on a freed disk saves
    it. A real small file system (see :mod:`tests.small_disk`)."""
    from tests.small_disk import SmallDisk
    from tests.test_full_disk import newsdesk as on_disk

    disk = SmallDisk(tmp_path / "disk")
    try:
        data = disk.path / "data"
        fixture = str(Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml")
        _ok(on_disk(disk, tmp_path, "add", fixture))
        listed = _ok(on_disk(disk, tmp_path, "stories"))
        _ok(on_disk(disk, tmp_path, "rename", fixture, "Kept title"))  # feeds.json.bak: the feed as added
        (data / "feeds.json").write_bytes(b"")
        disk.fill()
        proc = on_disk(disk, tmp_path, "stories")
        assert _ok(proc) == listed
        said = proc.stderr.strip().splitlines()
        assert len(said) == 1 and "feeds.json was empty; the last good copy was used" in said[0], said
        assert "not saved back yet" in said[0], said
        disk.free()
        _ok(on_disk(disk, tmp_path, "rename", fixture, "Kept title again"))
        proc = on_disk(disk, tmp_path, "feeds")
        assert "Kept title again" in _ok(proc) and proc.stderr == "", proc.stderr
    finally:
        disk.close()
