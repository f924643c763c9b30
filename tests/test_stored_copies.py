"""Stores that already hold several copies of one story, made by older versions, meet a refresh.

Before stories were known again by link and title (feeds.identity) and before ids set tracking parameters aside
(feeds.tracking), a feed whose guids change on every fetch, or whose links carry a new campaign tag each time,
stored one more copy of each story per refresh: same link, same title, distinct ids. The match of a stored story
needed exactly one, so such a store kept growing by a copy per refresh after the upgrade too. The stores here are
built the way old code wrote them (through the Store API, one save per old refresh, an id per copy), then
refreshed from 127.0.0.1.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.model import Feed, content_hash, story_id
from feeds.parse import parse_feed
from feeds.store import Store
from tests import httpserver
from tests.test_feed_quirks import refreshed, rss, tagged

feed_server = httpserver.feed_server

DAY = 86400.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def rotating(n: int, ferry: str = "The new timetable.", bridge: str = "Closed on Sunday.") -> bytes:
    """A dated and an undated item whose guids carry the fetch number, as some generators write them."""
    return rss(
        f'<item><guid isPermaLink="false">tag:gen,{n}:one</guid><title>Ferry timetable</title>'
        f"<link>http://news.example/ferry</link><description>{ferry}</description>"
        "<pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate></item>"
        f'<item><guid isPermaLink="false">tag:gen,{n}:two</guid><title>Bridge closed</title>'
        f"<link>http://news.example/bridge</link><description>{bridge}</description></item>"
    )


def saved_by_old_code(store: Store, feed: Feed, bodies: list[bytes], *, tracked_ids: bool = False) -> None:
    """Each of ``bodies`` saved as an old refresh did, a day apart and days ago: every item under the id it had
    then, with no match of a stored story. ``tracked_ids``: ids and content hashes made from the whole link, as
    before tracking parameters were set aside."""
    start = time.time() - (len(bodies) + 1) * DAY
    for n, body in enumerate(bodies):
        at = start + n * DAY
        stories = parse_feed(body, feed.id, url=feed.url, now=at).stories
        if tracked_ids:
            stories = [
                replace(
                    s, id=story_id(feed.id, "", s.link), content_hash=content_hash(s.title, s.text, s.link)
                )
                for s in stories
            ]
        assert not {s.id for s in stories} & {h.id for h in store.headers(feed.id)}  # a copy each time
        store.save_stories(feed.id, stories, now=at)


def copies(store: Store, title: str) -> list[str]:
    """The ids of the stored stories titled ``title``, oldest first seen first."""
    stories = [store.story(h.id) for h in store.headers() if h.title == title]
    return [s.id for s in sorted((s for s in stories if s is not None), key=lambda s: s.first_seen)]


def text(store: Store, sid: str) -> str:
    story = store.story(sid)
    assert story is not None
    return story.text


def test_several_copies_of_a_story_whose_guid_changes_get_no_more(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed = store.add_feed(feed_server.url("/rotating.xml"))
    saved_by_old_code(store, feed, [rotating(n) for n in (1, 2, 3)])
    ferry, bridge = copies(store, "Ferry timetable"), copies(store, "Bridge closed")
    assert len(ferry) == len(bridge) == 3
    store.set_read([ferry[0], bridge[1]])
    store.bookmark(ferry[1], note="keep")
    before = {sid: text(store, sid) for sid in ferry + bridge}

    for n in (4, 5, 6):  # each refresh stored one more copy of each
        feed_server["/rotating.xml"] = rotating(n)
        assert (
            refreshed(store, feed_server, "/rotating.xml") == ["Bridge closed"] * 3 + ["Ferry timetable"] * 3
        )
        assert copies(store, "Ferry timetable") == ferry and copies(store, "Bridge closed") == bridge
    assert {sid: text(store, sid) for sid in ferry + bridge} == before
    assert store.unread_ids(feed.id) == set(ferry + bridge) - {ferry[0], bridge[1]}
    mark = store.bookmark_of(ferry[1])
    assert mark is not None and mark.note == "keep"

    # An edit lands on one copy, the one stored last (the item's latest text): the others stay as they were.
    feed_server["/rotating.xml"] = rotating(7, ferry="The corrected timetable.", bridge="Open again.")
    assert refreshed(store, feed_server, "/rotating.xml") == ["Bridge closed"] * 3 + ["Ferry timetable"] * 3
    assert [text(store, sid) for sid in ferry] == ["The new timetable."] * 2 + ["The corrected timetable."]
    assert [text(store, sid) for sid in bridge] == ["Closed on Sunday."] * 2 + ["Open again."]
    assert store.unread_ids(feed.id) == set(ferry + bridge) - {ferry[0], bridge[1]}


def week(n: int, text: str = "") -> str:
    return (
        f'<item><guid isPermaLink="false">tag:forum,2026:week-{n}-{time.monotonic_ns()}</guid>'
        f"<title>Weekly thread</title><link>http://forum.example/weekly</link>"
        f"<description>{text or f'Week {n}.'}</description><pubDate>Mon, {n:02d} Jun 2026 10:00:00 GMT</pubDate></item>"
    )


def test_a_week_served_again_takes_a_copy_of_that_week_not_a_later_week(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A weekly thread (one title, one link, a new date each week) whose guids also changed on every fetch: the
    store holds week 8 twice and week 15 once. Week 8 served again is one of its own copies; week 15, dated after
    it, is another story and keeps its text; week 22 is new."""
    feed = store.add_feed(feed_server.url("/weekly.xml"))
    saved_by_old_code(store, feed, [rss(week(8)), rss(week(8)), rss(week(15))])
    stored = copies(store, "Weekly thread")
    assert [text(store, sid) for sid in stored] == ["Week 8.", "Week 8.", "Week 15."]
    store.set_read(stored[:1])

    feed_server["/weekly.xml"] = rss(week(22) + week(8, "Week 8, edited."))
    assert refreshed(store, feed_server, "/weekly.xml") == ["Weekly thread"] * 4
    now = copies(store, "Weekly thread")
    assert now[:3] == stored
    assert [text(store, sid) for sid in now] == ["Week 8.", "Week 8, edited.", "Week 15.", "Week 22."]
    assert store.unread_ids(feed.id) == set(now[1:])


@pytest.mark.parametrize("fragment", [False, True])
def test_several_copies_of_a_story_under_ids_of_tracked_links_get_no_more(
    store: Store, feed_server: httpserver.FeedServer, fragment: bool
) -> None:
    """Old code stored a story again for each new campaign tag on its link (in its query, or in its fragment):
    the upgrade's refresh found two copies under ids of the whole link and stored a third under the id of the
    link without its tags."""
    feed = store.add_feed(feed_server.url("/tagged.xml"))
    items = (("Ferry", "p=ferry"), ("Bridge", ""))
    old = [tagged(n, *items, fragment=fragment) for n in (1, 2)]
    saved_by_old_code(store, feed, old, tracked_ids=True)
    ferry, bridge = copies(store, "Ferry"), copies(store, "Bridge")
    assert len(ferry) == len(bridge) == 2
    store.set_read([ferry[0]])
    for n in (3, 4):
        feed_server["/tagged.xml"] = tagged(n, *items, fragment=fragment)
        assert refreshed(store, feed_server, "/tagged.xml") == ["Bridge", "Bridge", "Ferry", "Ferry"]
        assert copies(store, "Ferry") == ferry and copies(store, "Bridge") == bridge
    assert store.unread_ids(feed.id) == {ferry[1], *bridge}
