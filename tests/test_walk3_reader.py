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


async def test_an_author_that_is_the_feeds_name_is_not_shown_twice(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """Al Jazeera English's YouTube feed signs every video "Al Jazeera English": the story header read "Al
    Jazeera English · Al Jazeera English · 2021-10-17 13:00 (...)"."""
    feed_server.set(
        "/aje.xml",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Al Jazeera English</title>'
        '<entry><id>v1</id><title>Plan It Green</title><link href="https://example.org/v1"/>'
        "<author><name>Al Jazeera English</name></author><published>2021-10-17T13:00:16+00:00</published>"
        "<summary>Carbon capture.</summary></entry>"
        '<entry><id>v2</id><title>Inside Story</title><link href="https://example.org/v2"/>'
        "<author><name>Jane Doe</name></author><published>2021-10-16T13:00:16+00:00</published>"
        "<summary>Talks.</summary></entry></feed>",
    )
    with Store(tmp_path / "aje") as store:
        store.add_feed(feed_server.url("/aje.xml"))
        [result] = refresh(store)
        assert not result.error
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            view = app.main_screen.story_view
            assert view.story is not None and view.story.title == "Plan It Green"
            meta = view.body.content.plain.splitlines()[1]  # type: ignore[union-attr]
            assert meta.startswith("Al Jazeera English · 2021-10-17") and meta.count("Al Jazeera") == 1, meta
            await pilot.press("n")
            await pilot.pause()
            second = view.body.content.plain.splitlines()[1]  # type: ignore[union-attr]
            assert second.startswith("Al Jazeera English · Jane Doe · 2021-10-16"), second
