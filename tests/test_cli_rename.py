"""`newsdesk rename` with the installed command, on a real feed file in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.feedgen import make_feed
from tests.test_cli import newsdesk, one_line_error


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_refused_saying_there_is_no_own_title_to_go_back_to(
    tmp_path: Path, title: str
) -> None:
    """`rename FEED ""` looks like "back to the feed's own title", which the store does not keep apart from the
    title shown: the refusal said only "the new title is empty", not why nor what to do."""
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(make_feed(2, 3))
    assert newsdesk(tmp_path, "add", str(feed_file)).returncode == 0
    assert newsdesk(tmp_path, "rename", "Generated News 2", "Mine").returncode == 0
    one_line_error(newsdesk(tmp_path, "rename", "Mine", title), 1, "no copy of the feed's own title")
    (feed,) = json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)
    assert feed["title"] == "Mine"
