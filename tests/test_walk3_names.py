"""Names a third walk on real news feeds found wrong: a Reuters-style story served from 127.0.0.1, subscribed to
with the installed `newsdesk` command, its names listed by `newsdesk entities` and pivoted on by `newsdesk entity`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import httpserver

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server

DATELINE = (
    "WASHINGTON/DUBAI, Feb 28 (Reuters) - Israel and the United States timed their attack on Iran to coincide with"
    " a meeting of the country's leaders, according to two sources in Washington. In January, Prime Minister"
    " Theresa May met President Donald Trump in London, and on Monday the Pentagon said more strikes would follow."
)
NAMELESS = (
    "This month's spill was over 10 times larger than regulators in the 1970s predicted in the event of an anchor"
    " strike on the pipeline. Their miscalculation may have missed an opportunity to enact safeguards, experts say."
)
FEED = (
    '<rss version="2.0"><channel><title>Wire</title><language>en</language>'
    "<item><guid>w1</guid><title>Israel and US strike Iran</title><link>https://example.org/w1</link>"
    f"<description>{DATELINE}</description><pubDate>Sat, 28 Feb 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>w2</guid><title>Regulators badly underestimated the devastation of a possible oil spill</title>"
    f"<link>https://example.org/w2</link><description>{NAMELESS}</description>"
    "<pubDate>Sun, 17 Oct 2021 12:00:05 GMT</pubDate></item>"
    "</channel></rss>"
)


def newsdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_a_month_in_a_dateline_is_no_organisation(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    # "Feb" was an organisation in 53 Reuters stories, and led the pivot's "most often with" for Reuters.
    feed_server.set("/wire.xml", FEED)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/wire.xml")).returncode == 0
    line = newsdesk(home, "stories").stdout.splitlines()[0]
    proc = newsdesk(home, "entities", line.split()[0])
    assert proc.returncode == 0, proc.stderr
    names = {" ".join(row.split()[2:]): row.split()[0] for row in proc.stdout.splitlines()}
    assert "Reuters" in names and "Israel" in names  # the story was tagged
    assert not {"Feb", "January", "Monday"} & set(names), names
    assert names.get("Theresa May") == "PER"  # a month that is part of a person's name stays
    pivot = newsdesk(home, "entity", "Feb")
    assert "no story names 'Feb'" in pivot.stderr, (pivot.stdout, pivot.stderr)


def test_an_english_story_without_names_says_so(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    # `newsdesk entities ID` of the LA Times' oil-spill story printed nothing at all, as if it had failed; the
    # reader's sidebar says "No names found in this story".
    feed_server.set("/wire.xml", FEED)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/wire.xml")).returncode == 0
    line = newsdesk(home, "stories").stdout.splitlines()[1]
    assert line.endswith("Regulators badly underestimated the devastation of a possible oil spill")
    proc = newsdesk(home, "entities", line.split()[0])
    assert proc.returncode == 0
    assert proc.stdout == ""  # a script reading the names reads none
    assert proc.stderr == "No names found in this story.\n"
