"""Podcasts and other enclosures: the audio or video of an item is reachable, and no stored id moves for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.model import Story, content_hash
from feeds.parse import parse_feed
from feeds.parse_story import MAX_MEDIA
from feeds.store import Store

NOW = 1_800_000_000.0
FEED = "https://pod.example.com/feed.xml"


def rss_item(extra: str, *, link: str = "") -> bytes:
    link_el = f"<link>{link}</link>" if link else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pod</title>'
        f"<item><title>Episode 12</title><guid isPermaLink='false'>ep-12</guid>{link_el}"
        f"<description>We talk about ferries.</description>{extra}</item></channel></rss>"
    ).encode()


def enclosure(url: str, mime: str | None = "audio/mpeg") -> str:
    kind = f' type="{mime}"' if mime is not None else ""
    return f'<enclosure url="{url}" length="1234"{kind}/>'


def one(body: bytes) -> Story:
    feed = parse_feed(body, "feed-1", url=FEED, now=NOW)
    assert feed.error == "" and len(feed.stories) == 1
    return feed.stories[0]


def test_an_episode_without_a_link_gets_its_audio_as_link_and_keeps_its_id() -> None:
    bare = one(rss_item(""))
    episode = one(rss_item(enclosure("/audio/ep12.mp3")))
    assert episode.link == "https://pod.example.com/audio/ep12.mp3"  # made absolute against the feed
    assert episode.links == ()  # not listed twice
    assert episode.id == bare.id  # the id is the item's own: marks and bookmarks made before stay on it
    assert bare.link == "" and episode.content_hash != bare.content_hash  # stored copies are refreshed once


def test_an_episode_with_a_page_lists_its_audio_among_the_links() -> None:
    page = "https://pod.example.com/episodes/12"
    plain = one(rss_item("", link=page))
    episode = one(rss_item(enclosure("https://cdn.example.net/ep12.m4a", "audio/x-m4a"), link=page))
    assert episode.link == page
    assert episode.links == ("https://cdn.example.net/ep12.m4a",)
    assert episode.id == plain.id
    # An item without media hashes as it always did, so a refresh rewrites nothing that has none.
    assert plain.content_hash == content_hash(plain.title, plain.text, plain.link)


@pytest.mark.parametrize(
    ("url", "mime", "kept"),
    [
        ("https://x.example/a.jpg", "image/jpeg", False),  # a news picture is not media worth a line
        ("https://x.example/a.mp3", None, True),  # no type: the suffix tells
        ("https://x.example/a.MP4?token=1", None, True),
        ("https://x.example/a.jpg", None, False),
        ("https://x.example/stream", "video/mp4", True),
        ("javascript:alert(1)", "audio/mpeg", False),  # only http(s) ever becomes a link
        ("file:///etc/passwd", "audio/mpeg", False),
    ],
)
def test_which_enclosures_count(url: str, mime: str | None, kept: bool) -> None:
    episode = one(rss_item(enclosure(url, mime), link="https://pod.example.com/p"))
    assert (url.split(":", 1)[1].lstrip("/") in " ".join(episode.links)) is kept


def test_a_hostile_number_of_enclosures_is_capped_and_repeats_are_dropped() -> None:
    many = "".join(enclosure(f"https://x.example/{n}.mp3") for n in range(500))
    episode = one(rss_item(many + enclosure("https://x.example/0.mp3")))
    assert episode.link == "https://x.example/0.mp3"
    assert len(episode.links) == MAX_MEDIA - 1
    assert len(set(episode.links)) == len(episode.links) and episode.link not in episode.links


def test_atom_enclosure_links() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Pod</title><entry><id>urn:ep:1</id><title>One</title>'
        b'<link rel="enclosure" type="audio/ogg" href="https://x.example/one.ogg"/>'
        b"<summary>Text</summary></entry></feed>"
    )
    assert one(body).link == "https://x.example/one.ogg"


def test_json_feed_attachments() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Pod",
        "items": [
            {
                "id": "1",
                "title": "One",
                "content_text": "Text",
                "attachments": [
                    {"url": "https://x.example/cover.png", "mime_type": "image/png"},
                    {"url": "https://x.example/one.mp3", "mime_type": "audio/mpeg"},
                    "not an object",
                    {"url": 12},
                ],
            },
            {"id": "2", "title": "Two", "content_text": "Text", "attachments": {"url": "not a list"}},
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), "feed-1", url=FEED, now=NOW)
    one_, two = feed.stories
    assert (one_.link, one_.links) == ("https://x.example/one.mp3", ())
    assert (two.link, two.links) == ("", ())


def test_the_store_keeps_the_audio_link_and_the_marks_across_the_change(tmp_path: Path) -> None:
    """A podcast stored before enclosures were read: the next refresh rewrites it in place, read mark kept."""
    store = Store(tmp_path)
    feed = store.add_feed(FEED)
    before = parse_feed(rss_item(""), feed.id, url=FEED, now=NOW).stories
    store.save_stories(feed.id, before, now=NOW)
    store.set_read([before[0].id])
    after = parse_feed(rss_item(enclosure("ep12.mp3")), feed.id, url=FEED, now=NOW + 60).stories
    saved = store.save_stories(feed.id, after, now=NOW + 60)
    assert saved.updated == [before[0].id] and saved.new == []
    store.close()
    reopened = Store(tmp_path)
    story = reopened.story(before[0].id)
    assert story is not None and story.link == "https://pod.example.com/ep12.mp3"
    assert reopened.is_read(before[0].id)
    reopened.close()
