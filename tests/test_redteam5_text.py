"""Feed text as real publishers write it, served from 127.0.0.1, refreshed into a real store with the installed
command, then searched and printed: soft hyphens, code in <pre>."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.html import html_to_text
from feeds.text import clean_line, clean_text
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

# German news sites put soft hyphens (&shy;) in long words so browsers can break them.
SOFT_HYPHENS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nachrichten</title>'
    "<link>https://n.example/</link><item><title>Die Bundes&#173;regierung plant Stra&#xAD;&#223;en&#173;bau"
    "</title><link>https://n.example/1</link><description>&lt;p&gt;Die Bundes&amp;shy;regierung tagt in"
    " Berlin.&lt;/p&gt;</description></item></channel></rss>"
)


def test_words_with_soft_hyphens_are_found_and_shown_whole(tmp_path: Path, feed_server: FeedServer) -> None:
    """Stored with its soft hyphens, "Bundes\\xadregierung" was never found by a search for "Bundesregierung",
    nor tagged as one word; terminals draw the invisible hyphen as a "-" or as nothing, so rows misaligned."""
    feed_server.set("/de.xml", SOFT_HYPHENS)
    assert newsdesk(tmp_path, "add", feed_server.url("/de.xml")).returncode == 0
    found = newsdesk(tmp_path, "search", "Bundesregierung", "--json")
    assert found.returncode == 0, found.stderr
    (story,) = json.loads(found.stdout)
    assert story["title"] == "Die Bundesregierung plant Straßenbau"
    assert len(json.loads(newsdesk(tmp_path, "search", "title:Straßenbau", "--json").stdout)) == 1
    shown = newsdesk(tmp_path, "show", story["id"])
    assert "Die Bundesregierung tagt in Berlin." in shown.stdout and "\xad" not in shown.stdout


def test_clean_text_drops_soft_hyphens() -> None:
    assert clean_line("Bundes\xadregierung") == "Bundesregierung"
    assert clean_text("Stra\xadßen\xadbau\nzweite Zeile") == "Straßenbau\nzweite Zeile"


CODE = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Dev blog</title>'
    "<link>https://dev.example/</link><item><title>Early returns</title><link>https://dev.example/1</link>"
    '<description><![CDATA[<p>Like this:</p><pre><code class="language-python">'
    '<span class="k">def</span> f(x):\n    if x:\n        return 1\n\n\treturn  2   \n</code></pre>'
    "<p>Done.</p>]]></description></item></channel></rss>"
)


def test_code_in_pre_keeps_its_indentation_and_blank_lines(tmp_path: Path, feed_server: FeedServer) -> None:
    """Every space inside <pre> was folded away with the rest of the markup's whitespace: Python came out as
    "def f(x):\nif x:\nreturn 1\nreturn 2", its meaning lost, and the blank lines between blocks were gone."""
    feed_server.set("/dev.xml", CODE)
    assert newsdesk(tmp_path, "add", feed_server.url("/dev.xml")).returncode == 0
    (story,) = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    shown = newsdesk(tmp_path, "show", story["id"]).stdout
    code = "Like this:\n\ndef f(x):\n    if x:\n        return 1\n\n    return  2\n\nDone."
    assert code in shown, shown


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a    b</p>", "a b"),  # outside <pre> spaces still fold
        ("x &#3; y<br>z", "x y\nz"),  # a control character from the feed is no kept space
        ("<pre>  </pre><p>after</p>", "after"),  # a <pre> of blanks leaves no blank lines
        ("<PRE>A  B</PRE>", "A  B"),
        ("<pre>line \n</pre>", "line"),
    ],
)
def test_pre_spaces_and_nothing_else(html: str, text: str) -> None:
    assert html_to_text(html)[0] == text


COMIC = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Comic</title>'
    "<link>https://comic.example/</link><item><title>Fixing</title><link>https://comic.example/1/</link>"
    '<description>&lt;img src="https://comic.example/fixing.png" title="When you &amp;quot;fix&amp;quot; it,'
    ' it breaks." alt="Fixing" /&gt;</description></item>'
    "<item><title>News</title><link>https://comic.example/2/</link><description>&lt;p&gt;Words.&lt;/p&gt;"
    '&lt;img src="https://comic.example/p.jpg" alt="A picture" /&gt;</description></item>'
    "</channel></rss>"
)


def test_a_story_made_of_a_picture_says_what_the_picture_says(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A web comic's item is a bare <img> whose title is the joke: the story showed "(this story has no text;
    o opens its link)". A story with words of its own is left as it was."""
    feed_server.set("/comic.xml", COMIC)
    assert newsdesk(tmp_path, "add", feed_server.url("/comic.xml")).returncode == 0
    shown = {
        s["title"]: newsdesk(tmp_path, "show", s["id"]).stdout
        for s in json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    }
    # Its alt is its title, which the story says once (see test_redteam14_feeds).
    assert shown["Fixing"].endswith('\n\n[image: When you "fix" it, it breaks.]\n'), shown["Fixing"]
    assert "Words." in shown["News"] and "[image" not in shown["News"]
    assert html_to_text('<img src="x.png">') == ("", [])  # a picture that says nothing adds nothing


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<ol><li><p>First point.</p></li><li><p>Second point.</p></li></ol>",
            "1.\u00a0First point.\n\n2.\u00a0Second point.",
        ),
        ("<ul><li><div>In a div</div></li></ul>", "•\u00a0In a div"),
        ("<ul><li><h3>Head</h3><p>body</p></li></ul>", "•\u00a0Head\n\nbody"),
        ("<ul><li>a</li><li>b</li></ul>", "•\u00a0a\n•\u00a0b"),  # as before
        ("<ul><li></li><li>x</li></ul>", "•\n•\u00a0x"),  # an empty item's bullet stays apart
    ],
)
def test_a_list_items_bullet_is_on_its_text_line(html: str, text: str) -> None:
    """Markdown makes <li><p> of a list with blank lines between its items (GitHub, Hugo, Jekyll, WordPress):
    every bullet stood alone on a line, a blank line above its text."""
    assert html_to_text(html)[0] == text
