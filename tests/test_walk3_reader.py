"""What a third walk through the reader, as a newsboat user reads, found: feeds served from 127.0.0.1 and
refreshed into a real store in a temporary folder, the real app driven by Pilot.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.snapshot_apps import messages, reader

feed_server = httpserver.feed_server
pytestmark = pytest.mark.anyio


def rss(count: int) -> bytes:
    items = "".join(
        f"<item><guid>g{n}</guid><title>Story {n}</title><link>https://example.org/{n}</link>"
        f"<description>Text {n}.</description><pubDate>Mon, {20 - n:02d} Nov 2026 10:00:00 GMT</pubDate></item>"
        for n in range(count)
    )
    return f'<rss version="2.0"><channel><title>Walk</title>{items}</channel></rss>'.encode()


@pytest.fixture
def store(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    feed_server.set("/walk.xml", rss(5))
    s = Store(tmp_path / "data")
    s.add_feed(feed_server.url("/walk.xml"))
    [result] = refresh(s)
    assert not result.error
    yield s
    s.close()


async def test_n_past_the_last_unread_says_unread_stories_are_left_above(store: Store) -> None:
    """Reading from the third story down, n ran out with "No more unread stories below." and two unread stories
    above: to a newsboat user, whose n wraps, that read as "all read"."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        stories = app.main_screen.story_list
        assert [h.title for h in stories.rows] == [f"Story {n}" for n in range(5)]
        await pilot.press("down", "down", "enter", "n", "n")
        assert app.main_screen.story_view.story is not None
        assert app.main_screen.story_view.story.title == "Story 4"
        await pilot.press("n")
        await pilot.pause()
        assert "No more unread stories below; p goes to the ones above." in messages(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.main_screen.story_view.story.title == "Story 1"
        await pilot.press("p", "p")
        await pilot.pause()
        assert messages(app)[-1] == "No more unread stories above."  # nothing unread is left either way


async def test_a_on_a_list_with_nothing_unread_says_so(store: Store) -> None:
    """A on a feed read to the end, or on the empty Bookmarks list, said "Marked 0 stories read.", as if the key
    had failed."""
    app = reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert messages(app)[-1] == "Marked 5 stories read."
        await pilot.press("A")
        await pilot.pause()
        assert messages(app)[-1] == "Every story here is read already."
        app.main_screen.feed_list.select_key("bookmarks")
        await pilot.pause()
        app.main_screen.story_list.focus()
        await pilot.press("A")
        await pilot.pause()
        assert messages(app)[-1] == "Nothing to mark: the list is empty."
