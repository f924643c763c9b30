"""A date's year as written and its zone name as most feeds mean it, in every shape a feed writes a date.

- "Mon, 01 Jan 0001 00:00:00 CET" (Go's or .NET's zero date, with a zone name) was read as 2001: the standard
  library takes any year below 100 for two digits. A four-digit year is the year as written: the year 1 is no
  date (as "... 0001 ... +0000" already was), and the story is dated when first seen, as undated ones are.
- Two-digit years read as RFC 5322 reads them (00-49: 2000s, 50-99: 1900s; feedparser made "75" 2075, a date in
  the future, so the story was dated when first seen); three digits are years since 1900 ("126" is 2026:
  C's ``tm_year``), which feedparser read as the year 126.
- GST (Gulf +4) and SST (Singapore +8) were read as UTC; after an ISO-like date, as midnight. A zone name no table
  knows, after a date written month first or year first with slashes, left the story with no date: it is UTC,
  as feedparser reads such a name in the shapes it reads.

Each date is read in a real RSS document and a real JSON Feed, through the parser, as a refresh reads them.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from feeds.dates import ZONES, read
from feeds.parse import parse_feed

NOW = datetime.fromisoformat("2026-12-01T00:00:00+00:00").timestamp()


def utc(text: str) -> float:
    return datetime.fromisoformat(text + "+00:00").timestamp()


def _rss(written: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dates</title><link>https://d.example/</link>'
        f"<item><title>Dated</title><guid>https://d.example/1</guid><pubDate>{written}</pubDate>"
        "<description>Text.</description></item></channel></rss>"
    ).encode()


def _json_feed(written: str) -> bytes:
    item = {"id": "1", "url": "https://d.example/1", "title": "Dated", "content_text": "Text."}
    item["date_published"] = written
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Dates", "items": [item]}
    return json.dumps(feed).encode()


def published(written: str) -> float:
    """The story's date as the RSS and the JSON Feed parsers keep it (they must agree)."""
    (rss,) = parse_feed(_rss(written), "dates", now=NOW).stories
    (item,) = parse_feed(_json_feed(written), "dates", content_type="application/feed+json", now=NOW).stories
    assert rss.published == item.published, written
    return rss.published


@pytest.mark.parametrize(
    "written",
    ["Mon, 01 Jan 0001 00:00:00 CET", "Mon, 01 Jan 0001 00:00:00 JST", "Mon, 01 Jan 0001 00:00:00 GMT+1"],
)
def test_the_year_1_with_a_zone_name_is_no_date(written: str) -> None:
    assert published(written) == NOW  # when first seen, as an undated story
    assert (read(written) or 0) < utc("0002-01-01T00:00:00")  # not 2001


@pytest.mark.parametrize(
    ("written", "means"),
    [
        ("Fri, 01 Jan 99 10:00:00 GMT", "1999-01-01T10:00:00"),
        ("Mon, 01 Jan 01 10:00:00 +0000", "2001-01-01T10:00:00"),
        ("Wed, 01 Jan 75 10:00:00 +0100", "1975-01-01T09:00:00"),  # feedparser: 2075, in the future
        ("01 Jan 50 10:00:00 EST", "1950-01-01T15:00:00"),
        ("Sun, 01 Feb 26 10:00:00 CEST", "2026-02-01T08:00:00"),  # a two-digit year with a zone name
        ("Sun, 01 Feb 126 10:00:00 GMT", "2026-02-01T10:00:00"),  # three digits: since 1900 (feedparser: 126)
        ("Sun, 01 Feb 0999 10:00:00 CET", "0999-02-01T09:00:00"),  # four digits: as written
    ],
)
def test_a_year_is_read_as_rfc_5322_reads_it(written: str, means: str) -> None:
    assert published(written) == utc(means)


# Names seen in feeds, in an RFC 822 date written at 10:00 on 1 June 2026 (those feedparser already read, or the
# table did, must read as before), and what that is in UTC.
NAMED = {
    "GST": "2026-06-01T06:00",  # Gulf +4 (feedparser: UTC)
    "SST": "2026-06-01T02:00",  # Singapore +8 (feedparser: UTC)
    "TRT": "2026-06-01T07:00",
    "ChST": "2026-06-01T00:00",
    "HDT": "2026-06-01T19:00",
    "PET": "2026-06-01T15:00",
    "IST": "2026-06-01T04:30",
    "BST": "2026-06-01T09:00",
    "CEST": "2026-06-01T08:00",
    "AEST": "2026-06-01T00:00",
    "NZDT": "2026-05-31T21:00",
    "HKT": "2026-06-01T02:00",
    "SGT": "2026-06-01T02:00",
    "JST": "2026-06-01T01:00",
    "MSK": "2026-06-01T07:00",
    "PST": "2026-06-01T18:00",
    "EST": "2026-06-01T15:00",
    "GMT": "2026-06-01T10:00",
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_a_zone_name_is_read_as_most_feeds_mean_it(name: str) -> None:
    assert published(f"Mon, 01 Jun 2026 10:00:00 {name}") == utc(NAMED[name] + ":00")


@pytest.mark.parametrize("name", ["GST", "SST", "TRT", "PHST", "IRDT"])
@pytest.mark.parametrize(
    "shape",
    ["2026-06-01 10:00:00 {}", "2026-06-01T10:00 {}", "June 1, 2026 10:00 am {}", "2026/6/1 10:00:00 {}"],
)
def test_a_zone_name_is_read_alike_in_every_shape(shape: str, name: str) -> None:
    """After an ISO-like date feedparser read GST as midnight; month first or year first, it was no date."""
    expected = utc("2026-06-01T10:00:00") - ZONES[name] * 3600
    assert published(shape.format(name)) == expected


@pytest.mark.parametrize(
    ("written", "means"),
    [
        ("December 6th, 2025 10:00 am XYZ", "2025-12-06T10:00:00"),
        ("2020/1/10 14:33:00 XYZ", "2020-01-10T14:33:00"),
        ("2020/1/10 14:33:00 ECT", "2020-01-10T14:33:00"),  # Ecuador or Eastern Caribbean: left out
    ],
)
def test_a_zone_name_no_table_knows_is_utc_not_no_date(written: str, means: str) -> None:
    assert published(written) == utc(means)
