"""Feed documents as real generators write them, served from 127.0.0.1 and refreshed into a real store with the
installed command: items whose <link> is empty beside a permalink guid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.parse import parse_feed
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gen</title>'
    "<link>https://gen.example/</link>{items}</channel></rss>"
)


@pytest.mark.parametrize(
    "item",
    [
        "<title>One</title><link></link><guid>https://gen.example/posts/One</guid>",
        "<title>One</title><link/><guid isPermaLink='true'>https://gen.example/posts/One</guid>",
        "<title>One</title><guid>https://gen.example/posts/One</guid><link>  </link>",
    ],
)
def test_an_empty_link_beside_a_permalink_guid_takes_the_guid(
    tmp_path: Path, feed_server: FeedServer, item: str
) -> None:
    """feedparser keeps the empty <link>, so the story had no address: `o` opened nothing, and the story view
    had no link to show. An RSS guid is the item's permalink unless it says isPermaLink="false"."""
    feed_server.set("/gen.xml", RSS.format(items=f"<item>{item}</item>"))
    assert newsdesk(tmp_path, "add", feed_server.url("/gen.xml")).returncode == 0
    (story,) = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert story["link"] == "https://gen.example/posts/One"  # as written: case kept


def test_a_guid_that_says_it_is_no_permalink_is_not_made_the_link() -> None:
    body = RSS.format(
        items="<item><title>x</title><link/><guid isPermaLink='false'>https://gen.example/p/9</guid></item>"
    )
    (story,) = parse_feed(body.encode(), "f", url="https://gen.example/feed").stories
    assert story.link == ""


def test_the_story_keeps_its_id_when_the_guid_becomes_its_link() -> None:
    """The id comes from the guid: a story stored before this fix keeps its id, read mark and bookmark."""
    with_link = RSS.format(items="<item><title>x</title><guid>https://gen.example/p/1</guid><link/></item>")
    without = RSS.format(items="<item><title>x</title><guid>https://gen.example/p/1</guid></item>")
    (a,) = parse_feed(with_link.encode(), "f", url="https://gen.example/feed").stories
    (b,) = parse_feed(without.encode(), "f", url="https://gen.example/feed").stories
    assert a.id == b.id and a.link == b.link == "https://gen.example/p/1"
