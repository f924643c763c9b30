"""The installed `newsdesk` command given odd arguments and hostile feeds: one clear line and a non-zero exit for a
mistake, nothing lost, and nothing secret printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests.test_cli import newsdesk, one_line_error


@pytest.mark.parametrize("ref", ["", "   "])
@pytest.mark.parametrize("command", ["remove", "rename", "tag", "refresh"])
def test_an_empty_feed_name_names_no_feed(tmp_path: Path, command: str, ref: str) -> None:
    """`newsdesk remove "$UNSET"` unsubscribed the feed that had no title: '' equalled its empty title."""
    with Store(tmp_path) as store:
        untitled = store.add_feed("https://untitled.example/feed")  # no title yet: never fetched
        store.add_feed("https://other.example/feed", title="Other")
    args = [command, ref, "New title"] if command == "rename" else [command, ref]
    one_line_error(newsdesk(tmp_path, *args), 1, "an empty feed name names no feed")
    with Store(tmp_path, readonly=True) as store:
        assert {f.url for f in store.feeds()} == {
            "https://untitled.example/feed",
            "https://other.example/feed",
        }
        assert store.get_feed(untitled.id) == untitled
