"""A story stored with a stand-in date (the time it was first seen, its own date unread) is dated once a refresh
reads its date; a date the feed gave is never replaced. Real TinyDB files in a temporary folder, feeds served
from 127.0.0.1, the installed `newsdesk` command.
"""

from __future__ import annotations

import calendar
import json
import time
from dataclasses import replace
from pathlib import Path

from feeds.parse import parse_feed
from feeds.store import Store
from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_walk3_cli import item, rss

feed_server = httpserver.feed_server

T0 = 1_700_000_000.25  # when the older version first fetched the feed: a clock reading, not a feed's date


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def test_stories_an_older_version_could_not_date_are_dated_by_the_next_refresh(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # UOL's stories of 2018 were stored, before the dates in Portuguese were read, dated when first fetched; the
    # same items served again kept that date for good (an unchanged story is not written again), listed as new
    # above every story of the years since.
    undated = "<item><guid>g3</guid><title>Story 3</title><description>Text 3.</description></item>"
    body = rss(
        item(1, "Seg, 24 Set 2018 19:42:40 -0300") + item(2, "Mon, 02 Oct 2023 10:00:00 GMT") + undated, "UOL"
    )
    feed_server.set("/uol.xml", body)
    home = tmp_path / "data"
    # The store as the older version left it: story 1 dated when first seen, story 2 with the date the feed gave
    # then (a day before the one it gives now: a date the feed gave is the feed's, kept), story 3 undated.
    with Store(home) as store:
        feed = store.add_feed(feed_server.url("/uol.xml"), title="UOL")
        parsed = parse_feed(body, feed.id, url=feed.url, now=T0).stories
        stand_in = replace(parsed[0], published=T0, updated=T0)
        given = replace(parsed[1], published=parsed[1].published - 86400, updated=parsed[1].published - 86400)
        assert parsed[2].published == T0 == parsed[2].first_seen  # the parse dates an undated story so
        store.save_stories(feed.id, [stand_in, given, parsed[2]], now=T0)
        store.set_read([stand_in.id])

    proc = newsdesk(home, "refresh")
    assert proc.returncode == 0, proc.stderr
    assert "1 updated" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = {s["title"]: (s["published"], s["read"]) for s in json.loads(proc.stdout)}
    assert listed == {
        "Story 1": ("2018-09-24T22:42:40Z", True),  # put right, and still read
        "Story 2": ("2023-10-01T10:00:00Z", False),
        "Story 3": (
            _iso(T0),
            False,
        ),  # still undated: it keeps the time it was first seen, not this refresh's
    }
    # The date is on disk (a new process reads it), and the story's first sight and text are the ones stored.
    with Store(home, readonly=True) as store:
        story = store.story(stand_in.id)
        assert story is not None
        dated = calendar.timegm((2018, 9, 24, 22, 42, 40))
        assert (story.published, story.first_seen, story.text) == (dated, T0, "Text 1.")
    # Nothing more to put right: the next refresh of the same document writes no story.
    feed_server.set("/uol.xml", body + b" ")
    proc = newsdesk(home, "refresh")
    assert proc.returncode == 0 and proc.stdout.startswith("unchanged UOL: 0 new, 0 updated"), proc.stdout
