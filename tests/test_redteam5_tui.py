"""Code in a story, in the reader: served from 127.0.0.1, refreshed into a real store, opened with Pilot, and
asserted on the rows the story view paints."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.snapshot_apps import first_story_rows
from tests.snapshot_apps.stores import KEEP_ALL
from tests.test_redteam5_text import CODE

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server


async def test_the_story_view_paints_code_with_its_indentation(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server["/dev.xml"] = CODE
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    store.add_feed(feed_server.url("/dev.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    rows = await first_story_rows(store)
    start = rows.index("def f(x):")
    assert rows[start : start + 5] == ["def f(x):", "    if x:", "        return 1", "", "    return  2"]
