"""`after:today`, `after:yesterday` and `before:today`: days of the user's calendar, as `after:2026-12-06` is.

The query read dates (`2026-12-06`) and spans back from now (`7d`), but not the words a user types first for
"what came in today": `after:today` was a bad date, searched with no date at all and a hint under the box.
They are read as a date is (tests/test_redteam8_dates.py): the start of that day in the user's own time zone,
not UTC's and not 24 hours back. The zone is chosen so that it is about noon there whenever the test runs, so
the stories placed around the two midnights are never in the future or on the wrong side of a boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam8_dates import newsdesk_in, titles

feed_server = httpserver.feed_server


def noon_zone() -> tuple[str, timedelta]:
    """A POSIX zone where it is now between noon and one, and its offset from UTC."""
    hour = datetime.now(UTC).hour
    offset = (12 - hour + 11) % 24 - 11  # -11 .. +12 hours
    return f"NOON{-offset:+d}", timedelta(hours=offset)


def feed_around_midnight(offset: timedelta) -> str:
    """Stories at 00:30 and 06:00 today, 23:30, 18:00 and 06:00 yesterday, and 18:00 the day before, local
    time. One of the two around midnight is on the other side of UTC's midnight, wherever the zone is but UTC."""
    today = (datetime.now(UTC) + offset).date()
    local = [
        ("Just after midnight", today, 0, 30),
        ("Today morning", today, 6, 0),
        ("Just before midnight", today - timedelta(days=1), 23, 30),
        ("Yesterday evening", today - timedelta(days=1), 18, 0),
        ("Yesterday morning", today - timedelta(days=1), 6, 0),
        ("Two days ago", today - timedelta(days=2), 18, 0),
    ]
    items = "".join(
        f"<item><title>{title}</title><guid>https://wire.example/{n}</guid>"
        f"<pubDate>{format_datetime(datetime(d.year, d.month, d.day, h, m, tzinfo=UTC) - offset, usegmt=True)}"
        "</pubDate></item>"
        for n, (title, d, h, m) in enumerate(local)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


YESTERDAY = {"Just before midnight", "Yesterday evening", "Yesterday morning"}


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("after:today", {"Just after midnight", "Today morning"}),
        ("after:Yesterday", {"Just after midnight", "Today morning", *YESTERDAY}),
        ("before:today", {*YESTERDAY, "Two days ago"}),
        ("before:yesterday", {"Two days ago"}),
        ("after:yesterday before:today", YESTERDAY),
        ("-after:today", {*YESTERDAY, "Two days ago"}),
    ],
)
def test_today_and_yesterday_are_days_of_the_users_calendar(
    tmp_path: Path, feed_server: FeedServer, query: str, listed: set[str]
) -> None:
    zone, offset = noon_zone()
    feed_server["/wire.xml"] = feed_around_midnight(offset)
    assert newsdesk_in(zone, tmp_path, "add", feed_server.url("/wire.xml")).returncode == 0
    searched = newsdesk_in(zone, tmp_path, "search", query)
    assert "bad date" not in searched.stderr + searched.stdout
    assert titles(searched) == listed


def test_a_misspelt_day_still_says_what_dates_are_read(tmp_path: Path) -> None:
    searched = newsdesk_in("UTC0", tmp_path, "search", "after:tomorow")
    assert "bad date in after:tomorow" in searched.stderr + searched.stdout
    assert "today, yesterday" in searched.stderr + searched.stdout
