"""A story that is only an embedded frame, in the reader: served from 127.0.0.1, refreshed into a real store,
opened with Pilot, and asserted on the rows the story view paints."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.snapshot_apps import first_story_rows
from tests.snapshot_apps.stores import KEEP_ALL
from tests.test_redteam9_story_html import rss

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server

FRAME = "https://maps.example/embed?q=[bold]x[/bold]&style=[red]"


async def test_the_story_view_paints_the_line_of_an_embed_as_it_is(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """The line names the frame's address as the feed wrote it: brackets in it are text, never styles."""
    feed_server.set("/maps.xml", rss(("Map", f'<iframe src="{FRAME.replace("&", "&amp;")}"></iframe>')))
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    store.add_feed(feed_server.url("/maps.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    rows = await first_story_rows(store)
    assert f"[embedded page: {FRAME}]" in " ".join(r for r in rows if r), rows  # wrapped before the address


async def test_the_story_view_paints_nested_list_items_indented(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """A list inside a list: its items painted two columns in from the items around them, a level deeper four."""
    nested = "<ul><li>Clothes<ul><li>Socks<ol><li>wool</li></ol></li></ul></li><li>Papers</li></ul>"
    feed_server.set("/pack.xml", rss(("Packing", nested)))
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    store.add_feed(feed_server.url("/pack.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    rows = await first_story_rows(store)
    lines = [r for r in rows if r.strip()]
    at = next(n for n, r in enumerate(lines) if r.strip() == "• Clothes")
    margin = len(lines[at]) - len(lines[at].lstrip())
    assert [r[margin:] for r in lines[at : at + 4]] == [
        "• Clothes",
        "  • Socks",
        "    1. wool",
        "• Papers",
    ], rows
