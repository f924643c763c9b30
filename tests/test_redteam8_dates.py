"""`after:2026-12-06` and `before:` read the date in the user's own time zone, as the reader shows dates.

The query read a date as the start of that day in UTC, while the reader shows a story's date in local time: in
Los Angeles a story it shows as "2026-12-05 18:00" was listed by `after:2026-12-06`, and in Tokyo one it shows as
"2026-12-07 02:00" was left out of `after:2026-12-07`. A user means a day of their own calendar (as mail search
and newsboat's filters read one). The zones are POSIX rules, so no time zone database is needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import ROOT

feed_server = httpserver.feed_server
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    "<item><title>Evening story</title><guid>https://wire.example/1</guid>"
    "<pubDate>Sun, 06 Dec 2026 02:00:00 GMT</pubDate></item>"
    "<item><title>Morning story</title><guid>https://wire.example/2</guid>"
    "<pubDate>Sun, 06 Dec 2026 17:00:00 GMT</pubDate></item></channel></rss>"
)


def newsdesk_in(zone: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": zone, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "none.toml")}
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def titles(proc: subprocess.CompletedProcess[str]) -> set[str]:
    assert proc.returncode == 0, proc.stderr
    return {line.split("Wire", 1)[1].strip() for line in proc.stdout.splitlines() if "Wire" in line}


@pytest.mark.parametrize(
    ("zone", "query", "listed"),
    [
        # UTC-8: the evening story is 18:00 on the 5th there, the morning one 09:00 on the 6th
        ("LAX8", "after:2026-12-06", {"Morning story"}),
        ("LAX8", "before:2026-12-06", {"Evening story"}),
        # UTC+9: the evening story is 11:00 on the 6th there, the morning one 02:00 on the 7th
        ("TYO-9", "after:2026-12-07", {"Morning story"}),
        ("TYO-9", "before:2026-12-07", {"Evening story"}),
        ("UTC0", "after:2026-12-06", {"Evening story", "Morning story"}),
        ("TYO-9", "after:2026-12", {"Evening story", "Morning story"}),
    ],
)
def test_a_date_in_a_query_is_a_day_of_the_users_calendar(
    tmp_path: Path, feed_server: FeedServer, zone: str, query: str, listed: set[str]
) -> None:
    feed_server["/wire.xml"] = FEED
    assert newsdesk_in(zone, tmp_path, "add", feed_server.url("/wire.xml")).returncode == 0
    assert titles(newsdesk_in(zone, tmp_path, "search", query)) == listed


def test_the_first_year_still_reads(tmp_path: Path, feed_server: FeedServer) -> None:
    """Local midnight of the year 1 is before what the platform's clock functions take: read in UTC."""
    feed_server["/wire.xml"] = FEED
    assert newsdesk_in("TYO-9", tmp_path, "add", feed_server.url("/wire.xml")).returncode == 0
    assert titles(newsdesk_in("TYO-9", tmp_path, "search", "after:0001")) == {
        "Evening story",
        "Morning story",
    }
