"""A proxy from the environment (``HTTP_PROXY``, ``ALL_PROXY``...) that is down or is no address.

Every feed failed as if its own server had: "connection refused" or "host not found (DNS)" for a proxy that was
down or misspelt, "redirected to an invalid address" for a setting that is no address (there was no redirect),
and "unexpected error: ImportError: Using SOCKS proxy, but the 'socksio' package is not installed. Make sure to
install httpx using `pip install httpx[socks]`" for a SOCKS proxy, a line meant for a developer. Nothing said
that a proxy was in the way, so a user looked for the fault in every feed but the right place. SOCKS proxies are
carried since (``tests/test_socks_proxy.py``); one that is down is named as the others are."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import ROOT

feed_server = httpserver.feed_server
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def add_with(home: Path, url: str, **proxies: str) -> subprocess.CompletedProcess[str]:
    """`newsdesk add URL` with only ``proxies`` as the proxy settings of its environment."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    env |= {"NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "none.toml"), **proxies}
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run(
        [str(exe), "add", url], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        (
            "http://127.0.0.1:{port}",
            "the proxy http://127.0.0.1:{port} (from the environment): connection refused",
        ),
        (
            "http://bob:secret@127.0.0.1:{port}",
            "the proxy http://bob:***@127.0.0.1:{port} (from the environment)",
        ),
        (
            "http://no-such-proxy.invalid:3128",
            "the proxy http://no-such-proxy.invalid:3128 (from the environment)",
        ),
        ("http://[::1", "the proxy setting http://[::1 (from the environment) is not an address"),
        (
            "socks5://127.0.0.1:{port}",
            "the proxy socks5://127.0.0.1:{port} (from the environment): connection refused",
        ),
    ],
    ids=["down", "login", "misspelt", "no-address", "socks-down"],
)
def test_a_proxy_that_fails_is_named(
    tmp_path: Path, feed_server: FeedServer, setting: str, said: str
) -> None:
    feed_server["/feed.xml"] = make_feed(1, 3)
    port = closed_port()
    proxy = setting.format(port=port)
    variable = "ALL_PROXY" if proxy.startswith("socks") else "HTTP_PROXY"
    proc = add_with(tmp_path, feed_server.url("/feed.xml"), **{variable: proxy})
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("newsdesk: could not fetch "), line
    assert said.format(port=port) in line, line
    for wrong in ("redirected", "ImportError", "pip install", "unexpected error", "secret"):
        assert wrong not in line, line
    assert feed_server.count("/feed.xml") == 0  # nothing went round the proxy


def test_a_working_proxy_still_carries_the_feeds(tmp_path: Path, feed_server: FeedServer) -> None:
    """The test server serves the path of an absolute request line, as a proxy forwards it: a feed whose host
    does not exist comes through it."""
    feed_server["/feed.xml"] = make_feed(2, 3)
    proc = add_with(tmp_path, "http://feeds.invalid/feed.xml", HTTP_PROXY=feed_server.base_url)
    assert proc.returncode == 0, proc.stderr
    assert feed_server.count("/feed.xml") == 1
