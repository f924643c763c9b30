"""A document with more items than the cap (:data:`feeds.xmlfeed.MAX_ENTRIES`) keeps its newest items by date,
not its first in document order: a feed listing its items oldest first never showed a new one."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

from feeds.parse import parse_feed
from feeds.refresh import refresh
from feeds.store import Store
from feeds.xmlfeed import MAX_ENTRIES
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

START = 1_700_000_000  # 2023-11-14 UTC; one item an hour after it
NOW = float(START + 10 * 86_400 * 365)


def _rss(items: list[tuple[str, int | None]]) -> bytes:
    """An RSS document of (guid, hour or None for undated) items, in the order given."""
    parts = []
    for guid, hour in items:
        date = f"<pubDate>{formatdate(START + hour * 3600)}</pubDate>" if hour is not None else ""
        parts.append(f"<item><title>t-{guid}</title><guid isPermaLink='false'>{guid}</guid>{date}</item>")
    return f"<rss version='2.0'><channel><title>Archive</title>{''.join(parts)}</channel></rss>".encode()


def _oldest_first(count: int) -> bytes:
    return _rss([(f"g{n}", n) for n in range(count)])


def test_an_oldest_first_feed_over_the_cap_stores_its_newest_item(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    count = MAX_ENTRIES + 100
    feed_server["/archive.xml"] = _oldest_first(count)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/archive.xml"))
        [first] = refresh(store)
        assert (first.outcome, first.error) == ("new", ""), first
        titles = {h.title for h in store.headers(feed.id)}
        assert f"t-g{count - 1}" in titles and "t-g0" not in titles
        feed_server["/archive.xml"] = _oldest_first(count + 1)  # one more, newest, at the end
        [second] = refresh(store)
        assert (second.outcome, second.new, second.error) == ("new", 1, ""), second
        assert f"t-g{count}" in {h.title for h in store.headers(feed.id)}


def test_the_newest_are_kept_in_document_order() -> None:
    stories = parse_feed(_oldest_first(MAX_ENTRIES + 5), "f", now=NOW).stories
    assert [s.title for s in stories] == [f"t-g{n}" for n in range(5, MAX_ENTRIES + 5)]


def test_undated_items_count_as_newest_and_keep_document_order() -> None:
    """The store dates an undated story when first seen, so it is listed as the newest: over the cap, undated items
    are kept before any dated one, the first of them in document order when they alone are too many."""
    dated = [(f"d{n}", n) for n in range(MAX_ENTRIES)]
    undated = [(f"u{n}", None) for n in range(3)]
    body = _rss(dated[:10] + undated + dated[10:])
    titles = [s.title for s in parse_feed(body, "f", now=NOW).stories]
    kept = [f"t-d{n}" for n in range(3, MAX_ENTRIES)]
    assert titles == kept[:7] + [f"t-u{n}" for n in range(3)] + kept[7:]  # d0-d2 are the oldest
    only_undated = _rss([(f"u{n}", None) for n in range(MAX_ENTRIES + 3)])
    titles = [s.title for s in parse_feed(only_undated, "f", now=NOW).stories]
    assert titles == [f"t-u{n}" for n in range(MAX_ENTRIES)]


def test_a_date_past_tomorrow_ranks_as_now_and_year_one_as_undated() -> None:
    """Ranked by the date the story is listed by: a date in year 1 (Go's and .NET's zero value) is no date, so
    newest; one far in the future is clamped to now, still newer than the rest."""
    body = _rss([(f"d{n}", n) for n in range(MAX_ENTRIES + 2)])
    body = body.replace(formatdate(START).encode(), b"Mon, 01 Jan 0001 00:00:00 +0000", 1)  # d0
    body = body.replace(formatdate(START + 3600).encode(), b"Sat, 01 Jan 2500 00:00:00 +0000", 1)  # d1
    kept = {s.title for s in parse_feed(body, "f", now=NOW).stories}
    assert {"t-d0", "t-d1"} <= kept and {"t-d2", "t-d3"} & kept == set() and f"t-d{MAX_ENTRIES + 1}" in kept


def test_a_json_feed_over_the_cap_keeps_its_newest() -> None:
    items = [
        {
            "id": f"j{n}",
            "title": f"t-j{n}",
            "content_text": "x",
            "date_published": formatdate(START + n * 3600),
        }
        for n in range(MAX_ENTRIES + 3)
    ]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    stories = parse_feed(json.dumps(doc).encode(), "f", content_type="application/feed+json", now=NOW).stories
    assert [s.title for s in stories] == [f"t-j{n}" for n in range(3, MAX_ENTRIES + 3)]


def test_over_the_cap_each_items_dates_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking reads every item's dates; the stories of the kept ones take those, as read then (they were read a
    second time, a third of a 5,000-item document's date reading). The dates stored are the ones ranked by."""
    import feeds.item_cap
    import feeds.jsonfeed
    import feeds.parse

    calls: list[object] = []

    def counted(read: Callable[..., Any]) -> Callable[..., Any]:
        return lambda *args: calls.append(args) or read(*args)

    monkeypatch.setattr(feeds.parse, "_entry_dates", counted(feeds.parse._entry_dates))
    monkeypatch.setattr(feeds.item_cap, "_entry_dates", counted(feeds.item_cap._entry_dates))
    monkeypatch.setattr(feeds.jsonfeed, "_item_dates", counted(feeds.jsonfeed._item_dates))
    count = MAX_ENTRIES + 5
    stories = parse_feed(_oldest_first(count), "f", now=NOW).stories
    assert len(calls) == count
    assert [s.published for s in stories] == [float(START + n * 3600) for n in range(5, count)]
    calls.clear()
    items = [
        {"id": f"j{n}", "content_text": "x", "date_modified": formatdate(START + n * 3600)}
        for n in range(count)
    ]
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    stories = parse_feed(doc, "f", content_type="application/feed+json", now=NOW).stories
    assert len(calls) == count
    assert [s.updated for s in stories] == [float(START + n * 3600) for n in range(5, count)]
