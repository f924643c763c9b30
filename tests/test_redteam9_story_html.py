"""Story HTML as publishers write it, served from 127.0.0.1, refreshed into a real store with the installed
command and shown: ordered lists, and stories that are nothing but a video, a sound or an embedded frame."""

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
    steps = (
        "To reset it:\n\n1. Unplug the router.\n2. Wait ten seconds.\n3. Plug it back in.\n\n"
        "  • The light blinks."
    )
    assert steps + "\n\nDone." in text["Steps"], text["Steps"]
    assert "3. Bronze\n2. Silver\n1. Gold\n\n7. seven\n8. eight" in text["Podium"], text["Podium"]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<ol><li>a</li><li>b</li></ol>", "1.\u00a0a\n2.\u00a0b"),
        ("<ul><li>a</li><li>b</li></ul>", "•\u00a0a\n•\u00a0b"),  # as before
        ("<li>a</li>", "•\u00a0a"),  # an item outside any list, as before
        ("<OL START='3'><LI>c<LI>d</OL>", "3.\u00a0c\n4.\u00a0d"),
        ("<ol reversed start=10><li>a<li value=3>b<li>c</ol>", "10.\u00a0a\n3.\u00a0b\n2.\u00a0c"),
        (
            '<ol type="a"><li>a<li>b</ol><ol type="I" start="4"><li>c</ol>',
            "a.\u00a0a\nb.\u00a0b\n\nIV.\u00a0c",
        ),
        (
            "<ol><li>a<ol><li>a1</li><li>a2</li></ol></li><li>b</li></ol>",
            "1.\u00a0a\n  1.\u00a0a1\n  2.\u00a0a2\n2.\u00a0b",
        ),
        ("<ol><li>a<ul><li>x</li></ul><li>b</ol>", "1.\u00a0a\n  •\u00a0x\n2.\u00a0b"),
        ("<ol><li></li><li>x</li></ol>", "1.\n2.\u00a0x"),  # an empty item's number stays apart
        ("<ol><li>a</ul><li>b</ol>", "1.\u00a0a\n\n2.\u00a0b"),  # a stray end tag ends nothing
        (
            "<ul><li>a<ul><li>b<ol><li>c</ol></ul><li>d</ul>",
            "•\u00a0a\n  •\u00a0b\n    1.\u00a0c\n•\u00a0d",
        ),  # two levels
        (
            "<ul><li>a<ol><li>b</ul><li>c",
            "•\u00a0a\n  1.\u00a0b\n\n•\u00a0c",
        ),  # the outer end tag ends both lists
        ("<ul><li>a</ul><ul><li>b</ul>", "•\u00a0a\n\n•\u00a0b"),  # lists one after the other: none nested
        (
            "<p>x&#3;y</p><ul><li>a<ul><li>b</ul></ul>",
            "xy\n\n•\u00a0a\n  •\u00a0b",
        ),  # the feed's "&#3;" is no space
        ("<ul>" * 20 + "<li>deep" + "</ul>" * 20, " " * 16 + "•\u00a0deep"),  # eight levels at most
        ('<ol start="99999999999"><li>a</ol>', "1.\u00a0a"),  # no number a browser takes: from 1
        ("<p>In 2026.</p><p>Then</p>", "In 2026.\n\nThen"),  # a number of the feed's own is no label
        ("<p>•</p><p>x</p>", "•\n\nx"),  # nor a bullet of its own
    ],
)
def test_list_labels(html: str, text: str) -> None:
    assert html_to_text(html)[0] == text


NESTED = (
    "<p>Packing list:</p><ul><li>Clothes<ul><li>Socks</li><li>Coats<ol><li>rain</li><li>wool</li></ol></li></ul>"
    "</li><li>Papers<ol type='a'><li>passport</li><li>tickets</li></ol></li></ul><p>Bon voyage.</p>"
)


def test_nested_lists_are_indented(tmp_path: Path, feed_server: FeedServer) -> None:
    """The items of a list inside a list were set at the margin, a paragraph apart, no different from the items
    around them: "• Socks" read as one more thing to pack beside "• Clothes". Each level is indented two spaces,
    each list numbered on its own."""
    text = shown(tmp_path, feed_server, rss(("Packing", NESTED)))["Packing"]
    packing = (
        "Packing list:\n\n• Clothes\n  • Socks\n  • Coats\n    1. rain\n    2. wool\n"
        "• Papers\n  a. passport\n  b. tickets\n\nBon voyage."
    )
    assert packing in text, text


EMBEDS = rss(
    ("Clip", '<iframe width="560" src="https://www.youtube.com/embed/abc123?si=x&amp;t=5"></iframe>'),
    ("Local video", '<video controls><source src="/media/clip.mp4" type="video/mp4">No video here.</video>'),
    ("Episode", '<audio src="https://cdn.example/ep1.mp3"></audio>'),
    ("Scheme", '<iframe src="javascript:alert(1)"></iframe><object data="file:///etc/passwd"></object>'),
    ("Map", "<iframe src=\"//maps.example/embed?q=[bold]x[/bold]\"></iframe><img src='m.png' alt='The map'>"),
    ("Article", '<p>Watch it below.</p><iframe src="https://www.youtube.com/embed/abc123"></iframe>'),
)


def test_a_story_that_is_only_media_says_what_and_where(tmp_path: Path, feed_server: FeedServer) -> None:
    """A video blog's item is a YouTube <iframe>, a podcast's an <audio>: the story showed no text at all
    ("this story has no text"). Only http(s) addresses are shown, made absolute; any other is left out."""
    text = shown(tmp_path, feed_server, EMBEDS)
    assert "[video: https://www.youtube.com/embed/abc123?si=x&t=5]" in text["Clip"], text["Clip"]
    local = f"[video: {feed_server.url('/media/clip.mp4')}]"  # made absolute as the story's links are
    assert local in text["Local video"], text["Local video"]
    assert "[audio: https://cdn.example/ep1.mp3]" in text["Episode"], text["Episode"]
    assert "[embedded page]\n[embedded object]" in text["Scheme"], text["Scheme"]
    assert "javascript" not in text["Scheme"] and "passwd" not in text["Scheme"]
    map_lines = (
        "[embedded page: http://maps.example/embed?q=[bold]x[/bold]]\n[image: The map]"  # the feed's http
    )
    assert map_lines in text["Map"], text["Map"]
    assert "Watch it below." in text["Article"] and "[video" not in text["Article"]  # as before


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<iframe src="about:blank" data-src="https://open.spotify.com/embed/episode/1"></iframe>', "[audio: https://open.spotify.com/embed/episode/1]"),
        ('<object data="m.swf"><embed src="https://x.example/m.swf"></object>', "[embedded object: https://x.example/m.swf]"),
        ('<embed src="https://x.example/a.mp3" type="audio/mpeg">', "[audio: https://x.example/a.mp3]"),
        ('<video src="data:video/mp4;base64,AAAA"></video>', "[video]"),
        ('<!-- <iframe src="https://old.example/"></iframe> --><video></video>', "[video]"),
        ("<iframe src=//player.vimeo.com/video/1></iframe>", "[video: https://player.vimeo.com/video/1]"),
        ('<video><img src="p.png" alt="fallback"></video>', "[video]"),  # a browser's fallback is no picture
    ],
)  # fmt: skip
def test_media_lines(html: str, text: str) -> None:
    assert html_to_text(html)[0] == text
