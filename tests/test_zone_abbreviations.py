"""Zone abbreviations after an ISO-like date ("2026-03-01T10:00:00 CST", "2026-03-01 10:00 PST") are read as
feedparser reads them in an RFC 822 date: CST was left to feedparser, which read "2026-03-01 10:00:00 CST" as
midnight UTC and "2026-03-01T10:00:00 CST" as 10:00 UTC, six hours early. IST, which feedparser reads as UTC in
either shape, is India's (+5:30). Feeds served from 127.0.0.1 and refreshed into a real store."""

from __future__ import annotations

import calendar
import json
from datetime import datetime, timedelta
from pathlib import Path

import feedparser.datetimes.rfc822 as fp_rfc822
import pytest
from feedparser.datetimes import _parse_date

from feeds.dates import iso_zoned, read
from feeds.refresh import refresh
from feeds.store import Store
from feeds.store_saving import Retention
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_walk3_cli import item, rss

feed_server = httpserver.feed_server


def utc(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


#: feedparser's RFC 822 zone names of more than one letter (its one-letter military zones are left out).
NAMES = sorted(name.upper() for name in fp_rfc822.timezone_names if len(name) > 1)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "shape", ["2026-03-01T10:00:00 {}", "2026-03-01 10:00 {}", "2026-03-01 10:00:00 ({})"]
)
def test_an_iso_like_date_reads_a_zone_name_as_feedparser_reads_it_in_rfc_822(shape: str, name: str) -> None:
    parsed = _parse_date(f"Sun, 01 Mar 2026 10:00:00 {name}")
    assert parsed is not None
    assert iso_zoned(shape.format(name)) == calendar.timegm(parsed)
    assert iso_zoned(shape.format(name.lower())) == calendar.timegm(parsed)


# (written, what it means in UTC)
CASES = {
    1: (
        "2026-03-01T10:00:00 CST",
        "2026-03-01T16:00:00+00:00",
    ),  # US Central, as in RFC 822 (feedparser: 10:00)
    2: ("2026-03-01 10:00 PST", "2026-03-01T18:00:00+00:00"),  # feedparser: midnight
    3: ("2026-03-01T10:00:00 IST", "2026-03-01T04:30:00+00:00"),  # India (feedparser: 10:00 UTC)
    4: ("2026-03-01T10:00:00 EDT", "2026-03-01T14:00:00+00:00"),
    5: ("2026-03-01 10:00:00 AST", "2026-03-01T14:00:00+00:00"),  # Atlantic
    6: ("2026-03-01T10:00:00 PT", "2026-03-01T18:00:00+00:00"),
    7: ("2026-03-01T10:00:00 cdt", "2026-03-01T15:00:00+00:00"),
    8: ("Sun, 01 Mar 2026 10:00:00 IST", "2026-03-01T04:30:00+00:00"),  # feedparser: 10:00 UTC
    9: ("Sun, 01 Mar 2026 10:00:00 CST", "2026-03-01T16:00:00+00:00"),  # feedparser's reading, as before
    10: ("2026-03-01 10:00:00 +0800 CST", "2026-03-01T02:00:00+00:00"),  # Go's: the offset counts
    11: ("2026/3/1 10:00:00 CST", "2026-03-01T16:00:00+00:00"),  # year first with slashes: the same table
}


@pytest.mark.parametrize("n", sorted(CASES))
def test_each_date_is_read_as_it_means(n: int) -> None:
    """As a story's date is read: our reading, else feedparser's."""
    written, means = CASES[n]
    ours, theirs = read(written), _parse_date(written)
    assert (ours if ours is not None else theirs and calendar.timegm(theirs)) == utc(means)


def test_a_refresh_dates_stories_by_their_zone_abbreviation(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set(
        "/zones.xml", rss("".join(item(n, written) for n, (written, _) in CASES.items()), "Zones")
    )
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
        "<entry><id>urn:a:1</id><title>Entry</title><link href='https://example.org/e'/>"
        "<updated>2026-03-01T10:00:00 PST</updated></entry></feed>"
    )
    feed_server.set("/atom.xml", atom, content_type="application/atom+xml")
    items = [
        {"id": "1", "url": "https://example.org/j1", "title": "J1", "date_published": "2026-03-01 10:00 CST"}
    ]
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    feed_server.set("/feed.json", json.dumps(document), content_type="application/feed+json")
    with Store(tmp_path / "data") as store:
        for path in ("/zones.xml", "/atom.xml", "/feed.json"):
            store.add_feed(feed_server.url(path))
        results = refresh(store)
        assert [r.outcome for r in results] == ["new"] * 3, results
        published = {h.title: h.published for h in store.headers()}
    assert published == {
        **{f"Story {n}": utc(means) for n, (_, means) in CASES.items()},
        "Entry": utc("2026-03-01T18:00:00+00:00"),
        "J1": utc("2026-03-01T16:00:00+00:00"),
    }


def chinese_rss(items: str, language: str = "zh-cn") -> bytes:
    head = f'<rss version="2.0"><channel><title>Zh</title><language>{language}</language>'
    return (head + items + "</channel></rss>").encode()


#: In a feed in Chinese, CST is China's (+8): PHP's date("T") writes it so for Asia/Shanghai. (written, means)
CHINA = {
    1: ("2026-03-01 10:00:00 CST", "2026-03-01T02:00:00+00:00"),
    2: ("2026-03-01T10:00 cst", "2026-03-01T02:00:00+00:00"),
    3: ("Sun, 01 Mar 2026 10:00:00 CST", "2026-03-01T02:00:00+00:00"),  # feedparser: US Central
    4: ("2026/3/1 10:00:00 (CST)", "2026-03-01T02:00:00+00:00"),
    5: ("2026-03-01 10:00:00 +0800 CST", "2026-03-01T02:00:00+00:00"),  # Go's: the offset, as before
    6: ("2026-03-01T10:00:00 EST", "2026-03-01T15:00:00+00:00"),  # another name: as in any feed
}


@pytest.mark.parametrize("language", ["zh-cn", "zh-TW", "zh"])
def test_cst_in_a_feed_in_chinese_is_chinas(tmp_path: Path, feed_server: FeedServer, language: str) -> None:
    """Read as US Central, a Chinese site's story of 10:00 in Beijing was listed 14 hours ahead of its time."""
    feed_server.set("/zh.xml", chinese_rss("".join(item(n, w) for n, (w, _) in CHINA.items()), language))
    feed_server.set("/en.xml", chinese_rss(item(9, CHINA[1][0]), "en-us"))
    with Store(tmp_path / "data") as store:
        zh, en = store.add_feed(feed_server.url("/zh.xml")), store.add_feed(feed_server.url("/en.xml"))
        refresh(store)
        published = {h.title: h.published for h in store.headers(zh.id)}
        assert published == {f"Story {n}": utc(means) for n, (_, means) in CHINA.items()}
        [english] = store.headers(en.id)
        assert english.published == utc("2026-03-01T16:00:00+00:00")  # US Central, as in RFC 822


def test_a_chinese_feed_over_the_item_cap_ranks_and_dates_by_chinas_cst(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The item cap reads every item's date to keep the newest 2,000, and the kept ones keep that reading."""
    from feeds.item_cap import MAX_ENTRIES

    def minute(n: int) -> str:  # the n-th minute of February in Beijing, written without its zone
        return (datetime(2026, 2, 1) + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")

    feed_server.set(
        "/many.xml", chinese_rss("".join(item(n, f"{minute(n)} CST") for n in range(MAX_ENTRIES + 1)))
    )
    with Store(tmp_path / "data", retention=Retention(max_per_feed=0)) as store:
        feed = store.add_feed(feed_server.url("/many.xml"))
        [result] = refresh(store)
        assert result.outcome == "new", result
        headers = store.headers(feed.id)
        assert len(headers) == MAX_ENTRIES and "Story 0" not in {
            h.title for h in headers
        }  # the oldest left out
        newest = max(headers, key=lambda h: h.published)
        assert (newest.title, newest.published) == (
            f"Story {MAX_ENTRIES}",
            utc(f"{minute(MAX_ENTRIES)}+08:00"),
        )
