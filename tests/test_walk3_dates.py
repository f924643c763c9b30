"""Dates a third walk on real news feeds found read wrongly: feeds served from 127.0.0.1, the installed
`newsdesk` command run as a subprocess on a data folder in a temporary directory.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_walk3_cli import item, rss

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server


def test_a_pubdate_with_portuguese_day_and_month_names_dates_the_story(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # UOL Noticias writes its dates in Portuguese; its 2018 stories were stamped with the time of the fetch and
    # listed as "now", above every story of every other feed.
    feed_server.set(
        "/uol.xml",
        rss(item(1, "Seg, 24 Set 2018 19:42:40 -0300") + item(2, "Sáb, 3 Out 2020 01:02:00 GMT"), "UOL"),
    )
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/uol.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    dates = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert dates == {"Story 1": "2018-09-24T22:42:40Z", "Story 2": "2020-10-03T01:02:00Z"}


def test_other_languages_month_names_and_a_zone_it_does_not_know() -> None:
    from feeds.dates import foreign_rfc822

    def iso(value: str) -> str | None:
        epoch = foreign_rfc822(value)
        return None if epoch is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))

    assert iso("lun., 5 déc. 2022 10:00:00 +0100") == "2022-12-05T09:00:00"
    assert iso("Mo, 3 Mär 2025 08:00:00 +0100") == "2025-03-03T07:00:00"
    assert iso("Di, 14. Oktober 2025 12:00 +0200") == "2025-10-14T10:00:00"
    assert iso("mer, 15 ago 2018 09:30:00 +0200") == "2018-08-15T07:30:00"
    # A zone abbreviation the parser does not know is UTC, never the local time of the machine reading it.
    assert iso("24 Set 2018 19:42:40 XYZT") == "2018-09-24T19:42:40"
    assert iso("24 Set 2018 19:42:40 BRT") == "2018-09-24T22:42:40"  # a zone name of the table: Brasilia, -3
    assert iso("Seg, 24 Xyz 2018 19:42:40 -0300") is None
    assert iso("yesterday") is None


def test_zone_names_feedparser_reads_as_utc_date_the_story_in_that_zone(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # European feeds write "CET", Japanese ones "JST", Australian ones "AEDT": feedparser read them all as UTC, so a
    # Tokyo story of 10:00 listed nine hours in the future, above the stories written after it.
    dates = {
        1: "Mon, 02 Nov 2026 10:00:00 CET",
        2: "Mon, 02 Nov 2026 10:00:00 JST",
        3: "Mon, 02 Nov 2026 10:00:00 AEDT",
        4: "Mon, 02 Nov 2026 10:00:00 NPT",
        5: "Mon, 02 Nov 2026 10:00:00 nst",
        6: "Mo, 02 Nov 2026 10:00:00 MEZ",
        7: "Mon, 02 Nov 2026 10:00:00 BST",
    }
    feed_server.set("/zones.xml", rss("".join(item(n, d) for n, d in dates.items()), "Zones"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/zones.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    published = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert published == {
        "Story 1": "2026-11-02T09:00:00Z",
        "Story 2": "2026-11-02T01:00:00Z",
        "Story 3": "2026-11-01T23:00:00Z",
        "Story 4": "2026-11-02T04:15:00Z",
        "Story 5": "2026-11-02T13:30:00Z",
        "Story 6": "2026-11-02T09:00:00Z",
        "Story 7": "2026-11-02T09:00:00Z",
    }


def test_dates_feedparser_reads_and_ambiguous_zone_names_keep_its_reading_but_ist(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    import feedparser.datetimes.rfc822 as fp_rfc822

    from feeds.dates import ZONES

    # No name of the table is one feedparser already reads (its EST, PDT, MET, ...), so those dates are unchanged.
    assert not {name.lower() for name in ZONES} & set(fp_rfc822.timezone_names)
    dates = {
        1: "Mon, 02 Nov 2026 10:00:00 GMT",
        2: "Mon, 02 Nov 2026 10:00:00 +0100",
        3: "Mon, 02 Nov 2026 10:00:00 EST",
        4: "Mon, 02 Nov 2026 10:00:00 MET",
        5: "Mon, 02 Nov 2026 10:00:00 CST",  # US -6 or China +8: feedparser's US reading
        6: "Mon, 02 Nov 2026 10:00:00 IST",  # India, Ireland or Israel: India's (feedparser read UTC)
        7: "2026-11-02T10:00:00+09:00",
    }
    feed_server.set("/kept.xml", rss("".join(item(n, d) for n, d in dates.items()), "Kept"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/kept.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    published = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert published == {
        "Story 1": "2026-11-02T10:00:00Z",
        "Story 2": "2026-11-02T09:00:00Z",
        "Story 3": "2026-11-02T15:00:00Z",
        "Story 4": "2026-11-02T09:00:00Z",
        "Story 5": "2026-11-02T16:00:00Z",
        "Story 6": "2026-11-02T04:30:00Z",
        "Story 7": "2026-11-02T01:00:00Z",
    }


def test_year_first_dates_with_slashes_date_the_story_on_its_day(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # feedparser reads every "2020/1/10 14:33:00" as 1 December of its year at midnight: a Chinese forum's
    # stories of 10 January were all listed eleven months later, in no order.
    dates = {
        1: "2020/1/10 14:33:00",
        2: "2020/01/10 14:28",
        3: "2020/1/10 14:26:00 +0800",
        4: "2020/1/10 14:25:00 CET",
        5: "2020/1/9",
        6: "2020/2/30 10:00:00",  # no such day: no date (the time it was first seen), not 1 December
    }
    feed_server.set("/slashes.xml", rss("".join(item(n, d) for n, d in dates.items()), "Slashes"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/slashes.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    published = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    first_seen = published.pop("Story 6")
    assert first_seen > "2021"  # dated when first seen (today), not 2020-12-01T00:00:00Z
    assert published == {
        "Story 1": "2020-01-10T14:33:00Z",
        "Story 2": "2020-01-10T14:28:00Z",
        "Story 3": "2020-01-10T06:26:00Z",
        "Story 4": "2020-01-10T13:25:00Z",
        "Story 5": "2020-01-09T00:00:00Z",
    }


def test_the_shared_feed_written_with_slashed_dates_is_dated_as_it_says(shared_data: Path) -> None:
    from feeds.parse import parse_feed

    body = (shared_data / "feeds" / "edge" / "rsp_kc0011.rss").read_bytes()
    written = re.findall(rb"<pubDate>([^<]+)</pubDate>", body)
    stories = parse_feed(body, "kc0011", now=2_000_000_000.0).stories
    assert len(stories) == len(written) == 20
    as_written = [
        d.decode().replace("/", "-") for d in written
    ]  # "2020/1/10 14:33:00" -> "2020-1-10 14:33:00"
    shown = [time.strftime("%Y-%-m-%-d %H:%M:%S", time.gmtime(s.published)) for s in stories]
    assert shown == as_written
