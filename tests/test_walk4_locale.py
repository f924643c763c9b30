"""What a fourth walk found in locales whose encoding lacks a story's letters (an ASCII or Latin-1 locale, or
``PYTHONIOENCODING=ascii``): the installed command on a store refreshed from 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_cli_hostile import newsdesk_command, newsdesk_env

feed_server = httpserver.feed_server
TITLE = "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen — 東京"
FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>heise online</title>'
    f"<item><guid>g1</guid><title>{TITLE}</title><link>https://example.org/1</link>"
    "<description>Text.</description><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
    "</channel></rss>"
).encode()


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_a_bookmark_export_to_standard_output_keeps_every_letter(
    tmp_path: Path, feed_server: httpserver.FeedServer, fmt: str
) -> None:
    """`newsdesk bookmarks --export json > backup.json` in an ASCII locale wrote "Vorsichtsma?nahmen gegen
    Einbrennen ? ??": the export went through the locale's encoding, where the same export into a FILE, and
    `newsdesk export`, are UTF-8 whatever the locale."""
    home = tmp_path / "home"
    feed_server.set("/heise.xml", FEED)
    assert newsdesk(home, "add", feed_server.url("/heise.xml")).returncode == 0
    [story] = json.loads(newsdesk(home, "stories", "--json").stdout)
    assert story["title"] == TITLE
    assert newsdesk(home, "bookmark", story["id"]).returncode == 0
    env = {**newsdesk_env(home), "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [*newsdesk_command(), "bookmarks", "--export", fmt], capture_output=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    if fmt == "json":
        [mark] = json.loads(out)["bookmarks"]
        assert mark["story"]["title"] == TITLE
    else:
        assert TITLE in out, out
    # into a file, the same bytes
    target = tmp_path / f"backup.{fmt}"
    saved = subprocess.run(
        [*newsdesk_command(), "bookmarks", "--export", fmt, str(target)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert saved.returncode == 0, saved.stderr
    if fmt == "json":  # the same but for when each was made
        written, shown = json.loads(target.read_bytes()), json.loads(proc.stdout)
        assert written.pop("exported") and shown.pop("exported") and written == shown
    else:
        assert target.read_bytes() == proc.stdout
