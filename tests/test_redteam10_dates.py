"""Year 0 in an item's date, served from 127.0.0.1 and refreshed into a real store with the installed command: a
zero date written in ISO 8601 ("0000-01-01T00:00:00Z", as some exporters write an empty date) and compact
("00000000")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds import dates
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

YEAR_ZERO = ["0000-01-01T00:00:00Z", "0000-01-01 00:00:00 GMT", "00000101T000000Z", "00000101"]


def documents(date: str) -> dict[str, str]:
    """One feed of each kind: an item dated ``date`` between two dated ones."""
    titles = ["Before", "Zero", "After"]
    when = ["2026-03-03T08:00:00Z", date, "2026-03-02T08:00:00Z"]
    return {
        "rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        + "".join(
            f"<item><title>{t}</title><guid>g{n}</guid><pubDate>{d}</pubDate></item>"
            for n, (t, d) in enumerate(zip(titles, when, strict=True))
        )
        + "</channel></rss>",
        "atom": '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
        + "".join(
            f"<entry><title>{t}</title><id>tag:blog,{n}</id><updated>{d}</updated></entry>"
            for n, (t, d) in enumerate(zip(titles, when, strict=True))
        )
        + "</feed>",
        "json": json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Blog",
                "items": [
                    {"id": str(n), "title": t, "date_published": d}
                    for n, (t, d) in enumerate(zip(titles, when, strict=True))
                ],
            }
        ),
    }


@pytest.mark.parametrize("date", YEAR_ZERO[:3])
@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_a_date_in_year_zero_costs_no_story(
    tmp_path: Path, feed_server: FeedServer, kind: str, date: str
) -> None:
    """The date reader handed year 0 to ``calendar.timegm``, which raised: the whole feed failed, "could not parse
    the feed (ValueError: year 0 is out of range)", and none of its stories was stored, on every refresh."""
    feed_server.set(
        "/blog", documents(date)[kind], content_type="application/json" if kind == "json" else httpserver.RSS
    )
    added = newsdesk(tmp_path, "add", feed_server.url("/blog"))
    assert added.returncode == 0 and "3 stories" in added.stdout, (added.stdout, added.stderr)
    listed = {s["title"]: s["published"] for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)}
    assert listed["Before"] == "2026-03-03T08:00:00Z" and listed["After"] == "2026-03-02T08:00:00Z"
    assert not listed["Zero"].startswith("0000"), listed


@pytest.mark.parametrize("date", YEAR_ZERO)
def test_the_date_reader_says_no_date_for_year_zero(date: str) -> None:
    assert dates.read(date) is None
