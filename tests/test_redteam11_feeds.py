"""Feed documents an eleventh red-team pass found read wrongly, served from 127.0.0.1 and refreshed into a real
store in a temporary folder, or read by the installed command: Atom entries whose content is elsewhere."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.dates import utc_iso
from feeds.model import story_id
from feeds.parse import parse_feed
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


def _stamped(date: str, count: int = 3) -> str:
    """Items with neither guid nor link, each dated when the document was made: a script's ``date('r')``."""
    return RSS.format(
        items="".join(
            f"<item><title>Notice {n}</title><description>Text of notice {n}.</description>"
            f"<pubDate>{date}</pubDate></item>"
            for n in reversed(range(count))
        )
    )


def test_items_dated_when_the_document_is_made_are_stored_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A feed whose items have no guid and no link is known by title and date; one that dates every item with the
    time it is made (all items one date, a new one each request) was stored again on every refresh: "3 new", then
    3 more, unread, for ever. When every item of a document shares one date, the date is the document's and says
    nothing of an item: such items are known by their title and text; a new notice is still new. Stories that
    older versions stored from a document whose items keep one date (ids from title and date) keep their ids."""
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/stamped.xml"))
        feed_server.set("/stamped.xml", _stamped("Mon, 07 Dec 2026 05:00:00 GMT"))
        (first,) = refresh(store)
        assert first.new == 3
        store.set_read([h.id for h in store.headers(feed.id)])
        feed_server.set("/stamped.xml", _stamped("Mon, 07 Dec 2026 05:10:00 GMT"))
        (again,) = refresh(store)
        assert (again.outcome, again.new) == ("unchanged", 0), again
        feed_server.set("/stamped.xml", _stamped("Mon, 07 Dec 2026 05:20:00 GMT", 4))
        (more,) = refresh(store)
        assert more.new == 1 and len(store.headers(feed.id)) == 4
        assert sorted(h.title for h in store.headers(feed.id) if not store.is_read(h.id)) == ["Notice 3"]

        date = "Mon, 07 Dec 2026 06:00:00 GMT"
        feed_server.set("/static.xml", _stamped(date))
        static = store.add_feed(feed_server.url("/static.xml"))
        parsed = parse_feed(_stamped(date).encode(), static.id, url=static.url).stories
        old = {s.title: story_id(static.id, "", "", s.title, date) for s in parsed}
        store.save_stories(static.id, [replace(s, id=old[s.title]) for s in parsed])  # as older versions did
        store.set_read(list(old.values()))
        for _ in range(2):
            refresh(store, [static])
            assert {h.id for h in store.headers(static.id)} == set(old.values())
        assert all(store.is_read(i) for i in old.values())


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Sun, 06 Dec 2026 10:00:00 GMT+1", "2026-12-06T09:00:00Z"),
        ("Sun, 06 Dec 2026 10:00:00 UTC+2", "2026-12-06T08:00:00Z"),
        ("Sun, 06 Dec 2026 10:00:00 UTC+05:30", "2026-12-06T04:30:00Z"),
        ("Sun, 06 Dec 2026 10:00:00 GMT-5", "2026-12-06T15:00:00Z"),
        ("6 Dec 2026 10:00 UTC-03", "2026-12-06T13:00:00Z"),
        ("Sun, 06 Dec 2026 10:00:00 GMT+01:00", "2026-12-06T09:00:00Z"),  # feedparser's reading, as before
    ],
)
def test_an_rfc_822_date_with_an_offset_after_gmt_or_utc(
    tmp_path: Path, feed_server: FeedServer, written: str, utc: str
) -> None:
    """ "GMT+1" and "UTC+05:30" (hand-made feeds, templates that print the zone as people write it): feedparser
    read them as GMT, and the story was dated hours off (a story from Delhi 5.5 hours late, listed above
    newer ones). The offset counts, as it does after an ISO-like date."""
    assert _dated_as(tmp_path, feed_server, written) == utc


def test_an_item_whose_only_content_is_a_document_or_a_picture_links_to_it(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A council's minutes as a PDF enclosure, a photo feed's picture: the item has no link and no text, and only
    sound and video enclosures were taken, so the story was "Minutes" (or "(untitled)") with nothing to open.
    With no link of its own, its first enclosure of any kind is its link; an item with a link keeps it, and its
    pictures stay out of its links, as before."""
    items = (
        '<item><title>Minutes, 1 December</title><guid isPermaLink="false">m-1</guid>'
        '<enclosure url="/files/minutes-2026-12-01.pdf" type="application/pdf" length="1"/></item>'
        '<item><guid isPermaLink="false">p-1</guid>'
        '<enclosure url="https://img.example/p1.jpg" type="image/jpeg" length="1"/></item>'
        "<item><title>Story</title><link>https://esc.example/story</link>"
        '<enclosure url="https://img.example/p2.jpg" type="image/jpeg" length="1"/></item>'
    )
    feed_server.set("/docs.xml", RSS.format(items=items))
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/docs.xml"))
        refresh(store)
        links = {h.title: h.link for h in store.headers(feed.id)}
        assert links == {
            "Minutes, 1 December": feed_server.url("/files/minutes-2026-12-01.pdf"),
            "https://img.example/p1.jpg": "https://img.example/p1.jpg",
            "Story": "https://esc.example/story",
        }
        [story] = [s for s in store.stories(feed.id) if s.title == "Story"]
        assert story.links == ()
        json_items = [
            {
                "id": "m-1",
                "title": "Minutes",
                "attachments": [{"url": "/m.pdf", "mime_type": "application/pdf"}],
            },
            {"id": "p-1", "title": "Photo", "image": "https://img.example/p3.jpg"},
        ]
        feed_server.set(
            "/docs.json",
            json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": json_items}),
            content_type="application/feed+json",
        )
        json_feed = store.add_feed(feed_server.url("/docs.json"))
        refresh(store, [json_feed])
        assert {h.title: h.link for h in store.headers(json_feed.id)} == {
            "Minutes": feed_server.url("/m.pdf"),
            "Photo": "https://img.example/p3.jpg",
        }


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Dec 6, 2026", "2026-12-06T00:00:00Z"),
        ("December 6, 2026 10:00 am EST", "2026-12-06T15:00:00Z"),
        ("Sunday, December 6th, 2026 at 9:30 PM", "2026-12-06T21:30:00Z"),
        ("Sept 30, 2026 23:15 +0200", "2026-09-30T21:15:00Z"),
        ("Nov 1 2026 12:05:09 AM CET", "2026-10-31T23:05:09Z"),
    ],
)
def test_a_date_written_month_first_in_english(
    tmp_path: Path, feed_server: FeedServer, written: str, utc: str
) -> None:
    """Hand-made feeds and some templates write the date as people do in English, month first: feedparser gives
    it up, and every story of a new subscription was dated when first seen, its back catalogue all "today" and
    in no order. Read with its time (12-hour or 24-hour), its zone name or offset, else UTC."""
    assert _dated_as(tmp_path, feed_server, written) == utc


def test_an_atom_entry_without_an_author_has_its_source_s_or_its_feed_s(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """RFC 4287: an entry without authors has those of its <source>, else those of its feed. A one-author blog's
    Atom feed names its author once, at the feed: every story had none (a JSON Feed's had the feed's already)."""
    entries = (
        "<entry><title>Own</title><id>urn:1</id><author><name>Ann Entry</name></author></entry>"
        "<entry><title>Copied</title><id>urn:2</id><source><id>urn:s</id><author><name>Sam Source</name>"
        "</author></source></entry>"
        "<entry><title>Plain</title><id>urn:3</id></entry>"
    )
    body = ATOM.format(entries=entries).replace(
        "<id>urn:elsewhere</id>", "<id>urn:f</id><author><name>Fay Feed</name></author>"
    )
    feed_server.set("/authors.xml", body, content_type="application/atom+xml")
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/authors.xml"))
        refresh(store)
        assert {h.title: h.author for h in store.headers(feed.id)} == {
            "Own": "Ann Entry",
            "Copied": "Sam Source",
            "Plain": "Fay Feed",
        }


def _dated_as(tmp_path: Path, feed_server: FeedServer, written: str) -> str:
    """The UTC date (ISO) a story gets whose <pubDate> is ``written``: served, refreshed into a real store."""
    body = RSS.format(items=f"<item><guid>d</guid><title>Dated</title><pubDate>{written}</pubDate></item>")
    feed_server.set("/dated.xml", body)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/dated.xml"))
        refresh(store)
        [header] = store.headers(feed.id)
        return utc_iso(header.published)
