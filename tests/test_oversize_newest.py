"""Feeds larger than the size cap that list their items oldest first (archives, podcasts' back catalogues): their
newest stories are read, not their first megabytes, which are their oldest. Served from a real HTTP server on
127.0.0.1, plain, gzipped, with byte ranges honoured, ignored or refused, and refreshed into real stores in
temporary folders.

Before, only the first part was read and the warning said "the feed lists its oldest first, so its newest stories
were not read": the reader never saw a new episode of such a feed.
"""

from __future__ import annotations

import email.utils
import gzip
import json
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.fetch import MAX_BYTES, FetchRequest, fetch, make_client
from feeds.fetch_tail import READ_AT_MOST, Window, first_item, listed_oldest_first
from feeds.model import Feed
from feeds.refresh import refresh
from feeds.store import Store
from feeds.store_saving import Retention
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

CAP = 64 * 1024
NEWEST = (
    r"only its last 64 KB read \(the feed is larger and lists its oldest first: its oldest ([\d.,]+ [KM]B)"
    r" skipped\): all (\d+) stories in them kept"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(
        tmp_path / "data", retention=Retention(max_per_feed=0)
    )  # keeps all: what is stored is what was read
    yield s
    s.close()


def feed_of(store: Store) -> Feed:
    [feed] = store.feeds()
    return feed


def items(count: int, *, start: int = 0, text: str = "", atom: bool = False) -> list[str]:
    """``count`` episodes, numbered from ``start``, each a minute newer than the one before (episode n is n
    minutes after the first): in the order given, they are listed oldest first."""
    body = text or "An episode of the archive, told at length and in full. " * 12
    out = []
    for n in range(start, start + count):
        when = 1_700_000_000 + 60 * n
        if atom:
            out.append(
                f"<entry><id>ep-{n}</id><title>Episode {n}</title><updated>{_iso(when)}</updated>"
                f"<content>{body}</content></entry>"
            )
            continue
        out.append(
            f"<item><guid>ep-{n}</guid><title>Episode {n}</title>"
            f"<pubDate>{email.utils.formatdate(when, usegmt=True)}</pubDate><description>{body}</description></item>"
        )
    return out


def _iso(when: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def rss(entries: list[str]) -> bytes:
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title><link>https://a.example/</link>'
    return (head + "".join(entries) + "</channel></rss>\n").encode()


def atom(entries: list[str]) -> bytes:
    head = '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Archive</title>'
    return (head + "<updated>2026-01-01T00:00:00Z</updated>" + "".join(entries) + "</feed>\n").encode()


def numbers(store: Store) -> list[int]:
    return sorted(int(h.title.removeprefix("Episode ")) for h in store.headers(feed_of(store).id))


@pytest.mark.parametrize("ranges", ["", "bytes", "ignored", "refused"])
def test_an_oldest_first_feed_has_its_newest_stories_read(
    store: Store, feed_server: FeedServer, ranges: str
) -> None:
    """Gzipped and streamed (no ranges), or plain with ranges honoured, ignored (a 200 to the range request: the
    body is streamed) or refused (asked for again, whole): the same newest episodes are stored, and the warning
    says the oldest were skipped."""
    document = rss(items(1000))
    assert len(document) > 10 * CAP
    feed_server.set("/archive.xml", document, ranges=ranges)
    store.add_feed(feed_server.url("/archive.xml"))
    [result] = refresh(store, max_bytes=CAP)
    stored = numbers(store)
    assert (result.outcome, result.error) == ("new", "")
    assert stored[-1] == 999 and stored == list(range(stored[0], 1000))  # the newest, every one of them whole
    assert 50 < len(stored) < 100
    said = re.fullmatch(NEWEST, result.warning)
    assert said is not None, result.warning
    assert int(said[2]) == len(stored)
    assert "not read" not in result.warning
    feed = feed_of(store)
    assert feed.status.warning == result.warning and not feed.status.failing
    assert feed.content_hash.startswith("cut:")  # not the whole document
    assert feed_server.gzipped["/archive.xml"] == (1 if not ranges else 0)
    assert feed_server.ranged["/archive.xml"] == (1 if ranges == "bytes" else 0)
    if ranges == "bytes":  # the last bytes asked for, not the whole document downloaded again
        assert feed_server.ranged_bytes["/archive.xml"] <= CAP


@pytest.mark.parametrize("ranges", ["", "bytes"])
def test_a_newest_first_feed_keeps_its_first_part_and_asks_for_no_range(
    store: Store, feed_server: FeedServer, ranges: str
) -> None:
    feed_server.set("/news.xml", rss(list(reversed(items(1000)))), ranges=ranges)
    store.add_feed(feed_server.url("/news.xml"))
    [result] = refresh(store, max_bytes=CAP)
    stored = numbers(store)
    assert stored[-1] == 999 and stored == list(range(stored[0], 1000))
    assert re.fullmatch(
        r"only the first 64 KB read \(the feed is larger\): all \d+ stories in them kept", result.warning
    )
    assert feed_server.ranged["/news.xml"] == 0


def test_what_is_held_stays_within_the_cap(feed_server: FeedServer) -> None:
    """The body handed on is at most the cap, whatever the document's size; the window under it holds at most
    the cap and one piece at any time, however the stream is cut into pieces."""
    feed_server.set("/archive.xml", rss(items(1200)))
    with make_client() as client:
        result = fetch(client, FetchRequest(feed_server.url("/archive.xml")), max_bytes=CAP)
    assert result.cut and len(result.body) <= CAP
    assert result.skipped > 12 * CAP and result.stopped_at == 0
    assert result.body.startswith(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>')
    assert result.body.rstrip().endswith(b"</channel></rss>")

    window = Window(1000)
    sizes = [1, 999, 1000, 3000, 7, 250, 250, 250, 250, 1]
    for n, size in enumerate(sizes):
        window.add(bytes([65 + n]) * size)
    kept, dropped = window.value()
    assert window.most <= 1000 + max(sizes)
    assert len(kept) == 1000 and dropped == sum(sizes) - 1000
    assert kept == b"F" * 249 + b"G" * 250 + b"H" * 250 + b"I" * 250 + b"J"


def test_a_new_episode_at_the_end_of_an_oldest_first_feed_is_stored(
    store: Store, feed_server: FeedServer
) -> None:
    """The point of it all: an archive gets its new episode at its end, past the cap, and the next refresh stores
    it. A 304 in between keeps the warning."""
    feed_server.set("/archive.xml", rss(items(1000)))
    store.add_feed(feed_server.url("/archive.xml"))
    [first] = refresh(store, max_bytes=CAP)
    [same] = refresh(store, max_bytes=CAP)
    assert (same.outcome, same.warning) == ("unchanged", first.warning)
    feed_server.set("/archive.xml", rss(items(1001)))
    [second] = refresh(store, max_bytes=CAP)
    assert (second.outcome, second.new) == ("new", 1)
    assert numbers(store)[-1] == 1000


def test_reading_stops_after_twenty_caps_and_says_the_newest_were_not_reached(
    store: Store, feed_server: FeedServer
) -> None:
    """A document past the bound on what is read (twenty caps): the part read last is kept, whole items only,
    and the warning says reading stopped before the newest."""
    document = rss(items(5000))
    assert len(document) > 2 * READ_AT_MOST * CAP
    feed_server.set("/huge.xml", document)
    store.add_feed(feed_server.url("/huge.xml"))
    [result] = refresh(store, max_bytes=CAP)
    stored = numbers(store)
    assert stored == list(range(stored[0], stored[-1] + 1))
    assert stored[0] > 1000 and stored[-1] < 2500  # from the middle: about 20 caps in
    said = re.fullmatch(
        r"only 64 KB of the feed read, after skipping its first ([\d.]+ MB) \(it lists its oldest first, and"
        r" reading stopped after ([\d.]+ MB), before its end\): all (\d+) stories in them kept; its newest"
        r" stories were not reached",
        result.warning,
    )
    assert said is not None, result.warning
    assert said[2] == "1.2 MB" and int(said[3]) == len(stored)  # 20 x 64 KB: 1.25 MB


def test_a_server_that_hangs_mid_body_keeps_what_was_read(store: Store, feed_server: FeedServer) -> None:
    """The fetch's time runs out while the newest part is read: what came is kept, and said not to be the end."""
    feed_server.set("/hangs.xml", rss(items(1000)), ranges="stall")
    store.add_feed(feed_server.url("/hangs.xml"))
    [result] = refresh(store, max_bytes=CAP, timeout=2)
    assert (result.outcome, result.error) == ("new", "")
    stored = numbers(store)
    assert 400 < stored[-1] < 500  # the half that was sent
    assert result.warning.endswith("; its newest stories were not reached")


def test_a_part_sent_to_a_request_for_the_whole_is_not_the_whole(
    store: Store, feed_server: FeedServer
) -> None:
    """A 206 that answers no range request: its first half read as a document cut short, not as the whole feed
    (which stored it without a word); a part from the middle is no document."""
    feed_server.set("/half.xml", rss(list(reversed(items(300)))), ranges="unasked")
    feed_server.set("/middle.xml", rss(items(300)), ranges="unasked-middle")
    store.add_feed(feed_server.url("/half.xml"))
    store.add_feed(feed_server.url("/middle.xml"))
    half, middle = sorted(refresh(store), key=lambda r: r.name)
    assert re.fullmatch(
        r"only the first 116 KB read \(the server sent part of the feed\): all \d+ stories in them kept",
        half.warning,
    )
    assert (
        middle.error == "the server sent part of the feed (206) from its middle, to a request for all of it"
    )


def test_an_unasked_part_is_said_by_its_size_not_the_caps(store: Store, feed_server: FeedServer) -> None:
    """The warning of a 206 nobody asked for says what was read: it said "only the first 10 MB read (the feed is
    larger)" of a part of a few kilobytes, and of one that held no whole story, that its first 10 MB held none."""
    stories = [
        {"id": f"ep-{n}", "title": f"Episode {n}", "content_text": "An episode, told at length. " * 40}
        for n in range(40)
    ]
    document = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": stories})
    feed_server.set("/half.json", document, content_type="application/feed+json", ranges="unasked")
    feed_server.set("/one.xml", rss(items(1, text="One long episode. " * 2000)), ranges="unasked")
    store.add_feed(feed_server.url("/half.json"))
    store.add_feed(feed_server.url("/one.xml"))
    by_url = {r.name: r for r in refresh(store)}
    assert len(by_url) == 2
    half_json, one = by_url["J"], next(r for n, r in by_url.items() if n != "J")
    assert re.fullmatch(
        r"only the first 2\d KB read \(the server sent part of the feed\): all \d+ stories in them kept",
        half_json.warning,
    ), half_json.warning
    assert one.error == "the server sent part of the feed, and its first 18 KB hold no whole story", one.error


def test_a_feed_over_the_real_cap_is_read_from_a_range(store: Store, feed_server: FeedServer) -> None:
    """At the 10 MB cap, served plain with ranges: the order is told on the first megabyte, and the last bytes
    are asked for; the newest episodes are stored."""
    document = rss(items(3400, text="A long episode of the archive, told at length and in full. " * 60))
    assert len(document) > 11 * 2**20
    feed_server.set("/big.xml", document, ranges="bytes")
    store.add_feed(feed_server.url("/big.xml"))
    [result] = refresh(store)
    stored = numbers(store)
    assert (result.outcome, stored[-1]) == ("new", 3399), (result.warning, feed_server.ranged["/big.xml"])
    assert feed_server.ranged["/big.xml"] == 1 and feed_server.ranged_bytes["/big.xml"] <= MAX_BYTES
    assert re.fullmatch(
        r"only its last 10 MB read \(the feed is larger and lists its oldest first: its oldest 1\.\d MB"
        r" skipped\): the newest 2,000 of the [\d,]+ stories in them kept",
        result.warning,
    ), result.warning


def test_an_atom_archive_oldest_first_has_its_newest_read(store: Store, feed_server: FeedServer) -> None:
    feed_server.set("/atom.xml", atom(items(1000, atom=True)), content_type="application/atom+xml")
    store.add_feed(feed_server.url("/atom.xml"))
    [result] = refresh(store, max_bytes=CAP)
    stored = numbers(store)
    assert stored[-1] == 999 and stored == list(range(stored[0], 1000))
    assert feed_of(store).name == "Atom Archive"  # the head was kept
    assert re.fullmatch(NEWEST, result.warning), result.warning


def test_a_json_feed_oldest_first_keeps_its_first_part_and_says_so(
    store: Store, feed_server: FeedServer
) -> None:
    """JSON Feed keeps its first part: a window starts inside a JSON string as easily as between two items."""
    entries = [
        {
            "id": f"ep-{n}",
            "title": f"Episode {n}",
            "date_published": _iso(1_700_000_000 + 60 * n),
            "content_text": "Told at length. " * 40,
        }
        for n in range(300)
    ]
    document = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": entries})
    feed_server.set("/feed.json", document, content_type="application/feed+json")
    store.add_feed(feed_server.url("/feed.json"))
    [result] = refresh(store, max_bytes=CAP)
    assert numbers(store)[0] == 0
    assert result.warning.endswith("; the feed lists its oldest first, so its newest stories were not read")


def test_the_order_and_the_first_whole_item_are_told_from_the_bytes() -> None:
    """The look at the first items' dates (RSS, Atom, RDF, ISO and RFC 822 dates), and where a window that starts
    anywhere has its first whole item: not one inside a CDATA section or a comment it starts in."""
    assert listed_oldest_first(rss(items(10))) is True
    assert listed_oldest_first(rss(list(reversed(items(10))))) is False
    assert listed_oldest_first(atom(items(10, atom=True))) is True
    assert listed_oldest_first(b'{"items": [{"date_published": "2026-01-01T00:00:00Z"}]}') is None
    assert listed_oldest_first(rss(items(1))) is None
    rdf = b"<rdf:RDF><channel><items><rdf:Seq/></items></channel>" + b"".join(
        b'<item rdf:about="x"><dc:date>2026-01-0%dT10:00:00Z</dc:date></item>' % d for d in (1, 2, 3)
    )
    assert listed_oldest_first(rdf) is True
    window = b"ter.</p><p><item>in the text</item>]]></description></item><item><title>Whole</title></item>"
    assert window[first_item(window) :].startswith(b"<item><title>Whole")
    window = b"comment <entry> in it --></item><!-- <item> --><item>Whole</item>"
    assert window[first_item(window) :] == b"<item>Whole</item>"
    assert first_item(b"<items><rdf:Seq/></items>") == -1


@pytest.mark.parametrize("ranges", ["", "ignored"])
def test_reading_the_newest_holds_about_twice_the_cap_at_most(feed_server: FeedServer, ranges: str) -> None:
    """A 25 MB archive at the 10 MB cap, gzipped or plain (the range ignored, so streamed): the window holds the
    cap and a piece, and the body handed on is at most the cap: allocations peak under the same bound as a first
    part kept (see tests/test_fetch.py), not at the document's size."""
    document = rss(items(32000, text="A long episode of the archive, told at length and in full. " * 12))
    assert len(document) > 25 * 2**20
    feed_server.set("/archive.xml", document, ranges=ranges)
    with make_client() as client:
        tracemalloc.start()
        try:
            result = fetch(client, FetchRequest(feed_server.url("/archive.xml")))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert (result.outcome, result.cut, result.stopped_at) == ("ok", True, 0)
    assert len(result.body) <= MAX_BYTES and result.skipped > 15 * 2**20
    assert b"<title>Episode 31999</title>" in result.body[-(2**20) :]  # the newest, at the end
    assert peak < 24 * 2**20, f"peak {peak / 2**20:.1f} MB"


def test_a_local_file_listed_oldest_first_has_its_newest_read(store: Store, tmp_path: Path) -> None:
    """A feed file on disk: its head and its last bytes are read where they are; a gzipped one is decoded through
    the same window as a gzipped answer; a gzipped one cut short fails in words (its end is never reached)."""
    document = rss(items(1000))
    packed = gzip.compress(document)
    (tmp_path / "archive.xml").write_bytes(document)
    (tmp_path / "archive.xml.gz").write_bytes(packed)
    (tmp_path / "cut.xml.gz").write_bytes(packed[: len(packed) * 3 // 4])
    for name in ("archive.xml", "archive.xml.gz", "cut.xml.gz"):
        store.add_feed(str(tmp_path / name))
    names = {f.id: Path(f.url).name for f in store.feeds()}
    results = {names[r.feed_id]: r for r in refresh(store, max_bytes=CAP)}
    for name in ("archive.xml", "archive.xml.gz"):
        assert re.fullmatch(NEWEST, results[name].warning), results[name].warning
    assert results["cut.xml.gz"].error == f"the gzipped file is cut short: {tmp_path / 'cut.xml.gz'}"
    by_name = {Path(f.url).name: {h.title for h in store.headers(f.id)} for f in store.feeds()}
    assert by_name["archive.xml"] == by_name["archive.xml.gz"]
    assert "Episode 999" in by_name["archive.xml"] and "Episode 0" not in by_name["archive.xml"]


def test_an_item_larger_than_the_cap_at_the_end_is_said_in_words(
    store: Store, feed_server: FeedServer
) -> None:
    """The last item alone is larger than the cap: the part read for the newest holds no whole story, and the
    error says so of that part, not of the feed's first bytes (which held whole stories)."""
    document = rss([*items(300), *items(1, start=300, text="x" * 2 * CAP)])
    feed_server.set("/last.xml", document)
    store.add_feed(feed_server.url("/last.xml"))
    [result] = refresh(store, max_bytes=CAP)
    assert result.error == (
        "the feed is larger than the 64 KB cap, and the part of it read for its newest holds no whole story"
    )
