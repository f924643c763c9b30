"""Answers from a real HTTP server on 127.0.0.1, refreshed into a real store, that an eleventh red-team pass found
read wrongly: a 300 Multiple Choices that names the server's choice."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Negotiated</title>'
    "<item><guid>n-1</guid><title>Chosen story</title><description>Text.</description></item>"
    "</channel></rss>"
)


def test_a_300_with_a_location_is_followed_for_now(tmp_path: Path, feed_server: FeedServer) -> None:
    """Apache's content negotiation (MultiViews: /news matches news.rss and news.atom) answers 300 Multiple
    Choices with a Location naming its preferred choice, which browsers and curl follow. The feed failed for good
    with "redirected (300 Multiple Choices) without saying where to: no Location header", next to its Location."""
    feed_server.set("/news.rss", FEED)
    feed_server.move("/news", "/news.rss", 300)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url("/news"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["Chosen story"]
        assert store.get_feed(feed.id).url == feed_server.url("/news")  # a choice, not a move for good


@pytest.mark.parametrize("code", [305, 306, 399])
def test_a_3xx_not_followed_is_not_said_to_lack_its_location(
    tmp_path: Path, feed_server: FeedServer, code: int
) -> None:
    """305 Use Proxy (which no client follows any more), the unused 306 and a 3xx no one defines, each with a
    Location: the words said there was none."""
    feed_server.move("/odd", "/news.rss", code)
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/odd"))
        (result,) = refresh(store)
        assert result.outcome == "failed" and "no Location header" not in result.error, result.error
        assert result.error.startswith(f"redirected ({code}") and "does not follow" in result.error


@pytest.mark.parametrize(
    ("coding", "path"),
    [
        ("UTF-8", "/feed.xml"),  # a charset put in the wrong header: PHP's header('Content-Encoding: UTF-8')
        ("utf8", "/feed.xml"),
        ("none", "/feed.xml"),
        ("binary", "/feed.xml"),
        ("8bit", "/feed.xml"),
        ("br", "/feed.xml"),  # a CDN's label on a body it did not compress
        ("x-foo, identity", "/feed.xml"),
        ("utf-8", "/feed.json"),
        ("utf-8", "/latin1.xml"),  # text past ASCII in its first bytes, not in UTF-8
    ],
)
def test_a_plain_document_under_a_coding_we_do_not_read_is_read(
    tmp_path: Path, feed_server: FeedServer, coding: str, path: str
) -> None:
    """Browsers, feedparser, requests and httpx pass a body in a coding they do not know through as it is, so such
    a feed reads everywhere; here it failed on every refresh ("unsupported content encoding 'utf-8', which was not
    asked for"). A body whose first bytes are a document's plain text is read; one in bytes that are no text is
    still refused in words (tests/test_content_encodings.py)."""
    feed_server.set("/feed.xml", FEED)
    feed_server.set(
        "/feed.json",
        '{"version": "https://jsonfeed.org/version/1.1", "title": "J",'
        ' "items": [{"id": "1", "title": "Chosen story"}]}',
        content_type="application/feed+json",
    )
    feed_server.set(
        "/latin1.xml",
        FEED.replace('version="1.0"', 'version="1.0" encoding="ISO-8859-1"')
        .replace("<title>Negotiated", "<title>Négociée")
        .encode("latin-1"),
    )
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/mislabelled/{coding}{path}"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["Chosen story"]


@pytest.mark.parametrize(
    ("check", "words"),
    [
        (
            "cloudflare",
            "the site's bot protection (Cloudflare) answered with a browser check (403 Forbidden)",
        ),
        ("cloudflare-503", "the site's bot protection (Cloudflare) answered with a browser check (503"),
        ("vercel", "the site's bot protection (Vercel) answered with a browser check (429"),
        ("aws-challenge", "the site's bot protection (AWS WAF) answered with a browser check (202 Accepted)"),
        ("aws-captcha", "the site's bot protection (AWS WAF) answered with a browser check (405"),
    ],
)
def test_a_bot_protection_s_browser_check_is_said_to_be_one(
    tmp_path: Path, feed_server: FeedServer, check: str, words: str
) -> None:
    """A feed behind a bot protection that wants a browser (its "Just a moment..." page) failed as "access denied
    (403 Forbidden)", "server error (503 Service Unavailable)" (the site seemed down), "too many requests (429)",
    "unexpected answer (405 Method Not Allowed)", or, for AWS WAF's 202, "not a feed: empty body". Each says
    which it is by a header it documents; the words name it and that a feed reader cannot pass it."""
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/bot-check/{check}"))
        (result,) = refresh(store)
        assert result.outcome == "failed" and result.error.startswith(words), result.error
        assert "a feed reader cannot pass" in result.error
        assert store.headers(feed.id) == []


LONGER = FEED.replace(
    "</channel>",
    "".join(
        f"<item><guid>n-{n}</guid><title>Story {n}</title><description>Text.</description></item>"
        for n in (2, 3)
    )
    + "</channel>",
)


@pytest.mark.parametrize("how", ["length", "chunked", "gzip-chunked"])
def test_a_whole_document_whose_connection_closed_early_is_read(
    tmp_path: Path, feed_server: FeedServer, how: str
) -> None:
    """A load balancer that mishandles chunked encoding drops the last chunk (every feed of a site then failed in
    every reader that checks, "transfer closed with outstanding read data remaining"), a Content-Length counted
    before a filter trimmed the body: the whole document arrived, and the feed failed on every refresh with "the
    server closed the connection before the whole feed arrived". A document that ends as a feed ends is read;
    one cut inside still fails in those words, and keeps what was stored."""
    feed_server.set("/feed.xml", LONGER)
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(feed_server.url(f"/closed-early/{how}/feed.xml"))
        (result,) = refresh(store)
        assert (result.outcome, result.error, result.new) == ("new", "", 3), result
        cut = LONGER.index("<title>Story 3")
        store.update_feed(
            replace(store.get_feed(feed.id), url=feed_server.url(f"/closed-early/{how}/feed.xml?keep={cut}"))
        )
        feed_server.set("/feed.xml", LONGER.replace("Text.", "Edited text."))
        (again,) = refresh(store)
        assert again.error == "the server closed the connection before the whole feed arrived", again
        assert len(store.headers(feed.id)) == 3


@pytest.fixture
def tls_redirect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], str]]:
    """An https server on 127.0.0.1 (a certificate made here, trusted through SSL_CERT_FILE) that answers every
    request with a 301 to the address given: ``tls_redirect(to)`` returns its https address."""
    # `.ci/run` installs openssl where it is missing (as tmux and newsboat): never skipped.
    assert shutil.which("openssl"), (
        "the openssl command makes the test's certificate (apt-get install openssl)"
    )
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    target: list[str] = []

    class Moved(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the base class's name)
            self.send_response(301)
            self.send_header("Location", target[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def moved_to(to: str) -> str:
        target[:] = [to]
        return f"https://127.0.0.1:{server.server_address[1]}/feed.xml"

    yield moved_to
    server.shutdown()
    server.server_close()


def test_a_move_for_good_from_https_to_http_is_followed_not_stored(
    tmp_path: Path, feed_server: FeedServer, tls_redirect: Callable[[str], str]
) -> None:
    """A site whose https address answers 301 to http (a TLS set-up given up on): the feed was moved for good to
    the plain address, and every later refresh went out unencrypted, where anyone on the network can answer it,
    with a 301 of their own that is stored as well. The redirect is followed; the https address is kept."""
    feed_server.set("/feed.xml", FEED)
    with Store(tmp_path / "data") as store:
        address = tls_redirect(feed_server.url("/feed.xml"))
        feed = store.add_feed(address)
        (result,) = refresh(store)
        assert (result.outcome, result.new) == ("new", 1), result
        assert store.get_feed(feed.id).url == address
        feed_server.move("/elsewhere.xml", "/feed.xml")  # a move for good on plain http is still taken
        store.update_feed(replace(store.get_feed(feed.id), url=feed_server.url("/elsewhere.xml")))
        refresh(store)
        assert store.get_feed(feed.id).url == feed_server.url("/feed.xml")
