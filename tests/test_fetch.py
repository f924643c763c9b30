"""The fetcher against a real HTTP server on 127.0.0.1: validators, encodings, redirects, every failure in words,
the total deadline, the size cap (with peak memory measured), local files, bounded concurrency and cancel."""

from __future__ import annotations

import email.utils
import gzip
import socket
import threading
import time
import tracemalloc
import types
from pathlib import Path

import httpx
import pytest

from feeds.fetch import (
    USER_AGENT,
    FetchRequest,
    FetchResult,
    fetch,
    fetch_many,
    make_client,
    parse_retry_after,
)
from feeds.fetch_decode import PIECE, BoundedDecoder, UnsupportedEncoding
from feeds.fetch_net import LazyTransport
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server  # the fixture (an assignment, so ruff sees no unused import to shadow)

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    + b"<!-- x -->" * 3000
    + b"</channel></rss>"
)
MB = 2**20


def get(client: httpx.Client, url: str, **kw: object) -> FetchResult:
    etag = str(kw.pop("etag", ""))
    last_modified = str(kw.pop("last_modified", ""))
    return fetch(client, FetchRequest(url, etag, last_modified), **kw)  # type: ignore[arg-type]


def test_user_agent_names_newsdesk(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/feed.xml"] = FEED
    get(client, feed_server.url("/feed.xml"))
    assert feed_server.headers("/feed.xml")["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("newsdesk/") and USER_AGENT.endswith("(terminal news reader)")


def test_second_fetch_is_304_and_sends_validators(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/feed.xml"] = FEED
    first = get(client, feed_server.url("/feed.xml"))
    assert (first.outcome, first.status_code, first.body) == ("ok", 200, FEED)
    assert first.etag and first.last_modified and first.content_type.startswith("application/rss+xml")
    assert first.final_url == feed_server.url("/feed.xml") and not first.permanent_url and not first.error

    second = get(client, first.url, etag=first.etag, last_modified=first.last_modified)
    assert (second.outcome, second.status_code, second.body) == ("not_modified", 304, b"")
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    seen = feed_server.headers("/feed.xml")
    assert seen["if-none-match"] == first.etag and seen["if-modified-since"] == first.last_modified
    assert feed_server.count("/feed.xml") == 2


def test_if_modified_since_alone_and_a_changed_feed(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/feed.xml"] = FEED
    first = get(client, feed_server.url("/feed.xml"))
    assert get(client, first.url, last_modified=first.last_modified).outcome == "not_modified"
    assert "if-none-match" not in feed_server.headers("/feed.xml")

    feed_server["/feed.xml"] = FEED + b"<!-- changed -->"
    changed = get(client, first.url, etag=first.etag, last_modified=first.last_modified)
    assert changed.outcome == "ok" and changed.body.endswith(b"<!-- changed -->")
    assert changed.etag != first.etag and changed.last_modified != first.last_modified


def test_unsafe_stored_validator_is_not_sent(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/feed.xml"] = FEED
    result = get(client, feed_server.url("/feed.xml"), etag='"a"\r\nX-Evil: 1')
    assert result.outcome == "ok"
    assert "if-none-match" not in feed_server.headers("/feed.xml")


@pytest.mark.parametrize("route", ["/feed.xml", "/deflate/feed.xml", "/raw-deflate/feed.xml"])
def test_compressed_bodies_are_decoded(feed_server: FeedServer, client: httpx.Client, route: str) -> None:
    feed_server["/feed.xml"] = FEED
    result = get(client, feed_server.url(route))
    assert result.outcome == "ok" and result.body == FEED
    if route == "/feed.xml":
        assert feed_server.gzipped["/feed.xml"] == 1  # it went over the wire gzipped


def test_permanent_redirect_chain_gives_permanent_url(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/new.xml"] = FEED
    result = get(client, feed_server.url("/redirect/301/redirect/308/new.xml"))
    assert result.outcome == "ok" and result.body == FEED
    assert result.final_url == result.permanent_url == feed_server.url("/new.xml")
    assert result.url == feed_server.url("/redirect/301/redirect/308/new.xml")
    assert feed_server.count("/redirect/308/new.xml") == 1


@pytest.mark.parametrize("chain", ["/redirect/302/new.xml", "/redirect/301/redirect/302/new.xml"])
def test_a_temporary_hop_means_no_permanent_url(
    feed_server: FeedServer, client: httpx.Client, chain: str
) -> None:
    feed_server["/new.xml"] = FEED
    result = get(client, feed_server.url(chain))
    assert result.outcome == "ok" and result.final_url == feed_server.url("/new.xml")
    assert result.permanent_url == ""


def test_redirect_loop_and_too_many_redirects(feed_server: FeedServer, client: httpx.Client) -> None:
    loop = get(client, feed_server.url("/loop/a"))
    assert (loop.outcome, loop.error) == ("error", "redirect loop")
    feed_server["/end.xml"] = FEED
    long_chain = "/redirect/302" * 11 + "/end.xml"
    assert get(client, feed_server.url(long_chain)).error == "too many redirects (more than 10)"
    assert get(client, feed_server.url("/redirect/302" * 10 + "/end.xml")).outcome == "ok"


def test_redirect_to_a_local_file_is_refused(feed_server: FeedServer, client: httpx.Client) -> None:
    result = get(client, feed_server.url("/redirect-to?code=301&url=file:///etc/passwd"))
    assert result.outcome == "error" and result.body == b""
    assert result.error == "redirected to an unsupported URL scheme 'file'"


@pytest.mark.parametrize(
    ("route", "outcome", "error"),
    [
        ("/status/410", "gone", "gone (410): the feed was removed by its publisher"),
        ("/status/404", "error", "not found (404)"),
        ("/missing.xml", "error", "not found (404)"),
        ("/status/500", "error", "server error (500 Internal Server Error)"),
        ("/status/503", "error", "server error (503 Service Unavailable)"),
        ("/status/403", "error", "access denied (403 Forbidden)"),
        ("/status/429", "error", "too many requests (429)"),
    ],
)
def test_error_statuses_in_words(
    feed_server: FeedServer, client: httpx.Client, route: str, outcome: str, error: str
) -> None:
    result = get(client, feed_server.url(route))
    assert (result.outcome, result.error, result.body, result.retry_after) == (outcome, error, b"", None)
    assert result.status_code == int(result.error.split("(")[1][:3])


@pytest.mark.parametrize("param", ["retry_after=120", "retry_after_date=120"])
@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_is_parsed(feed_server: FeedServer, client: httpx.Client, code: int, param: str) -> None:
    before = time.time()
    result = get(client, feed_server.url(f"/status/{code}?{param}"))
    assert result.outcome == "error" and result.status_code == code
    assert result.retry_after is not None and before + 115 <= result.retry_after <= time.time() + 121
    assert "; retry after " in result.error and "(in 2 min)" in result.error


def test_parse_retry_after_forms() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after("120", now) == now + 120
    assert parse_retry_after(email.utils.formatdate(now + 3600, usegmt=True), now) == now + 3600
    assert parse_retry_after(email.utils.formatdate(now + 60), now) == now + 60  # "-0000": UTC too
    assert parse_retry_after("Wed, 01 Jan 2020 00:00:00 GMT", now) is None  # in the past: no wait
    assert parse_retry_after("999999999", now) == now + 7 * 86400  # capped at a week
    assert parse_retry_after("soon", now) is None and parse_retry_after("", now) is None
    assert parse_retry_after("nan", now) is None and parse_retry_after("-5", now) is None


@pytest.mark.parametrize("route", ["/trickle?bytes=60", "/trickle-headers", "/stall"])
def test_total_deadline(feed_server: FeedServer, client: httpx.Client, route: str) -> None:
    # Each of these would succeed (trickle: after 60 s) or hang without a total deadline.
    result = get(client, feed_server.url(route), timeout=1.5)
    assert (result.outcome, result.error, result.body) == ("error", "timed out after 1.5 s", b"")


def test_reset_in_mid_body(feed_server: FeedServer, client: httpx.Client) -> None:
    result = get(client, feed_server.url("/reset"))
    assert (result.outcome, result.error, result.body) == ("error", "connection reset while reading", b"")


def test_hangup_before_answering(feed_server: FeedServer, client: httpx.Client) -> None:
    result = get(client, feed_server.url("/hangup"))
    assert (result.outcome, result.error) == ("error", "the server closed the connection without answering")


def test_response_headers_too_large_are_said_in_words(feed_server: FeedServer, client: httpx.Client) -> None:
    """The error read "the server broke the HTTP protocol: Receive buffer too long"."""
    result = get(client, feed_server.url("/huge-headers"))
    assert (result.outcome, result.error) == (
        "error",
        "the server sent response headers too large to read (over 100 KB)",
    )


def test_wrong_content_type_and_html_are_kept_for_the_parser(
    feed_server: FeedServer, client: httpx.Client
) -> None:
    wrong = get(client, feed_server.url("/wrong-type"))
    assert wrong.outcome == "ok" and wrong.content_type == "image/png" and wrong.body.startswith(b"<?xml")
    page = get(client, feed_server.url("/html"))
    assert page.outcome == "ok" and page.content_type.startswith("text/html") and b"alternate" in page.body


@pytest.mark.parametrize("route", ["/big?mb=50", "/big-chunked?mb=50", "/gzip-bomb"])
def test_size_cap_bounds_memory(feed_server: FeedServer, client: httpx.Client, route: str) -> None:
    tracemalloc.start()
    try:
        result = get(client, feed_server.url(route))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A document over the cap is kept to its first 10 MB, said to be cut (it failed whole before), and no more
    # of it is read: memory stays at the cap plus buffers.
    assert (result.outcome, result.error, result.cut, len(result.body)) == ("ok", "", True, 10 * MB)
    # the 10 MB kept, its copy as bytes, and buffers: not 50 MB, not 200 MB
    assert peak < 24 * MB, f"peak {peak / MB:.1f} MB"


def test_cap_is_on_decoded_bytes(feed_server: FeedServer, client: httpx.Client) -> None:
    feed_server["/feed.xml"] = FEED  # about 30 KB unpacked, a few hundred bytes gzipped
    whole = get(client, feed_server.url("/feed.xml"), max_bytes=len(FEED))
    assert (whole.body, whole.cut) == (FEED, False)
    small = get(client, feed_server.url("/feed.xml"), max_bytes=len(FEED) - 1)
    assert (small.cut, small.body) == (True, FEED[:-1])
    assert feed_server.gzipped["/feed.xml"] == 2


def test_corrupt_compression_in_words(feed_server: FeedServer, client: httpx.Client) -> None:
    result = get(client, feed_server.url("/bad-gzip"))
    assert result.outcome == "error" and result.error.startswith("could not decode the gzip body: ")


def test_decoder_bounds_each_step_and_joins_gzip_members() -> None:
    members = gzip.compress(b"a" * 300_000) + gzip.compress(b"b" * 300_000)
    decoder = BoundedDecoder("gzip")
    pieces = list(decoder.decode(members, 10 * MB))
    assert b"".join(pieces) + decoder.flush() == b"a" * 300_000 + b"b" * 300_000
    assert max(len(p) for p in pieces) <= PIECE
    assert sum(len(p) for p in BoundedDecoder("gzip").decode(members, 1000)) == 1000
    with pytest.raises(UnsupportedEncoding):  # at its first bytes, which are no text (plain text is read)
        list(BoundedDecoder("br").decode(b"\x8b\x03\x80\x00binary", 100))


@pytest.mark.parametrize("junk", [b"\n", b"\r\n", b"<!-- trailing -->", b"\x1f"])
@pytest.mark.parametrize("split", [None, 0, 1])  # the junk in the member's last chunk, or a chunk of its own
def test_bytes_after_the_last_gzip_member_are_ignored(junk: bytes, split: int | None) -> None:
    """A server that appends a newline after its gzip output: browsers ignore the tail; we read it as the header
    of another member and failed the whole feed ("incorrect header check")."""
    packed = gzip.compress(FEED)
    chunks = [packed + junk] if split is None else [packed, junk[:split] or junk, junk[split:]]
    decoder = BoundedDecoder("gzip")
    out = b"".join(p for chunk in chunks for p in decoder.decode(chunk, 10 * MB)) + decoder.flush()
    assert out == FEED


def test_refused_port(client: httpx.Client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connecting is refused
        result = get(client, f"http://127.0.0.1:{port}/feed.xml")
    assert (result.outcome, result.error) == ("error", "connection refused")


def test_dns_failure(client: httpx.Client) -> None:
    result = get(client, "http://feeds.newsdesk-test.invalid/rss.xml")
    assert (result.outcome, result.error) == ("error", "host not found (DNS)")


def test_plain_http_never_loads_the_tls_stack(feed_server: FeedServer) -> None:
    """Loading the certificate store costs a tenth of a second: it waits for the first https URL."""
    feed_server["/a.xml"] = FEED
    with make_client() as client:
        tls = client._transport.tls  # type: ignore[attr-defined]
        assert get(client, feed_server.url("/a.xml")).outcome == "ok"
        assert tls._real is None
        assert get(client, f"https://127.0.0.1:{feed_server.port}/a.xml").outcome == "error"  # not TLS there
        assert tls._real is not None


def test_an_https_proxy_from_the_environment_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx ignores the environment's proxies once a transport is given: ours mounts them as httpx would."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "feeds.example")
    with make_client() as client:
        patterns = {pattern.pattern: t for pattern, t in client._mounts.items()}
        assert (
            patterns.get("all://*feeds.example", "missing") is None
        )  # no proxy there: the default transport
        proxied = patterns["https://"]
        assert isinstance(proxied, LazyTransport)
        assert type(proxied._factory()._pool).__name__ == "HTTPProxy"
        assert "http://" not in patterns  # plain http goes direct, as the environment says


def test_tls_error_in_words(feed_server: FeedServer, client: httpx.Client) -> None:
    result = get(client, f"https://127.0.0.1:{feed_server.port}/feed.xml")  # TLS to a plain-HTTP server
    # OpenSSL's reason is "wrong version number": said as what it means here.
    assert (result.outcome, result.error) == (
        "error",
        "TLS error: the server does not speak TLS on this port (is the address http://?)",
    )


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://example.invalid/feed.xml", "unsupported URL scheme 'ftp' (only http, https and file)"),
        ("gopher://x/", "unsupported URL scheme 'gopher' (only http, https and file)"),
        ("", "invalid URL: the address is empty"),
        ("http://", "invalid URL: no host name"),
        ("file://otherhost/feed.xml", "invalid URL: file URLs name this machine, not 'otherhost'"),
    ],
)
def test_bad_addresses(client: httpx.Client, url: str, error: str) -> None:
    result = get(client, url)
    assert (result.outcome, result.error) == ("error", error)


def test_fetch_never_raises_even_on_a_closed_client(feed_server: FeedServer) -> None:
    feed_server["/feed.xml"] = FEED
    client = make_client()
    client.close()
    result = fetch(client, FetchRequest(feed_server.url("/feed.xml")))
    assert result.outcome == "error" and result.error.startswith("unexpected error: RuntimeError")


def test_local_files(tmp_path: Path, client: httpx.Client) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    for url in (str(path), path.as_uri()):
        result = get(client, url)
        assert (result.outcome, result.body, result.url) == ("ok", FEED, url)
        assert result.content_type in ("application/xml", "text/xml") and result.etag
    unchanged = get(client, str(path), etag=result.etag)
    assert (unchanged.outcome, unchanged.body) == ("not_modified", b"")
    path.write_bytes(FEED + b"\n")
    assert get(client, str(path), etag=result.etag).body == FEED + b"\n"

    first = get(client, str(path), max_bytes=100)
    assert (first.outcome, first.body, first.cut) == ("ok", FEED[:100], True)  # kept to the cap, as over HTTP
    missing = get(client, str(path.with_name("nope.xml")))
    assert (missing.outcome, missing.error) == ("error", f"file not found: {path.with_name('nope.xml')}")
    assert get(client, str(tmp_path)).error == f"is a folder, not a feed file: {tmp_path}"
    path.chmod(0)
    try:
        locked = get(client, str(path))
        readable_anyway = locked.outcome == "ok"  # root reads everything
        assert readable_anyway or locked.error == f"permission denied: {path}"
    finally:
        path.chmod(0o644)


def test_fetch_many_bounds_concurrency(feed_server: FeedServer) -> None:
    bodies = {feed_server.url(f"/f{n}.xml"): FEED + str(n).encode() for n in range(12)}
    for n in range(12):
        feed_server[f"/f{n}.xml"] = bodies[feed_server.url(f"/f{n}.xml")]
    feed_server.delay = 0.2  # every answer waits, so requests overlap as much as the client allows
    results = list(fetch_many([FetchRequest(url) for url in bodies], concurrency=3))
    assert sorted(r.url for r in results) == sorted(bodies)
    assert all(r.outcome == "ok" and r.body == bodies[r.url] for r in results)
    assert 2 <= feed_server.max_active <= 3
    assert all(feed_server.count(f"/f{n}.xml") == 1 for n in range(12))


def test_fetch_many_yields_failures_too(feed_server: FeedServer) -> None:
    feed_server["/ok.xml"] = FEED
    urls = [feed_server.url("/ok.xml"), feed_server.url("/status/410"), "ftp://x/y", feed_server.url("/nope")]
    results = {r.url: r for r in fetch_many([FetchRequest(u) for u in urls], concurrency=2)}
    assert [results[u].outcome for u in urls] == ["ok", "gone", "error", "error"]
    assert list(fetch_many([])) == []


def test_cancel_stops_new_fetches(feed_server: FeedServer) -> None:
    for n in range(20):
        feed_server[f"/f{n}.xml"] = FEED
    reqs = [FetchRequest(feed_server.url(f"/slow/f{n}.xml?s=0.3")) for n in range(20)]
    cancel = threading.Event()
    results = []
    for result in fetch_many(reqs, concurrency=2, cancel=cancel):
        results.append(result)
        cancel.set()
    assert len(results) == 1 and results[0].outcome == "ok"
    assert feed_server.total <= 2  # only the first two were ever started


def test_cancel_aborts_a_fetch_in_flight(feed_server: FeedServer, client: httpx.Client) -> None:
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    try:
        result = fetch(client, FetchRequest(feed_server.url("/trickle?bytes=60")), timeout=30, cancel=cancel)
    finally:
        timer.cancel()
    assert (result.outcome, result.error) == ("error", "cancelled")  # not "timed out after 30 s"


def test_closing_fetch_many_early_leaves_nothing_running(feed_server: FeedServer) -> None:
    feed_server["/ok.xml"] = FEED
    reqs = [FetchRequest(feed_server.url("/ok.xml"))] + [FetchRequest(feed_server.url("/stall"))] * 3
    gen = fetch_many(reqs, concurrency=4, timeout=60)
    assert isinstance(gen, types.GeneratorType)
    first = next(gen)
    gen.close()  # the three stalled fetches are aborted, not waited for 60 s
    assert first.outcome == "ok"
    deadline = time.monotonic() + 10  # a bound for a hang, far below the 60 s the stalls would take
    while _fetch_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _fetch_threads() == []


def _fetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("newsdesk-fetch")]
