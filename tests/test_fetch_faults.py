"""Servers that break HTTP in ways that must stay their feed's own problem, said in words: bytes past a response's
end must not break the next feed fetched on the same kept-alive connection."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from feeds.fetch import FetchRequest, fetch
from tests import httpserver
from tests.httpfaults import SAMPLE_FEED
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


@pytest.mark.parametrize(
    ("route", "outcome"),
    [
        ("/overlong", "ok"),  # Content-Length shorter than the body
        ("/not-modified-with-body", "not_modified"),  # a 304 has no body, this one sends one
        ("/not-modified-late-body", "not_modified"),  # ... after the client took the connection again
        ("/overlong-redirect/feed.xml", "ok"),  # the extra bytes broke the redirect's own next hop
    ],
)
def test_bytes_past_a_response_do_not_break_the_next_fetch(
    feed_server: FeedServer, client: httpx.Client, route: str, outcome: str
) -> None:
    """The extra bytes stayed in the kept-alive connection's parser (or came after it was taken again), and the
    next feed fetched on it read them as its status line: "the server broke the HTTP protocol: illegal status
    line"."""
    feed_server["/feed.xml"] = SAMPLE_FEED
    first = fetch(client, FetchRequest(feed_server.url(route), etag='"overlong"'))
    assert first.outcome == outcome, first.error
    for _ in range(2):
        after = fetch(client, FetchRequest(feed_server.url("/feed.xml")))
        assert (after.outcome, after.error, after.body) == ("ok", "", SAMPLE_FEED)
    if "late" not in route:  # bytes already there: the connection is not reused, no request is sent in vain
        assert feed_server.count("/feed.xml") == 2 + ("redirect" in route)


@pytest.mark.parametrize(
    ("route", "error"),
    [
        # These read "connection reset while reading", though nothing was reset.
        ("/truncated", "the server closed the connection before the whole feed arrived"),
        ("/bad-chunk", "the server broke the HTTP protocol while sending the feed: illegal chunk header"),
        # h11's words quoted the server's bytes: "illegal status line: bytearray(b'SSH-2.0-OpenSSH_9.6')".
        (
            "/not-http",
            "the server did not answer in HTTP (is the address https://, or the port another service's?)",
        ),
    ],
)
def test_broken_answers_in_words(
    feed_server: FeedServer, client: httpx.Client, route: str, error: str
) -> None:
    result = fetch(client, FetchRequest(feed_server.url(route)))
    assert (result.outcome, result.error, result.body) == ("error", error, b"")


def test_a_port_past_65535_is_a_bad_address(client: httpx.Client) -> None:
    """It was sent on, and came back as "connection refused"."""
    result = fetch(client, FetchRequest("http://127.0.0.1:99999/feed.xml"))
    assert (result.outcome, result.error) == ("error", "invalid URL: port out of range 0-65535")


@pytest.mark.parametrize("location", ["javascript:alert(1)", "mailto:x@example.org", "http://[::1"])
def test_a_redirect_to_an_impossible_address_blames_the_redirect(
    feed_server: FeedServer, client: httpx.Client, location: str
) -> None:
    result = fetch(client, FetchRequest(feed_server.url(f"/redirect-to?url={quote(location)}")))
    assert result.outcome == "error" and "redirect" in result.error.lower(), result.error
    assert not result.error.startswith("invalid URL")
