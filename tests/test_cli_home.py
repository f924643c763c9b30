"""``NEWSDESK_HOME`` set but empty, with the installed command: a script whose variable was never filled
(``NEWSDESK_HOME=$SCRATCH newsdesk import ...``) must not write into the user's real folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import one_line_error

feed_server = httpserver.feed_server


def _run(
    tmp_path: Path, home_value: str, *args: str, config: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command with ``NEWSDESK_HOME`` as given and the default folders (XDG and ``~``) inside ``tmp_path``,
    so a fall back to the default is seen there instead of in the real home (and a blank relative folder is
    made there, not in the checkout)."""
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {
        **os.environ,
        "HOME": str(tmp_path / "user"),
        "XDG_DATA_HOME": str(tmp_path / "user" / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "user" / "config"),
        "NEWSDESK_HOME": home_value,
        "NEWSDESK_CONFIG": str(tmp_path / "no-config.toml") if config is None else config,
    }
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_home_is_an_error_not_the_default_folder(
    tmp_path: Path, feed_server: FeedServer, value: str
) -> None:
    feed_server.set("/a.xml", make_feed(1, 3))
    for args in (("add", feed_server.url("/a.xml")), ("feeds",), ("import", "--defaults")):
        proc = _run(tmp_path, value, *args)
        one_line_error(proc, 2, "NEWSDESK_HOME is set but empty")
    assert not (tmp_path / "user").exists()  # nothing was made in the default folder
    assert feed_server.count("/a.xml") == 0


def test_a_data_dir_option_still_wins_over_an_empty_home(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/a.xml", make_feed(1, 3))
    data = tmp_path / "chosen"
    added = _run(tmp_path, "", "--data-dir", str(data), "add", feed_server.url("/a.xml"))
    assert added.returncode == 0, added.stderr
    assert "Generated News 1" in _run(tmp_path, "", "--data-dir", str(data), "feeds").stdout
    assert not (tmp_path / "user").exists()


def test_a_home_that_is_set_is_used(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/a.xml", make_feed(1, 3))
    assert _run(tmp_path, str(tmp_path / "mine"), "add", feed_server.url("/a.xml")).returncode == 0
    assert "Generated News 1" in _run(tmp_path, str(tmp_path / "mine"), "feeds").stdout
    assert not (tmp_path / "user").exists()


def test_an_empty_config_setting_is_an_error_not_the_users_own_config(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The config decides what a refresh purges: a scratch config left unfilled (``NEWSDESK_CONFIG=$CFG``) must
    not become the user's own, here one that keeps a single story a feed."""
    own = tmp_path / "user" / "config" / "newsdesk" / "config.toml"
    own.parent.mkdir(parents=True)
    own.write_text("retention_per_feed = 1\n")
    home = str(tmp_path / "scratch")
    feed_server.set("/a.xml", make_feed(1, 3))
    assert _run(tmp_path, home, "add", feed_server.url("/a.xml")).returncode == 0
    for value in ("", " "):
        proc = _run(tmp_path, home, "refresh", config=value)
        one_line_error(proc, 2, "NEWSDESK_CONFIG is set but empty")
    one_line_error(_run(tmp_path, home, "--config", "", "refresh"), 2, "--config")  # the parser refuses it
    stories = _run(tmp_path, home, "stories", "--json")
    assert stories.returncode == 0, stories.stderr
    assert stories.stdout.count('"id"') == 3  # nothing purged by the user's own retention of 1
    assert feed_server.count("/a.xml") == 1  # only the add fetched it
