"""Feed documents an eleventh red-team pass found read wrongly, served from 127.0.0.1 and refreshed into a real
store in a temporary folder, or read by the installed command: Atom entries whose content is elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Elsewhere</title>'
    "<id>urn:elsewhere</id><updated>2026-12-01T00:00:00Z</updated>{entries}</feed>"
)


@pytest.mark.parametrize(
    ("content", "link"),
    [
        (
            '<content type="text/html" src="https://elsewhere.example/2026/story.html"/>',
            "https://elsewhere.example/2026/story.html",
        ),
        ('<content type="text/html" src="/2026/story.html"/>', "/2026/story.html"),  # of the feed's address
        ('<content xml:base="https://b.example/dir/" src="story.html"/>', "https://b.example/dir/story.html"),
        ('<content type="video/mp4" src="https://cdn.example/clip.mp4"/>', "https://cdn.example/clip.mp4"),
    ],
)
def test_atom_content_out_of_line_is_the_entry_s_link(
    tmp_path: Path, feed_server: FeedServer, content: str, link: str
) -> None:
    """RFC 4287 lets an entry's content be elsewhere (``<content src="...">``), and such an entry need have no
    alternate link: the story had neither text nor address, `o` opened nothing. Its content's address is its link
    (resolved as the entry's links are); its id is still its <id>."""
    entry = f"<entry><title>Out of line</title><id>urn:e1</id><updated>2026-12-01T00:00:00Z</updated>{content}</entry>"
    entry += (  # an entry's own link wins
        "<entry><title>Both</title><id>urn:e2</id><updated>2026-11-30T00:00:00Z</updated>"
        '<link rel="alternate" href="https://site.example/page"/>'
        '<content type="text/html" src="https://elsewhere.example/body.html"/></entry>'
    )
    feed_server.set("/atom.xml", ATOM.format(entries=entry), content_type="application/atom+xml")
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/atom.xml"))
        (result,) = refresh(store)
        assert result.outcome == "new", result
        expected = feed_server.url(link) if link.startswith("/") else link
        assert sorted((h.title, h.link) for h in store.headers(feed.id)) == [
            ("Both", "https://site.example/page"),
            ("Out of line", expected),
        ]


RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Escaped</title><link>https://esc.example/</link>'
    "{items}</channel></rss>"
)


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        (  # Atom: the address in an attribute
            "/atom.xml",
            ATOM.format(
                entries="<entry><title>Twice</title><id>urn:t</id><updated>2026-12-01T00:00:00Z</updated>"
                '<link rel="alternate" href="https://esc.example/story?id=12&amp;amp;lang=en"/></entry>'
            ),
            "application/atom+xml",
        ),
        (  # a permalink guid as the item's only address
            "/guid.xml",
            RSS.format(
                items='<item><title>Twice</title><guid isPermaLink="true">'
                "https://esc.example/story?id=12&amp;amp;lang=en</guid></item>"
            ),
            "application/rss+xml",
        ),
        (  # an episode known by its enclosure
            "/episode.xml",
            RSS.format(
                items='<item><title>Twice</title><enclosure type="audio/mpeg" length="1"'
                ' url="https://esc.example/story?id=12&amp;amp;lang=en"/></item>'
            ),
            "application/rss+xml",
        ),
        (  # JSON Feed: HTML-escaped strings
            "/feed.json",
            '{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "t", "title": "Twice",'
            ' "url": "https://esc.example/story?id=12&amp;lang=en"}]}',
            "application/feed+json",
        ),
    ],
    ids=["atom-href", "permalink-guid", "enclosure", "json-feed"],
)
def test_an_address_escaped_twice_is_read_once(
    tmp_path: Path, feed_server: FeedServer, path: str, body: str, content_type: str
) -> None:
    """Templates that escape an address already escaped (``&amp;amp;`` in the XML): feedparser reads an RSS
    <link> once more, but an Atom href, a permalink guid, an enclosure's url and a JSON Feed's url kept "&amp;",
    so `o` opened ``?id=12&amp;lang=en`` and the site read a parameter named ``amp;lang``. Only ``&amp;`` is undone,
    as for OPML addresses; the id is made as before, so a stored story keeps it and its read mark."""
    feed_server.set(path, body, content_type=content_type)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(path))
        (result,) = refresh(store)
        assert result.outcome == "new", result
        assert [h.link for h in store.headers(feed.id)] == ["https://esc.example/story?id=12&lang=en"]
