"""Dates at the far end of the calendar, served from 127.0.0.1 and read back through the installed command: the zero
date Go and .NET feed writers print for an undated page, and a story dated in the first millennium."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def rss(*items: tuple[str, str]) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        + "".join(
            f"<item><title>{title}</title><guid>https://blog.example/{n}</guid><pubDate>{date}</pubDate></item>"
            for n, (title, date) in enumerate(items)
        )
        + "</channel></rss>"
    )


ZERO_DATES = {
    "rss": rss(
        ("Undated page", "Mon, 01 Jan 0001 00:00:00 +0000"), ("Dated post", "Tue, 03 Mar 2026 08:00:00 GMT")
    ),
    "atom": (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
        "<entry><title>Undated page</title><id>tag:blog,1</id><updated>0001-01-01T00:00:00Z</updated></entry>"
        "<entry><title>Dated post</title><id>tag:blog,2</id><updated>2026-03-03T08:00:00Z</updated></entry></feed>"
    ),
    "json": json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Blog",
            "items": [
                {"id": "1", "title": "Undated page", "date_published": "0001-01-01T00:00:00Z"},
                {"id": "2", "title": "Dated post", "date_published": "2026-03-03T08:00:00Z"},
            ],
        }
    ),
}


@pytest.mark.parametrize("kind", ZERO_DATES)
def test_the_zero_date_of_go_and_dotnet_is_no_date(
    tmp_path: Path, feed_server: FeedServer, kind: str
) -> None:
    """Hugo prints "Mon, 01 Jan 0001 00:00:00 +0000" for a page without a date (Go's zero time; .NET's
    DateTime.MinValue is the same day). Taken as written, the story was listed last, 2,025 years old ("2027y",
    five cells in a column of four), and `stories --json` said "1-01-01T00:00:00Z", which no ISO reader takes.
    It is an undated story: dated when first seen, as undated stories are."""
    feed_server.set(
        "/blog", ZERO_DATES[kind], content_type="application/json" if kind == "json" else httpserver.RSS
    )
    before = time.time()
    assert newsdesk(tmp_path, "add", feed_server.url("/blog")).returncode == 0
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    assert listed["Dated post"] == "2026-03-03T08:00:00Z"
    undated = time.mktime(time.strptime(listed["Undated page"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert undated >= before - 1, listed


def test_a_story_of_the_first_millennium_keeps_its_columns_and_an_iso_date(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.set(
        "/old",
        rss(("Year 100", "Tue, 01 Jun 0100 00:00:00 GMT"), ("Recent", "Tue, 03 Mar 2026 08:00:00 GMT")),
    )
    assert newsdesk(tmp_path, "add", feed_server.url("/old")).returncode == 0
    stories = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert {s["title"]: s["published"] for s in stories}["Year 100"] == "0100-06-01T00:00:00Z"
    [old] = [s["id"] for s in stories if s["title"] == "Year 100"]
    assert "0100-06-01T00:00:00Z" in newsdesk(tmp_path, "show", old).stdout

    rows = newsdesk(tmp_path, "stories").stdout.splitlines()
    assert len(rows) == 2 and " 999y " in rows[1], rows  # at most four cells: it was "1926y"
    assert rows[0].index("Blog") == rows[1].index("Blog"), rows
    assert len({cell_len(row) - cell_len(row.rstrip().rsplit("  ", 1)[-1]) for row in rows}) == 1, rows

    assert newsdesk(tmp_path, "bookmark", old).returncode == 0
    [mark] = json.loads(newsdesk(tmp_path, "bookmarks", "--json").stdout)
    assert mark["published"] == "0100-06-01T00:00:00Z"
    assert "0100-06-01" in newsdesk(tmp_path, "bookmarks", "--export", "md").stdout


@pytest.mark.parametrize("written", ["1704164645", "1704164645000"])
def test_a_date_written_as_unix_time_is_read_as_one(
    tmp_path: Path, feed_server: FeedServer, written: str
) -> None:
    """A script that builds its feed from a database writes the row's Unix time: feedparser read the ten digits as a
    compact ISO date, the year 1704, and the story was listed last, 322 years old (a JSON Feed's was undated)."""
    feed_server.set(
        "/unix.xml", rss(("From a script", written), ("Dated post", "Tue, 03 Mar 2026 08:00:00 GMT"))
    )
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "1", "title": "Json", "date_published": written}],
    }
    feed_server.set("/unix.json", json.dumps(doc), content_type="application/feed+json")
    for path in ("/unix.xml", "/unix.json"):
        assert newsdesk(tmp_path, "add", feed_server.url(path)).returncode == 0
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    assert listed == {
        "From a script": "2024-01-02T03:04:05Z",
        "Json": "2024-01-02T03:04:05Z",
        "Dated post": "2026-03-03T08:00:00Z",
    }
    assert newsdesk(tmp_path, "search", "before:2025-01-01").stdout.count("\n") == 2


def test_the_story_view_writes_a_four_digit_year() -> None:
    """The story's header said "Blog · 100-06-01 00:00" (strftime's %Y)."""
    from feeds.model import Story
    from tui.widgets.story_view import story_content

    year_100 = -58_998_412_800.0  # 0100-06-01T00:00:00Z
    story = Story(id="x", feed_id="f", title="Year 100", published=year_100, updated=year_100, text="Old.")
    meta = story_content(story, "Blog", time.time()).plain.split("\n")[1]
    assert meta.startswith("Blog · 0100-0"), meta  # the day in the local zone: 31 May or 1 June


def test_a_json_feed_date_with_a_zone_name_is_read_as_the_xml_one_is(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A JSON Feed item dated "Mon, 02 Nov 2026 10:00:00 CET" was read as 10:00 UTC, an hour late, while the same
    date in an RSS feed was read in its zone."""
    written = "Mon, 02 Nov 2026 10:00:00 CET"
    feed_server.set("/zoned.xml", rss(("Rss", written)))
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "1", "title": "Json", "date_published": written}],
    }
    feed_server.set("/zoned.json", json.dumps(doc), content_type="application/feed+json")
    for path in ("/zoned.xml", "/zoned.json"):
        assert newsdesk(tmp_path, "add", feed_server.url(path)).returncode == 0
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    assert listed == {"Rss": "2026-11-02T09:00:00Z", "Json": "2026-11-02T09:00:00Z"}


def test_a_json_feed_date_with_foreign_names_is_read_as_the_xml_one_is(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A JSON Feed item dated "Seg, 24 Set 2018 10:00:00 -0300" (Portuguese) was undated, listed at the time of
    the fetch, while the same date in an RSS feed was read."""
    written = "Seg, 24 Set 2018 10:00:00 -0300"
    feed_server.set("/pt.xml", rss(("Rss", written)))
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "1", "title": "Json", "date_published": written}],
    }
    feed_server.set("/pt.json", json.dumps(doc), content_type="application/feed+json")
    for path in ("/pt.xml", "/pt.json"):
        assert newsdesk(tmp_path, "add", feed_server.url(path)).returncode == 0
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    assert listed == {"Rss": "2018-09-24T13:00:00Z", "Json": "2018-09-24T13:00:00Z"}


def test_a_compact_iso_date_is_read_at_its_time_and_offset(tmp_path: Path, feed_server: FeedServer) -> None:
    """ISO 8601's basic format ("20261102T100000+0100"): feedparser read every such RSS date as midnight of its
    day, so a morning's stories were listed hours early, in no order among themselves."""
    dates = {
        "Z": ("20261102T100000Z", "2026-11-02T10:00:00Z"),
        "Offset": ("20261102T100000+0100", "2026-11-02T09:00:00Z"),
        "Minutes": ("20261102T1000-0530", "2026-11-02T15:30:00Z"),
        "No zone": ("20261102T100000", "2026-11-02T10:00:00Z"),
        "Day": ("20261102", "2026-11-02T00:00:00Z"),
    }
    feed_server.set("/compact.xml", rss(*((title, written) for title, (written, _) in dates.items())))
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": str(n), "title": f"Json {title}", "date_published": written}
            for n, (title, (written, _)) in enumerate(dates.items())
        ],
    }
    feed_server.set("/compact.json", json.dumps(doc), content_type="application/feed+json")
    for path in ("/compact.xml", "/compact.json"):
        assert newsdesk(tmp_path, "add", feed_server.url(path)).returncode == 0
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    means = {title: utc for title, (_, utc) in dates.items()}
    assert listed == {**means, **{f"Json {title}": utc for title, utc in means.items()}}
