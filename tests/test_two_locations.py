"""A redirect with two Location headers (a misconfigured proxy adds one of its own), from a real HTTP server on
127.0.0.1, refreshed into a real store. httpx read the two as one address joined with ", ", and the feed went to
that nonsense address: "not found (404)" or "redirected to an invalid address"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store


def _feed(title: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Moved</title>'
        f"<item><guid>{title}</guid><title>{title}</title><description>Text.</description></item>"
        "</channel></rss>"
    ).encode()


class _Server:
    """Serves /feed.xml and /other.xml, and /moved, which answers ``code`` with one Location header per value of
    ``locations`` (``{port}`` stands for the server's port)."""

    def __init__(self) -> None:
        self.code, self.locations = 301, ["/feed.xml"]
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                port = self.server.server_address[1]
                bodies = {"/feed.xml": _feed("From feed.xml"), "/other.xml": _feed("From other.xml")}
                if self.path in bodies:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(bodies[self.path])))
                    self.end_headers()
                    self.wfile.write(bodies[self.path])
                    return
                self.send_response(server.code if self.path == "/moved" else 404)
                if self.path == "/moved":
                    for location in server.locations:
                        self.send_header("Location", location.format(port=port))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server() -> Iterator[_Server]:
    serving = _Server()
    yield serving
    serving.httpd.shutdown()
    serving.httpd.server_close()


@pytest.mark.parametrize(
    "locations",
    [["/feed.xml", "/feed.xml"], ["http://127.0.0.1:{port}/feed.xml", "http://127.0.0.1:{port}/feed.xml"]],
)
def test_the_same_location_twice_is_one_move(tmp_path: Path, server: _Server, locations: list[str]) -> None:
    """A proxy that repeats the server's own Location: the move is followed and, being for good, stored."""
    server.code, server.locations = 301, locations
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(server.url("/moved"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["From feed.xml"]
        assert store.get_feed(feed.id).url == server.url("/feed.xml")


def test_two_different_locations_the_first_is_followed(tmp_path: Path, server: _Server) -> None:
    """As curl (so newsboat) does: the first Location header is the one followed."""
    server.code, server.locations = 302, ["/feed.xml", "http://127.0.0.1:{port}/other.xml"]
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(server.url("/moved"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["From feed.xml"]
        assert store.get_feed(feed.id).url == server.url("/moved")  # a 302 moves nothing for good


def test_a_first_location_that_is_no_web_address_is_passed_over(tmp_path: Path, server: _Server) -> None:
    server.code, server.locations = 302, ["javascript:alert(1)", "/other.xml"]
    with Store(tmp_path / "data") as store:
        feed = store.add_feed(server.url("/moved"))
        (result,) = refresh(store)
        assert (result.outcome, result.error) == ("new", ""), result
        assert [h.title for h in store.headers(feed.id)] == ["From other.xml"]


def test_locations_none_of_them_a_web_address_fail_in_one_line(tmp_path: Path, server: _Server) -> None:
    server.code, server.locations = 302, ["javascript:alert(1)", "mailto:someone@example.com"]
    with Store(tmp_path / "data") as store:
        store.add_feed(server.url("/moved"))
        (result,) = refresh(store)
        assert result.outcome == "failed", result
        assert result.error == (
            "redirected (302) to 2 addresses at once (one Location header each), none of them a web address"
        )
