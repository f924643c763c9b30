"""Links a story listed that are no story's links, and a JSON Feed's text read untidied, that a fourteenth red-team
pass found: a Mastodon post's hashtags and mentions, a JSON Feed item's footnote marks and byline. Served from 127.0.0.1, subscribed with the installed command and read as a user reads them
(`stories --json`, `show`), then refreshed again into the same store for ids and read marks."""

from __future__ import annotations

import html
import json
from pathlib import Path

from feeds.model import story_id
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam12_feeds import subscribed
from tests.test_redteam13_feeds import _kept_on_refresh

feed_server = httpserver.feed_server


def _tag(name: str) -> str:
    return f'<a href="https://mastodon.social/tags/{name}" class="mention hashtag" rel="tag">#<span>{name}</span></a>'


TOOT = (
    '<p>Thanks <span class="h-card" translate="no"><a href="https://fosstodon.org/@ann" class="u-url mention">'
    '@<span>ann</span></a></span> for <a href="https://code.example/release" target="_blank" rel="nofollow noopener'
    ' noreferrer">the release</a>!</p><p>'
    + " ".join(_tag(t) for t in ("python", "rust", "linux", "foss", "release", "opensource"))
    + "</p>"
)
MASTODON = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bob</title>'
    '<link>https://mastodon.social/@bob</link><item><guid isPermaLink="true">https://mastodon.social/@bob/1134'
    "</guid><link>https://mastodon.social/@bob/1134</link><pubDate>Sun, 06 Dec 2026 10:00:00 +0000</pubDate>"
    f"<description>{html.escape(TOOT)}</description></item>"
    "<item><title>Filed under</title><link>https://wp.example/2026/12/05/filed/</link>"
    '<guid isPermaLink="false">https://wp.example/?p=7</guid><pubDate>Sat, 05 Dec 2026 10:00:00 +0000</pubDate>'
    "<description>"
    + html.escape(
        '<p>See <a href="https://docs.example/">the docs</a>. Filed under <a href="https://wp.example/category/news/"'
        ' rel="category tag">News</a>, <a href="https://wp.example/tag/garden/" rel="tag">garden</a>; by <a'
        ' class="user-mention" href="https://github.com/ann">@ann</a>.</p>'
    )
    + "</description></item></channel></rss>"
)


def test_a_post_s_hashtags_and_mentions_are_not_its_links(tmp_path: Path, feed_server: FeedServer) -> None:
    """A Mastodon post's hashtags and mentions were each one of the story's numbered links: a post with six
    hashtags listed six links to tag pages after its own one. The markup says what they are (class "mention" or
    "hashtag", rel "tag", WordPress's tag and category links too): their words stay, their links go. A class that
    only contains the word ("user-mention") says nothing, and its link stays."""
    toot, filed = subscribed(tmp_path, feed_server, "/@bob.rss", MASTODON)
    assert toot["shown"].endswith(
        "\n\nThanks @ann for the release!\n\n#python #rust #linux #foss #release #opensource\n"
        "[1] https://code.example/release\n"
    ), toot["shown"]
    assert filed["shown"].endswith(
        "\n\nSee the docs. Filed under News, garden; by @ann.\n[1] https://docs.example/\n"
        "[2] https://github.com/ann\n"
    ), filed["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/@bob.rss", MASTODON.replace("Thanks", "Thank you"))


def _json_item(words: str, **fields: str) -> dict[str, str]:
    byline = "submitted by <a href='https://lemmy.example/u/ann'>ann</a> to <a href='https://lemmy.example/c/tech'>"
    return {**fields, "content_html": f"<p>{words}</p> {byline}tech</a>"}


JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Notes",
        "items": [
            {
                "id": "n1",
                "url": "https://notes.example/1",
                "title": "Channels",
                "date_published": "2026-12-06T10:00:00Z",
                "content_html": '<p>[caption id="a1" width="300"]Pipes[/caption] and channels<sup><a href="#fn:1">1'
                '</a></sup>.</p><div class="footnotes"><ol><li id="fn:1">Go\'s, mostly.</li></ol></div>',
            },
            _json_item("E = mc<sup>2</sup>"),
            _json_item("The same words."),
        ],
    }
)


def test_a_json_feed_s_text_is_tidied_as_an_rss_item_s_is(tmp_path: Path, feed_server: FeedServer) -> None:
    """A JSON Feed item's content_html was read without the tidying an RSS or Atom item's text gets: a footnote's
    mark read "channels1", not "channels¹", and a link aggregator's byline ("submitted by ann to tech", a Lemmy
    community bridged to JSON Feed) was the story's last line. It is tidied as theirs is; an item known by its text
    (no id, url or title) keeps the id its text as read gave it."""
    stories = subscribed(tmp_path, feed_server, "/feed.json", JSON_FEED)
    with Store(tmp_path) as store:
        (feed,) = store.feeds()
    by_id = {s["id"]: s["shown"].rstrip("\n").split("\n\n", 1)[1] for s in stories}
    assert by_id == {
        story_id(feed.id, "n1"): "Pipes and channels¹.\n\n1. Go's, mostly.",
        story_id(feed.id, "", "", "E = mc2\n\nsubmitted by ann to tech"): "E = mc²",
        story_id(feed.id, "", "", "The same words.\n\nsubmitted by ann to tech"): "The same words.",
    }, stories
    _kept_on_refresh(tmp_path, feed_server, "/feed.json", JSON_FEED.replace("Notes", "My notes"))
