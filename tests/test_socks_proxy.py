"""A SOCKS proxy from the environment (``ALL_PROXY=socks5h://127.0.0.1:9050``, as Tor or ``ssh -D`` give one)
carries the feeds. Before, every feed failed with "the proxy ... is a SOCKS proxy, which newsdesk cannot use":
the HTTP client needs the socksio package for it, which was not installed. newsboat reads feeds through SOCKS.

A real SOCKS5 server on 127.0.0.1 (``tests/socksserver.py``) relays to a real feed server; the installed command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.socksserver import SocksServer
from tests.test_cli import ROOT, newsdesk
from tests.test_redteam8_proxy import PROXY_VARIABLES, add_with, closed_port

feed_server = httpserver.feed_server


def test_a_socks5h_proxy_carries_a_feed_whose_host_only_the_proxy_knows(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server["/feed.xml"] = make_feed(3, 4)
    url = f"http://news.onion.invalid:{feed_server.port}/feed.xml"  # a name only the proxy resolves
    with SocksServer(hosts={"news.onion.invalid": "127.0.0.1"}) as socks:
        proxy = f"socks5h://127.0.0.1:{socks.port}"
        proc = add_with(tmp_path, url, ALL_PROXY=proxy)
        assert proc.returncode == 0, proc.stderr
        assert socks.asked == [
            ("news.onion.invalid", feed_server.port)
        ]  # the name went to the proxy, unresolved
        listed = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
        assert len(listed) == 4
    assert feed_server.count("/feed.xml") == 1


def run_with(home: Path, *args: str, **proxies: str) -> subprocess.CompletedProcess[str]:
    """The installed ``newsdesk ARGS`` with only ``proxies`` as the proxy settings of its environment."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    env |= {"NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "none.toml"), **proxies}
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_a_socks5_proxy_carries_the_refresh(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = make_feed(4, 3)
    feed_server["/b.xml"] = make_feed(5, 3)
    with SocksServer() as socks:
        proxy = f"socks5://127.0.0.1:{socks.port}"
        for path in ("/a.xml", "/b.xml"):
            assert run_with(tmp_path, "add", feed_server.url(path), ALL_PROXY=proxy).returncode == 0
        feed_server["/a.xml"] = make_feed(4, 5, generation=1)
        proc = run_with(tmp_path, "refresh", ALL_PROXY=proxy)
        assert proc.returncode == 0, proc.stderr
        assert "2 feeds: 3 new stories, 0 failed" in proc.stderr, (proc.stdout, proc.stderr)
        assert len(socks.asked) >= 4  # each of the four requests went through the proxy
    assert all(host == "127.0.0.1" for host, _ in socks.asked)
    assert {feed_server.count("/a.xml"), feed_server.count("/b.xml")} == {2}
    listed = json.loads(run_with(tmp_path, "stories", "--json", "--limit", "0").stdout)
    assert len(listed) == 3 + 3 + 3


def test_a_socks_proxy_that_is_down_is_named(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server["/feed.xml"] = make_feed(6, 3)
    port = closed_port()
    proc = add_with(tmp_path, feed_server.url("/feed.xml"), ALL_PROXY=f"socks5h://127.0.0.1:{port}")
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert f"the proxy socks5h://127.0.0.1:{port} (from the environment): connection refused" in line, line
    assert feed_server.count("/feed.xml") == 0
