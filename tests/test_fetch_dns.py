"""Host name look-ups obey the per-feed deadline: a resolver that never answers costs its feed its time limit and
no more, in words, while the other feeds are fetched. The names are served by resolvers of the test's own, given
to the fetcher through ``resolve`` (the seam the real client is built with), in front of a real server on
127.0.0.1; the system's resolver is what every other test uses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Sequence

import pytest

from feeds.fetch import FetchRequest, fetch, fetch_many, make_client
from tests import httpserver
from tests.httpserver import FeedServer

feed_server = httpserver.feed_server

HANG = 30.0  # how long a hanging look-up lasts unless the test ends first: far past every deadline here
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


class Resolver:
    """Names to addresses; a name in ``hang`` waits until the test ends (as a resolver that does not answer), or
    ``HANG`` seconds, then fails as a real one would."""

    def __init__(self, names: dict[str, Sequence[str]], hang: Sequence[str] = ()) -> None:
        self.names, self.hang = names, set(hang)
        self.asked: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, host: str) -> Sequence[str]:
        with self.lock:
            self.asked.append(host)
        if host in self.hang and not self.release.wait(HANG):
            raise socket.gaierror(
                socket.EAI_AGAIN, "Temporary failure in name resolution"
            )  # as resolvers end
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.names[host]


@pytest.fixture
def resolver() -> Iterator[Resolver]:
    made = Resolver({"feeds.test": ["127.0.0.1"]}, hang=["slow.test"])
    try:
        yield made
    finally:
        made.release.set()  # the abandoned look-up threads end with the test


def test_a_name_that_never_resolves_fails_its_feed_by_the_deadline(
    feed_server: FeedServer, resolver: Resolver
) -> None:
    feed_server["/a.xml"] = FEED
    urls = [f"http://slow.test:{feed_server.port}/a.xml", f"http://feeds.test:{feed_server.port}/a.xml"]
    results = {r.url: r for r in fetch_many([FetchRequest(u) for u in urls], timeout=1, resolve=resolver)}
    assert not resolver.release.is_set()  # the look-up was still hanging when the fetch gave up on it
    slow, fine = results[urls[0]], results[urls[1]]
    assert (slow.outcome, slow.error) == (
        "error",
        "the name slow.test did not resolve in time (timed out after 1 s)",
    )
    assert (fine.outcome, fine.body) == ("ok", FEED)


def test_feeds_on_one_hanging_name_share_one_look_up(feed_server: FeedServer, resolver: Resolver) -> None:
    reqs = [FetchRequest(f"http://slow.test:{feed_server.port}/f{n}.xml") for n in range(4)]
    results = list(fetch_many(reqs, concurrency=4, timeout=1, resolve=resolver))
    assert [r.error.startswith("the name slow.test did not resolve") for r in results] == [True] * 4
    assert resolver.asked == ["slow.test"]


def test_cancel_ends_a_hanging_look_up(feed_server: FeedServer, resolver: Resolver) -> None:
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    try:
        with make_client(resolve=resolver) as client:
            url = f"http://slow.test:{feed_server.port}/a.xml"
            result = fetch(client, FetchRequest(url), timeout=60, cancel=cancel)
    finally:
        timer.cancel()
    assert (result.outcome, result.error) == ("error", "cancelled")


def test_a_resolved_name_keeps_its_host_header(feed_server: FeedServer, resolver: Resolver) -> None:
    feed_server["/a.xml"] = FEED
    with make_client(resolve=resolver) as client:
        result = fetch(client, FetchRequest(f"http://feeds.test:{feed_server.port}/a.xml"))
    assert (result.outcome, result.body) == ("ok", FEED)
    assert feed_server.headers("/a.xml")["host"] == f"feeds.test:{feed_server.port}"


def test_ip_addresses_are_not_looked_up(feed_server: FeedServer, resolver: Resolver) -> None:
    feed_server["/a.xml"] = FEED
    with make_client(resolve=resolver) as client:
        assert fetch(client, FetchRequest(feed_server.url("/a.xml"))).outcome == "ok"
    assert resolver.asked == []


def test_every_address_is_tried_in_turn(feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = FEED
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))  # bound, not listening: this address refuses
        refused = "127.0.0.2"
        assert sock.getsockname()[0] == refused
        resolver = Resolver({"feeds.test": [refused, "127.0.0.1"]})
        with make_client(resolve=resolver) as client:
            result = fetch(client, FetchRequest(f"http://feeds.test:{feed_server.port}/a.xml"))
    assert (result.outcome, result.body) == ("ok", FEED)


def test_a_name_with_no_address_is_a_dns_failure(feed_server: FeedServer, resolver: Resolver) -> None:
    with make_client(resolve=resolver) as client:
        result = fetch(client, FetchRequest(f"http://nowhere.test:{feed_server.port}/a.xml"))
        empty = Resolver({"empty.test": []})
        with make_client(resolve=empty) as other:
            none = fetch(other, FetchRequest(f"http://empty.test:{feed_server.port}/a.xml"))
    assert (result.outcome, result.error) == ("error", "host not found (DNS)")
    assert (none.outcome, none.error) == ("error", "host not found (DNS)")


def test_tls_names_the_host_not_its_address(resolver: Resolver) -> None:
    """The server name in the TLS hello is the URL's host, though the connection goes to an address."""
    hello: list[bytes] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def take_hello() -> None:
            conn, _ = listener.accept()
            with conn:
                hello.append(conn.recv(65536))

        taker = threading.Thread(target=take_hello)
        taker.start()
        with make_client(resolve=resolver) as client:
            result = fetch(
                client, FetchRequest(f"https://feeds.test:{listener.getsockname()[1]}/a.xml"), timeout=5
            )
        taker.join(5)
    assert result.outcome == "error"  # no TLS server there: only its hello was wanted
    assert hello and b"feeds.test" in hello[0]


def test_a_proxy_is_looked_up_and_the_feed_name_left_to_it(
    feed_server: FeedServer, resolver: Resolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proxies from the environment still apply: only the proxy's name is ours to resolve."""
    feed_server["/a.xml"] = FEED
    resolver.names["proxy.test"] = ["127.0.0.1"]
    monkeypatch.setenv("HTTP_PROXY", f"http://proxy.test:{feed_server.port}")
    with make_client(resolve=resolver) as client:
        result = fetch(client, FetchRequest("http://feeds.example/a.xml"))
    assert (result.outcome, result.body) == ("ok", FEED)
    assert resolver.asked == ["proxy.test"]
    assert feed_server.headers("/a.xml")["host"] == "feeds.example"
