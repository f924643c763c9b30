"""A story that names thousands of people, served from 127.0.0.1, refreshed into a real store and tagged by the real
model: the names it keeps are bounded, and the ones it names most are among them."""

from __future__ import annotations

import random
import string
from pathlib import Path

from feeds.enrich import extract_missing
from feeds.entities import MAX_NAMES
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


def made_up_name(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(7)).capitalize()


def test_a_story_naming_thousands_keeps_the_most_named(tmp_path: Path, feed_server: FeedServer) -> None:
    """A hostile story of 200,000 characters named 13,000 people, each a highlight in the story and a row of the
    names pane (E): the story took 4.5 s to open, 1.2 s a page, and the pane 3.4 s more."""
    rng = random.Random(6)
    crowd = " ".join(
        f"{made_up_name(rng)} {made_up_name(rng)} met {made_up_name(rng)} in {made_up_name(rng)}."
        for _ in range(1500)
    )
    text = "Kim Jong Un spoke. " * 30 + crowd
    feed_server["/crowd.xml"] = (
        '<rss version="2.0"><channel><title>Crowd</title><language>en</language>'
        f"<item><guid>g</guid><title>Everyone</title><description>{text}</description></item></channel></rss>"
    )
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/crowd.xml"))
        [result] = refresh(store)
        assert result.error == ""
        extract_missing(store)
        story = store.story(store.headers()[0].id)
    assert story is not None and story.entities is not None
    keys = {e.key for e in story.entities}
    assert len(keys) == MAX_NAMES
    assert sum(e.text == "Kim Jong Un" for e in story.entities) == 30
    assert all((story.title if e.title else story.text)[e.start : e.end] == e.text for e in story.entities)
