"""Feeds larger than the size cap, or past the parser's element budget, served from 127.0.0.1 and refreshed into a
real store in a temporary folder: their first whole items are stored, and the feed carries a warning in words that
is no failure. Podcast and archive feeds reach 10-30 MB; over the 10 MB cap they failed whole ("body larger than the
10 MB cap"), and a document past 100,000 elements was stored in part without a word."""

from __future__ import annotations

import email.utils
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.fetch import MAX_BYTES
from feeds.model import Feed
from feeds.refresh import refresh
from feeds.store import Store
from feeds.store_saving import Retention
from tests import httpserver
from tests.feedgen import make_feed

feed_server = httpserver.feed_server

MB = 2**20
SMALL_CAP = 64 * 1024


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data", retention=Retention(max_per_feed=0))  # keeps all: nothing may be lost
    yield s
    s.close()


def feed_of(store: Store) -> Feed:
    [feed] = store.feeds()
    return feed


def rss(items: list[str], title: str = "Archive") -> bytes:
    head = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
    return (head + "".join(items) + "</channel></rss>").encode()


def item(n: int, day: int | None = None, text: str = "") -> str:
    date = f"<pubDate>Mon, {1 + (day if day is not None else n) % 28:02d} Jun 2026 10:00:00 GMT</pubDate>"
    body = text or f"The whole text of episode {n}, to its last word."
    return (
        f"<item><guid>ep-{n}</guid><title>Episode {n}</title>{date}<description>{body}</description></item>"
    )


def test_a_12_mb_feed_stores_its_first_items_with_a_warning_and_a_smaller_one_clears_it(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """The whole path at the real cap: served gzipped with validators, kept to its first 10 MB, read as a document
    cut short, stored with a warning (no failure); a 304 keeps the warning; a smaller document read whole clears
    it, and nothing stored is lost on the way."""
    body = make_feed(4, 5800)  # newest first, like a real feed: its first 10 MB are its newest items
    assert len(body) > 12 * MB
    feed_server.set("/podcast.xml", body)
    store.add_feed(feed_server.url("/podcast.xml"))

    [result] = refresh(store)
    feed = feed_of(store)
    assert feed_server.gzipped["/podcast.xml"] == 1  # decoded and capped as it arrived
    assert (result.outcome, result.error) == ("new", "")
    assert result.warning.startswith(
        "only the first 10 MB read (the feed is larger): the newest 2,000 of the "
    )  # the item cap is not named: the user hears of what was kept
    assert result.warning.endswith(" stories in them kept")
    assert "oldest" not in result.warning
    assert feed.status.warning == result.warning
    assert (feed.status.failures, feed.status.last_error, feed.status.failing) == (0, "", False)
    assert feed.status.last_success is not None
    assert feed.etag and feed.content_hash.startswith("cut:")  # a cut body is never taken for a whole one
    titles = {h.title for h in store.headers(feed.id)}
    assert len(titles) == 2000  # the item cap: the newest 2,000 of what was read
    assert any("(4-5799)" in t for t in titles)  # the newest item, first in the document
    stored = [store.story(h.id) for h in store.headers(feed.id)]
    assert all(s is not None and s.text.rstrip().endswith("our site.") for s in stored)  # whole texts only
    kept = {h.id for h in store.headers(feed.id)}

    [again] = refresh(store)  # the same document: 304, nothing downloaded, and it still says so
    assert (again.outcome, again.warning) == ("unchanged", result.warning)
    assert feed_server.headers("/podcast.xml").get("if-none-match") == feed.etag
    assert feed_of(store).status.warning == result.warning

    feed_server.set("/podcast.xml", make_feed(4, 50, generation=5751))  # trimmed to its 50 newest, one new
    [whole] = refresh(store)
    feed = feed_of(store)
    assert (whole.outcome, whole.new, whole.warning, whole.error) == ("new", 1, "", "")
    assert (feed.status.warning, feed.status.failures) == ("", 0)
    assert not feed.content_hash.startswith("cut:")
    assert kept < {h.id for h in store.headers(feed.id)}  # nothing stored was lost


def test_a_cut_body_is_not_taken_for_the_whole_document_of_the_same_first_bytes(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Without validators, a body is known again by its hash. A document of exactly the cap and a longer one that
    starts with it give the same bytes; the longer one said "unchanged" and kept no warning, and the other way
    round a warning outlived the document that caused it."""
    whole = rss([item(n, day=9 - n) for n in range(3)])  # newest first
    whole += b"\n" * (SMALL_CAP - len(whole))
    longer = whole + b"<!-- more of the same document -->" + b"\n" * 1000
    feed_server.set("/exact.xml", whole, validators=False)
    store.add_feed(feed_server.url("/exact.xml"))

    [first] = refresh(store, max_bytes=SMALL_CAP)
    assert (first.outcome, first.new, first.warning) == ("new", 3, "")
    feed_server.set("/exact.xml", longer, validators=False)
    [cut] = refresh(store, max_bytes=SMALL_CAP)
    assert cut.warning == "only the first 64 KB read (the feed is larger): all 3 stories in them kept"
    assert feed_of(store).status.warning == cut.warning
    [same] = refresh(store, max_bytes=SMALL_CAP)  # the same cut body again: nothing parsed, the warning stays
    assert (same.outcome, same.warning) == ("unchanged", cut.warning)
    feed_server.set("/exact.xml", whole, validators=False)
    [back] = refresh(store, max_bytes=SMALL_CAP)
    assert (back.warning, feed_of(store).status.warning) == ("", "")


def test_an_oldest_first_feed_has_its_newest_read(store: Store, feed_server: httpserver.FeedServer) -> None:
    """An archive listing its episodes oldest first: its first bytes are its oldest episodes, so its newest are
    read instead (its head and its last bytes, see tests/test_oversize_newest.py), and the warning says its
    oldest were skipped. Its newest never reached the reader before."""
    filler = "An episode of the archive, told at length. " * 20
    document = rss([item(n, text=filler) for n in range(200)])
    assert len(document) > 2 * SMALL_CAP
    feed_server.set("/archive.xml", document)
    store.add_feed(feed_server.url("/archive.xml"))
    [result] = refresh(store, max_bytes=SMALL_CAP)
    titles = [h.title for h in store.headers(feed_of(store).id)]
    assert "Episode 199" in titles and "Episode 0" not in titles
    count = len(titles)
    assert 20 < count < 100
    said = re.fullmatch(
        r"only its last 64 KB read \(the feed is larger and lists its oldest first: its oldest (\d+) KB skipped\):"
        rf" all {count} stories in them kept",
        result.warning,
    )
    assert said is not None, result.warning
    assert len(document) - 64 * 1024 - 1024 < int(said[1]) * 1024 < len(document)


def test_a_document_over_the_element_budget_is_stored_with_a_warning(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """100,000 elements are read at most (a hostile body of tags would hold a worker for minutes): what was read
    was stored, and nothing said that the rest of the feed was not."""
    tags = "<category>c</category>" * 150
    document = rss([item(n).replace("</item>", tags + "</item>") for n in range(1000)])
    assert len(document) < MAX_BYTES
    feed_server.set("/tags.xml", document)
    store.add_feed(feed_server.url("/tags.xml"))
    [result] = refresh(store)
    read = len(store.headers(feed_of(store).id))
    assert (result.outcome, result.error) == ("new", "")
    assert 500 <= read < 1000
    assert result.warning.startswith("not read to its end (more than 100,000 elements): ")
    assert feed_of(store).status.warning == result.warning and not feed_of(store).status.failing


def test_a_local_file_over_the_cap_is_read_in_part_too(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "archive.xml.gz"
    path.write_bytes(gzip.compress(rss([item(n) for n in reversed(range(2000))])))  # newest first
    store.add_feed(str(path))
    [result] = refresh(store, max_bytes=SMALL_CAP)
    assert result.outcome == "new" and result.warning.startswith(
        "only the first 64 KB read (the feed is larger): "
    )


def test_nothing_whole_in_the_first_bytes_is_a_failure_in_words(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/one.xml", rss([item(0, text="x" * 2 * SMALL_CAP)]))
    feed_server.set(
        "/feed.json", b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b" " * 2 * SMALL_CAP
    )
    store.add_feed(feed_server.url("/one.xml"))
    store.add_feed(feed_server.url("/feed.json"))
    errors = sorted(r.error for r in refresh(store, max_bytes=SMALL_CAP))
    assert errors == ["the feed is larger than the 64 KB cap, and its first 64 KB hold no whole story"] * 2
    assert all(f.status.failing and not f.status.warning for f in store.feeds())


def test_older_versions_read_the_warning_as_nothing(store: Store) -> None:
    """A store written with the warning opens in a version without it (an unknown key is dropped), and one without
    it reads as no warning."""
    feed = Feed.from_dict({"id": "f1", "url": "https://a.example/rss", "status": {"failures": 0}})
    assert feed.status.warning == ""
    data = feed.with_status(warning="only the first 10 MB read").to_dict()
    assert data["status"]["warning"] == "only the first 10 MB read"


def test_a_cut_inside_a_character_does_not_change_the_charset(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """The cap falls where it falls, often inside a UTF-8 character: a body that does not decode as UTF-8 was
    read in another charset, every Greek letter of the stories kept as mojibake."""
    document = rss([item(n, day=27 - n, text=f"Ειδήσεις από την Ελλάδα, μέρος {n}.") for n in range(40)])
    inside = document.index("Ελλάδα, μέρος 30".encode()) + 1  # the second byte of the 'Ε'
    feed_server.set("/greek.xml", document)
    store.add_feed(feed_server.url("/greek.xml"))
    [result] = refresh(store, max_bytes=inside)
    assert result.warning.endswith(" read (the feed is larger): all 30 stories in them kept")
    texts = sorted(s.text for h in store.headers() if (s := store.story(h.id)) is not None)
    assert len(texts) == 30 and all(t.startswith("Ειδήσεις από την Ελλάδα, μέρος ") for t in texts)


def test_audio_over_the_cap_is_refused_at_its_headers(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """An episode's address subscribed by mistake: no feed is served as audio, so its first megabytes are not
    downloaded on every refresh to be found binary."""
    audio = b"ID3" + random.Random(7).randbytes(2 * SMALL_CAP)  # sent gzipped, and still over the cap
    feed_server.set("/episode.mp3", audio, content_type="audio/mpeg")
    store.add_feed(feed_server.url("/episode.mp3"))
    [result] = refresh(store, max_bytes=SMALL_CAP)
    assert result.outcome == "failed" and result.error.startswith(
        "not a feed: the server sends audio/mpeg of 128"
    )


def test_a_json_feed_over_the_cap_keeps_its_whole_items(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A JSON Feed cut short is no JSON at all: it failed whole ("invalid JSON"). Its members and the items whole
    before the cut are read one by one, and a character split by the cut changes nothing."""
    items = [
        {"id": f"ep-{n}", "title": f"Épisode {n}", "content_text": f"Le texte entier de l'épisode {n}. " * 20}
        for n in reversed(range(300))
    ]
    document = json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Archives", "items": items},
        ensure_ascii=False,
    ).encode()
    inside = document.index("Épisode 260".encode()) + 1  # inside the 'É'
    feed_server.set("/feed.json", document, content_type="application/feed+json")
    store.add_feed(feed_server.url("/feed.json"))
    [result] = refresh(store, max_bytes=inside)
    feed = feed_of(store)
    titles = {h.title for h in store.headers(feed.id)}
    assert (feed.name, len(titles)) == ("Archives", 39)  # episodes 299 down to 261, whole
    assert "Épisode 299" in titles and "Épisode 261" in titles and "Épisode 260" not in titles
    assert result.warning.endswith(" read (the feed is larger): all 39 stories in them kept")
    assert not feed.status.failing


def dated_items(count: int, text: str = "") -> list[str]:
    """``count`` items, newest first, one minute apart (each its own date: retention keeps the newest by date)."""
    return [
        f"<item><guid>ep-{n}</guid><title>Episode {n}</title>"
        f"<pubDate>{email.utils.formatdate(1_780_000_000 - 60 * n, usegmt=True)}</pubDate>"
        f"<description>{text or f'The whole text of episode {n}.'}</description></item>"
        for n in range(count)
    ]


def test_the_warning_counts_the_stories_kept_not_only_the_ones_read(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """Retention keeps the newest 500 stories of a feed by default, and the warning said "1,095 stories" of a
    feed with 500 stored: the count is of the stories kept, out of the ones read."""
    feed_server.set("/big.xml", rss(dated_items(3000)))
    with Store(tmp_path / "data") as store:  # the default retention
        assert store.retention.max_per_feed == 500
        store.add_feed(feed_server.url("/big.xml"))
        [result] = refresh(store, max_bytes=256 * 1024)
        feed = feed_of(store)
        assert len(store.headers(feed.id)) == 500
        said = re.fullmatch(
            r"only the first 256 KB read \(the feed is larger\): the newest 500 of the ([\d,]+) stories in them kept",
            result.warning,
        )
        assert said is not None, result.warning
        assert 1000 < int(said[1].replace(",", "")) < 3000
        assert feed.status.warning == result.warning and not feed.status.failing


def test_a_feed_added_over_the_cap_counts_the_stories_kept(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """`newsdesk add` stores the stories of the document it fetched, retention and all: its warning counts them
    as a refresh's does."""
    from feeds.subscribe import subscribe

    document = rss(dated_items(1200, text="A long episode, told at length. " * 300))
    assert len(document) > MAX_BYTES
    feed_server.set("/added.xml", document)
    with Store(tmp_path / "data") as store:
        feed, _saved = subscribe(store, feed_server.url("/added.xml"))
        assert len(store.headers(feed.id)) == 500
        said = re.fullmatch(
            r"only the first 10 MB read \(the feed is larger\): the newest 500 of the ([\d,]+) stories in them kept",
            feed.status.warning,
        )
        assert said is not None, feed.status.warning
        assert feed_of(store).status.warning == feed.status.warning


def test_an_oldest_first_feed_with_fewer_kept_says_it_without_contradiction(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """An oldest-first archive past the cap, with retention keeping fewer than were read: the warning said "500
    of 1,095 stories kept, the newest of ... read" and then "these are its oldest", which read as a contradiction.
    Its newest are read now; the warning says which of the ones read are kept, and that its oldest were skipped."""
    feed_server.set("/old-first.xml", rss(list(reversed(dated_items(3000)))))  # oldest first
    with Store(tmp_path / "data") as store:  # the default retention: the newest 500
        store.add_feed(feed_server.url("/old-first.xml"))
        [result] = refresh(store, max_bytes=256 * 1024)
        said = re.fullmatch(
            r"only its last 256 KB read \(the feed is larger and lists its oldest first: its oldest [\d.]+ KB"
            r" skipped\): the newest 500 of the ([\d,]+) stories in them kept",
            result.warning,
        )
        assert said is not None, result.warning
        assert "these are its oldest" not in result.warning
        titles = {h.title for h in store.headers(feed_of(store).id)}
        assert len(titles) == 500 and "Episode 0" in titles  # the newest item, last in the document
