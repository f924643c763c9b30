"""`newsdesk add URL` parses the document it fetched once. It parsed it twice: once to see whether it was a feed,
then again under the new feed's id, and for an 8 MB JSON Feed the second parse was most of the command's time.
The one parse is made under the id the feed is then given, read as a refresh reads it, so what is stored is what
the second parse stored: the same stories, the same ids.

Real feeds of ../shared/data served from 127.0.0.1, the real subscribe; ``feeds.parse.parse_feed`` wrapped to count
its calls (each call goes through to the real parser)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import feeds.parse
from feeds.parse import parse_feed
from feeds.store import Store
from feeds.subscribe import subscribe
from tests import httpserver
from tests.conftest import SHARED_DATA
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

NEWS = SHARED_DATA / "feeds" / "news"
EDGE = SHARED_DATA / "feeds" / "edge"
JSON = "application/feed+json"
FEEDS = [  # (file, content type): RSS, Atom, RDF, Latin-1 and a JSON Feed
    (NEWS / "bbc-news-home_2021-10.xml", httpserver.RSS),
    (NEWS / "tpm_talkingpointsmemo.atom", "application/atom+xml"),
    (NEWS / "heise-online_2018-10.rdf", "application/rdf+xml"),
    (NEWS / "golem-de_2018-10_iso-8859-1.xml", "application/rss+xml"),
    (EDGE / "rsp_DaringFireball.json", JSON),
]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The feed id of each call of feeds.parse.parse_feed (subscribe imports it from there on every call)."""
    calls: list[str] = []
    real: Callable[..., Any] = feeds.parse.parse_feed

    def counted(body: bytes, feed_id: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(feed_id)
        return real(body, feed_id, *args, **kwargs)

    monkeypatch.setattr(feeds.parse, "parse_feed", counted)
    return calls


def _stored_as_a_refresh_reads(store: Store, feed_id: str, body: bytes, url: str, content_type: str) -> None:
    """The stories stored are those of a parse of ``body`` under the feed's id at the time of the subscription,
    as the second parse made them (every field a story list or a story shows, and the id)."""
    feed = store.get_feed(feed_id)
    assert feed is not None and feed.status.last_attempt is not None
    expected = parse_feed(body, feed_id, url=url, content_type=content_type, now=feed.status.last_attempt)
    assert expected.stories
    stored = {s.id: s for s in store.stories(feed_id)}
    assert len(stored) == len(expected.stories)
    for story in expected.stories:
        got = stored[story.id]
        assert (got.title, got.link, got.author, got.published, got.updated, got.first_seen) == (
            story.title,
            story.link,
            story.author,
            story.published,
            story.updated,
            story.first_seen,
        )
        assert (got.text, tuple(got.links), got.content_hash) == (
            story.text,
            tuple(story.links),
            story.content_hash,
        )


@pytest.mark.parametrize(("path", "content_type"), FEEDS, ids=lambda p: getattr(p, "name", ""))
def test_add_parses_a_feed_once_and_stores_what_the_second_parse_stored(
    path: Path, content_type: str, parses: list[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    body = path.read_bytes()
    feed_server.set("/feed", body, content_type=content_type)
    with Store(tmp_path / "store") as store:
        feed, saved = subscribe(store, feed_server.url("/feed"), timeout=5)
        assert parses == [feed.id]  # one parse, under the id the feed was given
        assert saved is not None and saved.new
        _stored_as_a_refresh_reads(store, feed.id, body, feed_server.url("/feed"), content_type)


def test_a_page_naming_a_feed_behind_a_temporary_redirect_is_parsed_once_and_the_feed_once(
    parses: list[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    """The page is parsed to find it is no feed, the feed it names once; the feed is read against the address
    its body came from (a 302 away), as the second parse read it."""
    body = (NEWS / "nytimes-us_2021.xml").read_bytes()
    feed_server.set("/site/", '<html><head><link rel="alternate" type="application/rss+xml" href="feed"></head></html>',
                    content_type="text/html")  # fmt: skip
    feed_server.set("/elsewhere/real.xml", body)
    feed_server.move("/site/feed", "/elsewhere/real.xml", code=302)
    with Store(tmp_path / "store") as store:
        feed, _ = subscribe(store, feed_server.url("/site/"), timeout=5)
        assert feed.url == feed_server.url("/site/feed")
        assert parses == [feed.id, feed.id]
        _stored_as_a_refresh_reads(
            store, feed.id, body, feed_server.url("/elsewhere/real.xml"), httpserver.RSS
        )


def test_an_id_taken_while_the_feed_was_fetched_gives_the_feed_another_and_its_stories_that_one(
    parses: list[str], feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The id is chosen before the fetch; a feed added meanwhile (the reader, while `add` waits for a slow
    server) may take it. The feed then gets another, and its document is read again under that one."""
    import secrets
    import threading

    drawn = iter(["aaaa0001", "aaaa0001", "bbbb0002"])  # the random ids drawn, made to meet
    monkeypatch.setattr(secrets, "token_hex", lambda _n=None: next(drawn))
    body = (NEWS / "npr-news_latest.xml").read_bytes()
    feed_server.set("/slow", body)
    gate = feed_server.hold("/slow")
    with Store(tmp_path / "store") as store:
        done: list[Any] = []
        adding = threading.Thread(
            target=lambda: done.append(subscribe(store, feed_server.url("/slow"), timeout=5))
        )
        adding.start()
        while feed_server.count("/slow") == 0:
            threading.Event().wait(0.005)
        other = store.add_feed("https://example.com/other")  # while the server holds the answer
        gate.set()
        adding.join(10)
        feed, _ = done[0]
        assert (other.id, feed.id) == ("aaaa0001", "bbbb0002")
        assert parses == ["aaaa0001", "bbbb0002"]
        _stored_as_a_refresh_reads(store, feed.id, body, feed_server.url("/slow"), httpserver.RSS)
        assert not store.headers(other.id)


def test_a_feed_a_page_names_gets_back_the_id_its_bookmarks_remember_in_one_parse(
    parses: list[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    """A feed removed and added again by the page that names it: the id is chosen for the address the page names,
    so the feed meets its bookmarks, and its document is still read once."""
    body = (NEWS / "rnz_2021.xml").read_bytes()
    feed_server.set("/news.xml", body)
    feed_server.set("/", '<html><head><link rel="alternate" type="application/rss+xml" href="/news.xml"></head></html>',
                    content_type="text/html")  # fmt: skip
    with Store(tmp_path / "store") as store:
        first, _ = subscribe(store, feed_server.url("/news.xml"), timeout=5)
        story = next(iter(store.stories(first.id)))
        store.bookmark(story.id)
        store.remove_feed(first.id)
        parses.clear()
        again, _ = subscribe(store, feed_server.url("/"), timeout=5)
        assert again.id == first.id
        assert (
            len(parses) == 2 and parses[1] == first.id
        )  # the page, then the feed it names under its id: once each
        assert story.id in {h.id for h in store.headers(again.id)}
