"""A refresh under a low limit of open files (``ulimit -n`` 24, 20).

The process pool's start found no descriptor left once the refresh's connections had them: a worker's start
closed its socket to the forkserver half-way, and the forkserver died printing a traceback (EOFError in
recvfds) under the refresh's report, though the refresh went on parsing inline. Lower still, the parser was
imported at the first body, with no descriptor left to open its file: "newsdesk: too many files open at once
...: .../feeds/parse.py" and nothing saved. And a connection that found none left said the system's bare "Too
many open files", where the rest of the app says whose limit it is and what it is. Real limits set in child
processes: the installed command, a real server on 127.0.0.1, real stores in tmp dirs."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import ROOT, newsdesk

feed_server = httpserver.feed_server
FEEDS = 8  # past POOL_MIN, all new: every one sends a body to parse


def _limited(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))


def _refresh_limited(data: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """The installed ``newsdesk refresh`` on the store ``data``, run under the open-files limit ``limit``."""
    exe = Path(sys.executable).with_name("newsdesk")
    env = {**os.environ, "NEWSDESK_HOME": str(data), "NEWSDESK_CONFIG": str(data / "no-config.toml")}
    return subprocess.run(
        [str(exe), "refresh"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        preexec_fn=lambda: _limited(limit),
    )


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the pool needs two cores")
@pytest.mark.parametrize("limit", [24, 20])
def test_a_refresh_under_a_low_open_files_limit_says_no_traceback(
    tmp_path: Path, feed_server: FeedServer, limit: int
) -> None:
    data = tmp_path / "data"
    for n in range(FEEDS):
        feed_server[f"/f{n}.xml"] = make_feed(n, 20)
        add = newsdesk(data, "add", "--no-check", feed_server.url(f"/f{n}.xml"))
        assert add.returncode == 0, add.stderr
    proc = _refresh_limited(data, limit)
    assert "Traceback" not in proc.stderr and "EOFError" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    assert f"{FEEDS} feeds: {FEEDS * 20} new stories, 0 failed" in proc.stderr, proc.stderr
    assert [line.split(":")[-1] for line in proc.stdout.splitlines()] == [" 20 new, 0 updated"] * FEEDS


CHILD = """
import resource, sys
from feeds.fetch import FetchRequest, fetch, make_client

fetch(make_client(timeout=10), FetchRequest(sys.argv[1], "", ""))  # the modules a fetch needs, imported
client = make_client(timeout=10)  # a client of its own: no connection kept open to use again
resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))
held = []
try:
    while True:  # every descriptor taken, as by a refresh's other connections and files
        held.append(open("/dev/null", "rb"))
except OSError:
    pass
print(fetch(client, FetchRequest(sys.argv[1], "", "")).error)
"""


def test_a_connection_at_the_open_files_limit_says_what_the_limit_is(feed_server: FeedServer) -> None:
    feed_server["/a.xml"] = make_feed(1, 2)
    child = [sys.executable, "-c", CHILD, feed_server.url("/a.xml")]
    proc = subprocess.run(child, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip()
    assert line == "could not connect: too many files open at once (the limit, `ulimit -n`, is 40)", line


def test_a_refresh_at_ulimit_11_holds_fewer_connections_and_saves_every_feed(tmp_path: Path) -> None:
    """``ulimit -n`` 11 and 16 feeds on 16 hosts (the loopback addresses 127.0.0.2 on): the refresh opened 16
    connections at once, and every feed failed ("could not connect: too many files open at once"), or its save
    did. It holds as many as the limit leaves room for beside the store's files, and refreshes every feed."""
    data = tmp_path / "data"
    servers = [FeedServer(host=f"127.0.0.{2 + n}").start() for n in range(16)]
    try:
        for n, server in enumerate(servers):
            server[f"/f{n}.xml"] = make_feed(n, 5)
            add = newsdesk(data, "add", "--no-check", server.url(f"/f{n}.xml"))
            assert add.returncode == 0, add.stderr
        proc = _refresh_limited(data, 11)
    finally:
        for server in servers:
            server.stop()
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    assert "16 feeds: 80 new stories, 0 failed" in proc.stderr, proc.stderr
    assert [line.split(":")[-1] for line in proc.stdout.splitlines()] == [" 5 new, 0 updated"] * 16
