"""Atom entries whose <link href=""/> is empty, as generators with no address to give write them: served from
127.0.0.1 and added with the installed command, the story's link is its permalink id, never the feed itself."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.parse import parse_feed
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Gen</title>'
    '<link href="https://gen.example/"/><id>urn:gen</id><updated>2026-01-01T00:00:00Z</updated>'
    "<entry>{entry}<updated>2026-01-01T00:00:00Z</updated></entry></feed>"
)


@pytest.mark.parametrize(
    "entry",
    [
        '<title>One</title><id>https://gen.example/posts/One</id><link href=""/>',
        '<title>One</title><link href=""/><id>https://gen.example/posts/One</id>',
        '<title>One</title><id>https://gen.example/posts/One</id><link rel="alternate" href="  "/>',
    ],
)
def test_an_empty_atom_link_gives_the_permalink_id_not_the_feed(
    tmp_path: Path, feed_server: FeedServer, entry: str
) -> None:
    """feedparser resolved href="" against the feed's address: `o` opened the feed document, not the story."""
    feed_server.set("/gen.atom", ATOM.format(entry=entry))
    assert newsdesk(tmp_path, "add", feed_server.url("/gen.atom")).returncode == 0
    (story,) = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert story["link"] == "https://gen.example/posts/One"


def test_an_empty_atom_link_with_no_permalink_is_no_link() -> None:
    body = ATOM.format(entry='<title>x</title><id>tag:gen.example,2026:1</id><link href=""/>')
    (story,) = parse_feed(body.encode(), "f", url="https://gen.example/feed.atom").stories
    assert story.link == ""


def test_an_empty_enclosure_is_no_media() -> None:
    """The feed's own address was among the story's links, as if it were the item's audio."""
    entry = (
        '<title>x</title><id>https://gen.example/p/1</id><link rel="enclosure" type="audio/mpeg" href=""/>'
    )
    (story,) = parse_feed(ATOM.format(entry=entry).encode(), "f", url="https://gen.example/feed.atom").stories
    assert story.link == "https://gen.example/p/1"
    assert "https://gen.example/feed.atom" not in story.links


FEED_LEVEL = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Gen</title>{links}'
    "<id>urn:gen</id><updated>2026-01-01T00:00:00Z</updated><entry><title>One</title>"
    "<id>https://gen.example/posts/One</id><updated>2026-01-01T00:00:00Z</updated></entry></feed>"
)


@pytest.mark.parametrize(
    ("links", "site"),
    [
        ('<link href=""/>', ""),
        ('<link rel="alternate" href=""/>', ""),
        ('<link rel="alternate" type="text/html" href=" "></link>', ""),
        ('<link rel="self" href="https://gen.example/feed.atom"/><link href=""/>', ""),
        ('<link href="https://gen.example/"/><link rel="alternate" href=""/>', "https://gen.example/"),
        ('<link href=""/><link href="https://gen.example/"/>', "https://gen.example/"),
    ],
)
def test_an_empty_feed_level_link_is_no_site_address(links: str, site: str) -> None:
    """feedparser resolved the feed's href="" against the feed's own address: the site was the feed document."""
    parsed = parse_feed(FEED_LEVEL.format(links=links).encode(), "f", url="https://gen.example/feed.atom")
    assert parsed.site_url == site
    assert parsed.stories[0].link == "https://gen.example/posts/One"


def test_an_empty_feed_level_link_is_not_exported_as_the_site(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.set("/gen.atom", FEED_LEVEL.format(links='<link rel="alternate" href=""/>'))
    assert newsdesk(tmp_path, "add", feed_server.url("/gen.atom")).returncode == 0
    exported = newsdesk(tmp_path, "export")
    assert exported.returncode == 0 and feed_server.url("/gen.atom") in exported.stdout, exported.stderr
    assert "htmlUrl" not in exported.stdout


def test_a_site_address_that_is_the_feed_itself_is_dropped_on_refresh(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Feeds refreshed before the fix kept the feed's own address as their site: a refresh that finds no site
    link keeps the stored one, so it stayed for good. A stored real site address is still kept."""
    feed_server.set("/empty.atom", FEED_LEVEL.format(links='<link href=""/>'))
    feed_server.set("/none.atom", FEED_LEVEL.format(links=""))
    with Store(tmp_path / "data") as store:
        stale = store.add_feed(feed_server.url("/empty.atom"))
        real = store.add_feed(feed_server.url("/none.atom"))
        store.update_feed(replace(stale, site_url=stale.url))
        store.update_feed(replace(real, site_url="https://gen.example/"))
        assert all(r.outcome == "new" for r in refresh(store))
        sites = {f.id: f.site_url for f in store.feeds()}
    assert sites == {stale.id: "", real.id: "https://gen.example/"}


def test_a_site_address_that_is_the_feed_itself_is_dropped_by_an_unchanged_refresh(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """It was dropped only when the feed's content changed: a feed answering 304 (or the same bytes) kept it for
    good. Now any successful refresh drops it, in the status write the refresh makes anyway; a real site stays."""
    feed_server.set("/empty.atom", FEED_LEVEL.format(links='<link href=""/>'))
    feed_server.set("/same.atom", FEED_LEVEL.format(links=""), validators=False)  # no 304: the same bytes
    feed_server.set("/none.atom", FEED_LEVEL.format(links=""))
    with Store(tmp_path / "data") as store:
        stale = store.add_feed(feed_server.url("/empty.atom"))
        same = store.add_feed(feed_server.url("/same.atom"))
        real = store.add_feed(feed_server.url("/none.atom"))
        assert all(r.outcome == "new" for r in refresh(store))  # validators and content hashes stored
        assert all(f.etag for f in store.feeds() if f.id != same.id)  # so the next answer is a 304
        store.update_feed(replace(store.get_feed(stale.id), site_url=stale.url))  # type: ignore[arg-type]
        store.update_feed(replace(store.get_feed(same.id), site_url=same.url))  # type: ignore[arg-type]
        store.update_feed(replace(store.get_feed(real.id), site_url="https://gen.example/"))  # type: ignore[arg-type]
        assert [r.outcome for r in refresh(store)] == ["unchanged"] * 3
        sites = {f.id: f.site_url for f in store.feeds()}
    assert feed_server.count("/empty.atom") == feed_server.count("/same.atom") == 2
    assert sites == {stale.id: "", same.id: "", real.id: "https://gen.example/"}
