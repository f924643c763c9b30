"""The command line's cut text in a Latin-1 locale ends in "...", as the reader's screen does there.

`newsdesk stories`, `search` and `bookmarks` cut a feed's name to its column with "…", which Latin-1 lacks: the
command's output streams write "?" for what their encoding cannot, so "Lanternfish Revie?" read as a name with a
stray letter (and a title the feed itself cut, "Wait for it… the news", as "Wait for it? the news"). The installed
command, a feed served from 127.0.0.1, a Latin-1 locale made with ``localedef`` (``.ci/run`` installs ``locales``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.httpserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]
LATIN1 = "en_US.ISO-8859-1"
FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>Lanternfish Review of Books, Belvédère</title>"
    "<item><guid>g1</guid><title>Wait for it… the lanternfish news</title><link>https://example.org/1</link>"
    "<description>Text.</description><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>g2</guid><title>Café lanternfish</title><link>https://example.org/2</link>"
    "<description>Text.</description><pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item>"
    "</channel></rss>"
)


def latin1_locale(tmp_path: Path) -> dict[str, str]:
    """The settings of a Latin-1 locale made in ``tmp_path``."""
    if shutil.which("localedef") is None:
        pytest.fail("localedef is required to make a Latin-1 locale (apt-get install locales)")
    locales = tmp_path / "locales"
    locales.mkdir()
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(locales / LATIN1)],
        capture_output=True,
        timeout=60,
    )
    assert (locales / LATIN1).is_dir(), made.stderr
    return {"LOCPATH": str(locales), "LC_ALL": LATIN1}


def newsdesk(home: Path, *args: str, locale: dict[str, str] | None = None) -> bytes:
    """What the installed command prints on standard output, in ``locale`` (else UTF-8)."""
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "PYTHONUTF8", "LC_"))}
    env.update(NEWSDESK_HOME=str(home), NEWSDESK_CONFIG=str(home / "no-config.toml"), LANG="C.UTF-8")
    env.update(locale or {"LC_ALL": "C.UTF-8"})
    proc = subprocess.run([*cmd, *args], capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, (args, proc.stderr)
    return proc.stdout


def test_cut_text_ends_in_three_dots_on_a_latin1_terminal_and_in_an_ellipsis_on_utf8(tmp_path: Path) -> None:
    home = tmp_path / "home"
    latin1 = latin1_locale(tmp_path)
    with FeedServer({"/feed.xml": FEED}) as server:
        newsdesk(home, "add", server.url("/feed.xml"))
    stories = json.loads(newsdesk(home, "stories", "--json"))
    newsdesk(home, "bookmark", stories[0]["id"], "--note", "first line\nsecond line")

    for args in (("stories",), ("search", "lanternfish")):
        out = newsdesk(home, *args, locale=latin1).decode("latin-1")
        rows = out.splitlines()
        assert len(rows) == 2, out
        assert all("  Lanternfish Revie...  " in row for row in rows), out  # 20 cells: 17, then the dots
        assert "Wait for it... the lanternfish news" in out and "Café lanternfish" in out, out
        assert "?" not in out, out
        utf8 = newsdesk(home, *args).decode("utf-8")
        assert "  Lanternfish Review…   " in utf8 and "Wait for it… the" in utf8, utf8

    marks = newsdesk(home, "bookmarks", locale=latin1).decode("latin-1")
    assert "Lanternfish Revie...  Wait for it... the" in marks and "    first line ...\n" in marks, marks
    assert "?" not in marks, marks
    assert "    first line …\n" in newsdesk(home, "bookmarks").decode("utf-8")
