"""The store itself refuses a second subscription of one address, however it is written (`add` and `import`
check before they call it; any other caller did not), and the address key's fast path agrees with taking the
address apart."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from feeds.addresses import _parsed_key, address_key
from feeds.refresh import refresh
from feeds.store import DuplicateFeed, Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


def test_a_second_subscription_of_one_address_is_refused_by_the_store(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Compared as written, "HTTP://127.0.0.1:PORT/feed.xml" was a second subscription of the feed: each refresh
    stored every story twice, each shown twice."""
    feed_server.set("/feed.xml", make_feed(8, 4))
    url = feed_server.url("/feed.xml")
    with Store(tmp_path / "data") as store:
        first = store.add_feed(url, title="First")
        with pytest.raises(DuplicateFeed, match="already subscribed to"):
            store.add_feed(url.replace("http://", "HTTP://"))
        with pytest.raises(DuplicateFeed):  # all or none: the new address before it is not added either
            store.add_feeds(
                [(feed_server.url("/other.xml"), "", (), ""), (url.replace("http:", "Http:"), "", (), "")]
            )
        assert [f.id for f in store.feeds()] == [first.id]
        (result,) = refresh(store)
        assert result.outcome == "new" and store.story_count() == 4
    with Store(tmp_path / "data") as store:
        assert [f.id for f in store.feeds()] == [first.id]


def test_two_entries_of_one_address_in_one_call_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "data") as store:
        with pytest.raises(DuplicateFeed, match="already subscribed to https://example.org/feed"):
            store.add_feeds(
                [
                    ("https://example.org:443/feed", "A", (), ""),
                    ("https://example.net/feed", "B", (), ""),
                    ("https://example.org/feed", "C", (), ""),
                ]
            )
        assert store.feeds() == []
        added = store.add_feeds(
            [("https://example.org/feed", "", (), ""), ("http://example.org/feed", "", (), "")]
        )
        assert len(added) == 2  # another scheme is another address: a site may serve each


def test_the_fast_path_of_the_address_key_agrees_with_taking_the_address_apart() -> None:
    """An address already in key form is returned without ``urlsplit``; any other is taken apart. Across
    every mix of the parts the two ways could disagree on, they give the same key."""
    schemes = ["http", "https", "HTTP", "Https", "ftp", "feed", "file"]
    hosts = ["a.example", "A.example", "xn--bcher-kva.example", "BÜCHER.example", "☃.example", "127.0.0.1", "[::1]", "[::1]:80", "u:p@a.example", "u@a.example",
             "a.example:80", "a.example:443", "a.example:8080", "a_b.example", "a.example.", "bücher.example"]  # fmt: skip
    paths = ["", "/", "/feed", "//x", "/a b", "/a\tb", "/ü", "/a;b", "/a@b", "/%7E", "/%7e", "/%2F", "/%2f", "/%zz",
             "/%", "/%C3%BC", "/a|b", "/a[b]", "/./x", "/a/..", "/.x", "/x/.", "/%2E%2E/x", "/a%20b"]  # fmt: skip
    queries = ["", "?", "?a=1", "?a=1?b", "?a b", "?a=%2F", "?a=%2f", "?a=%41", "?a=+", "?%"]
    fragments = ["", "#", "#x", "#x#y", "#x?y", "#%7E", "#%3A"]
    # Every host with a few paths, and every path, query and fragment with a few hosts (all of them: 12 s).
    mixes = itertools.chain(
        itertools.product(schemes, hosts, ["", "/", "/feed", "/a b", "/%7e"], ["", "?", "?a b"], ["", "#x"]),
        itertools.product(["http", "HTTPS", "file", "feed"], ["a.example", "A.example:80", "bücher.example"],
                          paths, queries, fragments),
    )  # fmt: skip
    urls = [f"{s}://{h}{p}{q}{f}" for s, h, p, q, f in mixes]
    urls += [" https://a.example/x", "https://a.example/x\n", "https://a.example\\x", "https:/a.example/x"]
    urls += ["/x/y.xml", "/x/a%20b.xml", "file:///x/y.xml", "x.xml", "./x.xml", "~/x.xml", ""]
    wrong = [(u, address_key(u), _parsed_key(u)) for u in urls if address_key(u) != _parsed_key(u)]
    assert wrong == []
    unsettled = [(u, key) for u in urls if address_key(key := address_key(u)) != key]
    assert unsettled == []  # a key is its own key: comparing keys of keys changes nothing
    assert address_key("HTTP://A.example:80") == "http://a.example/"
