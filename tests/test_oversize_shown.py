"""A feed read in part (larger than the 10 MB cap) as the reader and the command line show it: told, in words, where
errors are told, and never as a failure. A 12 MB feed served from 127.0.0.1, refreshed through the real reader
(Pilot) and the real `newsdesk` command into real stores in temporary folders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, open_help, reader, refreshed, until, visible_rows
from tests.snapshot_apps.stores import KEEP_ALL
from tests.terminal import refresh_on_a_terminal
from tests.test_cli import newsdesk
from tui.screens.errors import ErrorsScreen
from tui.widgets.feed_list import FAILING_MARK, WARNED_MARK

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server
SIZE = (120, 40)
MB = 2**20
READ_IN_PART = "only the first 10 MB read (the feed is larger): "
#: When `newsdesk feeds` says a feed last refreshed fine: "ok 2026-12-07 09:14".
WHEN = r"\d{4}-\d\d-\d\d \d\d:\d\d"


def big_feed(items: int = 1300) -> bytes:
    """About 12 MB: an archive of long episodes, newest first."""
    text = "A long episode of the archive, told at length and in full. " * 160
    body = "".join(
        f"<item><guid>ep-{n}</guid><title>Episode {n}</title>"
        f"<pubDate>Mon, 01 Jun 2026 {n // 60 % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>{text}</description></item>"
        for n in reversed(range(items))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>{body}</channel></rss>'.encode()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    yield store
    store.close()


async def test_the_reader_marks_a_feed_read_in_part_apart_from_failing_ones(
    store: Store, feed_server: FeedServer
) -> None:
    body = big_feed()
    assert len(body) > 11.5 * MB
    feed_server["/archive.xml"] = body
    big = store.add_feed(feed_server.url("/archive.xml"), title="Big Archive")
    store.add_feed(feed_server.url("/status/500"), title="Broken Feed")
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await refreshed(pilot, app, "R")
        assert screen.progress.errors == 1  # the broken feed only: reading in part is no failure
        assert any("1 feed failed (e shows it), 1 feed read in part (e says why)" in m for m in messages(app))
        entries = {e.label: e for e in screen.feed_list.entries}
        assert (entries["Big Archive"].failing, entries["Big Archive"].warned) == (False, True)
        assert (entries["Broken Feed"].failing, entries["Broken Feed"].warned) == (True, False)
        rows = visible_rows(screen.feed_list)
        assert any(f" {WARNED_MARK} Big Archive" in row for row in rows)
        assert not any(FAILING_MARK in row and "Big Archive" in row for row in rows)

        await pilot.press("e")
        errors = app.screen
        assert isinstance(errors, ErrorsScreen)
        assert [f.title for f in errors.feeds] == ["Broken Feed", "Big Archive"]  # failures first
        assert str(errors.query_one("#errors-title").render()) == "Feed errors · 1 failing · 1 read in part"
        note = errors.error_list.text_of(1).splitlines()[1]
        assert note.startswith("note: " + READ_IN_PART) and "failed" not in note
        assert errors.feeds[1].status.failures == 0

        # The row cuts the note at the box's width: its end and its time were never seen. The highlighted
        # feed's note is shown whole below the list, wrapped; not its address, which its row shows whole.
        await pilot.press("j")
        await pilot.pause()
        assert any(
            row.rstrip().endswith("…") and READ_IN_PART[:20] in row for row in visible_rows(errors.error_list)
        )
        whole = errors.query_one("#errors-whole")
        shown = " ".join(str(whole.render()).split())
        assert " ".join(note.split()) == shown, shown
        assert whole.display and whole.region.height >= 2 and whole.region.bottom <= SIZE[1]
        await pilot.press("escape")

        # Opened, the feed's story list says it was read in part: its title was its name and count only, and a
        # user took the stories for the whole feed.
        assert screen.feed_list.select_key(f"feed:{big.id}")
        await until(pilot, lambda: screen.source == f"feed:{big.id}")
        title = str(screen.story_list.border_title)
        assert title.startswith("Big Archive · ") and title.endswith(" · read in part (e says why)"), title
        assert screen.feed_list.select_key("all")
        await until(pilot, lambda: screen.source == "all")
        assert "read in part" not in str(screen.story_list.border_title)


def test_the_command_line_says_it_in_a_note_and_does_not_fail(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The note is said as an error is, after the feed's name: "Archive: note: ...". It was said three ways:
    "note: Archive: ..." by `refresh` on a terminal, "... (note: ...)" piped, "Archive: note: ..." by `add`."""
    feed_server["/archive.xml"] = big_feed()
    added = newsdesk(tmp_path, "add", feed_server.url("/archive.xml"))
    assert added.returncode == 0, added.stderr
    assert f"newsdesk: Archive: note: {READ_IN_PART}" in added.stderr  # as "newsdesk: Archive: <error>"

    refreshed = newsdesk(tmp_path, "refresh")  # 304: the same document, and still read in part
    assert refreshed.returncode == 0, refreshed.stderr
    assert f"unchanged Archive: 0 new, 0 updated; note: {READ_IN_PART}" in refreshed.stdout
    drawn = [piece.strip() for piece in re.split("[\r\n]", refresh_on_a_terminal(tmp_path)) if piece.strip()]
    assert any(piece.startswith(f"unchanged: Archive: note: {READ_IN_PART}") for piece in drawn), drawn
    assert not any(piece.startswith("note: ") for piece in drawn), drawn  # as "failed: Name: <error>"
    assert "1 feed: 0 new stories, 0 failed, 1 read in part" in refreshed.stderr  # it said "1 feeds"

    listed = newsdesk(tmp_path, "feeds")
    assert listed.returncode == 0 and "FAILING" not in listed.stdout
    assert re.search(rf"\(ok {WHEN}; note: {re.escape(READ_IN_PART)}", listed.stdout), listed.stdout

    feed_server["/archive.xml"] = big_feed(20)  # trimmed: read whole, and the note goes
    again = newsdesk(tmp_path, "refresh")
    assert again.returncode == 0 and "note" not in again.stdout + again.stderr
    assert "note" not in newsdesk(tmp_path, "feeds").stdout


async def test_the_help_says_e_lists_the_feeds_read_in_part_too(store: Store) -> None:
    """The ~ mark is explained nowhere in the reader but in the errors dialog, and ? said e lists failing feeds
    only: a user wondering about a ~ was not sent there."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await open_help(pilot, app)
        words = " ".join(help_screen.query_one("#help-table").render().plain.split())  # type: ignore[union-attr]
        errors_row = words[words.index("Feed errors") :]
        assert errors_row.startswith(
            f"Feed errors List failing feeds ({FAILING_MARK}) and feeds read in part"
        )
        assert f"({WARNED_MARK}," in errors_row.split("feeds.errors")[0]


def test_the_readme_says_feeds_prints_the_note() -> None:
    """The README's `feeds` row said only "failing feeds say why, since when": a user reading it did not learn
    that a feed read in part is listed with a note, nor what it looks like."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `feeds ")]
    assert re.search(rf"`ok {WHEN}; note: {re.escape(READ_IN_PART)}", row), row  # it said "ok 2h ago"
