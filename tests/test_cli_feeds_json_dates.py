"""`feeds --json` gives a subscription's times as every other command's JSON gives dates, ISO 8601 UTC strings
("2026-12-07T15:20:00Z"), through the same function as `stories --json` (the installed command; a real store in
a temporary folder; feeds served from 127.0.0.1). It gave `added`, `last_success`, `last_attempt` and
`retry_after` as epoch seconds (1765120800.123), so a script comparing a feed's last success with a story's
`published` compared a number with a string. A time not known yet stays null."""

from __future__ import annotations

import calendar
import json
import time
from pathlib import Path

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def _epoch(iso: object) -> int:
    assert isinstance(iso, str) and iso.endswith("Z"), iso
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def test_feeds_json_gives_added_and_status_times_as_iso_strings(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.set("/news.xml", make_feed(1, 3))
    before = int(time.time())
    for path in ("/news.xml", "/status/503?retry_after=3600"):
        added = newsdesk(tmp_path, "add", "--no-check", feed_server.url(path))
        assert added.returncode == 0, added.stderr
    newsdesk(tmp_path, "refresh")  # once: one feed read, one failing with a Retry-After of an hour
    after = int(time.time()) + 1

    listed = newsdesk(tmp_path, "feeds", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["url"]: row for row in json.loads(listed.stdout)}
    ok, failing = rows[feed_server.url("/news.xml")], rows[feed_server.url("/status/503?retry_after=3600")]

    assert ok["stories"] == 3
    for when in (ok["added"], ok["status"]["last_success"], ok["status"]["last_attempt"], failing["added"]):
        assert before <= _epoch(when) <= after
    assert ok["status"]["retry_after"] is None

    assert failing["status"]["failures"] == 1
    assert failing["status"]["last_success"] is None
    assert before <= _epoch(failing["status"]["last_attempt"]) <= after
    assert before + 3600 <= _epoch(failing["status"]["retry_after"]) <= after + 3600
