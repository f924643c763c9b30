"""Bookmarks in the engine: exports, the lossless JSON round trip, merging imports, and bookmarks that outlive
retention, feed removal and a SIGKILL. Real stores in temporary folders."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from feeds import bookmarks as bm
from feeds.model import Bookmark, Entity, Story, content_hash, story_id
from feeds.store import Retention, Store

ROOT = Path(__file__).resolve().parents[1]


def make_story(feed_id: str, n: int, *, published: float, title: str = "", link: str = "") -> Story:
    title = title or f"Story {n}"
    text = f"Angela Merkel met Emmanuel Macron in Berlin, story {n}.\n\nSecond paragraph of {n}."
    return Story(
        id=story_id(feed_id, guid=f"guid-{n}"),
        feed_id=feed_id,
        title=title,
        link=link or f"https://example.org/{n}?a=1&b=2",
        author=f"Reporter {n}",
        published=published,
        updated=published + 60,
        first_seen=published + 5,
        text=text,
        links=(f"https://example.org/{n}/more", "https://example.org/ref"),
        content_hash=content_hash(title, text),
        entities=(
            Entity(0, 13, "PER", "Angela Merkel", "angela merkel"),
            Entity(32, 38, "LOC", "Berlin", "berlin"),
        ),
        entities_model="crf-test",
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


def fill(store: Store, count: int = 3, *, title: str = "") -> tuple[str, list[Story]]:
    feed = store.add_feed("https://news.example/feed", title="Example News")
    stories = [make_story(feed.id, n, published=1_700_000_000 + n * 3600, title=title) for n in range(count)]
    store.save_stories(feed.id, stories, now=1_700_000_000 + count * 3600)
    return feed.id, stories


def test_parse_tags_splits_on_commas_and_spaces_without_duplicates() -> None:
    assert bm.parse_tags("climate, eu  Energy,#climate,, energy") == ("climate", "eu", "Energy")
    assert bm.parse_tags(["a b", "c,a"]) == ("a", "b", "c")
    assert bm.parse_tags("  ") == ()


def test_json_round_trip_into_a_fresh_store_is_lossless(store: Store, tmp_path: Path) -> None:
    _, stories = fill(store)
    store.bookmark(stories[0].id, note="Read this first.\n\nSecond line of the note.", tags=["eu", "energy"])
    store.bookmark(stories[2].id, tags=["eu"])
    before = store.bookmarks()
    text = bm.to_json(before)
    doc = json.loads(text)
    assert doc["format"] == bm.FORMAT and doc["version"] == bm.FORMAT_VERSION
    assert doc["bookmarks"][0]["story"]["entities"], "entities travel with the story"
    with Store(tmp_path / "fresh") as fresh:
        assert fresh.import_bookmarks(bm.from_json(text)) == (2, 0, 0)
    with Store(tmp_path / "fresh") as fresh:  # reopened: it was written to disk
        after = fresh.bookmarks()
        assert after == before
        assert fresh.story(stories[0].id) == stories[0]  # readable without its feed
        marks = [fresh.bookmark_of(s.id) for s in stories[:3]]
        assert [m.story.id if m else None for m in marks] == [stories[0].id, None, stories[2].id]
        assert marks[0] is not None and marks[0].note.startswith("Read this first.")
        assert json.loads(bm.to_json(after, now=1.0)) == json.loads(bm.to_json(before, now=1.0))


def test_import_merges_by_story_id(store: Store) -> None:
    _, stories = fill(store)
    old = store.bookmark(stories[0].id, note="mine", tags=["a"])
    store.bookmark(stories[1].id, note="kept")
    older = replace(old, note="theirs, older", tags=("b",), created=old.created - 100)
    newer_b = replace(store.bookmarks()[0], note="theirs, newer", created=old.created + 100)
    assert newer_b.story.id == stories[1].id
    extra = Bookmark(story=make_story("elsewhere", 99, published=1.0), feed_title="Other", note="new one")
    added, merged, _ = store.import_bookmarks([older, newer_b, extra])
    assert (added, merged) == (1, 2)
    marks = {m.story.id: m for m in store.bookmarks()}
    assert len(marks) == 3
    assert marks[stories[0].id].note == "mine" and marks[stories[0].id].tags == ("a", "b")
    assert marks[stories[1].id].note == "theirs, newer"
    assert marks[extra.story.id].note == "new one" and marks[extra.story.id].feed_title == "Other"
    # importing again changes nothing
    snapshot = store.bookmarks()
    assert store.import_bookmarks([older, newer_b, extra]) == (0, 3, 0)
    assert store.bookmarks() == snapshot


def test_an_empty_newer_note_does_not_erase_a_written_one() -> None:
    story = make_story("f", 1, published=1.0)
    old = Bookmark(story=story, note="written", created=10.0)
    assert bm.merge(old, Bookmark(story=story, note="", created=20.0)).note == "written"


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ("not json", "not a JSON file"),
        ('{"format": "something-else"}', "not a newsdesk bookmark export"),
        ('{"format": "newsdesk-bookmarks", "version": 99, "bookmarks": []}', "newer"),
        (
            '{"format": "newsdesk-bookmarks", "version": 1, "bookmarks": [{"note": "x"}]}',
            "bookmark 1 is damaged",
        ),
    ],
)
def test_from_json_rejects_other_files_in_words(payload: str, needle: str) -> None:
    with pytest.raises(bm.BookmarkFileError, match=needle):
        bm.from_json(payload)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("tags",), [5, None]),
        (("note",), ["a list"]),
        (("story", "title"), 5),
        (("story", "links"), [7]),
        (("story", "published"), float("nan")),
        (("story", "updated"), float("inf")),
        (("created",), -1e20),
        (("story", "first_seen"), 1e300),
    ],
)
def test_a_damaged_field_is_refused_in_words(path: tuple[str, ...], value: object) -> None:
    """Wrong types went past the check and out as 'internal error: TypeError'; a NaN or a date out of range was
    imported and then broke `newsdesk bookmarks` (OverflowError) and the reader's sorting."""
    doc = json.loads(bm.to_json([Bookmark(story=make_story("f", 1, published=1.0), note="n", created=2.0)]))
    target = doc["bookmarks"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(bm.BookmarkFileError, match="bookmark 1 is damaged"):
        bm.from_json(json.dumps(doc))


def test_imported_text_is_cleaned_like_feed_text() -> None:
    story = make_story("f", 1, published=1.0, title="Evil \x1b]0;pwned\x07title\x1b[31m")
    text = bm.to_json([Bookmark(story=story, note="note \x1b[2J here", tags=("ok", "bad\x1b[0m"))])
    (mark,) = bm.from_json(text)
    assert "\x1b" not in mark.story.title and "\x1b" not in mark.note
    assert all("\x1b" not in t for t in mark.tags)


class NetscapeParser(HTMLParser):
    """Collects each A (attributes and title) and each DD (note) of a Netscape bookmark file."""

    def __init__(self) -> None:
        super().__init__()
        self.doctype = ""
        self.links: list[dict[str, str]] = []
        self.notes: list[str] = []
        self._in: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append({k: v or "" for k, v in attrs} | {"title": ""})
            self._in = "a"
        elif tag == "dd":
            self.notes.append("")
            self._in = "dd"
        elif tag in ("dt", "dl", "p"):
            self._in = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "a":
            self.links[-1]["title"] += data
        elif self._in == "dd":
            self.notes[-1] += data.strip()


def test_netscape_html_parses_with_every_field(store: Store) -> None:
    feed_id, _ = fill(store, 0)
    tricky = [
        make_story(feed_id, 1, published=1.0, title='Quotes "and" <b>tags</b> & ampersands'),
        make_story(feed_id, 2, published=2.0, title="Plain", link='https://x.example/?q="1"&r=<2>'),
        make_story(feed_id, 3, published=3.0, title="Script link", link="javascript:alert(1)"),
    ]
    store.save_stories(feed_id, tricky, now=10.0)
    store.bookmark(tricky[0].id, note='A note with <script>alert("x")</script> & more', tags=["a&b", 'q"t'])
    store.bookmark(tricky[1].id)
    store.bookmark(tricky[2].id, note="careful")
    marks = store.bookmarks()
    page = bm.to_netscape_html(marks)
    assert page.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert "<script>" not in page
    parser = NetscapeParser()
    parser.feed(page)
    assert parser.doctype == "DOCTYPE NETSCAPE-Bookmark-file-1"
    assert [a["title"] for a in parser.links] == [m.story.title for m in marks]
    by_title = {a["title"]: a for a in parser.links}
    for mark in marks:
        link = by_title[mark.story.title]
        assert link["add_date"] == str(int(mark.created))
        expected = mark.story.link if mark.story.link.startswith("https://") else ""
        assert link["href"] == expected
        if mark.tags:
            assert link["tags"] == ",".join(mark.tags)
    assert 'A note with <script>alert("x")</script> & more' in parser.notes
    assert any(n.startswith("careful") and "javascript:alert(1)" in n for n in parser.notes)
    assert len(parser.notes) == 2


def test_markdown_lists_every_title_link_and_note(store: Store) -> None:
    _, stories = fill(store, 3)
    store.bookmark(stories[0].id, note="First note.", tags=["eu"])
    store.bookmark(stories[1].id, note="Second note\n\nin two paragraphs.")
    store.bookmark(stories[2].id)
    md = bm.to_markdown(store.bookmarks())
    for story in stories:
        assert f"[{story.title}](<{story.link}>)" in md
    assert "Example News" in md and "2023-11-14" in md
    for words in ("> First note.", "> Second note", "> in two paragraphs.", "Tags: eu"):
        assert words in md
    hostile = make_story("f", 9, published=1.0, title="[click](javascript:x) *bold*", link="javascript:x")
    md = bm.to_markdown([Bookmark(story=hostile)])
    assert "](javascript" not in md.replace("\\]", "") and "\\*bold\\*" in md and "](<" not in md


def test_export_dispatch() -> None:
    mark = Bookmark(story=make_story("f", 1, published=1.0))
    assert bm.export([mark], "json").startswith("{")
    assert bm.export([mark], "md").startswith("# Reading list")
    assert bm.export([mark], "html").startswith("<!DOCTYPE")
    with pytest.raises(ValueError, match="unknown export format"):
        bm.export([mark], "pdf")


def test_tag_filter_and_counts() -> None:
    marks = [
        Bookmark(story=make_story("f", 1, published=1.0), tags=("EU", "energy")),
        Bookmark(story=make_story("f", 2, published=1.0), tags=("eu",)),
        Bookmark(story=make_story("f", 3, published=1.0)),
    ]
    assert [m.story.id for m in bm.with_tag(marks, "eu")] == [marks[0].story.id, marks[1].story.id]
    assert bm.with_tag(marks, None) == marks
    assert bm.all_tags(marks) == [("energy", 1), ("EU", 2)]


def test_retention_purge_and_feed_removal_keep_bookmarks_whole(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with Store(root, retention=Retention(max_per_feed=2)) as store:
        feed_id, stories = fill(store, 2)
        oldest = stories[0]
        store.bookmark(oldest.id, note="keep", tags=["t"])
        newer = [make_story(feed_id, n, published=1_800_000_000 + n) for n in range(10, 14)]
        result = store.save_stories(feed_id, newer, now=1_800_000_100)
        assert stories[1].id in result.purged and oldest.id not in result.purged
        assert store.story(oldest.id) == oldest
        store.remove_feed(feed_id)
        assert store.feeds() == []
    with Store(root) as store:
        (mark,) = store.bookmarks()
        assert mark.story == oldest  # text, entities, links, dates: all of it
        assert mark.feed_title == "Example News" and mark.note == "keep" and mark.tags == ("t",)
        assert store.story(oldest.id) == oldest


CHILD = textwrap.dedent(
    """
    import sys, time
    from feeds.store import Store
    store = Store(sys.argv[1])
    sid = store.headers()[0].id
    store.bookmark(sid, note="written just before the crash", tags=["crash"])
    print("done", sid, flush=True)
    time.sleep(600)
    """
)


def test_sigkill_right_after_a_bookmark_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with Store(root) as store:
        fill(store, 3)
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
    assert line.startswith("done "), (line, proc.stderr.read() if proc.stderr else "")
    sid = line.split()[1]
    with Store(root) as store:  # the killed writer's lock went with it
        (mark,) = store.bookmarks()
        assert (
            mark.story.id == sid and mark.note == "written just before the crash" and mark.tags == ("crash",)
        )
        assert store.is_bookmarked(sid)


def test_an_import_finds_the_feed_by_its_address_however_written_and_without_its_login(
    tmp_path: Path,
) -> None:
    """The export names the feed by address, its login left out (a feed's token must not travel with a reading
    list); another folder's subscription to that feed, written another way or with its own login, is found."""
    with Store(tmp_path / "a") as a:
        feed = a.add_feed("https://reader:s3cret@News.Example:443/feed", title="Example News")
        story = make_story(feed.id, 1, published=1_700_000_000)
        a.save_stories(feed.id, [story], now=1_700_000_100)
        a.bookmark(story.id, note="n")
        # a bookmark saved before bookmarks kept their feed's address: the export fills it in
        (old,) = a.bookmarks()
        older = replace(old, feed_url="")
        (filled,) = bm.with_feed_urls([older], {f.id: f.url for f in a.feeds()})
        assert filled == old and old.feed_url == feed.url
        text = bm.to_json([older])
        assert '"feed_url": ""' in text
        text = bm.to_json([filled])
    assert (
        "s3cret" not in text
        and "reader" not in text
        and '"feed_url": "https://News.Example:443/feed"' in text
    )
    for other in (bm.to_markdown([filled]), bm.to_netscape_html([filled])):
        assert "Example News" in other or story.title in other
        assert "s3cret" not in other and "/feed" not in other
    with Store(tmp_path / "b") as b:
        b.add_feed("https://elsewhere.example/feed", title="Other")
        mine = b.add_feed("https://me:token@news.example/feed", title="My name for it")
        assert b.import_bookmarks(bm.from_json(text)) == (1, 0, 0)
        (mark,) = b.bookmarks()
        assert mark.story.feed_id == mine.id and mark.story.id == story.id and mark.feed_url == mine.url
        assert mark.feed_title == "Example News" and mark.note == "n"
    with Store(tmp_path / "c") as c:  # not subscribed here: the bookmark keeps the feed id it came with
        c.add_feed("https://news.example/other-feed")
        assert c.import_bookmarks(bm.from_json(text)) == (1, 0, 0)
        assert c.bookmarks()[0].story.feed_id == feed.id
