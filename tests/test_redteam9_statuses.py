"""Answers from a real HTTP server on 127.0.0.1, refreshed into a real store, that a ninth red-team pass found
said wrongly: a Retry-After already past, and statuses HTTP does not define (LinkedIn's 999)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from feeds.fetch import FetchRequest, fetch
from feeds.fetch_words import when_words
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server


@pytest.mark.parametrize(
    "wait", ["retry_after_date=-600", "retry_after=-5", "retry_after=0", "retry_after=-1e400"]
)
@pytest.mark.parametrize("code", [429, 503])
def test_a_retry_after_already_past_asks_for_no_wait(
    tmp_path: Path, feed_server: FeedServer, code: int, wait: str
) -> None:
    """A Retry-After date gone by (a server's clock behind, a cached answer) or a negative delay read "retry
    after 23:27 (in 0 s)": a time that was already over, said as if it were a wait."""
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/status/{code}?{wait}"))
        (result,) = refresh(store)
        assert result.outcome == "failed"
        assert "retry after" not in result.error and "(in 0 s)" not in result.error, result.error
        assert str(code) in result.error
        assert store.get_feed(feed.id).status.retry_after is None
        feed_server.reset_stats()
        (again,) = refresh(store)  # nothing to wait for: fetched again
        assert again.outcome == "failed" and feed_server.total == 1, again


def test_the_longest_wait_is_said_in_days(feed_server: FeedServer, client: httpx.Client) -> None:
    result = fetch(client, FetchRequest(feed_server.url("/status/503?retry_after=1e400")))
    assert result.retry_after is not None and result.error.endswith("(in 7 days)"), result.error
    now = time.time()
    assert when_words(now + 0.2, now).endswith("(now)") and when_words(now + 40, now).endswith("(in 40 s)")
    assert when_words(now + 5 * 3600, now).endswith("(in 5 h)")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (999, "the site refuses automated readers (status 999)"),
        (600, "the server answered with an unusual status (600), not one HTTP defines"),
        (777, "the server answered with an unusual status (777), not one HTTP defines"),
        (522, "server error (522 Connection Timed Out, Cloudflare)"),  # in HTTP's 5xx class: a server error
        (500, "server error (500 Internal Server Error)"),  # as before
        (444, "the server closed the connection without answering (444 No Response, nginx)"),
        (499, "the request was dropped before the server answered (499 Client Closed Request, nginx)"),
        (520, "server error (520 Unknown Error, Cloudflare)"),
        (521, "server error (521 Web Server Is Down, Cloudflare)"),
        (523, "server error (523 Origin Is Unreachable, Cloudflare)"),
        (524, "server error (524 A Timeout Occurred, Cloudflare)"),
        (525, "server error (525 SSL Handshake Failed, Cloudflare)"),
        (526, "server error (526 Invalid SSL Certificate, Cloudflare)"),
        (527, "server error (527 Railgun Error, Cloudflare)"),
        (530, "server error (530 Origin Error, Cloudflare)"),
        (498, "unexpected answer (498)"),  # a 4xx no one we know names: its number, as before
    ],
)
def test_a_status_http_does_not_define_is_named_as_such(
    tmp_path: Path, feed_server: FeedServer, code: int, words: str
) -> None:
    """LinkedIn answers a feed reader with 999: it was shown as "server error (999)", as if the site were down
    and trying again later would help. nginx's 444 and 499 read "unexpected answer (444)", and Cloudflare's
    origin errors "server error (522)": numbers only, now named as their senders name them."""
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/status/{code}"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("failed", words)
        assert store.get_feed(feed.id).status.last_error == words
