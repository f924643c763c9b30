"""Odd but real feeds in the reader: fetched from 127.0.0.1, refreshed into a store, read with Pilot, asserted on
what is painted. Titles of blanks, emoji or right-to-left script, stories with neither text nor link, and a
terminal shrunk to 20x6 (and to nothing) while a refresh runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.snapshot_apps import reader, until, visible_rows
from tests.snapshot_apps.stores import KEEP_ALL

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server

ODD = [
    ("   \u3000\u00a0 ", "http://odd.example/blank"),  # blanks of three kinds: shown as its link
    ("\U0001f600\U0001f600 \U0001f468\u200d\U0001f469\u200d\U0001f467", "http://odd.example/emoji"),
    (
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u0645\u0631\u062d\u0628\u0627",
        "http://odd.example/rtl",
    ),
    ("Bare", ""),  # a guid, no text and no link
]


def odd_feed() -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>odd-{n}</guid><title>{title}</title>"
        + (f"<link>{link}</link>" if link else "")
        + "</item>"
        for n, (title, link) in enumerate(ODD)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Odd</title>{items}</channel></rss>'.encode()


@pytest.fixture
def store(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    feed_server["/odd.xml"] = odd_feed()
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    store.add_feed(feed_server.url("/odd.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    yield store
    store.close()


def body_of(app: object) -> str:
    body = app.main_screen.story_view.query_one("#story-body", Static)  # type: ignore[attr-defined]
    return Content.from_text(body.render()).plain  # type: ignore[arg-type]


async def test_odd_titles_are_listed_and_a_bare_story_says_what_it_lacks(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = visible_rows(app.main_screen.story_list)
        assert len(rows) == len(ODD)
        assert any("http://odd.example/blank" in row for row in rows)  # not an empty row
        assert any("\U0001f600\U0001f600" in row for row in rows)
        assert any("\u05e9\u05dc\u05d5\u05dd" in row for row in rows)
        seen = {}
        for _ in ODD:
            await pilot.press("n")
            await pilot.pause()
            story = app.main_screen.story_view.story
            assert story is not None
            seen[story.title] = body_of(app)
        assert "(this story has no text and no link)" in seen["Bare"]  # it said "o opens its link"
        assert (
            "o opens its link"
            in seen["\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u0645\u0631\u062d\u0628\u0627"]
        )


async def test_a_terminal_shrunk_to_nothing_during_a_refresh(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    for n in range(4):
        feed_server[f"/gen{n}.xml"] = make_feed(n, 20)
        store.add_feed(feed_server.url(f"/slow/gen{n}.xml?s={0.2 * n}"))
    app = reader(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        for size in ((20, 6), (8, 3), (1, 1), (20, 6), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.05)
        await until(pilot, lambda: not app.refreshing)
        assert app.is_running and len(app.main_screen.story_list.all_rows) == len(ODD) + 80
        await pilot.resize_terminal(20, 6)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.main_screen.story_view.story is not None
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert visible_rows(app.main_screen.story_list)
