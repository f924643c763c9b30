"""The installed `newsdesk` command given odd arguments and hostile feeds: one clear line and a non-zero exit for a
mistake, nothing lost, and nothing secret printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk, one_line_error

feed_server = httpserver.feed_server


def newsdesk_command() -> list[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]


def newsdesk_env(home: Path) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}


@pytest.mark.parametrize("ref", ["", "   "])
@pytest.mark.parametrize("command", ["remove", "rename", "tag", "refresh"])
def test_an_empty_feed_name_names_no_feed(tmp_path: Path, command: str, ref: str) -> None:
    """`newsdesk remove "$UNSET"` unsubscribed the feed that had no title: '' equalled its empty title."""
    with Store(tmp_path) as store:
        untitled = store.add_feed("https://untitled.example/feed")  # no title yet: never fetched
        store.add_feed("https://other.example/feed", title="Other")
    args = [command, ref, "New title"] if command == "rename" else [command, ref]
    one_line_error(newsdesk(tmp_path, *args), 1, "an empty feed name names no feed")
    with Store(tmp_path, readonly=True) as store:
        assert {f.url for f in store.feeds()} == {
            "https://untitled.example/feed",
            "https://other.example/feed",
        }
        assert store.get_feed(untitled.id) == untitled


def test_a_refresh_read_through_head_still_refreshes_every_feed(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """`newsdesk refresh | head -1`: the first line after the reader left raised BrokenPipeError, which stopped
    the refresh there (exit 0, most feeds never fetched). The report may stop; the refresh must not."""
    urls = []
    for n in range(5):
        feed_server[f"/f{n}.xml"] = make_feed(n, 3)
        urls.append(feed_server.url(f"/slow/f{n}.xml?s={0.3 * n}"))  # one finishing after another
    with Store(tmp_path) as store:
        for url in urls:
            store.add_feed(url)
    proc = subprocess.Popen(
        [*newsdesk_command(), "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=newsdesk_env(tmp_path),
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    assert first.startswith("new"), first
    proc.stdout.close()  # as `head -1` does
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "5 feeds: 15 new stories, 0 failed" in stderr
    with Store(tmp_path, readonly=True) as store:
        assert len(store.headers()) == 15
