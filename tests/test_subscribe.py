"""Subscribing through a web page that names its feeds, against a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from feeds.subscribe import MAX_CANDIDATES, SubscribeError, subscribe
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

ATOM = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Found</title>'
    "<entry><id>e1</id><title>One</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>"
)


def page(hrefs: list[str]) -> str:
    links = "".join(f'<link rel="alternate" type="application/rss+xml" href="{h}">' for h in hrefs)
    return f"<html><head>{links}</head><body>hi</body></html>"


def test_a_page_naming_thousands_of_feeds_costs_a_few_fetches(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Every named feed was fetched in turn until one worked: 5,000 dead links meant 5,000 fetches (and with a
    slow server, 5,000 timeouts), so `newsdesk add` never came back."""
    feed_server.set("/page", page([f"/dead{n}" for n in range(5000)]), content_type="text/html")
    with Store(tmp_path / "s") as store, pytest.raises(SubscribeError, match="could not be read"):
        subscribe(store, feed_server.url("/page"), timeout=5)
    dead = sum(n for path, n in feed_server.counts.items() if path.startswith("/dead"))
    assert dead == MAX_CANDIDATES


def test_the_first_readable_feed_a_page_names_is_subscribed(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.set("/page", page(["/dead", "/feed.xml"]), content_type="text/html")
    feed_server.set("/feed.xml", ATOM, content_type="application/atom+xml")
    with Store(tmp_path / "s") as store:
        feed, saved = subscribe(store, feed_server.url("/page"), timeout=5)
        assert feed.url == feed_server.url("/feed.xml") and feed.title == "Found"
        assert saved is not None and len(saved.new) == 1
