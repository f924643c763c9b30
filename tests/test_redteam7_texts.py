"""Story markup past the size read of it (:data:`feeds.html.MAX_HTML`): pictures inlined as ``data:`` addresses, as
e-mail newsletters turned into feeds send them, and a cut that lands inside a tag or a reference. Served from
127.0.0.1 and read back through the installed command."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest

from feeds.html import MAX_HTML, html_to_text
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def picture(size: int) -> str:
    """A base64 ``data:`` address of ``size`` random bytes (a PNG as a mail client inlines it)."""
    return "data:image/png;base64," + base64.b64encode(random.Random(size).randbytes(size)).decode()


def newsletter(size: int) -> str:
    return (
        "<p>Hello readers,</p>"
        f'<p><img src="{picture(size)}" alt="Turnout by region"></p>'
        "<p>The figures after the chart are what this issue is about.</p>"
        f'<p style="background:url({picture(size // 4)})">Signed, the editors.</p>'
    )


def test_a_newsletter_with_inlined_pictures_keeps_its_words(tmp_path: Path, feed_server: FeedServer) -> None:
    """The first 1.2 MB picture filled the million characters read of the story: it was stored as "Hello
    readers," and nothing more. A ``data:`` address holds no text; the words after it are kept."""
    item = newsletter(900_000)
    assert len(item) > MAX_HTML
    escaped = item.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed_server.set(
        "/letter.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Letters</title>'
        f"<item><guid>issue-1</guid><title>Issue 1</title><description>{escaped}</description></item>"
        "</channel></rss>",
    )
    added = newsdesk(tmp_path, "add", feed_server.url("/letter.xml"))
    assert added.returncode == 0, added.stderr
    [story] = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    shown = newsdesk(tmp_path, "show", story["id"])
    assert shown.returncode == 0, shown.stderr
    for words in ("Hello readers,", "The figures after the chart", "Signed, the editors."):
        assert words in shown.stdout
    assert "base64" not in shown.stdout


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<div>" * 100_000 + "deep text" + "</div>" * 100_000, "deep text"),  # nested too deep for the parser
        ("&nbsp;" * 200_000 + "x", ""),  # no tag: read as plain text
        ("<p>" + "&nbsp;" * 200_000 + "</p>", ""),
    ],
    ids=["deep-divs", "plain-references", "references"],
)
def test_a_cut_inside_a_tag_or_a_reference_shows_no_part_of_it(markup: str, text: str) -> None:
    """Cut at the millionth character, the start of the tag or the character reference there showed as text: a
    story of nested <div>s read "deep text </div", one of non-breaking spaces "&nbs" or "&"."""
    assert len(markup) > MAX_HTML
    assert html_to_text(markup) == (text, [])


def test_a_short_story_with_a_picture_inlined_is_read_as_before() -> None:
    """Under the cap nothing is taken out: the text is the same with or without the picture."""
    small = f'<p>Before</p><img src="{picture(3000)}" alt="a dot"><p>After</p>'
    assert html_to_text(small) == ("Before\n\nAfter", [])


@pytest.mark.parametrize(
    "args",
    [("show",), ("remove",), ("search", "--delete"), ("bookmarks", "--export")],
    ids=["story id", "feed", "saved search", "export format"],
)
def test_a_huge_argument_is_cut_in_the_error_that_quotes_it(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`newsdesk show <100 KB id>` quoted the id in its error, cut only at the line's 2,000 characters."""
    huge = "x" * 100_000
    proc = newsdesk(tmp_path, *args, huge)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert f"'{'x' * 59}…'" in line and len(line) < 200, line
