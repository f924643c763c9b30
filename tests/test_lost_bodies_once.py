"""Lost story texts, said once and in one line: the cases the notes of bodies files (:mod:`feeds.store_marks`)
missed. A file damaged before the notes existed was noted whole unread, and its texts stayed lost; a file cut
with no last good copy was said twice (the storage's note, then the lost texts); a lost file of a feed that now
serves no story was said at every refresh. Real parts: the installed command on a real store in a tmp dir, feeds
from a real server on 127.0.0.1 that answers 304 when it can."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk
from tests.test_lost_bodies import _drop_record, _ok, _texts

feed_server = httpserver.feed_server


def _said(proc) -> list[str]:  # type: ignore[no-untyped-def]
    _ok(proc)
    return [line for line in proc.stderr.splitlines() if line.startswith("newsdesk: ")]


def _two_feeds(data: Path, feed_server: FeedServer) -> Path:
    """Two feeds added and refreshed (all 304 now); the bodies file of the first, saved once (no backup)."""
    feed_server["/a.xml"] = make_feed(1, 6)
    feed_server["/b.xml"] = make_feed(2, 4)
    for path in ("/a.xml", "/b.xml"):
        _ok(newsdesk(data, "add", feed_server.url(path)))
    _ok(newsdesk(data, "refresh"))
    with Store(data, readonly=True) as store:
        a_id = next(f.id for f in store.feeds() if f.url == feed_server.url("/a.xml"))
    victim = data / "bodies" / f"{a_id}.json"
    assert not victim.with_name(victim.name + ".bak").exists()
    return victim


def test_a_file_damaged_before_the_notes_existed_is_checked_at_the_first_refresh(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A store from before ``index/bodies.json``: the first refresh noted every file whole, unread."""
    data = tmp_path / "data"
    victim = _two_feeds(data, feed_server)
    before = _texts(data)
    (data / "index" / "bodies.json").unlink()  # as a store written by the code before the notes
    _drop_record(victim)

    said = _said(newsdesk(data, "refresh"))
    assert len(said) == 1 and f"bodies/{victim.name} lacked 1 of its 6 stories' texts" in said[0], said
    assert _texts(data) == before
    assert _said(newsdesk(data, "refresh")) == []  # checked once: noted whole now
    notes = orjson.loads((data / "index" / "bodies.json").read_bytes())["feeds"]
    assert len(notes) == 2 and all(isinstance(mark, str) and mark.count("-") == 2 for mark in notes.values())


def test_a_file_cut_with_no_backup_is_said_in_one_line(tmp_path: Path, feed_server: FeedServer) -> None:
    data = tmp_path / "data"
    victim = _two_feeds(data, feed_server)
    before = _texts(data)
    whole = victim.read_bytes()
    victim.write_bytes(whole[: len(whole) // 2])

    said = _said(newsdesk(data, "refresh"))
    assert len(said) == 1, said  # it said "... had no good backup; it starts empty ...", then the lost texts
    assert (
        f"bodies/{victim.name} lacked 6 of its 6 stories' texts (it was damaged and had no good backup"
        in said[0]
    )
    assert f"the damaged file was kept as {victim.name}.damaged-" in said[0] and "fetched whole" in said[0], (
        said
    )
    assert _texts(data) == before
    assert _said(newsdesk(data, "refresh")) == []


@pytest.mark.parametrize("cut", ["deleted", "emptied"])
def test_a_lost_file_of_a_feed_that_serves_no_story_now_is_said_once(
    tmp_path: Path, feed_server: FeedServer, cut: str
) -> None:
    """Fetched whole, the feed serves nothing (an empty feed), so no file is written back: each refresh found
    it lost again, fetched the feed whole again and said so again."""
    data = tmp_path / "data"
    victim = _two_feeds(data, feed_server)
    feed_server["/a.xml"] = make_feed(1, 0)
    _ok(newsdesk(data, "refresh"))  # the stories stay stored, their texts too
    if cut == "deleted":
        victim.unlink()
    else:
        victim.write_bytes(b"")

    said = _said(newsdesk(data, "refresh"))
    why = "missing" if cut == "deleted" else "empty"
    assert len(said) == 1 and f"bodies/{victim.name} was {why}: its stories' texts were lost" in said[0], said
    for again in range(2):
        assert _said(newsdesk(data, "refresh")) == [], again
    assert _said(newsdesk(data, "stories")) == []

    feed_server["/a.xml"] = make_feed(1, 8, generation=1)  # it serves stories again: they are saved, unsaid
    assert _said(newsdesk(data, "refresh")) == []
    assert _said(newsdesk(data, "refresh")) == []
    assert victim.exists()


def test_a_loss_said_while_the_feed_fails_is_not_said_again_when_it_serves_again(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The refresh that said the loss could not fetch the feed (it served no feed for a while). The next ones
    did not look (no validators left to doubt); once the feed served again and had validators, the loss was
    found and said a second time. Now it is brought back without a word."""
    data = tmp_path / "data"
    victim = _two_feeds(data, feed_server)
    before = _texts(data)
    victim.unlink()
    whole = make_feed(1, 6)
    feed_server["/a.xml"] = b"<html><body>down for maintenance</body></html>"

    proc = newsdesk(data, "refresh")
    assert proc.returncode == 3 and "Traceback" not in proc.stderr, proc.stderr  # the feed failed
    said = [line for line in proc.stderr.splitlines() if line.startswith("newsdesk: ")]
    assert len(said) == 1 and f"bodies/{victim.name} was missing: " in said[0], said
    feed_server["/a.xml"] = whole
    for again in range(3):
        assert _said(newsdesk(data, "refresh")) == [], again
    assert _texts(data) == before


def test_an_emptied_file_with_an_older_backup_is_said_in_one_line(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Its ``.bak`` is the save before the last, two stories short: read in its place, it holds the other six
    texts. One line says what was lost (it said all the texts were, and the backup's note was not said)."""
    data = tmp_path / "data"
    victim = _two_feeds(data, feed_server)
    feed_server["/a.xml"] = make_feed(1, 8)
    _ok(newsdesk(data, "refresh"))  # a second save: the .bak is the first
    assert victim.with_name(victim.name + ".bak").exists()
    before = _texts(data)
    victim.write_bytes(b"")

    said = _said(newsdesk(data, "refresh"))
    assert len(said) == 1, said
    assert (
        f"bodies/{victim.name} was empty, and its last good copy lacked 2 of its 8 stories' texts" in said[0]
    )
    assert _texts(data) == before
    assert _said(newsdesk(data, "refresh")) == []
