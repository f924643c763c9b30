"""A feed's bodies file (its stories' texts) cut to zero bytes or deleted, with no ``.bak``.

The stories file still listed the stories, so they showed without text; the refresh said "unchanged" (the feed
answered 304 to the conditional request), so the texts stayed lost until the feed changed, and nobody was told.
Now the refresh fetches that feed whole, writes the texts back and says so once. Real parts: the installed
command on a real store in a tmp dir, feeds from a real server on 127.0.0.1 that answers 304 when it can."""

from __future__ import annotations

from pathlib import Path

import orjson
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


def _texts(data: Path) -> dict[str, str]:
    """Story id -> text of every stored story, as the store reads them."""
    with Store(data, readonly=True) as store:
        out: dict[str, str] = {}
        for feed in store.feeds():
            for header in store.headers(feed.id):
                story = store.story(header.id)
                assert story is not None
                out[header.id] = story.text
        return out


@pytest.mark.parametrize(
    ("cut", "seen"),
    [("empty", False), ("empty", True), ("deleted", True)],
    ids=["empty", "empty-shown", "deleted"],
)
def test_a_lost_bodies_file_is_fetched_whole_and_said_once(
    tmp_path: Path, feed_server: FeedServer, cut: str, seen: bool
) -> None:
    """``seen``: a story of the feed is shown before the refresh (which moves an empty file aside, unsaid)."""
    data = tmp_path / "data"
    feed_server["/a.xml"] = make_feed(1, 6)
    feed_server["/b.xml"] = make_feed(2, 4)
    feed_server["/none.xml"] = make_feed(3, 0)  # no stories: no bodies file, and nothing lost
    for path in ("/a.xml", "/b.xml", "/none.xml"):
        _ok(newsdesk(data, "add", feed_server.url(path)))
    with Store(data, readonly=True) as store:
        ids = {f.url: f.id for f in store.feeds()}
        a_stories = [h.id for h in store.headers(ids[feed_server.url("/a.xml")])]
    before = _texts(data)
    assert len(before) == 10 and all(before.values())
    _ok(newsdesk(data, "read", a_stories[0]))
    victim = data / "bodies" / f"{ids[feed_server.url('/a.xml')]}.json"
    assert not victim.with_name(victim.name + ".bak").exists()  # saved once: no last good copy
    if cut == "empty":
        victim.write_bytes(b"")
    else:
        victim.unlink()
    # An empty file read to show a story is put aside and said, once; the refresh brings the texts back unsaid.
    put_aside = seen and cut == "empty"
    if seen:
        show = newsdesk(data, "show", a_stories[1])
        assert before[a_stories[1]].splitlines()[0] not in _ok(show)  # the story shows without its text
        said = [line for line in show.stderr.splitlines() if line.startswith("newsdesk: ")]
        assert len(said) == put_aside, said
        if put_aside:
            assert f"bodies/{victim.name} was empty and had no good backup" in said[0], said
            assert "texts were lost; its feed is fetched whole at the next refresh" in said[0], said
            assert "newsdesk: " not in newsdesk(data, "show", a_stories[1]).stderr  # said once

    proc = newsdesk(data, "refresh")
    _ok(proc)
    said = [line for line in proc.stderr.splitlines() if line.startswith("newsdesk: ")]
    if put_aside:
        assert said == [], proc.stderr
    else:
        assert len(said) == 1 and f"bodies/{victim.name} was {cut.replace('deleted', 'missing')}: " in said[0]
        assert "texts were lost" in said[0], proc.stderr
    assert _texts(data) == before
    shown = _ok(newsdesk(data, "show", a_stories[1]))
    assert before[a_stories[1]].splitlines()[0] in shown
    assert _ok(newsdesk(data, "stories", "--unread", "--limit", "0")).count("\n") == 9  # the read mark held

    again = newsdesk(data, "refresh")  # said once: the texts are back, the feed answers 304 again
    _ok(again)
    assert "newsdesk: " not in again.stderr, again.stderr
    assert _texts(data) == before


def _drop_record(path: Path) -> None:
    """Remove one story's record from a bodies file, leaving a whole, well-formed file (a hand edit, a merge)."""
    doc = orjson.loads(path.read_bytes())
    del doc["bodies"][next(iter(doc["bodies"]))]
    path.write_bytes(orjson.dumps(doc))


@pytest.mark.parametrize("cut", ["half", "half-bak", "record"])
def test_a_bodies_file_that_lost_some_records_is_fetched_whole(
    tmp_path: Path, feed_server: FeedServer, cut: str
) -> None:
    """The file is still there and not empty, so the look for lost files passed it: cut mid-file (with no last
    good copy, or with one older than the last save), or a record removed from a well-formed file."""
    data = tmp_path / "data"
    feed_server["/a.xml"] = make_feed(1, 6)
    feed_server["/b.xml"] = make_feed(2, 4)
    for path in ("/a.xml", "/b.xml"):
        _ok(newsdesk(data, "add", feed_server.url(path)))
    if cut == "half-bak":  # a second save: the .bak is the first, two stories short
        feed_server["/a.xml"] = make_feed(1, 8)
        _ok(newsdesk(data, "refresh"))
    _ok(newsdesk(data, "refresh"))  # all unchanged: 304
    before = _texts(data)
    assert all(before.values())
    with Store(data, readonly=True) as store:
        a_id = next(f.id for f in store.feeds() if f.url == feed_server.url("/a.xml"))
    victim = data / "bodies" / f"{a_id}.json"
    if cut == "record":
        _drop_record(victim)
    else:
        whole = victim.read_bytes()
        victim.write_bytes(whole[: len(whole) // 2])

    proc = newsdesk(data, "refresh")
    _ok(proc)
    said = [line for line in proc.stderr.splitlines() if line.startswith("newsdesk: ")]
    lacked = [line for line in said if f"bodies/{victim.name} lacked " in line]
    assert len(lacked) == 1 and "fetched whole" in lacked[0], proc.stderr
    assert _texts(data) == before

    again = newsdesk(data, "refresh")  # said once: the texts are back, the feed answers 304 again
    _ok(again)
    assert "newsdesk: " not in again.stderr, again.stderr
    assert _texts(data) == before


def test_a_lost_text_the_feed_no_longer_serves_is_said_once(tmp_path: Path, feed_server: FeedServer) -> None:
    """The story whose record went has left the feed's window: fetched whole, its text cannot come back. Said
    once, not at every refresh, and the other stories keep theirs."""
    data = tmp_path / "data"
    feed_server["/a.xml"] = make_feed(1, 6)
    _ok(newsdesk(data, "add", feed_server.url("/a.xml")))
    feed_server["/a.xml"] = make_feed(
        1, 5, generation=1
    )  # the oldest story leaves the window; it stays stored
    _ok(newsdesk(data, "refresh"))
    _ok(newsdesk(data, "refresh"))  # 304
    before = _texts(data)
    assert len(before) == 6 and all(before.values())
    (victim,) = (data / "bodies").glob("*.json")
    doc = orjson.loads(victim.read_bytes())
    (gone,) = [k for k, rec in doc["bodies"].items() if any(u.endswith("/more/0") for u in rec["links"])]
    gone_id = doc["bodies"].pop(gone)["id"]
    victim.write_bytes(orjson.dumps(doc))

    proc = newsdesk(data, "refresh")
    _ok(proc)
    assert proc.stderr.count(f"bodies/{victim.name} lacked 1 of its 6 stories' texts") == 1, proc.stderr
    for again in range(2):
        quiet = newsdesk(data, "refresh")
        _ok(quiet)
        assert "newsdesk: " not in quiet.stderr, (again, quiet.stderr)
    with Store(data, readonly=True) as store:
        headers = [h.id for f in store.feeds() for h in store.headers(f.id)]
        after = {sid: store.story(sid) for sid in headers}
    assert sorted(after) == sorted(before) and after[gone_id] is None  # listed, without its text
    assert all(
        story is not None and story.text == before[sid] for sid, story in after.items() if sid != gone_id
    )
