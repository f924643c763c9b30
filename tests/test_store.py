"""The store: real TinyDB files in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feeds.model import Story, content_hash, story_id
from feeds.storage import StoreError, StoreLocked, StoreReadOnly
from feeds.store import DuplicateFeed, Retention, Store, UnknownFeed

ROOT = Path(__file__).resolve().parents[1]


def make_story(feed_id: str, n: int, *, published: float, text: str = "", title: str = "") -> Story:
    title = title or f"Story {n}"
    text = text or f"Body of story {n}."
    return Story(
        id=story_id(feed_id, guid=f"guid-{n}"),
        feed_id=feed_id,
        title=title,
        link=f"https://example.org/{n}",
        published=published,
        first_seen=published,
        text=text,
        content_hash=content_hash(title, text),
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


def test_feeds_add_resolve_update_remove(store: Store) -> None:
    a = store.add_feed("https://a.example/feed", title="Alpha News", tags=("world", "world", "eu"))
    b = store.add_feed("https://b.example/feed", title="Beta")
    assert a.tags == ("world", "eu")
    assert store.resolve_feed(a.id) == a
    assert store.resolve_feed("https://b.example/feed") == b
    assert store.resolve_feed("alpha news") == a
    assert store.resolve_feed("Alp") == a
    with pytest.raises(UnknownFeed, match="no feed matches"):
        store.resolve_feed("gamma")
    with pytest.raises(DuplicateFeed):
        store.add_feed("https://a.example/feed")
    store.remove_feed(b.id)
    assert [f.id for f in store.feeds()] == [a.id]


def test_feeds_survive_reopen(tmp_path: Path) -> None:
    with Store(tmp_path) as s:
        feed = s.add_feed("https://a.example/feed", title="A", tags=("x",))
    with Store(tmp_path) as s:
        assert s.feeds() == [feed]


def test_save_new_updated_unchanged_keeps_marks(store: Store) -> None:
    feed = store.add_feed("https://a.example/feed")
    now = time.time()
    stories = [make_story(feed.id, n, published=now - n * 60) for n in range(5)]
    r = store.save_stories(feed.id, stories, now=now)
    assert (len(r.new), len(r.updated), r.unchanged) == (5, 0, 0)
    target = stories[2].id
    store.set_read([target])
    store.bookmark(target, note="keep")
    edited = make_story(feed.id, 2, published=now - 120, text="A corrected body.")
    r = store.save_stories(feed.id, [*stories[:2], edited, *stories[3:]], now=now + 10)
    assert r.updated == [target] and r.unchanged == 4 and not r.new
    assert store.story(target).text == "A corrected body."
    assert store.is_read(target) and store.is_bookmarked(target)
    # The headers list is newest first.
    assert [h.id for h in store.headers(feed.id)] == [s.id for s in stories]


def test_updated_undated_story_keeps_its_first_date(store: Store) -> None:
    feed = store.add_feed("https://a.example/feed")
    t0 = 1_700_000_000.0
    undated = make_story(feed.id, 1, published=t0)  # published == first_seen: the feed gave no date
    store.save_stories(feed.id, [undated], now=t0)
    later = t0 + 3600
    edited = Story(
        id=undated.id, feed_id=feed.id, title=undated.title, published=later, first_seen=later, text="new",
        content_hash="changed",
    )  # fmt: skip
    store.save_stories(feed.id, [edited], now=later)
    assert store.headers(feed.id)[0].published == t0
    assert store.story(undated.id).first_seen == t0


def test_read_marks_persist_and_counts(tmp_path: Path) -> None:
    with Store(tmp_path) as s:
        feed = s.add_feed("https://a.example/feed")
        now = time.time()
        stories = [make_story(feed.id, n, published=now - n) for n in range(4)]
        s.save_stories(feed.id, stories, now=now)
        assert s.set_read([stories[0].id, stories[1].id]) == 2
        assert s.set_read([stories[0].id]) == 0  # already read: nothing to write
        assert s.unread_counts() == {feed.id: 2}
        s.set_read([stories[1].id], read=False)
    with Store(tmp_path) as s:
        assert s.is_read(stories[0].id) and not s.is_read(stories[1].id)
        assert s.unread_counts() == {feed.id: 3}
        assert s.unread_ids() == {stories[1].id, stories[2].id, stories[3].id}


def test_retention_cap_and_age_spare_bookmarks(tmp_path: Path) -> None:
    now = time.time()
    with Store(tmp_path, retention=Retention(max_per_feed=3, max_age_days=10)) as s:
        feed = s.add_feed("https://a.example/feed")
        stories = [make_story(feed.id, n, published=now - n * 3600) for n in range(5)]
        s.save_stories(feed.id, stories[:1], now=now)
        s.bookmark(stories[0].id)
        s.set_read([stories[0].id])
        old = make_story(feed.id, 99, published=now - 20 * 86400)
        r = s.save_stories(feed.id, [*stories, old], now=now)
        assert set(r.purged) == {stories[3].id, stories[4].id, old.id}
        kept = {h.id for h in s.headers(feed.id)}
        assert kept == {st.id for st in stories[:3]}
        # Purged stories do not come back as new while the feed still serves them.
        r = s.save_stories(feed.id, [*stories, old], now=now)
        assert not r.new and not r.purged
        # A bookmarked story past the age limit stays.
        aged = now + 30 * 86400
        r = s.save_stories(feed.id, [], now=aged)
        assert {h.id for h in s.headers(feed.id)} == {stories[0].id}
        assert s.is_read(stories[0].id)


def test_stories_purged_by_the_same_save_are_not_reported_new(tmp_path: Path) -> None:
    """A first refresh of a 2,000-item feed said "2000 new" with 500 kept: the summary counted, and the search
    index was handed, 1,500 stories that retention had already removed."""
    now = time.time()
    with Store(tmp_path, retention=Retention(max_per_feed=3)) as s:
        feed = s.add_feed("https://a.example/feed")
        stories = [make_story(feed.id, n, published=now - n * 3600) for n in range(5)]
        r = s.save_stories(feed.id, stories, now=now)
        kept = {h.id for h in s.headers(feed.id)}
        assert set(r.new) == kept == {st.id for st in stories[:3]}
        assert set(r.purged) == {stories[3].id, stories[4].id}


def test_bookmark_keeps_the_story_after_feed_removal(store: Store) -> None:
    feed = store.add_feed("https://a.example/feed", title="Alpha")
    story = make_story(feed.id, 1, published=time.time(), text="Kept text.")
    story = Story.from_dict({**story.to_dict(), "links": ["https://x.example/1"]})
    store.save_stories(feed.id, [story])
    mark = store.bookmark(story.id, note="read later", tags=["a", "b"])
    assert mark.feed_title == "Alpha"
    store.remove_feed(feed.id)
    assert store.headers() == []
    kept = store.story(story.id)
    assert kept is not None and kept.text == "Kept text." and kept.links == ("https://x.example/1",)
    assert store.bookmarks()[0].note == "read later"
    assert store.unbookmark(story.id) and store.story(story.id) is None


def test_second_writer_refused_with_clear_message(tmp_path: Path) -> None:
    with Store(tmp_path):
        code = (
            "import sys; from feeds.store import Store; from feeds.storage import StoreLocked\n"
            "try:\n    Store(sys.argv[1])\nexcept StoreLocked as e:\n    print(e); sys.exit(7)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 7, proc.stderr
        assert "another newsdesk" in proc.stdout and f"pid {os.getpid()}" in proc.stdout
        with pytest.raises(StoreLocked):
            Store(tmp_path)
    Store(tmp_path).close()  # released on close


def test_read_only_open_reads_and_refuses_writes(tmp_path: Path) -> None:
    with Store(tmp_path) as writer:
        feed = writer.add_feed("https://a.example/feed")
        writer.save_stories(feed.id, [make_story(feed.id, 1, published=time.time())])
        with Store(tmp_path, readonly=True) as reader:
            assert len(reader.headers()) == 1
            with pytest.raises(StoreReadOnly):
                reader.set_read([reader.headers()[0].id])


def test_damaged_file_is_kept_aside_and_backup_used(tmp_path: Path) -> None:
    with Store(tmp_path) as s:
        s.add_feed("https://a.example/one")
        s.add_feed("https://a.example/two")
    (tmp_path / "feeds.json").write_bytes(b'{"feeds": {"1": {"id": "trunc')
    with Store(tmp_path) as s:
        # The backup is the generation before the last write: the first feed is there.
        assert [f.url for f in s.feeds()] == ["https://a.example/one"]
        assert any("damaged" in note for note in s.recovered)
    assert list(tmp_path.glob("feeds.json.damaged-*"))


@pytest.mark.parametrize(
    ("name", "table", "record"),
    [
        ("feeds.json", "feeds", {"id": "abc"}),  # no url
        ("feeds.json", "feeds", {"id": "abc", "url": "x", "status": {"bogus": 1}, "tags": 5}),
        ("bookmarks.json", "bookmarks", {"id": "s1", "story": {"title": "no id"}}),
    ],
)
def test_a_damaged_record_is_refused_in_words_and_left_alone(
    tmp_path: Path, name: str, table: str, record: dict[str, object]
) -> None:
    """Well-formed JSON with a record we cannot read (a hand edit) raised TypeError or KeyError out of the
    store: 'internal error' from the command line, nothing said about which file."""
    Store(tmp_path).close()
    path = tmp_path / name
    data = json.loads(path.read_text()) if path.exists() else {}
    data[table] = {"1": record}
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match=f"{name} has a damaged record"):
        Store(tmp_path)
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="damaged record"):  # not "another newsdesk": the lock was released
        Store(tmp_path)


def test_damaged_story_and_mark_records_are_left_out_and_said(tmp_path: Path) -> None:
    """A hand-edited record in a feed's stories or marks file (no title, a date that is text, a bare string)
    raised KeyError or TypeError from the first listing: 'internal error' from the command line, a crash of the
    reader. Now the store reads the rest, says which file, and leaves the file as it is."""
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed")
        stories = [make_story(feed.id, n, published=1_700_000_000 + n) for n in range(4)]
        store.save_stories(feed.id, stories)
        store.set_read([stories[0].id])
    path = tmp_path / "stories" / f"{feed.id}.json"
    data = json.loads(path.read_text())
    docs = data["stories"]
    first, second, third = (k for k, d in docs.items() if d["id"] in {s.id for s in stories[1:]})
    del docs[first]["title"]
    docs[second]["published"] = "yesterday"
    docs[third] = "not a record"
    path.write_text(json.dumps(data))
    marks = tmp_path / "marks" / f"{feed.id}.json"
    mark_data = json.loads(marks.read_text())
    mark_data["read"]["99"] = {"no": "id"}
    marks.write_text(json.dumps(mark_data))
    before = path.read_bytes(), marks.read_bytes()
    with Store(tmp_path) as store:
        assert [h.id for h in store.headers()] == [stories[0].id]
        assert store.is_read(stories[0].id) and store.story(stories[0].id) is not None
        assert store.story(stories[1].id) is None
        said = store.recovered
        assert f"stories/{feed.id}.json has 3 damaged record(s); they are left out" in said
        assert f"marks/{feed.id}.json has 1 damaged record(s); they are left out" in said
    assert (path.read_bytes(), marks.read_bytes()) == before
    with Store(tmp_path) as store:  # the feed brings the stories again: a refresh and a read mark still work
        store.headers()
        result = store.save_stories(feed.id, stories)
        assert sorted(result.new) == sorted(s.id for s in stories[1:])
        assert store.set_read([stories[1].id]) == 1
    with Store(
        tmp_path
    ) as store:  # the two records with an id were replaced; the bare string is still left out
        assert [h.id for h in store.headers()] == [s.id for s in reversed(stories)]
        assert store.is_read(stories[1].id)
        assert store.recovered == [f"stories/{feed.id}.json has 1 damaged record(s); they are left out"] + [
            f"marks/{feed.id}.json has 1 damaged record(s); they are left out"
        ]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Store(tmp_path).close()
    data = json.loads((tmp_path / "feeds.json").read_text())
    data["meta"]["1"]["schema"] = 999
    (tmp_path / "feeds.json").write_text(json.dumps(data))
    with pytest.raises(StoreError, match="newer newsdesk"):
        Store(tmp_path)


def test_file_size_limit_gives_clear_error_and_keeps_old_data(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in a child process: the write fails in words; the file on disk is the previous version."""
    with Store(tmp_path) as s:
        feed = s.add_feed("https://a.example/feed")
        s.save_stories(feed.id, [make_story(feed.id, 1, published=time.time())])
    code = """
import resource, signal, sys, time
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from feeds.store import Store
from feeds.storage import StoreWriteError
from tests.test_store import make_story
s = Store(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
fid = s.feeds()[0].id
try:
    s.save_stories(fid, [make_story(fid, n, published=time.time(), text="x" * 5000) for n in range(2, 40)])
except StoreWriteError as e:
    print(e); sys.exit(9)
"""
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 9, proc.stderr
    assert "file size limit" in proc.stdout and "previous version is kept" in proc.stdout
    with Store(tmp_path) as s:
        assert len(s.headers()) == 1 and s.story(s.headers()[0].id).text == "Body of story 1."
    assert not list(tmp_path.rglob("*.tmp"))
