"""Feeds as link aggregators and generators write them, that a fourteenth red-team pass found read wrongly:
ids of items known by their text. Served from 127.0.0.1, subscribed with the
installed command and read as a user reads them (`stories --json`, `show`), then refreshed again into the same
store for ids and read marks."""

from __future__ import annotations

import html
from pathlib import Path

from feeds.model import story_id
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam12_feeds import subscribed
from tests.test_redteam13_feeds import _kept_on_refresh

feed_server = httpserver.feed_server


def _lemmy_item(user: str, words: str) -> str:
    said = (
        f"<p>{words}</p> submitted by <a href='https://lemmy.example/u/{user}'>{user}</a> to <a"
        " href='https://lemmy.example/c/tech'>tech</a>"
    )
    return f"<item><description>{html.escape(said)}</description></item>"


LEMMY = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Mirror</title>'
    + _lemmy_item("ann", "The same words.")
    + _lemmy_item("bob", "The same words.")
    + "<item><description>E = mc&lt;sup&gt;2&lt;/sup&gt;</description></item></channel></rss>"
)


def test_items_known_by_their_text_keep_their_ids_when_the_text_is_tidied(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """An item with neither guid, link nor title is known by its text. Its id was made from the text after a
    link aggregator's byline ("submitted by ann to tech") went and footnote marks were raised: two posts whose
    only difference was their byline were one story (the second was lost), and every such story stored before
    the tidying got a new id (a new unread copy). The id is made from the text as it was read before."""
    stories = subscribed(tmp_path, feed_server, "/mirror.rss", LEMMY)
    with Store(tmp_path) as store:
        (feed,) = store.feeds()
    assert sorted(s["id"] for s in stories) == sorted(
        story_id(feed.id, "", "", text)
        for text in (
            "The same words.\n\nsubmitted by ann to tech",
            "The same words.\n\nsubmitted by bob to tech",
            "E = mc2",
        )
    ), stories
    assert sorted(s["shown"].rstrip("\n").rsplit("\n", 1)[-1] for s in stories) == [
        "E = mc²",
        "The same words.",
        "The same words.",
    ]
    _kept_on_refresh(tmp_path, feed_server, "/mirror.rss", LEMMY.replace("<title>Mirror", "<title>Mirrors"))
