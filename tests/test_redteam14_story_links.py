"""Links a story listed that are no story's links, that a fourteenth red-team pass found: a Mastodon post's
hashtags and mentions. Served from 127.0.0.1, subscribed with the installed command and read as a user reads them
(`stories --json`, `show`), then refreshed again into the same store for ids and read marks."""

from __future__ import annotations

import html
from pathlib import Path

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
