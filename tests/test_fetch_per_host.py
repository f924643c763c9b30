"""At most four fetches at once from one host (feeds.fetch_order): many subscriptions on one host (YouTube
channels, subreddits, a newspaper's sections) must not arrive as sixteen requests at once, which such hosts answer
with 429s; and the feeds of other hosts are fetched meanwhile, not queued behind them.

The installed command refreshes feeds served by two real servers on 127.0.0.1, one named by its address and one
as ``localhost`` (two host names); the first server holds its answers until the test lets them go.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from feeds.fetch_order import PER_HOST, HostOrder, host_of
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import ROOT, newsdesk


def _opml(urls: list[str]) -> str:
    rows = "\n".join(f'<outline type="rss" text="F{n}" xmlUrl={quoteattr(u)}/>' for n, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{rows}</body></opml>'


def _refresh_in_background(home: Path, urls: list[str]) -> subprocess.Popen[str]:
    """The installed ``newsdesk refresh`` started on a new store subscribed to ``urls`` (output piped)."""
    (home / "subs.opml").write_text(_opml(urls))
    assert newsdesk(home, "import", str(home / "subs.opml")).returncode == 0
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    return subprocess.Popen(
        [*cmd, "refresh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait(check: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def test_one_host_gets_at_most_four_fetches_and_other_hosts_go_on_meanwhile(tmp_path: Path) -> None:
    with FeedServer() as busy, FeedServer() as other:
        busy_paths = [f"/channel{n}.xml" for n in range(12)]
        gates = []
        for n, path in enumerate(busy_paths):
            busy[path] = make_feed(n, 3)
            gates.append(busy.hold(path))
        other_paths = [f"/news{n}.xml" for n in range(6)]
        for n, path in enumerate(other_paths):
            other[path] = make_feed(100 + n, 3)
        # The held host's feeds come first, as a folder of YouTube channels would.
        urls = [busy.url(p) for p in busy_paths] + [f"http://localhost:{other.port}{p}" for p in other_paths]
        proc = _refresh_in_background(tmp_path, urls)
        try:
            # Every feed of the other host is fetched while the first host's answers are still held.
            _wait(lambda: all(other.count(p) == 1 for p in other_paths))
            _wait(lambda: busy.active == PER_HOST)
            time.sleep(0.3)  # room for a fifth request, if one were coming
            assert busy.active == PER_HOST
            for gate in gates:
                gate.set()
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, err
        assert busy.max_active == PER_HOST
        assert all(busy.count(p) == 1 for p in busy_paths)
    listed = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    assert len(listed) == 3 * 18


def test_after_a_429_the_rest_of_that_host_is_not_asked_in_this_refresh(tmp_path: Path) -> None:
    with FeedServer() as busy, FeedServer() as other:
        busy_paths = [f"/channel{n}.xml" for n in range(9)]
        for n, path in enumerate(busy_paths):
            busy[path] = make_feed(n, 3)
        gates = [busy.hold(p) for p in busy_paths]  # the first three, asked with the 429's, answer after it
        other_paths = [f"/news{n}.xml" for n in range(3)]
        for n, path in enumerate(other_paths):
            other[path] = make_feed(100 + n, 3)
        urls = (
            [busy.url("/status/429?retry_after=600")]
            + [busy.url(p) for p in busy_paths]
            + [f"http://localhost:{other.port}{p}" for p in other_paths]
        )
        proc = _refresh_in_background(tmp_path, urls)
        try:
            assert proc.stdout is not None
            lines = []
            while line := proc.stdout.readline():  # one line a feed, as each is done: the 429's comes first
                lines.append(line)
                if "(429)" in line:
                    break
            for gate in gates:
                gate.set()
            out = proc.stdout.read()  # not communicate(): it reads the pipe past what readline buffered
            err = proc.stderr.read() if proc.stderr else ""
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        lines += out.splitlines(keepends=True)
        assert proc.returncode == 3, err  # feeds failed
        asked = [busy.count(p) for p in busy_paths]
        assert asked == [1, 1, 1, 0, 0, 0, 0, 0, 0], asked
        assert all(other.count(p) == 1 for p in other_paths)
        not_asked = [line for line in lines if "not asked" in line]
        assert len(not_asked) == 6, "".join(lines)
        assert all(
            "127.0.0.1 answered another feed 'too many requests (429)'; retry after" in x for x in not_asked
        )

        # The next refresh waits for the time the host gave, for the feeds it was not asked for as well.
        again = newsdesk(tmp_path, "refresh")
        assert sum(busy.count(p) for p in busy_paths[3:]) == 0, again.stdout
    listed = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    assert len(listed) == 3 * 6


def test_the_order_is_kept_and_a_freed_host_takes_its_waiting_feed_first() -> None:
    class Req:
        def __init__(self, url: str) -> None:
            self.url = url

    reqs = [Req(f"https://Video.example/{n}") for n in range(6)] + [
        Req("http://b.example/1"),
        Req("/home/f.xml"),
    ]
    order = HostOrder(reqs, per_host=2)
    started = [order.take() for _ in range(4)]
    # Two of the busy host, then the next host's feed and the local file; the other four wait.
    assert [r.url for r in started if r] == [reqs[0].url, reqs[1].url, reqs[6].url, reqs[7].url]
    assert order.take() is None
    assert order.take(freed=order.done(reqs[0].url)) is reqs[2]
    assert order.take(freed=order.done(reqs[6].url)) is None  # b's feed ended: nothing of b waits
    assert order.take(freed=order.done(reqs[1].url)) is reqs[3]


def test_hosts_are_told_apart_by_name_without_case_port_or_final_dot() -> None:
    assert host_of("https://WWW.Example.com:8443/feed") == "www.example.com"
    assert host_of("http://www.example.com./rss") == "www.example.com"
    assert host_of("file:///home/me/feed.xml") is None
    assert host_of("/home/me/feed.xml") is None
    assert host_of("http://[::1]:8080/x") == "::1"
