"""The model's own behaviour beyond plain fields."""

from __future__ import annotations

import dataclasses
import json
import pickle

from feeds.model import Entity, Feed, FeedStatus, Story


def test_a_story_survives_pickling_with_every_field() -> None:
    """Stories cross from the parse workers by pickle; Story.__reduce__ lists the fields by hand, so a field added
    later and forgotten there would be silently reset. Every field here differs from its default."""
    story = Story(
        id="s1",
        feed_id="f1",
        title="A title",
        link="https://example.org/a",
        author="A. Writer",
        published=1.5,
        updated=2.5,
        first_seen=3.5,
        text="Body.",
        links=("https://example.org/b",),
        content_hash="abc",
        entities=(Entity(0, 4, "ORG", "Body", "body"),),
        entities_model="m1",
    )
    defaults = {f.name: f.default for f in dataclasses.fields(Story)}
    assert all(getattr(story, name) != default for name, default in defaults.items())
    assert pickle.loads(pickle.dumps(story)) == story


def test_a_feed_record_is_every_field_in_order_with_every_value() -> None:
    """Feed.to_dict names the fields by hand (dataclasses.asdict was a twentieth of a refresh's saving at 20,000
    feeds): its record must be asdict's, key for key and in the same order (feeds.json's bytes), and read back
    whole. Every field here differs from its default."""
    status = FeedStatus(
        last_success=1.0,
        last_attempt=2.0,
        last_error="timed out",
        failures=3,
        gone=True,
        retry_after=4.0,
        moved_to="other",
        warning="read in part",
    )
    feed = Feed(
        id="f1",
        url="https://example.org/feed",
        title="Title",
        tags=("news", "world"),
        site_url="https://example.org/",
        etag='"e"',
        last_modified="Mon, 07 Dec 2026 10:00:00 GMT",
        content_hash="abc",
        added=5.0,
        status=status,
        language="en",
        own_title="Own",
    )
    for record, defaults in ((feed, Feed(id="", url="")), (status, FeedStatus())):
        names = [f.name for f in dataclasses.fields(record)]
        assert all(getattr(record, name) != getattr(defaults, name) for name in names)
    expected = dataclasses.asdict(feed)
    expected["tags"] = list(feed.tags)
    assert json.dumps(feed.to_dict()) == json.dumps(expected)
    assert Feed.from_dict(json.loads(json.dumps(feed.to_dict()))) == feed
