"""What a seventeenth walk, as a journalist following one person across many outlets, found in the command line:
the installed `newsdesk` on a fresh data folder, two outlets' feeds served from 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

#: Two outlets' reports naming the same man, a day apart (the first newest).
OUTLETS = {
    "Wire Desk": [
        (
            "Trump meets Gulf envoys at White House",
            "President Donald Trump met envoys from Qatar and Saudi Arabia at the White House on Monday. Trump "
            "told reporters in Washington the talks with Qatar were productive.",
        ),
        (
            "Trump signs order on shipping in the Gulf",
            "Donald Trump signed an executive order directing the Navy to escort tankers through the Strait of "
            "Hormuz. The Pentagon said the first convoys would sail within days.",
        ),
    ],
    "Harbour Post": [
        (
            "Gulf envoys leave Washington after Trump talks",
            "Envoys from Qatar and Saudi Arabia left Washington on Tuesday after talks with President Donald "
            "Trump at the White House, which both sides called productive.",
        ),
    ],
}


def rss(title: str, stories: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><guid>{title}{n}</guid><title>{head}</title><link>https://example.org/{n}</link>"
        f"<description>{text}</description><pubDate>Mon, {20 - n:02d} Nov 2026 10:00:00 GMT</pubDate></item>"
        for n, (head, text) in enumerate(stories)
    )
    return f'<rss version="2.0"><channel><title>{title}</title><language>en</language>{items}</channel></rss>'


def subscribed(tmp_path: Path, server: FeedServer) -> Path:
    home = tmp_path / "data"
    for n, (title, stories) in enumerate(OUTLETS.items()):
        server.set(f"/{n}.xml", rss(title, stories))
        assert newsdesk(home, "add", server.url(f"/{n}.xml")).returncode == 0
    return home


def test_entity_and_related_name_each_storys_outlet_and_age(tmp_path: Path, feed_server: FeedServer) -> None:
    """`newsdesk entity "Donald Trump"` printed a 12-character id and a title, and `related` the same: following
    a man across outlets, the command never said which outlet ran which story, nor when, where `stories` and
    `search` print both. Each line is now the story's id, age and feed, then its title, as theirs are."""
    home = subscribed(tmp_path, feed_server)
    stories = {s["title"]: s["id"] for s in json.loads(newsdesk(home, "stories", "--json").stdout)}
    feeds = {title: feed for feed, told in OUTLETS.items() for title, _ in told}
    pivot = newsdesk(home, "entity", "Donald Trump")
    assert pivot.returncode == 0, pivot.stderr
    lines = pivot.stdout.splitlines()
    assert len(lines) == 3, pivot.stdout
    for line in lines:
        story_id, _age, rest = line.split(None, 2)
        feed, title = rest.split("  ", 1)
        title = title.strip()
        assert stories[title] == story_id and feeds[title] == feed, line
    found = json.loads(newsdesk(home, "entity", "Donald Trump", "--json").stdout)["stories"]
    assert [row["id"] for row in found] == [line.split()[0] for line in lines]  # as listed, in full
    first = stories[OUTLETS["Wire Desk"][0][0]]
    related = newsdesk(home, "related", first)
    assert related.returncode == 0, related.stderr
    envoys = [line for line in related.stdout.splitlines() if "Gulf envoys leave Washington" in line]
    assert envoys and "  Harbour Post  " in envoys[0], related.stdout
    rows = json.loads(newsdesk(home, "related", first, "--json").stdout)["related"]
    assert all(isinstance(row["published"], str) and row["published"].endswith("Z") for row in rows), rows


def test_the_markdown_export_gives_each_storys_byline(tmp_path: Path, feed_server: FeedServer) -> None:
    """The reading list `bookmarks --export md` wrote for the walk's collected stories gave the outlet and the
    date, not who wrote the story, which the story view shows and a piece citing them needs. It gives the byline
    between the two."""
    feed_server.set(
        "/byline.xml",
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire Desk</title>'
        "<item><guid>b1</guid><title>Trump names new envoy to NATO</title><link>https://example.org/b1</link>"
        "<dc:creator>Jane Roe</dc:creator><description>Donald Trump named an envoy.</description>"
        "<pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>",
    )
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/byline.xml")).returncode == 0
    [story] = json.loads(newsdesk(home, "stories", "--json").stdout)
    assert newsdesk(home, "bookmark", story["id"], "--note", "envoy pick", "--tag", "trump").returncode == 0
    md = newsdesk(home, "bookmarks", "--export", "md")
    assert md.returncode == 0, md.stderr
    assert "  Wire Desk · Jane Roe · 2026-11-20\n" in md.stdout, md.stdout
