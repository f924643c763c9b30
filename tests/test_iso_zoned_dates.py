"""ISO-like dates followed by a zone name or an offset ("2026-11-02 10:00:00 CET"): feedparser read them as
midnight, or as UTC, or an offset's minutes dropped, and the story was misdated without a word. Feeds served from
127.0.0.1 to the installed `newsdesk` command; a table of cases and a property against feedparser's own reading
where that reading is right.
"""

from __future__ import annotations

import calendar
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from feedparser.datetimes import _parse_date
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.dates import ZONES, iso_compact, iso_zoned
from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_walk3_cli import item, rss

feed_server = httpserver.feed_server


def _feedparser(value: str) -> float | None:
    parsed = _parse_date(value)
    return None if parsed is None else float(calendar.timegm(parsed))


def _utc(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


# (written, what it means in UTC, whether feedparser already reads it so)
CASES = [
    ("2026-11-02 10:00:00 CET", "2026-11-02T09:00:00+00:00", False),  # feedparser: midnight
    ("2026-11-02 10:00 CET", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02T10:00:00 CET", "2026-11-02T09:00:00+00:00", False),  # feedparser: 10:00 UTC
    ("2026-11-02T10:00CET", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00.123 CEST", "2026-11-02T08:00:00+00:00", False),
    ("2026-11-02 10:00:00 (CET)", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00 JST", "2026-11-02T01:00:00+00:00", False),
    ("2026-11-02 10:00:00 GMT", "2026-11-02T10:00:00+00:00", False),  # feedparser: midnight, GMT or not
    ("2026-11-02 10:00:00 UTC", "2026-11-02T10:00:00+00:00", False),
    ("2026-11-02 10:00:00 EST", "2026-11-02T15:00:00+00:00", False),
    ("2026-11-02T10:00:00 EST", "2026-11-02T15:00:00+00:00", False),  # feedparser: 10:00 UTC
    ("2026-11-02 10:00:00 PDT", "2026-11-02T17:00:00+00:00", False),
    ("2026-11-02 10:00:00 MET", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00 +01", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00 UTC+01:00", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00 GMT+1", "2026-11-02T09:00:00+00:00", False),
    ("2026-11-02 10:00:00 +0530", "2026-11-02T04:30:00+00:00", False),  # feedparser: +05:00
    ("2026-11-02T10:00:00 -0530", "2026-11-02T15:30:00+00:00", False),
    (
        "2026-11-02 10:00:00 +0800 CST",
        "2026-11-02T02:00:00+00:00",
        False,
    ),  # Go's time.String(): the offset counts
    ("2026-11-02 1:00:00 CET", "2026-11-02T00:00:00+00:00", True),
    # Read right today: the same reading.
    ("2026-11-02T10:00:00+01:00", "2026-11-02T09:00:00+00:00", True),
    ("2026-11-02T10:00:00Z", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02t10:00:00z", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02T10:00+01:00", "2026-11-02T09:00:00+00:00", True),
    ("2026-11-02T10:00:00.123+01:00", "2026-11-02T09:00:00+00:00", True),
    ("2026-11-02T10:00:00,5Z", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02 10:00:00 +0100", "2026-11-02T09:00:00+00:00", True),
    ("2026-11-02 10:00:00+05:30", "2026-11-02T04:30:00+00:00", True),
    ("2026-11-02 10:00:00 -00:00", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02 10:00:00 Z", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02T10:00:00 GMT", "2026-11-02T10:00:00+00:00", True),
    ("2026-11-02T10:00:00+14:00", "2026-11-01T20:00:00+00:00", True),
    ("2026-11-02T23:59:60Z", "2026-11-03T00:00:00+00:00", True),  # a leap second, as feedparser takes it
    # Compact ISO 8601 (iso_compact's): feedparser reads every one as midnight.
    ("20261102T100000Z", "2026-11-02T10:00:00+00:00", False),
    ("20261102T100000+0100", "2026-11-02T09:00:00+00:00", False),
    ("20261102T100000+01:00", "2026-11-02T09:00:00+00:00", False),
    ("20261102T100000-05", "2026-11-02T15:00:00+00:00", False),
    ("20261102T100000-0530", "2026-11-02T15:30:00+00:00", False),
    ("20261102T1000Z", "2026-11-02T10:00:00+00:00", False),
    ("20261102T100000.5Z", "2026-11-02T10:00:00+00:00", False),
    ("20261102T100000", "2026-11-02T10:00:00+00:00", False),  # no zone: UTC, as "2026-11-02T10:00:00"
    ("20261102t100000z", "2026-11-02T10:00:00+00:00", False),
    ("20261102", "2026-11-02T00:00:00+00:00", True),  # a day alone: midnight, read right today
    ("20261102T000000Z", "2026-11-02T00:00:00+00:00", True),
]


def _ours(written: str) -> float | None:
    """What the XML path reads before feedparser: iso_zoned's reading, else iso_compact's (never both)."""
    zoned, compact = iso_zoned(written), iso_compact(written)
    assert zoned is None or compact is None, written
    return compact if zoned is None else zoned


@pytest.mark.parametrize(("written", "means", "right_today"), CASES)
def test_iso_like_dates_with_a_zone_are_read_as_they_mean(
    written: str, means: str, right_today: bool
) -> None:
    assert _ours(written) == _utc(means)
    assert (_feedparser(written) == _utc(means)) is right_today  # each case is what it says it is


@pytest.mark.parametrize(
    "kept",
    [
        "2026-11-02 10:00:00",  # no zone: feedparser takes it as UTC, as we do everywhere
        "2026-11-02T10:00:00",
        "2026-11-02",
        "2026-11-02T10Z",
        "2026-11-02 10:00:00 XYZ",  # a name we do not know
        "2026-11-02 10:00:00 ECT",  # Ecuador -5 or Eastern Caribbean -4: left out of the table
        "2026-02-30 10:00:00 CET",  # no such day
        "2026-11-02 24:00:00 CET",
        "2026-11-02 10:00:00 +24:00",
        "Mon, 02 Nov 2026 10:00:00 CET",  # RFC 822: named_zone's
        "2020/1/10 14:33:00 CET",  # slashed's
    ],
)
def test_what_it_does_not_read_keeps_feedparsers_reading(kept: str) -> None:
    assert iso_zoned(kept) is None


@pytest.mark.parametrize(
    "kept",
    [
        "2026-11-02T10:00:00Z",  # extended ISO: feedparser's and iso_zoned's
        "20261102T10:00:00Z",  # basic date, extended time: feedparser reads it right
        "20261102 100000Z",
        "20260230",  # no such day
        "20261102T240000Z",
        "20261102T100000+2400",
        "20261102T100000 CET",
        "1704164645",  # unix_time's
    ],
)
def test_what_iso_compact_does_not_read_keeps_feedparsers_reading(kept: str) -> None:
    assert iso_compact(kept) is None


_OFFSETS = st.integers(-12 * 4, 14 * 4).map(lambda quarters: quarters * 15)  # minutes east of UTC


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31)),
    minutes=_OFFSETS,
    seconds=st.booleans(),
    t=st.sampled_from(["T", " "]),
)
def test_any_moment_written_with_an_offset_is_read_as_it_means(
    when: datetime, minutes: int, seconds: bool, t: str
) -> None:
    when = when.replace(microsecond=0, second=when.second if seconds else 0)
    truth = when.replace(tzinfo=timezone(timedelta(minutes=minutes))).timestamp()
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    clock = when.strftime("%H:%M:%S" if seconds else "%H:%M")
    day = when.strftime("%Y-%m-%d")
    rfc3339 = f"{day}T{clock}{sign}{hh:02d}:{mm:02d}"
    assert _feedparser(rfc3339) == truth  # feedparser reads RFC 3339 right...
    assert iso_zoned(rfc3339) == truth  # ...and so do we: its reading is never changed
    if minutes == 0:
        assert _feedparser(f"{day}T{clock}Z") == iso_zoned(f"{day}T{clock}Z") == truth
    for written in (f"{day}{t}{clock} {sign}{hh:02d}{mm:02d}", f"{day}{t}{clock}{sign}{hh:02d}:{mm:02d}"):
        assert iso_zoned(written) == truth, written


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31)),
    minutes=_OFFSETS,
)
def test_any_moment_written_in_compact_iso_is_read_as_its_extended_form_is(
    when: datetime, minutes: int
) -> None:
    when = when.replace(microsecond=0)
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    extended = f"{when.strftime('%Y-%m-%dT%H:%M:%S')}{sign}{hh:02d}:{mm:02d}"
    truth = _feedparser(extended)  # feedparser reads RFC 3339 right
    assert truth == when.replace(tzinfo=timezone(timedelta(minutes=minutes))).timestamp()
    assert iso_compact(f"{when.strftime('%Y%m%dT%H%M%S')}{sign}{hh:02d}{mm:02d}") == truth
    assert iso_compact(extended) is None


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31)),
    name=st.sampled_from(sorted(ZONES)),
    t=st.sampled_from(["T", " "]),
)
def test_any_moment_written_with_a_zone_name_of_the_table_is_read_in_that_zone(
    when: datetime, name: str, t: str
) -> None:
    when = when.replace(microsecond=0)
    truth = when.replace(tzinfo=timezone(timedelta(hours=ZONES[name]))).timestamp()
    assert iso_zoned(f"{when.strftime('%Y-%m-%d')}{t}{when.strftime('%H:%M:%S')} {name}") == truth


def test_a_refresh_dates_iso_like_dates_with_a_zone_name_as_they_mean(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # A CMS writing "2026-11-02 10:00:00 CET": every story of the day was listed at midnight UTC, before the
    # night's stories of every other feed, in no order of its own.
    dates = {
        1: "2026-11-02 10:00:00 CET",
        2: "2026-11-02 10:30 JST",
        3: "2026-11-02T10:00:00 EST",
        4: "2026-11-02 10:00:00 +0530",
        5: "2026-11-02 10:00:00 +0800 CST",
        6: "2026-11-02T10:00:00+01:00",  # read right before: the same
        7: "2026-11-02 10:00:00",  # no zone: UTC, as before
        8: "2026-11-02 10:00:00 CST",  # US Central, as feedparser reads CST in an RFC 822 date
    }
    feed_server.set("/iso.xml", rss("".join(item(n, d) for n, d in dates.items()), "ISO"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/iso.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    published = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert published == {
        "Story 1": "2026-11-02T09:00:00Z",
        "Story 2": "2026-11-02T01:30:00Z",
        "Story 3": "2026-11-02T15:00:00Z",
        "Story 4": "2026-11-02T04:30:00Z",
        "Story 5": "2026-11-02T02:00:00Z",
        "Story 6": "2026-11-02T09:00:00Z",
        "Story 7": "2026-11-02T10:00:00Z",
        "Story 8": "2026-11-02T16:00:00Z",
    }
    # An Atom feed's <updated> goes the same way.
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
        "<entry><id>urn:a:1</id><title>Entry</title><link href='https://example.org/e'/>"
        "<updated>2026-11-02 10:00:00 CEST</updated></entry></feed>"
    )
    feed_server.set("/atom.xml", atom)
    assert newsdesk(home, "add", feed_server.url("/atom.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json", "--feed", "A")
    assert [s["published"] for s in json.loads(proc.stdout)] == ["2026-11-02T08:00:00Z"]
    # A JSON Feed's date_published, which RFC 3339 alone reads: it was undated (the time of the fetch).
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {
                "id": "1",
                "url": "https://example.org/j1",
                "title": "J1",
                "date_published": "2026-11-02 10:00 CET",
            },
            {
                "id": "2",
                "url": "https://example.org/j2",
                "title": "J2",
                "date_published": "2026-11-02T10:00:00.5Z",
            },
        ],
    }
    feed_server.set("/feed.json", json.dumps(feed), content_type="application/feed+json")
    assert newsdesk(home, "add", feed_server.url("/feed.json")).returncode == 0
    proc = newsdesk(home, "stories", "--json", "--feed", "J")
    got = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert got == {"J1": "2026-11-02T09:00:00Z", "J2": "2026-11-02T10:00:00Z"}
