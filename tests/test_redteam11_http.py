"""Answers from a real HTTP server on 127.0.0.1, refreshed into a real store, that an eleventh red-team pass found
read wrongly: a 300 Multiple Choices that names the server's choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Negotiated</title>'
    "<item><guid>n-1</guid><title>Chosen story</title><description>Text.</description></item>"
    "</channel></rss>"
)


def test_a_300_with_a_location_is_followed_for_now(tmp_path: Path, feed_server: FeedServer) -> None:
    """Apache's content negotiation (MultiViews: /news matches news.rss and news.atom) answers 300 Multiple
    Choices with a Location naming its preferred choice, which browsers and curl follow. The feed failed for good
    with "redirected (300 Multiple Choices) without saying where to: no Location header", next to its Location."""
    feed_server.set("/news.rss", FEED)
    feed_server.move("/news", "/news.rss", 300)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/news"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["Chosen story"]
        assert store.get_feed(feed.id).url == feed_server.url("/news")  # a choice, not a move for good


@pytest.mark.parametrize("code", [305, 306, 399])
def test_a_3xx_not_followed_is_not_said_to_lack_its_location(
    tmp_path: Path, feed_server: FeedServer, code: int
) -> None:
    """305 Use Proxy (which no client follows any more), the unused 306 and a 3xx no one defines, each with a
    Location: the words said there was none."""
    feed_server.move("/odd", "/news.rss", code)
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/odd"))
        (result,) = refresh(store)
        assert result.outcome == "failed" and "no Location header" not in result.error, result.error
        assert result.error.startswith(f"redirected ({code}") and "does not follow" in result.error
