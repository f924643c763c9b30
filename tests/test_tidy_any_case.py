"""A story's markup read in any case, and a newsboat cache's stories tidied as a refresh tidies them.

- HTML's tag and attribute names are case-insensitive, and so are the class and rel values the tidying looks for:
  ``<A CLASS="MENTION">``, ``REL="TAG"``, ``<SUP>`` (old CMSs, hand-written pages, mail-to-feed bridges write
  them so). The patterns read them, but a quick look before each, in lower case only, skipped them.
- `newsdesk import cache.db` read each item's HTML without that tidying: a Lemmy post's byline, "channels1" for a
  footnote's mark and a post's hashtags as its links, until the first refresh rewrote the story. Its ids must
  not move (an item known by its text keyed by the text as read), so a refresh and a second import store none
  twice.
"""

from __future__ import annotations

import html
from pathlib import Path

from feeds.story_tidy import story_html
from tests import httpserver
from tests.test_cli import newsdesk
from tests.test_newsboat_cache import DATE_1, DATE_2, make_cache, stories

feed_server = httpserver.feed_server


def test_mentions_hashtags_and_footnotes_written_in_upper_case_are_read_as_in_lower_case() -> None:
    markup = (
        '<P>Thanks <A HREF="https://fosstodon.org/@ann" CLASS="U-URL MENTION">@ann</A> for <A'
        ' HREF="https://code.example/release">the release</A>, <A HREF="https://social.example/t/foss"'
        ' REL="TAG">#foss</A> <A HREF="https://social.example/t/rust" CLASS="MENTION HASHTAG">#rust</A>.'
        ' Channels<SUP><A HREF="#FN:1">1</A></SUP>.</P>'
    )
    text, links, _ = story_html(markup, "https://social.example/@bob/1")
    # The mention's and the hashtags' links go; the footnote's is the story's own, as in lower case.
    assert links == ["https://code.example/release"]
    assert text == "Thanks @ann for the release, #foss #rust. Channels¹."


def test_a_diff_s_marks_and_a_publisher_in_upper_case_are_read() -> None:
    """MediaWiki's diff mark cell and Google News's grey publisher, with their class and colour in upper case."""
    news = '<a href="https://news.example/a">Storm hits coast</a>&nbsp;&nbsp;<FONT COLOR="#6F6F6F">The Planet</FONT>'
    assert story_html(news, "")[0] == "Storm hits coast — The Planet"
    diff = (
        '<TABLE><TR><TD CLASS="DIFF-MARKER" DATA-MARKER="−"></TD><TD><DIV>A heorn is a bird.</DIV></TD></TR>'
        '<TR><TD CLASS="DIFF-MARKER" DATA-MARKER="+"></TD><TD><DIV>A heron is a bird.</DIV></TD></TR></TABLE>'
    )
    assert story_html(diff, "")[0] == "− A heorn is a bird.\n+ A heron is a bird."


BYLINE = " submitted by <a href='https://lemmy.example/u/ann'>ann</a> to <a href='https://lemmy.example/c/tech'>tech</a>"
PAGE = "https://lemmy.example/c/tech"
#: Two untitled posts of one link and no guid (known by the link and their text as read), and a titled one.
POSTS = [
    ("", "", PAGE, DATE_1, f"<p>Pipes and channels<sup><a href='#fn:1'>1</a></sup>.</p>{BYLINE}"),
    ("", "", PAGE, DATE_2, f"<p>Queues, <a href='https://social.example/t/go' class='mention hashtag'>#go</a></p>{BYLINE}"),
    ("https://lemmy.example/post/3", "Locks", "https://lemmy.example/post/3", DATE_1, f"<p>Mutexes.</p>{BYLINE}"),
]  # fmt: skip


def _served() -> str:
    items = "".join(
        f"<item>{f'<guid>{guid}</guid>' if guid else ''}{f'<title>{title}</title>' if title else ''}"
        f"<link>{link}</link><pubDate>{date}</pubDate><description>{html.escape(body)}</description></item>"
        for guid, title, link, date, body in POSTS
    )
    return f'<rss version="2.0"><channel><title>Tech</title><link>{PAGE}</link>{items}</channel></rss>'


def test_a_newsboat_cache_s_stories_are_tidied_and_keep_their_ids(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/tech.xml", _served())
    url = feed_server.url("/tech.xml")
    dates = {DATE_1: 1704189600, DATE_2: 1704276000}
    items: list[dict[str, object]] = [
        {"guid": guid or link + date, "title": title, "url": link, "feedurl": url, "pubDate": dates[date],
         "content": body, "unread": 0}
        for guid, title, link, date, body in POSTS
    ]  # fmt: skip
    cache = make_cache(tmp_path / "cache.db", [(url, PAGE, "Tech")], items)
    home = tmp_path / "data"

    proc = newsdesk(home, "import", str(cache))
    assert proc.returncode == 0, proc.stderr
    got = stories(home)
    shown = {
        t: newsdesk(home, "show", str(s["id"])).stdout.rstrip("\n").split("\n\n", 1)[1]
        for t, s in got.items()
    }
    assert shown == {
        "Pipes and channels¹.": "Pipes and channels¹.",
        "Queues, #go": "Queues, #go",
        "Locks": "Mutexes.",  # no "submitted by ann to tech", no link to a tag's page
    }, shown

    assert newsdesk(home, "refresh").returncode == 0  # the feed's items, tidied by the refresh: none is new
    after = stories(home)
    assert {t: (s["id"], s["read"]) for t, s in after.items()} == {t: (s["id"], True) for t, s in got.items()}
    again = newsdesk(home, "import", str(cache))
    assert again.returncode == 0 and "stored 0 stories" in again.stdout, again.stdout
    assert set(stories(home)) == set(got)
