"""Relative permalink guids, served from 127.0.0.1 and refreshed into a real store: the item's link is its guid
made absolute, as a browser would make it; the story's id stays the guid as written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.model import content_hash, story_id
from feeds.parse import parse_feed
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver

feed_server = httpserver.feed_server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def rss(items: str, site: str = "https://site.example/blog/") -> bytes:
    link = f"<link>{site}</link>" if site else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>{link}'
        f"{items}</channel></rss>"
    ).encode()


ITEMS = (
    '<item><title>Root path</title><guid isPermaLink="true">/2026/12/story.html</guid><description>a</description></item>'
    '<item><title>Relative path</title><guid isPermaLink="true">2026/12/other.html</guid><description>b</description></item>'
    '<item><title>Empty link</title><link></link><guid isPermaLink="true">/2026/12/empty.html</guid><description>c</description></item>'
    "<item><title>No attribute</title><guid>/2026/12/plain.html</guid><description>d</description></item>"
    '<item><title>Number</title><guid isPermaLink="true">12345</guid><description>e</description></item>'
    '<item><title>Not a link</title><guid isPermaLink="false">/2026/12/id</guid><description>f</description></item>'
    '<item><title>Script</title><guid isPermaLink="true">javascript:alert(1)</guid><description>g</description></item>'
    '<item><title>Host</title><guid isPermaLink="true">www.example.com/h</guid><description>h</description></item>'
)  # fmt: skip


def links(store: Store) -> dict[str, str]:
    return {s.title: s.link for f in store.feeds() for s in store.stories(f.id)}


def test_a_relative_permalink_guid_is_the_items_link(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A guid written as a path (isPermaLink="true", or a path from the root) gave no link at all: `o` had
    nothing to open. It is resolved against the channel's <link> (the site; the feed may be served from a feed
    host), and only to http(s)."""
    feed_server["/feed.xml"] = rss(ITEMS)
    feed = store.add_feed(feed_server.url("/feed.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    assert links(store) == {
        "Root path": "https://site.example/2026/12/story.html",
        "Relative path": "https://site.example/blog/2026/12/other.html",
        "Empty link": "https://site.example/2026/12/empty.html",
        "No attribute": "",  # may be an id: only a guid that says it is a link is taken for one
        "Number": "",  # an id, not an address (tests/test_feed_quirks.py)
        "Not a link": "",
        "Script": "",
        "Host": "",  # a host without its scheme, not a path of this site
    }
    ids = {s.title: s.id for s in store.stories(feed.id)}
    assert ids["Root path"] == story_id(feed.id, "/2026/12/story.html")  # the guid as written, as before


def test_without_a_channel_link_the_feeds_address_is_the_base(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed_server["/news/feed.xml"] = rss(ITEMS, site="")
    store.add_feed(feed_server.url("/news/feed.xml"))
    refresh(store)
    got = links(store)
    assert got["Root path"] == feed_server.url("/2026/12/story.html")
    assert got["Relative path"] == feed_server.url("/news/2026/12/other.html")


def test_a_stored_story_gets_its_link_and_keeps_its_id_and_read_mark(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A store written before the guid gave a link holds the story without one, under the guid's id: the
    refresh fills the link in and stores no second copy; the read mark stays."""
    body = rss(ITEMS)
    feed_server["/feed.xml"] = body
    feed = store.add_feed(feed_server.url("/feed.xml"))
    parsed = parse_feed(body, feed.id, url=feed.url).stories
    old = [replace(s, link="", content_hash=content_hash(s.title, s.text, "")) for s in parsed]  # as it was
    store.save_stories(feed.id, old)
    before = {s.title: s.id for s in store.stories(feed.id)}
    store.set_read([before["Root path"]])
    refresh(store)
    assert {s.title: s.id for s in store.stories(feed.id)} == before
    assert store.is_read(before["Root path"])
    assert links(store)["Root path"] == "https://site.example/2026/12/story.html"


def test_a_relative_permalink_guid_under_an_xml_base_is_resolved_against_it(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """xml:base says what a relative address in its scope is relative to, and feedparser resolves an item's
    <link> against it (the shared edge case nfp_rss-with-item-scoped-html-base.xml); a relative permalink guid
    went to the channel's <link> instead, another page than the one the feed meant."""
    items = (
        '<item xml:base="https://example.com/first/"><title>Item base</title>'
        '<guid isPermaLink="true">2026/post.html</guid></item>'
        '<item><title>No base</title><guid isPermaLink="true">2026/second.html</guid></item>'
        '<item xml:base="/archive/2025/"><title>Relative base</title><guid isPermaLink="true">../x.html</guid></item>'
        '<item><title>Guid base</title><guid isPermaLink="true" xml:base="https://cdn.example/p/">/y.html</guid></item>'
        '<item xml:base="https://example.com/first/"><title>Plain id</title><guid>/2026/id</guid></item>'
    )
    feed_server["/feed.xml"] = rss(items)
    feed_server["/channel.xml"] = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel xml:base="https://base.example/news/">'
        b"<title>Site</title><link>https://site.example/blog/</link><item><title>Channel base</title>"
        b'<guid isPermaLink="true">2026/z.html</guid></item></channel></rss>'
    )
    store.add_feed(feed_server.url("/feed.xml"))
    store.add_feed(feed_server.url("/channel.xml"))
    assert [r.outcome for r in refresh(store)] == ["new", "new"]
    assert links(store) == {
        "Item base": "https://example.com/first/2026/post.html",
        "No base": "https://site.example/blog/2026/second.html",  # the channel's <link>, as before
        "Relative base": feed_server.url("/archive/x.html"),  # the base itself against the feed's address
        "Guid base": "https://cdn.example/y.html",
        "Plain id": "",  # without isPermaLink="true" still an id
        "Channel base": "https://base.example/news/2026/z.html",
    }
