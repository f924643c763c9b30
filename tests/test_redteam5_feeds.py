"""Feed documents as real generators write them, served from 127.0.0.1 and refreshed into a real store with the
installed command: items whose <link> is empty beside a permalink guid, items that share one guid."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.model import story_id
from feeds.parse import parse_feed
from feeds.refresh import refresh
from feeds.store import Store
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


def _shared_guid_feed(count: int, guid: str = "https://gen.example/") -> str:
    return RSS.format(
        items="".join(
            f"<item><title>Story {n}</title><link>https://gen.example/{n}</link><guid>{guid}</guid>"
            f"<description>Text {n}</description></item>"
            for n in reversed(range(count))
        )
    )


@pytest.mark.parametrize("guid", ["https://gen.example/", "0"])
def test_items_that_share_one_guid_are_each_a_story(
    tmp_path: Path, feed_server: FeedServer, guid: str
) -> None:
    """A generator that gives every item the site's address (or "0") as its guid: the first item was the only
    story, every other one a repeat of its id, dropped on every refresh, for good."""
    feed_server.set("/gen.xml", _shared_guid_feed(4, guid))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/gen.xml"))
        refresh(store)
        assert sorted(h.title for h in store.headers(feed.id)) == [f"Story {n}" for n in range(4)]
        feed_server.set("/gen.xml", _shared_guid_feed(5, guid))  # one more at the top
        (again,) = refresh(store)
        assert again.new == 1 and len(store.headers(feed.id)) == 5


def test_the_story_stored_under_the_shared_guid_keeps_its_id_and_mark(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """What older versions stored (the first item, under the guid alone) is known again by its link and title."""
    body = _shared_guid_feed(3)
    feed_server.set("/gen.xml", body)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/gen.xml"))
        first = parse_feed(body.encode(), feed.id, url=feed.url).stories[0]
        old_id = story_id(feed.id, "https://gen.example/")
        store.save_stories(feed.id, [replace(first, id=old_id)])  # as the old code stored it
        store.set_read([old_id])
        refresh(store)
        headers = store.headers(feed.id)
        assert len(headers) == 3
        assert {h.id for h in headers if h.title == first.title} == {old_id} and store.is_read(old_id)


def test_json_feed_items_that_share_one_id_are_each_a_story() -> None:
    items = [
        {"id": "1", "url": "https://j.example/a", "title": "A"},
        {"id": "1", "url": "https://j.example/b", "title": "B"},
        {"id": "2", "title": "C", "content_text": "c"},  # one id, no urls: one story served twice
        {"id": "2", "title": "D", "content_text": "d"},
    ]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items})
    assert [s.title for s in parse_feed(body.encode(), "f").stories] == ["A", "B", "C"]


def test_one_item_served_twice_is_still_one_story() -> None:
    twice = "<item><title>Same</title><link>https://gen.example/1</link><guid>g-1</guid></item>"
    assert len(parse_feed(RSS.format(items=twice * 2).encode(), "f").stories) == 1
