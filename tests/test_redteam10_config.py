"""A config file saved with a byte order mark (Windows Notepad before 2019 and some other editors begin UTF-8
with one; a dotfiles repository carries it to Linux), with the installed command and a feed from a real HTTP
server on 127.0.0.1."""

from __future__ import annotations

import codecs
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam5_config import _refresh_with
from tui.config import load_config

feed_server = httpserver.feed_server


def test_a_config_that_begins_with_a_byte_order_mark_is_read(tmp_path: Path, feed_server: FeedServer) -> None:
    """TOML refused the mark: "Invalid statement (at line 1, column 1)", a fault no one can see in the file, and
    every setting (theme, keys, browser, retention) was its default until the file was saved again without it."""
    kept, stderr = _refresh_with(tmp_path, feed_server, codecs.BOM_UTF8 + b"retention_per_feed = 100\n")
    assert kept == 100 and "newsdesk: " not in stderr, stderr


def test_only_a_leading_mark_is_taken_away(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(codecs.BOM_UTF8 + b'theme = "nord"\n')
    config, warnings = load_config(path)
    assert config.theme == "nord" and warnings == []
    path.write_bytes(
        b'theme = "nord"\n' + codecs.BOM_UTF8 + b"text_width = 80\n"
    )  # not at the start: an error
    assert len(load_config(path)[1]) == 1
