"""A real threaded HTTP/1.1 server on 127.0.0.1 for tests and the benchmark: feeds with validators, and faults.

Tests talk to it over real sockets, so the fetcher is tested as it runs. It serves a dict of path -> content
(changeable while it runs: ``server.set(path, body)`` or ``server[path] = body``) with ETag and Last-Modified,
answers conditional requests with 304, gzips when asked, and counts requests per path and the most requests it
ever had in flight at once. Fault routes (see :mod:`tests.httpfaults`): ``/redirect/<code>/<path>``,
``/redirect-to?url=U&code=C[&pad=N]``, ``/loop/a``, ``/status/<code>[?retry_after=S|retry_after_date=S]``,
``/trickle[?bytes=N]``, ``/trickle-headers``, ``/stall``, ``/hangup``, ``/reset``, ``/wrong-type``, ``/html``,
``/big[?mb=N]``, ``/big-chunked[?mb=N]``, ``/gzip-bomb``, ``/bad-gzip``, ``/deflate/<path>``, ``/raw-deflate/<path>``,
``/mislabelled/<coding>/<path>``, ``/opaque/<coding>/<path>``, ``/unlabelled-gzip/<path>``,
``/gzip-cut/<path>[?keep=F&junk=S]``, ``/slow/<path>[?s=S]``, ``/overlong``, ``/not-modified-with-body``,
``/not-modified-late-body``, ``/overlong-redirect/<path>``, ``/truncated``, ``/bad-chunk``, ``/not-http``,
``/close-cut/<path>?bytes=N``, ``/encoded/<coding,coding>/<path>``, ``/long-validators?n=N``,
``/cookie-gate[/through][?cookie=no]``, ``/bot-check/<name>``, ``/closed-early/<how>/<path>[?keep=N]``.

In pytest, bring the fixture into the test module and take ``feed_server`` as an argument. ``from
tests.httpserver import feed_server`` works, but ruff then reports every test argument as shadowing an unused
import (F811); this form is clean::

    from tests import httpserver
    feed_server = httpserver.feed_server

From a script::

    with FeedServer({"/a.xml": body}) as server:
        fetch(client, FetchRequest(server.url("/a.xml")))

``python -m tests.httpserver --feeds 200`` serves generated feeds until interrupted.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests import httpfaults, httpranges

try:  # the fixture is for pytest; scripts (the benchmark) may run without it
    import pytest
except ImportError:  # pragma: no cover
    pytest = None  # type: ignore[assignment]

RSS = "application/rss+xml; charset=utf-8"


@dataclass
class Resource:
    """One served document and its validators (a new ``set`` makes a new ETag and a later Last-Modified)."""

    body: bytes
    content_type: str
    etag: str
    modified: float  # whole seconds: what Last-Modified can say
    validators: bool = True
    ranges: str = ""  # "bytes": offered and honoured, "ignored", "unasked": see tests.httpranges
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def last_modified(self) -> str:
        return email.utils.formatdate(self.modified, usegmt=True)

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


class FeedServer:
    """The server and its state. Thread-safe: handlers run on one thread per connection."""

    def __init__(
        self, content: Mapping[str, bytes | str] | None = None, *, delay: float = 0.0, host: str = "127.0.0.1"
    ) -> None:
        # Another loopback address (127.0.0.2) is another host to the fetcher, which limits requests per host.
        self.host = host
        self.lock = threading.Lock()
        self.resources: dict[str, Resource] = {}
        self.counts: Counter[str] = Counter()
        self.gzipped: Counter[str] = Counter()  # how many answers per path went out gzipped
        self.ranged: Counter[str] = Counter()  # how many answers per path were parts (206), and their bytes:
        self.ranged_bytes: Counter[str] = Counter()  # see tests.httpranges
        self.last_headers: dict[str, dict[str, str]] = {}
        self.moved: dict[str, tuple[str, int]] = {}  # path -> (where it moved, the redirect's status)
        self.holds: dict[str, threading.Event] = {}  # path -> what its requests wait for (see hold)
        self.active = 0
        self.max_active = 0
        self.delay = delay  # seconds every request waits before answering (to make concurrency visible)
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for path, body in (content or {}).items():
            self.set(path, body)

    # -- life cycle --------------------------------------------------------------------------------------
    def start(self) -> FeedServer:
        httpd = _Server((self.host, 0), _Handler)
        httpd.feeds = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not running"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + _norm(path)

    # -- content -----------------------------------------------------------------------------------------
    def move(self, path: str, to: str, code: int = 301) -> None:
        """From now on answer ``path`` with a redirect (``code``) to ``to``, a path or a URL."""
        with self.lock:
            self.moved[_norm(path)] = (to, code)

    def hold(self, path: str) -> threading.Event:
        """From now on answer requests for ``path`` only once the event returned is set (at most 10 s): what a
        client does meanwhile can be set up step by step, not left to timing."""
        with self.lock:
            return self.holds.setdefault(_norm(path), threading.Event())

    def set(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = RSS,
        validators: bool = True,
        ranges: str = "",
    ) -> None:
        """Serve ``body`` at ``path`` from now on. ``validators=False`` leaves out ETag and Last-Modified;
        ``ranges`` serves it plain with byte ranges offered (see :mod:`tests.httpranges`)."""
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        key = _norm(path)
        with self.lock:
            old = self.resources.get(key)
            # Last-Modified has one-second resolution: a change must still look newer to If-Modified-Since.
            modified = float(int(time.time()))
            if old is not None and modified <= old.modified:
                modified = old.modified + 1
            tag = hashlib.blake2b(data + repr(modified).encode(), digest_size=8).hexdigest()
            self.resources[key] = Resource(data, content_type, f'"{tag}"', modified, validators, ranges)

    def __setitem__(self, path: str, body: bytes | str) -> None:
        self.set(path, body)

    def __getitem__(self, path: str) -> bytes:
        return self.resources[_norm(path)].body

    def remove(self, path: str) -> None:
        with self.lock:
            self.resources.pop(_norm(path), None)

    # -- what the server saw -----------------------------------------------------------------------------
    def count(self, path: str) -> int:
        with self.lock:
            return self.counts[_norm(path)]

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def headers(self, path: str) -> dict[str, str]:
        """The headers (lower-case names) of the last request for ``path``; empty if none came."""
        with self.lock:
            return dict(self.last_headers.get(_norm(path), {}))

    def reset_stats(self) -> None:
        with self.lock:
            self.counts.clear()
            self.gzipped.clear()
            self.last_headers.clear()
            self.max_active = self.active


def _norm(path: str) -> str:
    return path if path.startswith("/") else "/" + path


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    feeds: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (a fetch that hit its deadline or cap, a TLS hello to this plain server) are
        normal here: no traceback. Anything else is still printed."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real feed servers do
    server_version = "feed-server"
    timeout = 10  # an idle keep-alive connection ends after this
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: tests read the counters instead

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        feeds = self.server.feeds
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(split.query).items()}
        with feeds.lock:
            feeds.counts[path] += 1
            feeds.last_headers[path] = {k.lower(): v for k, v in self.headers.items()}
            feeds.active += 1
            feeds.max_active = max(feeds.max_active, feeds.active)
        try:
            if feeds.delay:
                time.sleep(feeds.delay)
            with feeds.lock:
                gate = feeds.holds.get(path)
            if gate is not None:
                gate.wait(10)
            with feeds.lock:
                moved = feeds.moved.get(path)
            if moved is not None:
                self.send_body(moved[1], b"moved\n", "text/plain", {"Location": moved[0]})
            elif not httpfaults.handle(self, path, query):
                self.serve_resource(path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client left: fine (timeouts, caps and cancels do that)
        finally:
            with feeds.lock:
                feeds.active -= 1

    def serve_resource(self, path: str, *, encoding: str = "") -> None:
        """A document from the dict, with validators and 304s; gzip when the client accepts it (or ``encoding``
        forces "deflate" / "raw-deflate")."""
        feeds = self.server.feeds
        with feeds.lock:
            res = feeds.resources.get(path)
        if res is None:
            self.send_body(404, b"not found\n", "text/plain")
            return
        extra: dict[str, str] = {}
        if res.validators:
            extra = {"ETag": res.etag, "Last-Modified": res.last_modified}
            if _not_modified(self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), res):
                self.send_body(304, b"", "", extra)
                return
        if res.ranges and not encoding:
            httpranges.serve(self, res, path, extra)
            return
        body = res.body
        if encoding:
            body, extra["Content-Encoding"] = (
                httpfaults.deflate(body, raw=encoding == "raw-deflate"),
                "deflate",
            )
        elif "gzip" in (self.headers.get("Accept-Encoding") or "").lower():
            body, extra["Content-Encoding"] = res.gzipped(), "gzip"
            with feeds.lock:
                feeds.gzipped[path] += 1
        extra["Vary"] = "Accept-Encoding"
        self.send_body(200, body, res.content_type, extra)

    def send_body(
        self, status: int, body: bytes, ctype: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def _not_modified(if_none_match: str | None, if_modified_since: str | None, res: Resource) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since against Last-Modified."""
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return "*" in tags or res.etag in tags or f"W/{res.etag}" in tags
    if if_modified_since:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError):
            return False
        return res.modified <= since
    return False


if pytest is not None:

    @pytest.fixture
    def feed_server() -> Iterator[FeedServer]:
        """A running :class:`FeedServer` with no content yet; stopped after the test."""
        with FeedServer() as server:
            yield server


def main(argv: list[str] | None = None) -> None:
    """Serve generated feeds (``/feed/<n>.xml``) until interrupted: for trying the reader by hand."""
    import argparse

    from tests.feedgen import make_feed

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args(argv)
    with FeedServer({f"/feed/{n}.xml": make_feed(n, args.items) for n in range(args.feeds)}) as server:
        print(f"serving {args.feeds} feeds at {server.url('/feed/0.xml')} ... (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
