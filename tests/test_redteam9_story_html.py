"""Story HTML as publishers write it, served from 127.0.0.1, refreshed into a real store with the installed
command and shown: ordered lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.html import html_to_text
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def rss(*items: tuple[str, str]) -> str:
    """An RSS feed of (title, description HTML) items, the HTML in CDATA as most generators send it."""
    body = "".join(
        f"<item><title>{title}</title><link>https://site.example/{n}</link>"
        f"<description><![CDATA[{html}]]></description></item>"
        for n, (title, html) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>'
        f"<link>https://site.example/</link>{body}</channel></rss>"
    )


def shown(home: Path, server: FeedServer, feed: str) -> dict[str, str]:
    """Subscribe to ``feed`` with the installed command and return what `show` prints, by story title."""
    server.set("/feed.xml", feed)
    assert newsdesk(home, "add", server.url("/feed.xml")).returncode == 0
    stories = json.loads(newsdesk(home, "stories", "--json").stdout)
    return {s["title"]: newsdesk(home, "show", s["id"]).stdout for s in stories}


STEPS = (
    "<p>To reset it:</p><ol><li>Unplug the router.</li><li>Wait ten seconds.</li>"
    "<li><p>Plug it back in.</p><ul><li>The light blinks.</li></ul></li></ol><p>Done.</p>"
)
COUNTDOWN = '<ol reversed><li>Bronze</li><li>Silver</li><li>Gold</li></ol><ol start="7"><li>seven</li><li>eight</li></ol>'


def test_ordered_lists_are_numbered(tmp_path: Path, feed_server: FeedServer) -> None:
    """Every <ol> item was shown with a bullet, so "step 3" of a how-to had no step 3 to find and a top-ten
    countdown lost its order."""
    text = shown(tmp_path, feed_server, rss(("Steps", STEPS), ("Podium", COUNTDOWN)))
    steps = "To reset it:\n\n1. Unplug the router.\n2. Wait ten seconds.\n3. Plug it back in.\n\n• The light blinks."
    assert steps + "\n\nDone." in text["Steps"], text["Steps"]
    assert "3. Bronze\n2. Silver\n1. Gold\n\n7. seven\n8. eight" in text["Podium"], text["Podium"]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        ("<ul><li>a</li><li>b</li></ul>", "• a\n• b"),  # as before
        ("<li>a</li>", "• a"),  # an item outside any list, as before
        ("<OL START='3'><LI>c<LI>d</OL>", "3. c\n4. d"),
        ("<ol reversed start=10><li>a<li value=3>b<li>c</ol>", "10. a\n3. b\n2. c"),
        ('<ol type="a"><li>a<li>b</ol><ol type="I" start="4"><li>c</ol>', "a. a\nb. b\n\nIV. c"),
        ("<ol><li>a<ol><li>a1</li><li>a2</li></ol></li><li>b</li></ol>", "1. a\n\n1. a1\n2. a2\n\n2. b"),
        ("<ol><li>a<ul><li>x</li></ul><li>b</ol>", "1. a\n\n• x\n\n2. b"),
        ("<ol><li></li><li>x</li></ol>", "1.\n2. x"),  # an empty item's number stays apart
        ("<ol><li>a</ul><li>b</ol>", "1. a\n\n2. b"),  # a stray end tag ends nothing
        ('<ol start="99999999999"><li>a</ol>', "1. a"),  # no number a browser takes: from 1
        ("<p>In 2026.</p><p>Then</p>", "In 2026.\n\nThen"),  # a number of the feed's own is no label
        ("<p>•</p><p>x</p>", "•\n\nx"),  # nor a bullet of its own
    ],
)
def test_list_labels(html: str, text: str) -> None:
    assert html_to_text(html)[0] == text
