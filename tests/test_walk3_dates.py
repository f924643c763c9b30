"""Dates a third walk on real news feeds found read wrongly: feeds served from 127.0.0.1, the installed
`newsdesk` command run as a subprocess on a data folder in a temporary directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests import httpserver

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server


def newsdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def rss(items: str, title: str = "Walk") -> bytes:
    return f'<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()


def item(n: int, date: str = "Mon, 02 Nov 2026 10:00:00 GMT", author: str = "") -> str:
    by = f"<author>{author}</author>" if author else ""
    return (
        f"<item><guid>g{n}</guid><title>Story {n}</title><link>https://example.org/{n}</link>"
        f"<description>Text {n}.</description><pubDate>{date}</pubDate>{by}</item>"
    )


def test_a_pubdate_with_portuguese_day_and_month_names_dates_the_story(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # UOL Noticias writes its dates in Portuguese; its 2018 stories were stamped with the time of the fetch and
    # listed as "now", above every story of every other feed.
    feed_server.set(
        "/uol.xml",
        rss(item(1, "Seg, 24 Set 2018 19:42:40 -0300") + item(2, "Sáb, 3 Out 2020 01:02:00 GMT"), "UOL"),
    )
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/uol.xml")).returncode == 0
    proc = newsdesk(home, "stories", "--json")
    assert proc.returncode == 0, proc.stderr
    dates = {s["title"]: s["published"] for s in json.loads(proc.stdout)}
    assert dates == {"Story 1": "2018-09-24T22:42:40Z", "Story 2": "2020-10-03T01:02:00Z"}


def test_other_languages_month_names_and_a_zone_it_does_not_know() -> None:
    from feeds.dates import foreign_rfc822

    def iso(value: str) -> str | None:
        epoch = foreign_rfc822(value)
        return None if epoch is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))

    assert iso("lun., 5 déc. 2022 10:00:00 +0100") == "2022-12-05T09:00:00"
    assert iso("Mo, 3 Mär 2025 08:00:00 +0100") == "2025-03-03T07:00:00"
    assert iso("Di, 14. Oktober 2025 12:00 +0200") == "2025-10-14T10:00:00"
    assert iso("mer, 15 ago 2018 09:30:00 +0200") == "2018-08-15T07:30:00"
    # A zone abbreviation the parser does not know is UTC, never the local time of the machine reading it.
    assert iso("24 Set 2018 19:42:40 BRT") == "2018-09-24T19:42:40"
    assert iso("Seg, 24 Xyz 2018 19:42:40 -0300") is None
    assert iso("yesterday") is None
