"""Answers from a real HTTP server on 127.0.0.1 that a seventh red-team pass found read wrongly: bodies whose
Content-Encoding names several codings, a Retry-After past a float's range, and a redirect that names no address."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from feeds.fetch import FetchRequest, fetch
from feeds.fetch_words import MAX_RETRY_AFTER
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpfaults import SAMPLE_FEED
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


@pytest.mark.parametrize(
    "codings", ["gzip,gzip", "deflate,gzip", "gzip,deflate", "raw-deflate,gzip", "gzip,gzip,gzip"]
)
def test_a_body_in_several_codings_is_read(
    feed_server: FeedServer, client: httpx.Client, codings: str
) -> None:
    """RFC 9110 lists codings in the order they were applied: a ``.xml.gz`` gzipped again on the way out, said so
    ("gzip, gzip"), failed on every refresh as "unsupported content encoding 'gzip, gzip'"."""
    feed_server["/feed.xml"] = SAMPLE_FEED
    result = fetch(client, FetchRequest(feed_server.url(f"/encoded/{codings}/feed.xml")))
    assert (result.outcome, result.error, result.body) == ("ok", "", SAMPLE_FEED)


def test_a_refresh_stores_a_feed_gzipped_twice_and_said_so(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server["/feed.xml"] = make_feed(3, 5)
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/encoded/gzip,gzip/feed.xml"))
        [result] = refresh(store)
        assert (result.outcome, result.new, result.error) == ("new", 5, "")


def test_each_layer_is_held_to_the_cap(feed_server: FeedServer, client: httpx.Client) -> None:
    """The inner layer inflates past the cap: it stops there, kept to its first bytes and said to be cut, as a
    single layer does."""
    feed_server["/big.xml"] = b"<rss>" + b" " * 3_000_000
    result = fetch(client, FetchRequest(feed_server.url("/encoded/gzip,gzip/big.xml")), max_bytes=1_000_000)
    assert (result.outcome, result.cut, len(result.body)) == ("ok", True, 1_000_000)
    assert result.body.startswith(b"<rss>    ")


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip,br", "gzip,gzip,gzip,gzip", "compress"])
def test_codings_never_asked_for_are_refused_in_words(
    feed_server: FeedServer, client: httpx.Client, coding: str
) -> None:
    feed_server["/feed.xml"] = SAMPLE_FEED
    # bytes that are no text: a plain body under such a name is read (tests/test_redteam11_http.py)
    result = fetch(client, FetchRequest(feed_server.url(f"/opaque/{coding}/feed.xml")))
    assert result.outcome == "error" and result.error.startswith("unsupported content encoding '"), (
        result.error
    )


@pytest.mark.parametrize("wait", ["1e400", "9" * 400, "Infinity"], ids=["1e400", "400-nines", "Infinity"])
def test_a_retry_after_past_a_floats_range_is_the_longest_wait(
    feed_server: FeedServer, client: httpx.Client, wait: str
) -> None:
    """A number of seconds too large for a float was taken as no Retry-After at all: the feed was fetched again
    at the next refresh, from a server that had asked for the longest wait it could write."""
    before = time.time()
    result = fetch(client, FetchRequest(feed_server.url(f"/status/429?retry_after={wait}")))
    assert result.outcome == "error" and result.retry_after is not None, result
    assert before + MAX_RETRY_AFTER <= result.retry_after <= time.time() + MAX_RETRY_AFTER


def test_a_retry_after_that_is_no_number_is_still_none(feed_server: FeedServer, client: httpx.Client) -> None:
    result = fetch(client, FetchRequest(feed_server.url("/status/503?retry_after=nan")))
    assert result.outcome == "error" and result.retry_after is None


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_without_a_location_says_so(
    feed_server: FeedServer, client: httpx.Client, code: int
) -> None:
    """It read "unexpected answer (301 Moved Permanently)": a redirect, but the words did not say what was
    wrong with it."""
    result = fetch(client, FetchRequest(feed_server.url(f"/status/{code}")))
    assert result.outcome == "error" and result.status_code == code
    assert "no Location header" in result.error and str(code) in result.error, result.error


def test_a_validator_too_long_to_send_back_is_not_kept(tmp_path: Path, feed_server: FeedServer) -> None:
    """A 10 KB ETag was stored and sent back as If-None-Match on every refresh after the first, and the web server
    in front refused each request for its header size: the feed failed for good ("unexpected answer (431 ...)"),
    as only a 200 could have replaced the validator."""
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/long-validators?n=10000"))
        for _ in range(3):
            [result] = refresh(store)
            assert result.error == "" and result.outcome in ("new", "unchanged"), result
        stored = store.get_feed(feed.id)
        assert stored is not None and stored.etag == ""


def test_a_validator_of_common_length_still_gives_a_304(tmp_path: Path, feed_server: FeedServer) -> None:
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/long-validators?n=200"))
        refresh(store)
        [result] = refresh(store)
        assert (result.outcome, result.error) == ("unchanged", "")
    assert feed_server.headers("/long-validators")["if-none-match"] == '"' + "e" * 198 + '"'


@pytest.mark.parametrize("port", ["99999", "0", "65536"])
def test_a_redirect_to_a_port_that_cannot_be_blames_the_redirect(
    feed_server: FeedServer, client: httpx.Client, port: str
) -> None:
    """It was tried, and read "connection refused": the feed's host seemed down, when its redirect was wrong."""
    result = fetch(
        client, FetchRequest(feed_server.url(f"/redirect-to?url=http://127.0.0.1:{port}/feed.xml"))
    )
    assert (result.outcome, result.error) == (
        "error",
        "redirect (302) to an invalid address: port out of range 1-65535",
    )


@pytest.mark.parametrize("via", ["", "/through"])  # straight back, or back through a consent page
def test_a_redirect_back_to_the_same_address_with_a_cookie_is_followed(
    feed_server: FeedServer, client: httpx.Client, via: str
) -> None:
    """A cookie check sends the first request back to the feed's own address with Set-Cookie: it read "redirect
    loop" on every refresh (each refresh starts without cookies), though one more request brings the feed."""
    result = fetch(client, FetchRequest(feed_server.url(f"/cookie-gate{via}")))
    assert (result.outcome, result.error, result.body) == ("ok", "", SAMPLE_FEED)
    assert result.permanent_url == ""


def test_a_redirect_back_without_a_cookie_is_still_a_loop(
    feed_server: FeedServer, client: httpx.Client
) -> None:
    result = fetch(client, FetchRequest(feed_server.url("/cookie-gate?cookie=no")))
    assert (result.outcome, result.error) == ("error", "redirect loop")


@pytest.mark.parametrize("host", ["xn--zz.example", "a..b.example", "a" * 300 + ".example"])
def test_a_host_name_that_is_no_domain_name_is_said_in_words(
    feed_server: FeedServer, client: httpx.Client, host: str
) -> None:
    """A broken punycode label read "unexpected error: IDNAError: Invalid A-label" (the words of a bug), an empty
    or over-long label "could not connect: encoding with 'idna' codec failed (UnicodeError: ...)"."""
    direct = fetch(client, FetchRequest(f"http://{host}/feed.xml"))
    assert (direct.outcome, direct.error) == (
        "error",
        "invalid URL: the host name is not a valid domain name",
    )
    moved = fetch(client, FetchRequest(feed_server.url(f"/redirect-to?url=http://{host}/feed.xml")))
    assert moved.error == "redirected to an invalid address (the host name is not a valid domain name)"


def test_a_permanent_redirect_to_a_huge_address_is_not_taken(tmp_path: Path, feed_server: FeedServer) -> None:
    """A 301 to a 60 KB address was stored as the feed's address, and sent on every refresh after."""
    feed_server["/feed.xml"] = make_feed(1, 2)
    old = feed_server.url("/redirect-to?code=301&pad=60000&url=/feed.xml?")
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(old)
        [result] = refresh(store)
        assert result.outcome == "failed" and "60,032 characters" in result.error, result.error
        kept = store.get_feed(feed.id)
        assert kept is not None and kept.url == old
        assert "keeps its own address" in kept.status.last_error


def test_a_permanent_redirect_to_a_long_address_under_the_cap_is_taken(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server["/feed.xml"] = make_feed(1, 2)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/redirect-to?code=301&pad=8000&url=/feed.xml?"))
        assert refresh(store)[0].outcome == "new"
        moved = store.get_feed(feed.id)
        assert moved is not None and moved.url == feed_server.url("/feed.xml?" + "a" * 8_000)
