"""Hostile HTML in a feed's stories and in the page ``newsdesk add`` reads, through the installed command and a
real refresh into a store in a temporary folder.

The HTML parser (lexbor) checks every attribute of a tag against the ones before it, so its time grows with the
square of their number: 40,000 attributes on one tag (350 KB) took 9 s, a megabyte over a minute, and a page of
8 MB hours. The command runs here under a CPU-time limit far above what it needs (well under a second of
parsing), which the old code could not keep: it is killed by SIGXCPU instead of answering.
"""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

from feeds.html import MAX_LINKS
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli_hostile import newsdesk_command, newsdesk_env

feed_server = httpserver.feed_server

CPU_SECONDS = 60


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*newsdesk_command(), *args],
        capture_output=True,
        text=True,
        env=newsdesk_env(home),
        preexec_fn=_limit_cpu,
        timeout=600,
    )


def junk_attributes(count: int) -> str:
    return " ".join(f"x{n}=1" for n in range(count))


def test_tags_with_a_flood_of_attributes_cost_no_more_than_their_bytes(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    items = "".join(
        f"<item><guid>g{n}</guid><title>Story {n}</title><description><![CDATA["
        f'<p {junk_attributes(100_000)}>Text {n} with <a href="/read/{n}">a link</a>.</p>]]></description></item>'
        for n in range(5)
    )
    feed_server["/feed.xml"] = f'<rss version="2.0"><channel><title>Attrs</title>{items}</channel></rss>'
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        f"<body><div {junk_attributes(900_000)}>A page</div></body></html>"
    )
    feed_server.set("/page.html", page, content_type="text/html; charset=utf-8")
    added = run(tmp_path, "add", feed_server.url("/page.html"))  # the page names the feed; add reads both
    assert added.returncode == 0, (added.returncode, added.stderr[-500:])
    assert "5 stories" in added.stdout
    listed = run(tmp_path, "stories")
    assert listed.returncode == 0 and all(f"Story {n}" in listed.stdout for n in range(5)), listed.stdout
    story_id = listed.stdout.split()[0]
    shown = run(tmp_path, "show", story_id)
    assert shown.returncode == 0 and "with a link." in shown.stdout, shown.stdout[-500:]


def test_a_story_keeps_its_first_few_hundred_links(tmp_path: Path, feed_server: FeedServer) -> None:
    """A story of 23,000 anchors kept every one: a line each under its text and an option each in the links
    list (u), which took seconds to open, and every page of the story was slow. The first MAX_LINKS are kept."""
    anchors = " ".join(f'&lt;a href="/read/{n}"&gt;r{n}&lt;/a&gt;' for n in range(5000))
    feed_server["/links.xml"] = (
        '<rss version="2.0"><channel><title>Links</title><item><guid>g</guid><title>Roundup</title>'
        f"<description>{anchors}</description></item></channel></rss>"
    )
    with Store(tmp_path / "data") as store:
        store.add_feed(feed_server.url("/links.xml"))
        [result] = refresh(store)
        assert result.error == ""
        story = store.story(store.headers()[0].id)
    assert story is not None and len(story.links) == MAX_LINKS
    assert story.links[:2] == (feed_server.url("/read/0"), feed_server.url("/read/1"))
    assert "r4999" in story.text  # the text is all there: only the list of links is cut
