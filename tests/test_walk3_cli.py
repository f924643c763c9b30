"""What a third walk through the command line on real news feeds found: feeds served from 127.0.0.1, the installed
`newsdesk` command run as a subprocess on a data folder in a temporary directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rich.cells import cell_len

from feeds.model import story_id
from feeds.store import Store
from tests import httpserver
from tests.terminal import refresh_on_a_terminal
from tests.test_cli import newsdesk

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server


def rss(items: str, title: str = "Walk") -> bytes:
    return f'<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()


def item(n: int, date: str = "Mon, 02 Nov 2026 10:00:00 GMT", author: str = "") -> str:
    by = f"<author>{author}</author>" if author else ""
    return (
        f"<item><guid>g{n}</guid><title>Story {n}</title><link>https://example.org/{n}</link>"
        f"<description>Text {n}.</description><pubDate>{date}</pubDate>{by}</item>"
    )


def test_stories_cut_by_the_default_limit_say_so_on_stderr(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `newsdesk stories --unread | wc -l` said 50 with 60 unread, and nothing said the list was cut
    # (`search` says "N matching, M shown").
    feed_server.set("/many.xml", rss("".join(item(n) for n in range(60))))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/many.xml")).returncode == 0
    for args in (("stories", "--unread"), ("stories", "--json")):
        proc = newsdesk(home, *args)
        assert proc.returncode == 0, proc.stderr
        assert "50 of 60 stories shown; --limit 0 lists them all" in proc.stderr, (args, proc.stderr)
    asked = newsdesk(home, "stories", "--limit", "5")  # a cut the user asked for is no news
    assert len(asked.stdout.splitlines()) == 5
    assert asked.stderr == ""
    whole = newsdesk(home, "stories", "--limit", "0")
    assert len(whole.stdout.splitlines()) == 60
    assert whole.stderr == ""


def test_show_of_a_story_without_an_author_has_no_empty_part(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    items = item(1) + item(2, author="jane@example.org (Jane Doe)") + item(3, author="Reuters")
    feed_server.set("/a.xml", rss(items, "Reuters"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/a.xml")).returncode == 0
    ids = {line.split()[-1]: line.split()[0] for line in newsdesk(home, "stories").stdout.splitlines()}
    lines = newsdesk(home, "show", ids["1"]).stdout.splitlines()
    assert lines[1] == "Reuters · 2026-11-02T10:00:00Z", lines
    lines = newsdesk(home, "show", ids["2"]).stdout.splitlines()
    assert lines[1] == "Reuters · Jane Doe · 2026-11-02T10:00:00Z", lines
    lines = newsdesk(home, "show", ids["3"]).stdout.splitlines()  # signed with the feed's own name: once
    assert lines[1] == "Reuters · 2026-11-02T10:00:00Z", lines


def test_the_refresh_bar_fits_an_80_column_terminal_and_is_redrawn_in_place(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # Padded to 100 characters, each redraw of the bar wrapped on an 80-column terminal and left a row behind:
    # 26 feeds scrolled 26 bars. A Chinese title (two cells a character) did it on a 100-column one.
    titles = [
        "bbcchinese.com | 新闻主页 新闻主页 新闻主页 新闻主页 新闻主页",
        "CNN.com - RSS Channel - App International Edition",
    ]
    home = tmp_path / "data"
    for n, title in enumerate(titles * 3):
        feed_server.set(f"/f{n}.xml", rss(item(1), title))
        assert (
            newsdesk(
                home, "add", "--no-check", "--title", f"{title} {n}", feed_server.url(f"/f{n}.xml")
            ).returncode
            == 0
        )
    out = refresh_on_a_terminal(home)
    drawn = [piece for piece in re.split("[\r\n]", out) if piece]
    assert any(piece.startswith("[") and "6/6" in piece for piece in drawn), drawn  # the bar was drawn
    too_wide = [piece for piece in drawn if cell_len(piece) > 79]
    assert not too_wide, too_wide
    assert out.rstrip().endswith("6 feeds: 6 new stories, 0 failed")


def test_an_id_prefix_too_short_or_shared_by_two_stories_says_which(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # Both were "no story with id '1db6'", though two of 1,544 stories had ids starting so.
    home = tmp_path / "data"
    url = feed_server.url("/twins.xml")
    assert newsdesk(home, "add", "--no-check", url).returncode == 0
    [feed] = json.loads(newsdesk(home, "feeds", "--json").stdout)
    seen: dict[str, str] = {}
    guid = 0
    while True:  # two guids whose story ids start with the same four characters (a few hundred tries)
        sid = story_id(feed["id"], f"g{guid}")
        if sid[:4] in seen:
            break
        seen[sid[:4]] = f"g{guid}"
        guid += 1
    twins = (seen[sid[:4]], f"g{guid}")
    items = "".join(
        f"<item><guid>{g}</guid><title>Twin {g}</title><link>https://example.org/{g}</link></item>"
        for g in twins
    )
    feed_server.set("/twins.xml", rss(items))
    assert newsdesk(home, "refresh").returncode == 0
    ids = sorted(story_id(feed["id"], g) for g in twins)
    for command in ("show", "read", "entities", "related", "bookmark"):
        proc = newsdesk(home, command, sid[:4])
        assert proc.returncode == 1, (command, proc.stdout)
        assert proc.stderr == (
            f"newsdesk: '{sid[:4]}' starts several story ids ({ids[0]}, {ids[1]}): give more characters\n"
        ), command
        proc = newsdesk(home, command, sid[:3])
        assert proc.stderr == (
            f"newsdesk: '{sid[:3]}' is too short for a story id: give 4 or more of its characters\n"
        ), command
    assert newsdesk(home, "show", ids[0][:12]).stdout.startswith("Twin ")  # a longer prefix settles it


def test_saved_searches_with_chinese_names_line_up(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # Padded by characters, "中文 习" (7 cells in 4 characters) pushed its count three cells right of the others.
    feed_server.set("/zh.xml", rss(item(1) + item(2)))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/zh.xml")).returncode == 0
    for name, query in (("Putin news", "Story"), ("中文 习", "Text"), ("a", "1")):
        assert newsdesk(home, "search", "--save", name, query).returncode == 0
    lines = newsdesk(home, "searches").stdout.splitlines()
    assert len(lines) == 3
    counts_end = {cell_len(line[: line.rindex("  ")]) for line in lines}  # name and count, in cells
    assert len(counts_end) == 1, lines


def test_a_feed_named_by_a_later_word_of_its_title_and_an_ambiguous_name_lists_the_feeds(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `stories --feed Guardian` was "no feed matches 'Guardian'" beside "The Guardian"; `--feed Herald` said
    # "matches 2 feeds" without saying which.
    home = tmp_path / "data"
    names = ["The Guardian", "New Zealand Herald - Top Stories", "Sydney Morning Herald - Latest News"]
    for n, title in enumerate(names):
        feed_server.set(f"/{n}.xml", rss(item(n), title))
        assert newsdesk(home, "add", feed_server.url(f"/{n}.xml")).returncode == 0
    feeds = {f["title"]: f["id"] for f in json.loads(newsdesk(home, "feeds", "--json").stdout)}
    proc = newsdesk(home, "stories", "--feed", "guardian")
    assert proc.returncode == 0 and proc.stdout.split()[-1] == "0", (proc.stdout, proc.stderr)
    proc = newsdesk(home, "stories", "--feed", "zealand herald")
    assert proc.returncode == 0 and proc.stdout.split()[-1] == "1", (proc.stdout, proc.stderr)
    proc = newsdesk(home, "stories", "--feed", "Herald")
    assert proc.returncode == 1
    assert proc.stderr == (
        f"newsdesk: 'Herald' matches 2 feeds: New Zealand Herald - Top Stories [{feeds[names[1]]}];"
        f" Sydney Morning Herald - Latest News [{feeds[names[2]]}]; use its id\n"
    )
    assert (
        newsdesk(home, "stories", "--feed", "uardian").returncode == 1
    )  # a word's start, not any part of it


def test_listing_commands_read_the_store_while_the_reader_holds_it(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # With the reader open in one terminal, `newsdesk stories --unread | wc -l` in another was refused: "another
    # newsdesk is using the data folder ...; close it first, or open this one read-only with --read-only".
    feed_server.set("/a.xml", rss(item(1) + item(2)))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/a.xml")).returncode == 0
    [first, _second] = [line.split()[0] for line in newsdesk(home, "stories").stdout.splitlines()]
    writer = Store(home)  # the reader, as far as the lock goes
    try:
        for args in (
            ("stories", "--unread"),
            ("show", first),
            ("feeds",),
            ("export",),
            ("search", "Story"),
            ("searches",),
            ("bookmarks", "--export", "json"),
            ("entities", first),
            ("entity", "Story"),
            ("related", first),
        ):
            proc = newsdesk(home, *args)
            assert proc.returncode == 0 and "another newsdesk" not in proc.stderr, (args, proc.stderr)
        assert len(newsdesk(home, "stories", "--unread").stdout.splitlines()) == 2
        proc = newsdesk(home, "read", first)  # a command that writes still waits for its turn
        assert proc.returncode == 1 and "another newsdesk" in proc.stderr
        proc = newsdesk(home, "bookmarks", "--import", str(tmp_path / "none.json"))
        assert proc.returncode == 1 and "another newsdesk" in proc.stderr
    finally:
        writer.close()


def test_saving_a_search_says_what_is_wrong_with_its_query(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `search --save Recent after:` saved a query matching every story and said nothing; `search after:` says
    # "query: after: needs a value". A query with nothing usable left is refused as `search` refuses it (it was
    # saved, and counted every story); one with something left is saved, and what is wrong with it said.
    feed_server.set("/a.xml", rss(item(1)))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/a.xml")).returncode == 0
    for query in ("after:", "person:"):
        proc = newsdesk(home, "search", "--save", "Recent", query)
        assert proc.returncode == 2, proc
        assert proc.stdout == "" and len(proc.stderr.splitlines()) == 1, proc
        assert (
            proc.stderr.startswith(f"newsdesk: query: {query} needs a value")
            and "nothing saved" in proc.stderr
        )
    proc = newsdesk(home, "search", "--save", "Recent", "Story after:")
    assert proc.returncode == 0
    assert proc.stderr == "newsdesk: query: after: needs a value, e.g. after:2026-01-01 or after:7d\n"
    assert newsdesk(home, "search", "--save", "Fine", "Story").stderr == ""
    with Store(home) as store:
        assert sorted(store.saved_searches()) == ["Fine", "Recent"]


def test_a_query_whose_every_term_is_unusable_lists_nothing_and_exits_2(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `search is:nothing` said the qualifier was unknown, then listed every story as matching it, status 0: a
    # script counting `search before:yesterdayish` results counted the whole store.
    feed_server.set("/a.xml", rss(item(1) + item(2)))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/a.xml")).returncode == 0
    for query, said in (
        ("after:99999-99-99", "bad date in after:99999-99-99"),
        ("before:yesterdayish", "bad date in before:yesterdayish"),
        ("is:nothing", "unknown is:nothing"),
        ("!!!", "!!! has no letters or digits to match"),
    ):
        proc = newsdesk(home, "search", query)
        assert (proc.returncode, proc.stdout) == (2, ""), (query, proc)
        (line,) = proc.stderr.splitlines()
        assert line.startswith(f"newsdesk: query: {said}"), line
        assert line.endswith("; nothing left to search for, no story listed"), line
    two = newsdesk(home, "search", "is:nothing", "after:99999-99-99")
    assert two.returncode == 2 and len(two.stderr.splitlines()) == 2, two.stderr  # each said once
    # A query that keeps a usable term still searches, says what it left out once, and exits 0.
    kept = newsdesk(home, "search", "Story", "is:nothing")
    assert kept.returncode == 0 and len(kept.stdout.splitlines()) == 2, kept
    notes = [line for line in kept.stderr.splitlines() if line.startswith("newsdesk: query:")]
    assert len(notes) == 1 and "unknown is:nothing" in notes[0], kept.stderr


def test_a_story_id_in_capitals_names_the_story(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    """Ids are lower-case hex; one copied from a page or a note in capitals said "no story with id '0AFF8787'"."""
    home = tmp_path / "data"
    feed_server.set("/caps.xml", rss(item(1) + item(2)))
    assert newsdesk(home, "add", "--no-check", feed_server.url("/caps.xml")).returncode == 0
    assert newsdesk(home, "refresh").returncode == 0
    story = json.loads(newsdesk(home, "stories", "--json").stdout)[0]
    for ref in (story["id"].upper(), story["id"][:8].upper()):
        proc = newsdesk(home, "show", ref)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(story["title"])
