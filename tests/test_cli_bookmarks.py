"""The bookmark subcommands run as subprocesses: what they print, what they write, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds import bookmarks as bm
from feeds.model import Story, content_hash, story_id
from feeds.store import Store
from tests.test_cli import newsdesk, one_line_error


def seed(home: Path, count: int = 3) -> list[Story]:
    """A store with one feed of ``count`` stories, newest last."""
    with Store(home) as store:
        feed = store.add_feed("https://news.example/feed", title="Example News")
        stories = [
            Story(
                id=story_id(feed.id, guid=f"g{n}"),
                feed_id=feed.id,
                title=f"Headline number {n}",
                link=f"https://news.example/{n}",
                published=1_700_000_000 + n * 3600,
                text=f"Body {n}.",
                content_hash=content_hash(str(n)),
            )
            for n in range(count)
        ]
        store.save_stories(feed.id, stories, now=1_700_100_000)
    return stories


def test_bookmark_with_note_and_tags_then_list_and_unbookmark(tmp_path: Path) -> None:
    stories = seed(tmp_path)
    sid = stories[1].id
    proc = newsdesk(
        tmp_path, "bookmark", sid[:6], "--note", "Worth a second read", "--tag", "eu, energy", "--tag", "x"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"bookmarked {sid} Headline number 1")
    assert newsdesk(tmp_path, "bookmark", stories[2].id).returncode == 0
    with Store(tmp_path, readonly=True) as store:
        mark = next(m for m in store.bookmarks() if m.story.id == sid)
        assert mark.note == "Worth a second read" and mark.tags == ("eu", "energy", "x")

    listing = newsdesk(tmp_path, "bookmarks").stdout.splitlines()
    assert listing[0].startswith(stories[2].id)  # newest bookmark first
    assert any(line.startswith(sid) and "#eu #energy #x" in line for line in listing)
    assert "    Worth a second read" in listing

    only = json.loads(newsdesk(tmp_path, "bookmarks", "--tag", "EU", "--json").stdout)
    assert [m["id"] for m in only] == [sid]
    assert only[0]["note"] == "Worth a second read" and only[0]["feed"] == "Example News"

    # editing the note keeps the tags; the word says it was an update
    proc = newsdesk(tmp_path, "bookmark", sid, "--note", "")
    assert proc.stdout.startswith("updated ")
    with Store(tmp_path, readonly=True) as store:
        mark = next(m for m in store.bookmarks() if m.story.id == sid)
        assert mark.note == "" and mark.tags == ("eu", "energy", "x")

    assert newsdesk(tmp_path, "unbookmark", sid).returncode == 0
    one_line_error(newsdesk(tmp_path, "unbookmark", sid), 1, "is not bookmarked")
    assert [m["id"] for m in json.loads(newsdesk(tmp_path, "bookmarks", "--json").stdout)] == [stories[2].id]


def test_export_each_format_and_import_round_trip(tmp_path: Path) -> None:
    stories = seed(tmp_path / "a")
    for story in stories:
        newsdesk(tmp_path / "a", "bookmark", story.id, "--note", f"note {story.title}", "--tag", "t")
    md = newsdesk(tmp_path / "a", "bookmarks", "--export", "md")
    assert md.returncode == 0 and all(s.title in md.stdout and s.link in md.stdout for s in stories)
    html = newsdesk(tmp_path / "a", "bookmarks", "--export", "html", str(tmp_path / "b.html"))
    assert html.returncode == 0 and "exported 3 bookmarks" in html.stderr
    assert (tmp_path / "b.html").read_text().startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    out = tmp_path / "b.json"
    assert newsdesk(tmp_path / "a", "bookmarks", "--export", "json", str(out)).returncode == 0

    proc = newsdesk(tmp_path / "fresh", "bookmarks", "--import", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "3 new, 0 merged" in proc.stdout
    again = newsdesk(tmp_path / "fresh", "bookmarks", "--import", str(out))
    assert "0 new, 3 merged" in again.stdout
    with Store(tmp_path / "a", readonly=True) as a, Store(tmp_path / "fresh", readonly=True) as fresh:
        assert fresh.bookmarks() == a.bookmarks()
    # the fresh store has no feeds, yet shows a bookmarked story from its copy
    shown = newsdesk(tmp_path / "fresh", "show", stories[0].id)
    assert shown.returncode == 0 and "Body 0." in shown.stdout
    assert shown.stdout.splitlines()[1].startswith("Example News (no longer subscribed) · ")


def test_import_from_standard_input(tmp_path: Path) -> None:
    stories = seed(tmp_path / "a", 1)
    with Store(tmp_path / "a") as store:
        store.bookmark(stories[0].id, note="piped")
        text = bm.to_json(store.bookmarks())
    proc = newsdesk(tmp_path / "b", "bookmarks", "--import", "-", input=text)
    assert proc.returncode == 0 and "1 new" in proc.stdout


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("bookmark", "zzzzzz"), 1, "no story with id 'zzzzzz'"),
        (("unbookmark", "zzzzzz"), 1, "no story with id 'zzzzzz'"),
        (("bookmarks", "--import", "/nonexistent/marks.json"), 1, "cannot read /nonexistent/marks.json"),
        (("bookmarks", "--export", "pdf"), 2, "unknown export format 'pdf'"),
        (("bookmarks", "--export", "md", "a", "b"), 2, "at most one file"),
        (("bookmarks", "--import", "x", "--json"), 2, "cannot be combined"),
        (("bookmark",), 2, "required: ID"),
    ],
)
def test_mistakes_are_one_line_and_non_zero(
    tmp_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    seed(tmp_path, 1)
    one_line_error(newsdesk(tmp_path, *args), code, needle)


def test_a_file_that_is_not_an_export_is_refused_in_one_line(tmp_path: Path) -> None:
    seed(tmp_path, 1)
    opml = tmp_path / "subs.opml"
    opml.write_text("<opml/>")
    one_line_error(newsdesk(tmp_path, "bookmarks", "--import", str(opml)), 1, "not a JSON file")
    foreign = tmp_path / "other.json"
    foreign.write_text('{"hello": 1}')
    one_line_error(
        newsdesk(tmp_path, "bookmarks", "--import", str(foreign)), 1, "not a newsdesk bookmark export"
    )
    with Store(tmp_path, readonly=True) as store:
        assert store.bookmarks() == []


def test_read_only_store_refuses_a_bookmark_in_one_line(tmp_path: Path) -> None:
    stories = seed(tmp_path, 1)
    one_line_error(newsdesk(tmp_path, "--read-only", "bookmark", stories[0].id), 2, "--read-only forbids it")


def test_an_export_moved_to_a_folder_subscribed_to_its_feed_shows_it_subscribed(tmp_path: Path) -> None:
    """Feed ids are a folder's own: a bookmark moved to another folder that imported the first one's OPML read
    "(no longer subscribed)" beside its own feed. The export carries the feed's address, and the import links
    each bookmark to the subscription with that address; an older export without it imports as before."""
    stories = seed(tmp_path / "a", 2)
    assert newsdesk(tmp_path / "a", "bookmark", stories[0].id, "--note", "moved").returncode == 0
    out = tmp_path / "b.json"
    assert newsdesk(tmp_path / "a", "bookmarks", "--export", "json", str(out)).returncode == 0
    opml = tmp_path / "a.opml"
    assert newsdesk(tmp_path / "a", "export", str(opml)).returncode == 0
    assert newsdesk(tmp_path / "b", "import", str(opml)).returncode == 0
    older = json.loads(out.read_text())
    assert older["bookmarks"][0]["feed_url"] == "https://news.example/feed"
    for mark in older["bookmarks"]:
        del mark["feed_url"]
    (tmp_path / "older.json").write_text(json.dumps(older))

    assert "imported 1 feed," in newsdesk(tmp_path / "old", "import", str(opml)).stdout
    assert newsdesk(tmp_path / "old", "bookmarks", "--import", str(tmp_path / "older.json")).returncode == 0
    shown = newsdesk(tmp_path / "old", "show", stories[0].id).stdout.splitlines()
    assert shown[1].startswith("Example News (no longer subscribed) · ")

    proc = newsdesk(tmp_path / "b", "bookmarks", "--import", str(out))
    assert proc.returncode == 0 and "1 new" in proc.stdout, proc.stderr
    shown = newsdesk(tmp_path / "b", "show", stories[0].id).stdout.splitlines()
    assert shown[0] == stories[0].title and shown[1].startswith("Example News · "), shown
    with Store(tmp_path / "b", readonly=True) as b:
        (feed,) = b.feeds()
        (mark,) = b.bookmarks()
        assert mark.story.feed_id == feed.id != stories[0].feed_id and mark.note == "moved"
    # the older export's bookmark, imported again from the new one, is linked too
    assert "0 new, 1 merged" in newsdesk(tmp_path / "old", "bookmarks", "--import", str(out)).stdout
    assert (
        newsdesk(tmp_path / "old", "show", stories[0].id).stdout.splitlines()[1].startswith("Example News · ")
    )
