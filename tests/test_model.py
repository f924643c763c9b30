"""The model's own behaviour beyond plain fields."""

from __future__ import annotations

import dataclasses
import pickle

from feeds.model import Entity, Story


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
