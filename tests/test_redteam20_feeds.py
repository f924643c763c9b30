"""Hostile feeds and pages the refresh and `add` had not met, served from 127.0.0.1 to the installed command.

Each was found by a red-team pass over documents built to be expensive or misleading. Three cost CPU time that grew
with the square of their size (a flood of categories, of shortcodes, of feeds a page names), two of them outside
the parse's budget: the command runs here under a CPU-time limit far above what it needs
(tests/test_redteam6_html.py's), which the old code could not keep (it was killed, or the feed failed as "too
large to read"). The others were said in the wrong words, or wrote a server's control characters to the terminal.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam6_html import run

feed_server = httpserver.feed_server


def _rss(items: str, head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<rss version="2.0"><channel><title>Flood</title>'
        f"<link>https://flood.example/</link>{items}</channel></rss>"
    )


def _refreshed(home: Path, *urls: str) -> str:
    """The refresh's report (its lines and summary) of ``urls`` subscribed in a new store at ``home``; it must
    have ended well."""
    for url in urls:
        added = run(home, "add", url, "--no-check")
        assert added.returncode == 0, added.stderr
    refreshed = run(home, "refresh")
    assert refreshed.returncode == 0, (refreshed.returncode, refreshed.stdout, refreshed.stderr[-2000:])
    return refreshed.stdout + refreshed.stderr


def _titles(home: Path) -> set[str]:
    listed = run(home, "stories", "--json")
    assert listed.returncode == 0, listed.stderr
    return {story["title"] for story in json.loads(listed.stdout)}


def test_an_item_of_fifty_thousand_categories_is_read(tmp_path: Path, feed_server: FeedServer) -> None:
    """feedparser compares each category with every one before it in the item: 50,000 in one RSS item (1.3 MB)
    took 50 s of CPU read the fast way, which checks its budget only between items, then 8 s more in feedparser,
    whose budget then failed the feed ("too large to read (more than 8 seconds of work)"); an Atom entry's failed
    the same way. No story keeps categories: the first hundred an item are kept, as feedparser lists them."""
    many = "".join(f"<category>topic {n}</category>" for n in range(50_000))
    feed_server["/rss.xml"] = _rss(
        f"<item><title>Tagged to death</title><guid>https://flood.example/1</guid>{many}</item>"
        "<item><title>Plain story</title><guid>https://flood.example/2</guid></item>"
    )
    terms = "".join(f'<category term="topic {n}"/>' for n in range(50_000))
    feed_server.set(
        "/atom.xml",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom flood</title><id>urn:flood</id>'
        f"<entry><title>Atom tagged to death</title><id>urn:flood:1</id>{terms}</entry></feed>",
        content_type="application/atom+xml",
    )
    report = _refreshed(tmp_path, feed_server.url("/rss.xml"), feed_server.url("/atom.xml"))
    assert "3 new stories, 0 failed" in report, report
    assert _titles(tmp_path) == {"Tagged to death", "Plain story", "Atom tagged to death"}


def test_stories_of_shortcodes_on_one_line_are_read(tmp_path: Path, feed_server: FeedServer) -> None:
    """Each shortcode-like tag in a story (``[/x]``) looked back for the start of its word, to leave an address's
    brackets alone, copying the text before it: a story of 200,000 characters (the text's cap) on one line took
    4 s of CPU, and forty-five in one feed over three minutes, the refresh held all that time."""
    flood = "[/x]" * 50_000
    feed_server["/codes.xml"] = _rss(
        "".join(
            f"<item><title>Coded {n}</title><guid>https://flood.example/c{n}</guid>"
            f"<description>Story {n} opens here. {flood}</description></item>"
            for n in range(45)
        )
    )
    report = _refreshed(tmp_path, feed_server.url("/codes.xml"))
    assert "45 new stories, 0 failed" in report, report
    listed = json.loads(run(tmp_path, "stories", "--json", "--limit", "1").stdout)
    shown = run(tmp_path, "show", listed[0]["id"])
    assert shown.returncode == 0 and "opens here. [/x][/x]" in shown.stdout, shown.stdout[:300]


def test_a_doctype_past_its_cap_is_said_to_be_one(tmp_path: Path, feed_server: FeedServer) -> None:
    """A DOCTYPE of 300,000 entity declarations (4.5 MB, a hostile internal subset) is not read past its first
    64 KB, and what follows is not read: the feed failed with "the feed is cut short: it ends inside its XML",
    which sent its user looking for a broken connection. A document really cut inside its DOCTYPE still is."""
    subset = "".join(f'<!ENTITY e{n} "x">' for n in range(300_000))
    feed_server["/doctype.xml"] = _rss(
        "<item><title>Behind the DOCTYPE</title><guid>https://flood.example/d</guid></item>",
        head=f"<!DOCTYPE rss [{subset}]>\n",
    )
    feed_server["/cut.xml"] = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY e0 "x">'
    for path in ("/doctype.xml", "/cut.xml"):
        run(tmp_path, "add", feed_server.url(path), "--no-check")
    refreshed = run(tmp_path, "refresh")
    assert refreshed.returncode != 0 and "Traceback" not in refreshed.stderr
    failed = {line.split()[1]: line for line in refreshed.stdout.splitlines() if line.startswith("failed")}
    too_long = failed[feed_server.url("/doctype.xml") + ":"]
    assert "its DOCTYPE runs past 64 KB" in too_long and "cut short" not in too_long, too_long
    assert "cut short" in failed[feed_server.url("/cut.xml") + ":"]


def test_a_validator_with_control_characters_is_not_kept(tmp_path: Path, feed_server: FeedServer) -> None:
    """An ETag holding C1 controls (U+009B, the one-byte CSI) was stored though it could never be sent back (a
    header is printable ASCII), and `feeds --json` wrote it raw: JSON escapes only C0 controls, so the terminal
    read an escape sequence ("2J" cleared the screen). Such a validator is not kept; the feed reads as before."""
    url = feed_server.url("/long-validators?n=12&fill=%C2%9B2J")
    report = _refreshed(tmp_path, url)
    assert "1 new story, 0 failed" in report, report
    listed = run(tmp_path, "feeds", "--json")
    assert listed.returncode == 0 and "\x9b" not in listed.stdout, ascii(listed.stdout)
    [feed] = json.loads(listed.stdout)
    assert feed["etag"] == "" and feed["status"]["last_error"] == ""
    again = run(tmp_path, "refresh")
    assert again.returncode == 0 and "0 failed" in again.stderr, again.stderr


def test_a_page_naming_150_000_feeds_is_added_from(tmp_path: Path, feed_server: FeedServer) -> None:
    """Each feed a page names was looked for among all those found before it: `newsdesk add` of a page naming
    50,000 (4 MB) took 20 s of CPU before it fetched the first, and 150,000 (9 MB) minutes. The first 50 are
    kept; `add` tries the first 5, as before."""
    gone = [f"<link rel=alternate type=application/rss+xml href=/gone/{n}>" for n in range(150_000)]
    real = '<link rel="alternate" type="application/rss+xml" title="The feed" href="/feed.xml">'
    page = f"<html><head><title>Many feeds</title>{gone[0]}{gone[1]}{real}{''.join(gone[2:])}</head></html>"
    feed_server.set("/page.html", page, content_type="text/html; charset=utf-8")
    feed_server["/feed.xml"] = _rss(
        "<item><title>Found it</title><guid>https://flood.example/f</guid></item>"
    )
    added = run(tmp_path, "add", feed_server.url("/page.html"))
    assert added.returncode == 0, (added.returncode, added.stderr[-500:])
    assert _titles(tmp_path) == {"Found it"}
