"""One cap on the tags of a feed or a bookmark, in the store, shared with the OPML import: feeds served from
127.0.0.1, the installed `newsdesk` command run as a subprocess on data folders in a temporary directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from feeds import opml
from feeds.storage import TooManyTags
from feeds.store import Store
from feeds.text import MAX_TAGS
from tests import httpserver
from tests.snapshot_apps import reader
from tests.test_cli import newsdesk, one_line_error
from tui.screens.bookmark_edit import BookmarkEditScreen

feed_server = httpserver.feed_server

RSS = (
    '<rss version="2.0"><channel><title>Capped</title>'
    "<item><guid>g1</guid><title>Story 1</title><link>https://example.org/1</link>"
    "<description>Text 1.</description><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
    "</channel></rss>"
)


def subscribed(home: Path, server: httpserver.FeedServer) -> tuple[str, str]:
    """A data folder subscribed to one feed of one story: (feed id, story id)."""
    server.set("/capped.xml", RSS)
    assert newsdesk(home, "add", server.url("/capped.xml")).returncode == 0
    with Store(home, readonly=True) as store:
        (feed,) = store.feeds()
        (header,) = store.headers(feed.id)
    return feed.id, header.id


def test_the_opml_import_and_the_store_share_one_cap() -> None:
    assert opml.MAX_TAGS is MAX_TAGS == 20


def test_tagging_a_feed_past_the_cap_is_one_line_and_changes_nothing(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `newsdesk tag FEED a b c ...` took any number of tags, while an OPML import keeps 20.
    feed_id, _ = subscribed(tmp_path, feed_server)
    assert newsdesk(tmp_path, "tag", feed_id, "kept").returncode == 0
    proc = newsdesk(tmp_path, "tag", feed_id, *(f"t{n}" for n in range(MAX_TAGS + 5)))
    one_line_error(proc, 1, f"a feed takes at most {MAX_TAGS} tags ({MAX_TAGS + 5} given)")
    # Duplicates count once: 20 tags written with repeats are 20 tags.
    twenty = [f"t{n}" for n in range(MAX_TAGS)]
    assert newsdesk(tmp_path, "tag", feed_id, *twenty, "t0", "t1").returncode == 0
    with Store(tmp_path, readonly=True) as store:
        assert store.get_feed(feed_id).tags == tuple(twenty)  # type: ignore[union-attr]
    proc = newsdesk(tmp_path, "add", feed_server.url("/capped.xml?2"), *(f"--tag=a{n}" for n in range(21)))
    one_line_error(proc, 1, f"a feed takes at most {MAX_TAGS} tags (21 given)")
    assert feed_server.count("/capped.xml") == 1  # only the first add: refused before the download
    with Store(tmp_path, readonly=True) as store:
        assert [f.id for f in store.feeds()] == [feed_id] and store.get_feed(feed_id).tags == tuple(twenty)


def test_bookmarking_with_more_tags_than_the_cap_is_refused(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    _, sid = subscribed(tmp_path, feed_server)
    assert newsdesk(tmp_path, "bookmark", sid, "--tag", "first").returncode == 0
    proc = newsdesk(tmp_path, "bookmark", sid, "--tag", " ".join(f"t{n}" for n in range(MAX_TAGS + 1)))
    one_line_error(proc, 1, f"a bookmark takes at most {MAX_TAGS} tags ({MAX_TAGS + 1} given)")
    with Store(tmp_path) as store:
        assert store.bookmark_of(sid).tags == ("first",)  # type: ignore[union-attr]
        # The reader's B dialog saves through the same call; its refusal is the reader's "Cannot save" notice.
        with pytest.raises(TooManyTags):
            store.bookmark(sid, tags=[f"t{n}" for n in range(MAX_TAGS + 1)])
        assert store.bookmark(sid, tags=[f"t{n}" for n in range(MAX_TAGS)]).tags[-1] == f"t{MAX_TAGS - 1}"


def test_a_bookmark_import_keeps_the_first_tags_and_says_how_many_it_left_out(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    home = tmp_path / "one"
    _, sid = subscribed(home, feed_server)
    assert newsdesk(home, "bookmark", sid, "--tag", "mine").returncode == 0
    export = tmp_path / "marks.json"
    assert newsdesk(home, "bookmarks", "--export", "json", str(export)).returncode == 0
    doc = json.loads(export.read_text())
    doc["bookmarks"][0]["tags"] = [f"t{n}" for n in range(MAX_TAGS + 5)]
    export.write_text(json.dumps(doc))

    other = tmp_path / "other"
    proc = newsdesk(other, "bookmarks", "--import", str(export))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"newsdesk: 5 tags left out: a bookmark keeps its first {MAX_TAGS}\n"
    with Store(other, readonly=True) as store:
        (mark,) = store.bookmarks()
        assert mark.tags == tuple(f"t{n}" for n in range(MAX_TAGS))

    # Merged with a stored bookmark, its tags come first: "mine" and 19 of the file's, 6 left out.
    proc = newsdesk(home, "bookmarks", "--import", str(export))
    assert proc.returncode == 0 and "6 tags left out" in proc.stderr, proc.stderr
    with Store(home, readonly=True) as store:
        assert store.bookmark_of(sid).tags == ("mine", *(f"t{n}" for n in range(MAX_TAGS - 1)))  # type: ignore[union-attr]
    # Within the cap, an import says nothing more.
    doc["bookmarks"][0]["tags"] = [f"t{n}" for n in range(MAX_TAGS)]
    export.write_text(json.dumps(doc))
    proc = newsdesk(tmp_path / "third", "bookmarks", "--import", str(export))
    assert (proc.returncode, proc.stderr) == (0, "")


@pytest.mark.anyio
async def test_the_bookmark_dialog_keeps_what_was_typed_when_it_holds_too_many_tags(
    sample_store: Store,
) -> None:
    app = reader(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("enter", "B")
        dialog = app.screen
        assert isinstance(dialog, BookmarkEditScreen)
        tags = dialog.query_one("#bookmark-tags", Input)
        tags.focus()
        typed = " ".join(f"t{n}" for n in range(MAX_TAGS + 1))
        await pilot.press(*typed, "enter")
        assert app.screen is dialog and tags.value == typed and not sample_store.bookmarks()
        assert f"A bookmark takes at most {MAX_TAGS} tags ({MAX_TAGS + 1} given)." in [
            str(n.message) for n in app._notifications
        ]
        await pilot.press("backspace", "backspace", "backspace", "backspace", "enter")  # " t20" gone: 20 tags
        assert app.screen is screen
        (mark,) = sample_store.bookmarks()
        assert mark.tags == tuple(f"t{n}" for n in range(MAX_TAGS))
