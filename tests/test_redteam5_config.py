"""A config file the command cannot read, or whose retention settings it cannot read, with the installed command
and a feed from a real HTTP server on 127.0.0.1: the command says so, and purges nothing by a default."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import ROOT, newsdesk
from tui.config import Config, load_config

feed_server = httpserver.feed_server

STORIES = Config.retention_per_feed + 20  # more than the default keeps


def _refresh_with(tmp_path: Path, feed_server: FeedServer, config_text: bytes) -> tuple[int, str]:
    feed_server.set("/big.xml", make_feed(8, STORIES))
    home = tmp_path / "home"
    assert newsdesk(home, "add", "--no-check", feed_server.url("/big.xml")).returncode == 0
    config = tmp_path / "newsdesk.toml"
    config.write_bytes(config_text)
    proc = newsdesk(home, "--config", str(config), "refresh")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    with Store(home, readonly=True) as store:
        (feed,) = store.feeds()
        return len(store.headers(feed.id)), proc.stderr


@pytest.mark.parametrize(
    "config_text",
    [
        b'retention_per_feed = 0\n[keymap\n"story.toggle_read" = "x"\n',  # a typo further down
        b"retention_per_feed = 0\ntheme = \xff\n",  # not UTF-8
        b'retention_per_feed = "all"\n',  # the setting itself unreadable
    ],
)
def test_a_config_that_cannot_be_read_purges_nothing_and_says_so(
    tmp_path: Path, feed_server: FeedServer, config_text: bytes
) -> None:
    """The user keeps every story (retention_per_feed = 0); a typo elsewhere in the file made every setting its
    default, and a refresh from cron kept 500 a feed and deleted the rest, without a word on any output."""
    kept, stderr = _refresh_with(tmp_path, feed_server, config_text)
    assert kept == STORIES
    (line,) = [line for line in stderr.splitlines() if line.startswith("newsdesk: ")]  # one line, said once
    assert "newsdesk.toml" in line or "`retention_per_feed`" in line
    assert line.endswith("no story is purged until it is fixed")


def test_a_good_config_still_purges_as_it_says(tmp_path: Path, feed_server: FeedServer) -> None:
    kept, stderr = _refresh_with(tmp_path, feed_server, b"retention_per_feed = 100\n")
    assert kept == 100 and "newsdesk: " not in stderr


def test_load_config_keeps_every_story_for_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("retention_days = 30\nretention_per_feed = 10\n[oops\n", encoding="utf-8")
    config, warnings = load_config(path)
    assert (config.retention_per_feed, config.retention_days) == (0, 0.0)
    assert config.theme == Config.theme and len(warnings) == 1
    assert ROOT.is_dir()
