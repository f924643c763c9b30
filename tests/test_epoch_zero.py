"""A story dated exactly 1970-01-01T00:00:00Z (epoch 0.0) is dated, not undated: 0.0 is a date like any other.

It was taken for "no date" (``0.0`` is falsy): the parser gave it the time it was first seen, so it sorted as the
newest story, and the story view, the related pane and the bookmark exports left its date out. Real feed served on
127.0.0.1, the installed command over a real store."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.model import Story
from feeds.parse import parse_feed
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk
from tui.widgets.story_view import story_content

feed_server = httpserver.feed_server
NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Archive</title><link>https://archive.example/</link>
<item><title>The epoch begins</title><guid>https://archive.example/epoch</guid>
<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate><description>Day zero of Unix time.</description></item>
<item><title>New year 2026</title><guid>https://archive.example/2026</guid>
<pubDate>Thu, 01 Jan 2026 00:00:00 GMT</pubDate><description>Fireworks.</description></item>
<item><title>A story without a date</title><guid>https://archive.example/undated</guid>
<description>No pubDate at all.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title><id>urn:archive</id>
<updated>2026-01-01T00:00:00Z</updated>
<entry><title>The epoch begins</title><id>urn:epoch</id><published>1970-01-01T00:00:00Z</published>
<updated>2025-06-01T00:00:00Z</updated><summary>Day zero.</summary></entry>
</feed>"""


def test_the_parser_keeps_epoch_zero_as_the_date_and_dates_only_undated_stories_by_now() -> None:
    rss = {s.title: s for s in parse_feed(RSS, "archive", now=NOW).stories}
    assert rss["The epoch begins"].published == 0.0
    assert rss["New year 2026"].published == NOW
    assert rss["A story without a date"].published == NOW  # no date at all: when it was first seen
    (atom,) = parse_feed(ATOM, "archive", now=NOW).stories
    assert atom.published == 0.0  # not its <updated> date either


def test_the_story_view_shows_the_date_of_epoch_zero() -> None:
    story = Story(id="s", feed_id="f", title="The epoch begins", published=0.0, text="Day zero.")
    meta = story_content(story, "Archive", NOW).plain.splitlines()[1]
    # 1970-01-01 (or 1969-12-31 west of UTC), in years as the list shows it ("56y"), not "20454 days ago"
    assert "(56 years ago)" in meta and meta.startswith("Archive · 19")


def test_the_command_sorts_filters_and_exports_epoch_zero_as_a_date(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.set("/archive.xml", RSS)
    assert newsdesk(tmp_path, "add", feed_server.url("/archive.xml")).returncode == 0
    refreshed = newsdesk(tmp_path, "refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    stories = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    titles = [s["title"] for s in stories]
    assert titles[1:] == ["New year 2026", "The epoch begins"]  # the oldest story last, not first
    epoch = stories[-1]
    assert epoch["published"] == "1970-01-01T00:00:00Z"

    def found(query: str) -> list[str]:
        proc = newsdesk(tmp_path, "search", query, "--json")
        assert proc.returncode == 0, proc.stderr
        return [s["title"] for s in json.loads(proc.stdout)]

    assert found("before:1970-01-02") == ["The epoch begins"]
    assert "The epoch begins" not in found("after:1970-01-02")
    assert "The epoch begins" in found("after:1970-01-01")

    assert newsdesk(tmp_path, "bookmark", epoch["id"]).returncode == 0
    (mark,) = json.loads(newsdesk(tmp_path, "bookmarks", "--json").stdout)
    assert mark["published"] == "1970-01-01T00:00:00Z"
    markdown = newsdesk(tmp_path, "bookmarks", "--export", "md").stdout
    assert "1970-01-01" in markdown
