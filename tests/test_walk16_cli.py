"""What a sixteenth walk, as a user leaving Feedly or Inoreader with an OPML export of nested folders, found in the
command line: the installed `newsdesk` on fresh data folders, the feeds served from 127.0.0.1."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.terminal import Terminal, plain, read_until_exit
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def feedly_export(server: FeedServer) -> str:
    """An export as Feedly writes it: category outlines holding `type="rss"` outlines, a feed once per folder it
    is in; Inoreader's is alike. "Daily" is in Tech and in News; "Weekly" in News > Europe and, its address
    written another way (as one reader saved it), in Long reads."""
    daily, weekly, other = (server.url(f"/{n}.xml") for n in ("daily", "weekly", "other"))
    shouted = weekly.replace("http://127.0.0.1", "HTTP://127.0.0.1")

    def feed(title: str, url: str) -> str:
        return f'<outline type="rss" text="{title}" title="{title}" xmlUrl="{url}" htmlUrl="https://example.org/"/>'

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Ana subscriptions in feedly Cloud</title></head><body>
  <outline text="Tech" title="Tech">{feed("Daily", daily)}{feed("Other", other)}</outline>
  <outline text="News" title="News">{feed("Daily", daily)}
    <outline text="Europe" title="Europe">{feed("Weekly", weekly)}</outline>
  </outline>
  <outline text="Long reads" title="Long reads">{feed("Weekly", shouted)}</outline>
</body></opml>
"""


def tags_of(home: Path) -> dict[str, list[str]]:
    proc = newsdesk(home, "feeds", "--json")
    assert proc.returncode == 0, proc.stderr
    return {f["title"]: f["tags"] for f in json.loads(proc.stdout)}


def test_a_feed_in_two_folders_is_one_subscription_in_both(tmp_path: Path, feed_server: FeedServer) -> None:
    """Feedly lists a feed once in each folder it is in. The import kept the first folder's tag and dropped the
    others without a word ("imported 3 feeds, skipped 0 already subscribed"), so the feed was missing from its
    second folder, in the reader, in `tag:` searches and in every export after; the same feed written another way
    was called "already subscribed" and lost its folder too."""
    for name in ("daily", "weekly", "other"):
        feed_server.set(f"/{name}.xml", make_feed(len(name), 3))
    (tmp_path / "feedly.opml").write_text(feedly_export(feed_server))
    home = tmp_path / "home"
    proc = newsdesk(home, "import", str(tmp_path / "feedly.opml"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "imported 3 feeds (2 of them listed twice or more: one subscription each, in all its folders),"
        " skipped 0 already subscribed"
    )
    assert tags_of(home) == {
        "Daily": ["Tech", "News"],
        "Other": ["Tech"],
        "Weekly": ["News", "Europe", "Long reads"],
    }

    # the export keeps them for the way back: a new data folder imports the same feeds in the same folders
    assert newsdesk(home, "export", str(tmp_path / "back.opml")).returncode == 0
    again = tmp_path / "again"
    proc = newsdesk(again, "import", str(tmp_path / "back.opml"))
    assert proc.stdout.strip() == (  # the export lists a feed once in each folder, as Feedly does
        "imported 3 feeds (2 of them listed twice or more: one subscription each, in all its folders),"
        " skipped 0 already subscribed"
    ), proc.stderr
    assert tags_of(again) == tags_of(home)


def test_the_refresh_bar_names_the_feeds_it_waits_for(tmp_path: Path, feed_server: FeedServer) -> None:
    """The bar named the feed just finished. A first refresh of an old export ends on its dead feeds: while the
    last one took its 20 s to time out, the bar sat at "283/284 · 6 errors · Reuters-Direct-Gnews Lat…", as if
    that feed hung. With a few feeds left, it names the ones it is waiting for."""
    feed_server.set("/fast.xml", make_feed(1, 2))
    feed_server.set("/slow.xml", make_feed(2, 2))
    slow = feed_server.hold("/slow.xml")
    home = tmp_path / "home"
    for name in ("fast", "slow"):
        title = name.title() + " feed"
        assert (
            newsdesk(home, "add", "--no-check", "--title", title, feed_server.url(f"/{name}.xml")).returncode
            == 0
        )
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    seen = bytearray()
    with Terminal(
        [str(Path(sys.executable).with_name("newsdesk")), "refresh"], env, rows=24, columns=80
    ) as term:
        try:
            assert term.wait_for(seen, "1/2 · 0 errors · waiting for Slow feed", 9), plain(seen)
        finally:
            slow.set()
        seen += read_until_exit(term.proc, term.master, 60)
        assert term.proc.wait(10) == 0
    assert "2 feeds: 4 new stories, 0 failed" in plain(seen)


def test_the_help_of_import_and_export_says_what_becomes_of_folders(tmp_path: Path) -> None:
    """A user with an export of nested folders read `import --help` and `export --help` for what becomes of
    them: neither said (folders become tags; an export writes a feed in the folder of each of its tags). The
    export's help had gone on saying "a folder for each feed's first tag" after the export wrote every tag's."""
    said = newsdesk(tmp_path, "import", "--help").stdout
    assert "an OPML file's folders (Feedly's, Inoreader's) become tags" in " ".join(said.split())
    said = newsdesk(tmp_path, "export", "--help").stdout
    said = " ".join(said.split())
    assert "a feed once in the folder of each of its tags (at the top level without one)" in said
    assert "first tag" not in said
