"""A newsboat user's reading state: `newsdesk import cache.db` (newsboat's SQLite cache). The installed command on
data folders in temporary directories; caches built with newsboat's own schema (its ``src/cache.cpp``, schema
2.33), the same items served from 127.0.0.1 and refreshed after the import.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.newsboat_cache import _own_guid
from feeds.store import Store
from tests import httpserver
from tests.test_cli import newsdesk, one_line_error

feed_server = httpserver.feed_server

# newsboat's tables as its schema patches leave them (2.10 up to 2.33), written as one CREATE each.
SCHEMA = """
CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL, url VARCHAR(1024) NOT NULL,
    title VARCHAR(1024) NOT NULL, lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0,
    etag VARCHAR(128) NOT NULL DEFAULT "");
CREATE TABLE rss_item (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, guid VARCHAR(64) NOT NULL,
    title VARCHAR(1024) NOT NULL, author VARCHAR(1024) NOT NULL, url VARCHAR(1024) NOT NULL,
    feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL, content VARCHAR(65535) NOT NULL,
    unread INTEGER(1) NOT NULL, enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),
    enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0,
    base VARCHAR(128) NOT NULL DEFAULT "", content_mime_type VARCHAR(255) NOT NULL DEFAULT "",
    enclosure_description VARCHAR(1024) NOT NULL DEFAULT "",
    enclosure_description_mime_type VARCHAR(128) NOT NULL DEFAULT "");
CREATE INDEX idx_guid ON rss_item(guid);
CREATE INDEX idx_feedurl ON rss_item(feedurl);
CREATE TABLE metadata (db_schema_version_major INTEGER NOT NULL, db_schema_version_minor INTEGER NOT NULL);
INSERT INTO metadata VALUES (2, 33);
"""

DATE_1 = "Tue, 02 Jan 2024 10:00:00 GMT"  # 1704189600
DATE_2 = "Wed, 03 Jan 2024 10:00:00 GMT"  # 1704276000


def make_cache(path: Path, feeds: list[tuple[str, str]], items: list[dict[str, object]]) -> Path:
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO rss_feed (rssurl, url, title) VALUES (?, ?, ?)", feeds)
    for item in items:
        row = {
            "author": "",
            "content": "",
            "unread": 1,
            "flags": "",
            "deleted": 0,
            "pubDate": 1704189600,
        } | item
        con.execute(
            f"INSERT INTO rss_item ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    con.commit()
    con.close()
    return path


def served(base: str) -> str:
    """Five items as the feed serves them: a permalink guid, an opaque guid, two without guids (one dated, one
    not), and one newsboat deleted. The import knows the first five; a refresh adds the sixth."""
    return (
        '<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link>'
        f"<item><guid>https://desk.example/1</guid><title>One</title><link>https://desk.example/1</link>"
        f"<pubDate>{DATE_1}</pubDate><description>&lt;p&gt;First&lt;/p&gt;</description></item>"
        '<item><guid isPermaLink="false">tag:desk,2024:2</guid><title>Two</title>'
        f"<link>https://desk.example/2</link><pubDate>{DATE_1}</pubDate><description>Second</description></item>"
        f"<item><title>Three</title><link>https://desk.example/3</link><pubDate>{DATE_2}</pubDate>"
        "<description>Third</description></item>"
        "<item><title>Four</title><link>https://desk.example/4</link><description>Fourth</description></item>"
        "<item><guid>https://desk.example/5</guid><title>Five</title><link>https://desk.example/5</link>"
        f"<pubDate>{DATE_1}</pubDate><description>Deleted in newsboat</description></item>"
        "<item><guid>https://desk.example/6</guid><title>Six</title><link>https://desk.example/6</link>"
        f"<pubDate>{DATE_2}</pubDate><description>New since</description></item>"
        "</channel></rss>"
    )


def cached_items(feed: str) -> list[dict[str, object]]:
    """The items as newsboat stores them: its own guid for an item without one (link + date as written, else
    the link), HTML content, unread 0 for read, flags, deleted."""
    return [
        {"guid": "https://desk.example/1", "title": "One", "url": "https://desk.example/1", "feedurl": feed,
         "content": "<p>First \x1b[31mred</p><script>alert(1)</script>", "unread": 1, "flags": "sA",
         "content_mime_type": "text/html"},
        {"guid": "tag:desk,2024:2", "title": "Two", "url": "https://desk.example/2", "feedurl": feed,
         "content": "Second", "unread": 0},
        {"guid": "https://desk.example/3" + DATE_2, "title": "Three", "url": "https://desk.example/3",
         "feedurl": feed, "pubDate": 1704276000, "content": "Third", "unread": 0},
        {"guid": "https://desk.example/4", "title": "Four", "url": "https://desk.example/4", "feedurl": feed,
         "content": "Fourth", "unread": 0},
        {"guid": "https://desk.example/5", "title": "Five", "url": "https://desk.example/5", "feedurl": feed,
         "content": "Deleted in newsboat", "deleted": 1},
    ]  # fmt: skip


def stories(home: Path) -> dict[str, dict[str, object]]:
    proc = newsdesk(home, "stories", "--limit", "0", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    titles = [s["title"] for s in listed]
    assert len(titles) == len(set(titles)), titles  # no story twice
    return {s["title"]: s for s in listed}


def test_cache_brings_stories_read_marks_and_flags_and_a_refresh_stores_none_twice(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/desk.xml", served(feed_server.base_url))
    url = feed_server.url("/desk.xml")
    feeds = [(url, "https://desk.example/", "Desk, as newsboat last read it")]
    cache = make_cache(tmp_path / "cache.db", feeds, cached_items(url))
    before = hashlib.sha256(cache.read_bytes()).hexdigest()
    home = tmp_path / "data"

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "imported 1 feed, skipped 0 already subscribed",
        "stored 4 stories of the newsboat cache: 3 marked read, 1 flagged ones bookmarked",
    ]
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == before  # newsboat's file is never written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.db", "data"]  # nor a journal made beside it
    got = stories(home)
    assert {t: s["read"] for t, s in got.items()} == {"One": False, "Two": True, "Three": True, "Four": True}
    assert got["One"]["bookmarked"] and not got["Two"]["bookmarked"]
    shown = newsdesk(home, "show", str(got["One"]["id"])).stdout
    assert "First red" in shown and "\x1b" not in shown and "alert" not in shown  # plain text, escapes gone
    marks = json.loads(newsdesk(home, "bookmarks", "--json").stdout)
    assert [(m["title"], m["tags"]) for m in marks] == [("One", ["s", "A"])]

    proc = newsdesk(home, "refresh")
    assert proc.returncode == 0, proc.stderr
    after = stories(home)
    assert {t: s["read"] for t, s in after.items()} == {
        "One": False, "Two": True, "Three": True, "Four": True, "Six": False
    }  # fmt: skip
    assert {t: s["id"] for t, s in after.items() if t != "Six"} == {t: s["id"] for t, s in got.items()}
    listed = json.loads(newsdesk(home, "feeds", "--json").stdout)
    assert [f["title"] for f in listed] == ["Desk"]  # the feed's own title, followed: no title a user gave


def test_items_sharing_one_link_and_no_guid_are_two_stories_that_a_refresh_knows(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """A feed whose items all link to its home page, without guids: the refresh keys each by the link and its
    title. The import keyed them by the link alone, so it kept one of the two and the refresh stored both again."""
    page = "https://desk.example/"
    feed_server.set(
        "/desk.xml",
        '<rss version="2.0"><channel><title>Desk</title>'
        + "".join(
            f"<item><title>{t}</title><link>{page}</link><pubDate>{DATE_1}</pubDate><description>{t} text"
            "</description></item>"
            for t in ("First", "Second")
        )
        + "</channel></rss>",
    )
    url = feed_server.url("/desk.xml")
    items = [
        {"guid": page + DATE_1, "title": t, "url": page, "feedurl": url, "content": f"{t} text", "unread": u}
        for t, u in (("First", 0), ("Second", 1))
    ]
    cache = make_cache(tmp_path / "cache.db", [(url, page, "Desk")], items)
    home = tmp_path / "data"

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    got = stories(home)
    assert {t: s["read"] for t, s in got.items()} == {"First": True, "Second": False}
    assert newsdesk(home, "refresh").returncode == 0
    after = stories(home)
    assert {t: (s["id"], s["read"]) for t, s in after.items()} == {
        t: (s["id"], s["read"]) for t, s in got.items()
    }


def test_a_cache_newsboat_itself_wrote(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    """newsboat's own `-x reload` writes the cache (its schema, its made-up guids, its NULL flags); the reading
    state is then set as its keys would (Shift-N, Ctrl-E, D), the same columns it updates."""
    feed_server.set("/desk.xml", served(feed_server.base_url))
    url = feed_server.url("/desk.xml")
    (tmp_path / "urls").write_text(url + "\n", encoding="utf-8")
    (tmp_path / "config").write_text("", encoding="utf-8")
    cache = tmp_path / "cache.db"
    nb = ["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config")]
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run([*nb, "-x", "reload"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and cache.exists(), proc.stderr
    con = sqlite3.connect(cache)
    with con:
        con.execute("UPDATE rss_item SET unread = 0 WHERE title IN ('Two', 'Three', 'Four')")
        con.execute("UPDATE rss_item SET flags = 's' WHERE title = 'One'")
        con.execute("UPDATE rss_item SET deleted = 1 WHERE title = 'Five'")
        assert con.execute("SELECT guid FROM rss_item WHERE title = 'Three'").fetchone()[0].endswith(DATE_2)
    con.close()
    home = tmp_path / "data"

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert "stored 5 stories of the newsboat cache: 3 marked read, 1 flagged ones bookmarked" in proc.stdout
    got = stories(home)
    assert newsdesk(home, "refresh").returncode == 0
    after = stories(home)
    assert {t: s["id"] for t, s in after.items()} == {t: s["id"] for t, s in got.items()}
    assert {t for t, s in after.items() if s["read"]} == {"Two", "Three", "Four"}
    assert set(after) == {"One", "Two", "Three", "Four", "Six"} and after["One"]["bookmarked"]


def test_a_cache_after_the_urls_file_adds_stories_and_read_marks_to_the_feeds_it_made(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """The order a newsboat user goes in: `import urls` (tags, titles), `refresh`, then `import cache.db`."""
    feed_server.set("/desk.xml", served(feed_server.base_url))
    url = feed_server.url("/desk.xml")
    home = tmp_path / "data"
    (tmp_path / "urls").write_text(f'{url} news "~My desk"\n', encoding="utf-8")
    assert newsdesk(home, "import", str(tmp_path / "urls")).returncode == 0
    assert newsdesk(home, "refresh").returncode == 0
    first = stories(home)
    cache = make_cache(tmp_path / "cache.db", [(url, "https://desk.example/", "Desk")], cached_items(url))

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "imported 0 feeds, skipped 1 already subscribed"
    got = stories(home)
    assert {t: s["id"] for t, s in got.items()} == {t: s["id"] for t, s in first.items()}  # "Five" stays too
    assert {t for t, s in got.items() if s["read"]} == {"Two", "Three", "Four"}
    feeds = json.loads(newsdesk(home, "feeds", "--json").stdout)
    assert [(f["title"], f["tags"]) for f in feeds] == [("My desk", ["news"])]


def test_the_retention_keeps_a_feeds_newest_and_its_flagged_ones_and_a_refresh_brings_back_none(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/desk.xml", served(feed_server.base_url))
    url = feed_server.url("/desk.xml")
    home = tmp_path / "data"
    home.mkdir()
    (home / "no-config.toml").write_text("retention_per_feed = 2\n", encoding="utf-8")  # newsdesk()'s config
    items = cached_items(url)
    items[0]["pubDate"] = 1600000000  # "One", flagged, is the oldest: kept all the same, as a bookmark
    cache = make_cache(tmp_path / "cache.db", [(url, "", "Desk")], items)

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert "stored 3 stories of the newsboat cache" in proc.stdout
    assert "1 older story was not kept" in proc.stderr
    assert set(stories(home)) == {"One", "Three", "Four"}  # "Two" (and "Five", deleted) are not
    assert newsdesk(home, "refresh").returncode == 0
    assert set(stories(home)) == {"One", "Three", "Six"}  # "Six" is newer than "Four"; "Two" stays out


def test_the_file_is_known_by_what_it_holds_not_its_name(tmp_path: Path) -> None:
    feeds = [
        ("https://a.example/feed", "", "A \x1b]0;pwned\x07\x1b[31mfeed"),
        ("exec:~/bin/feed.sh", "", "E"),
    ]
    cache = make_cache(tmp_path / "subscriptions.opml", feeds, [])
    proc = newsdesk(tmp_path / "data", "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported 1 feed, skipped 0 already subscribed\nstored 0 stories")
    assert "skipped 1 address that cannot be a feed (such as 'exec:~/bin/feed.sh')" in proc.stderr
    listed = json.loads(newsdesk(tmp_path / "data", "feeds", "--json").stdout)
    assert [f["title"] for f in listed] == ["A feed"]  # feed text is never a terminal's: escapes go
    proc = newsdesk(tmp_path / "data2", "import", "-", input=cache.read_bytes().decode("latin-1"))
    one_line_error(proc, 1, "give its name, not -")


def _two_feeds(folder: Path) -> Path:
    """A cache of two feeds, a story each: B is the one the user removed from the urls file since."""
    folder.mkdir(parents=True)
    feeds = [("https://a.example/feed", "", "A"), ("https://b.example/feed", "", "B")]
    items = [{"guid": f"{f}/1", "title": f"Story of {t}", "url": f"{f}/1", "feedurl": f} for f, _, t in feeds]
    return make_cache(folder / "cache.db", feeds, items)


@pytest.mark.parametrize("layout", ["beside", "xdg"])
def test_feeds_the_urls_file_no_longer_lists_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """newsboat 2.40 and later keep a removed feed in the cache (no cleanup on quit by default): importing
    the cache subscribed to it again. newsboat shows the urls file's feeds; so does the import."""
    if layout == "beside":  # ~/.newsboat/ (or -u and -c in one folder)
        cache, urls = _two_feeds(tmp_path / "nb"), tmp_path / "nb" / "urls"
    else:  # ~/.local/share/newsboat/cache.db with ~/.config/newsboat/urls
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
        cache, urls = _two_feeds(tmp_path / "share" / "newsboat"), tmp_path / "config" / "newsboat" / "urls"
        urls.parent.mkdir(parents=True)
    urls.write_text('https://a.example/feed news "~Mine"\n# https://b.example/feed\n', encoding="utf-8")
    home = tmp_path / "data"

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported 1 feed, skipped 0 already subscribed\nstored 1 story of")
    assert f"left out 1 feed of the cache that {urls} no longer lists (such as 'https://b.example/feed')" in (
        proc.stderr
    )
    assert [f["url"] for f in json.loads(newsdesk(home, "feeds", "--json").stdout)] == [
        "https://a.example/feed"
    ]
    assert set(stories(home)) == {"Story of A"}


def test_a_urls_file_that_lists_no_feed_or_none_at_all_leaves_every_feed_in(tmp_path: Path) -> None:
    cache = _two_feeds(tmp_path / "nb")
    for urls in ("# every line a comment\n", None):
        if urls is None:
            (tmp_path / "nb" / "urls").unlink()
        else:
            (tmp_path / "nb" / "urls").write_text(urls, encoding="utf-8")
        home = tmp_path / f"data-{urls is None}"
        proc = newsdesk(home, "import", str(cache))
        assert proc.returncode == 0 and "left out" not in proc.stderr, proc.stderr
        assert set(stories(home)) == {"Story of A", "Story of B"}


def test_feeds_are_named_by_the_cache_and_a_urls_title_wins_over_a_refresh(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """The cache's titles name its feeds, cleaned as every feed title is; a urls file's ``~title`` is the user's
    name, which newsboat shows over the feed's own: it was dropped for the cache's title."""
    a, b = feed_server.url("/a.xml"), feed_server.url("/b.xml")
    for path in ("/a.xml", "/b.xml"):
        feed_server.set(path, served(feed_server.base_url))
    (tmp_path / "nb").mkdir()
    feeds = [(a, "", "\x1b[31mA [bold]feed[/bold]\x1b]0;pwned\x07"), (b, "", "B as newsboat read it")]
    cache = make_cache(tmp_path / "nb" / "cache.db", feeds, [])
    (tmp_path / "nb" / "urls").write_text(f'{a}\n{b} "~Mine\x1b[2J"\n', encoding="utf-8")
    home = tmp_path / "data"

    assert newsdesk(home, "import", str(cache)).returncode == 0
    shown = newsdesk(home, "feeds").stdout
    assert "A [bold]feed[/bold]  (not fetched yet)" in shown and "Mine  (not fetched yet)" in shown, shown
    assert "\x1b" not in shown and "pwned" not in shown and "B as newsboat" not in shown
    assert newsdesk(home, "refresh").returncode == 0
    listed = json.loads(newsdesk(home, "feeds", "--json").stdout)
    assert [f["title"] for f in listed] == [
        "Desk",
        "Mine",
    ]  # the feed's own title is followed; the user's stays


def test_a_urls_files_tags_tag_the_cache_s_feeds(tmp_path: Path) -> None:
    """newsboat shows a cache's feeds under the tags its urls file gives them (the cache holds none); the import
    read that file for the feeds it leaves out and its ``~title``s, and dropped the tags: every feed came in
    untagged, out of the user's groups."""
    a, b = "https://a.example/feed", "https://b.example/feed"
    (tmp_path / "nb").mkdir()
    cache = make_cache(tmp_path / "nb" / "cache.db", [(a, "", "A"), (b, "", "B")], [])
    (tmp_path / "nb" / "urls").write_text(f'{a} world "long reads" "~Mine"\n{b}\n', encoding="utf-8")
    home = tmp_path / "data"

    assert newsdesk(home, "import", str(cache)).returncode == 0
    listed = {f["url"]: f for f in json.loads(newsdesk(home, "feeds", "--json").stdout)}
    assert listed[a]["tags"] == ["world", "long reads"] and listed[a]["title"] == "Mine"
    assert listed[b]["tags"] == []


def _nothing_imported(home: Path) -> None:
    feeds = newsdesk(home, "feeds", "--json")
    assert feeds.returncode == 0 and json.loads(feeds.stdout or "[]") == []


def test_a_damaged_or_foreign_sqlite_file_imports_nothing_in_one_line(tmp_path: Path) -> None:
    good = make_cache(tmp_path / "good.db", [("https://a.example/feed", "", "A")], [])
    damaged = tmp_path / "damaged.db"
    data = good.read_bytes()
    damaged.write_bytes(data[:100] + b"\xff" * (len(data) - 100))  # the header kept, the pages broken
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE rss_feed (rssurl, url, title)")
    con.execute("CREATE TABLE rss_item (guid, title, url, feedurl)")
    con.commit()
    con.close()
    for path, needle in (
        (damaged, "the SQLite file is damaged"),
        (foreign, "not a newsboat cache: the SQLite file has no rss_feed table"),
        (old, "its rss_item table has no author, pubDate, content, unread column"),
    ):
        home = tmp_path / path.stem / "data"
        proc = newsdesk(home, "import", str(path))
        one_line_error(proc, 1, f"{path}: ")
        assert needle in proc.stderr and "nothing imported" in proc.stderr
        assert not home.parent.exists()  # no data folder left behind (nor its parent), as for an OPML file
        _nothing_imported(home)


def _listing(home: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(home)): (p.stat().st_size, p.stat().st_mtime_ns) for p in home.rglob("*")}


def test_a_failed_import_leaves_the_data_folder_as_it_was_and_a_held_one_is_said_first(
    tmp_path: Path,
) -> None:
    home = tmp_path / "data"
    assert newsdesk(home, "add", "--no-check", "https://a.example/rss").returncode == 0
    before = _listing(home)
    damaged = make_cache(tmp_path / "cache.db", [("https://b.example/feed", "", "B")], [])
    damaged.write_bytes(damaged.read_bytes()[:100] + b"\xff" * 4000)
    one_line_error(newsdesk(home, "import", str(damaged)), 1, "the SQLite file is damaged")
    assert _listing(home) == before
    with Store(home):  # the reader holds the folder: said before the cache is read, whatever it holds
        one_line_error(newsdesk(home, "import", str(damaged)), 1, "another newsdesk")
        good = make_cache(tmp_path / "good.db", [("https://b.example/feed", "", "B")], [])
        one_line_error(newsdesk(home, "import", str(good)), 1, "another newsdesk")
    assert newsdesk(home, "import", str(good)).returncode == 0
    assert len(json.loads(newsdesk(home, "feeds", "--json").stdout)) == 2


def test_with_demo_the_folder_checked_first_is_the_demo_one_the_import_goes_to(tmp_path: Path) -> None:
    """The check made before the cache is read looks at the folder the store then opens (one rule for both):
    the demo's own with --demo, so a reader of the user's folder does not stop it, and one of the demo does."""
    home = tmp_path / "data"
    good = make_cache(tmp_path / "good.db", [("https://b.example/feed", "", "B")], [])
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(good.read_bytes()[:100] + b"\xff" * 4000)
    assert newsdesk(home, "--demo", "feeds").returncode == 0  # the demo's folder set up
    with Store(home / "demo"):
        one_line_error(newsdesk(home, "--demo", "import", str(damaged)), 1, "another newsdesk")
    with Store(home):
        proc = newsdesk(home, "--demo", "import", str(good))
        assert proc.returncode == 0, proc.stderr
    feeds = json.loads(newsdesk(home, "--demo", "feeds", "--json").stdout)
    assert "https://b.example/feed" in {feed["url"] for feed in feeds}


def test_a_cache_locked_by_a_writer_imports_nothing(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "cache.db", [("https://a.example/feed", "", "A")], [])
    writer = sqlite3.connect(cache, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN EXCLUSIVE")  # newsboat in the middle of saving a reload
    try:
        proc = newsdesk(tmp_path / "data", "import", str(cache))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    one_line_error(proc, 1, "the cache is locked")
    _nothing_imported(tmp_path / "data")


def test_a_cache_whose_writer_was_killed_half_way_imports_nothing_and_says_what_to_do(tmp_path: Path) -> None:
    """A write cut off leaves a "hot" journal that only a writer may roll back; the import opens the file
    read-only, so it cannot (and must not) put it right itself."""
    cache = make_cache(tmp_path / "cache.db", [("https://a.example/feed", "", "A")], [])
    killed = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA cache_size = 1')\n"
        "con.execute('BEGIN IMMEDIATE')\n"
        "for n in range(500):\n"
        "    con.execute('INSERT INTO rss_feed (rssurl, url, title) VALUES (?, ?, ?)', (str(n), '', 'x' * 2000))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", killed, str(cache)], check=True, timeout=60)
    assert (tmp_path / "cache.db-journal").stat().st_size > 0
    proc = newsdesk(tmp_path / "data", "import", str(cache))
    one_line_error(proc, 1, "newsboat stopped while saving it (cache.db-journal lies beside it)")
    _nothing_imported(tmp_path / "data")


@pytest.mark.parametrize(
    ("guid", "link", "own"),
    [
        ("tag:x,2024:1", "https://x/1", "tag:x,2024:1"),  # a guid of its own
        (
            "https://x/1",
            "https://x/1",
            "https://x/1",
        ),  # a permalink guid (or the link alone: the refresh copes)
        ("https://x/1" + DATE_1, "https://x/1", ""),  # no guid: newsboat's link + RFC 822 date
        ("https://x/1" + "2024-01-02T10:00:00Z", "https://x/1", ""),  # link + W3C date
        ("https://x/1#comments", "https://x/1", "https://x/1#comments"),  # a guid that starts with the link
        ("Title alone", "", "Title alone"),
    ],
)
def test_newsboats_made_up_guids_are_told_from_real_ones(guid: str, link: str, own: str) -> None:
    assert _own_guid(guid, link) == own
