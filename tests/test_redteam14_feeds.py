"""Feeds as link aggregators and generators write them, that a fourteenth red-team pass found read wrongly:
a Reddit link post's thumbnail, ids of items known by their text. Served from 127.0.0.1, subscribed with the
installed command and read as a user reads them (`stories --json`, `show`), then refreshed again into the same
store for ids and read marks."""

from __future__ import annotations

import html
import json
from pathlib import Path

from feeds.model import story_id
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk
from tests.test_redteam12_feeds import subscribed
from tests.test_redteam13_feeds import _kept_on_refresh

feed_server = httpserver.feed_server


def _reddit_entry(n: int, title: str, content: str) -> str:
    return (
        '<entry><author><name>/u/jdoe</name><uri>https://www.reddit.com/user/jdoe</uri></author><category term="pics"'
        f' label="r/pics"/><content type="html">{html.escape(content)}</content><id>t3_ab{n}</id>'
        f'<media:thumbnail url="https://b.thumbs.redditmedia.com/x{n}.jpg" />'
        f'<link href="https://www.reddit.com/r/pics/comments/ab{n}/post/" />'
        f"<updated>2026-12-06T10:00:0{n}+00:00</updated><published>2026-12-06T10:00:0{n}+00:00</published>"
        f"<title>{title}</title></entry>"
    )


def _link_post(n: int, alt: str, target: str) -> str:
    """A Reddit link post's content: its thumbnail (linking to the post's comments), then Reddit's byline."""
    return (
        f'<table> <tr><td> <a href="https://www.reddit.com/r/pics/comments/ab{n}/post/"> <img'
        f' src="https://b.thumbs.redditmedia.com/x{n}.jpg" {alt} /> </a> </td><td> &#32; submitted by &#32; <a'
        ' href="https://www.reddit.com/user/jdoe"> /u/jdoe </a> &#32; to &#32; <a href="https://www.reddit.com/r/pics/">'
        f' r/pics </a> <br/> <span><a href="{target}">[link]</a></span> &#32; <span><a'
        f' href="https://www.reddit.com/r/pics/comments/ab{n}/post/">[comments]</a></span> </td></tr></table>'
    )


REDDIT = (
    '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.'
    'yahoo.com/mrss/"><category term="pics" label="r/pics"/><updated>2026-12-06T10:00:00+00:00</updated><id>/r/pics'
    '.rss</id><link rel="alternate" href="https://www.reddit.com/r/pics" type="text/html" /><title>pics</title>'
    + _reddit_entry(
        1,
        "A heron at dawn",
        _link_post(1, 'alt="A heron at dawn" title="A heron at dawn"', "https://i.redd.it/x1.jpeg"),
    )
    + _reddit_entry(
        2,
        "Kingfisher",
        _link_post(2, 'alt="Kingfisher on a reed, mid-dive"', "https://birds.example/kingfisher"),
    )
    + "</feed>"
)


def test_a_link_post_s_thumbnail_that_says_its_title_is_not_its_text(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A Reddit link post's content is its thumbnail (alt and title both the post's title) and Reddit's byline:
    once the byline went, its story read "[image: A heron at dawn]" under the title "A heron at dawn". It says
    nothing more than the title: the story is its link to what was posted (the "[link]"). A thumbnail whose words
    say more than the title stays."""
    kingfisher, heron = subscribed(tmp_path, feed_server, "/r/pics.rss", REDDIT)
    assert heron["title"] == "A heron at dawn" and "[image" not in heron["shown"], heron["shown"]
    assert heron["shown"].endswith("\n[1] https://i.redd.it/x1.jpeg\n"), heron["shown"]
    assert kingfisher["shown"].endswith(
        "\n\n[image: Kingfisher on a reed, mid-dive]\n[1] https://birds.example/kingfisher\n"
    ), kingfisher["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/r/pics.rss", REDDIT.replace("mid-dive", "diving"))


def _lemmy_item(user: str, words: str) -> str:
    said = (
        f"<p>{words}</p> submitted by <a href='https://lemmy.example/u/{user}'>{user}</a> to <a"
        " href='https://lemmy.example/c/tech'>tech</a>"
    )
    return f"<item><description>{html.escape(said)}</description></item>"


LEMMY = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Mirror</title>'
    + _lemmy_item("ann", "The same words.")
    + _lemmy_item("bob", "The same words.")
    + "<item><description>E = mc&lt;sup&gt;2&lt;/sup&gt;</description></item></channel></rss>"
)


def test_items_known_by_their_text_keep_their_ids_when_the_text_is_tidied(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """An item with neither guid, link nor title is known by its text. Its id was made from the text after a
    link aggregator's byline ("submitted by ann to tech") went and footnote marks were raised: two posts whose
    only difference was their byline were one story (the second was lost), and every such story stored before
    the tidying got a new id (a new unread copy). The id is made from the text as it was read before."""
    stories = subscribed(tmp_path, feed_server, "/mirror.rss", LEMMY)
    with Store(tmp_path) as store:
        (feed,) = store.feeds()
    assert sorted(s["id"] for s in stories) == sorted(
        story_id(feed.id, "", "", text)
        for text in (
            "The same words.\n\nsubmitted by ann to tech",
            "The same words.\n\nsubmitted by bob to tech",
            "E = mc2",
        )
    ), stories
    assert sorted(s["shown"].rstrip("\n").rsplit("\n", 1)[-1] for s in stories) == [
        "E = mc²",
        "The same words.",
        "The same words.",
    ]
    _kept_on_refresh(tmp_path, feed_server, "/mirror.rss", LEMMY.replace("<title>Mirror", "<title>Mirrors"))


MASTODON = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:webfeeds="http://webfeeds.org/rss/1.0"
xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Jane</title><link>https://m.example/@jane</link>
<item><guid isPermaLink="true">https://m.example/@jane/2</guid><link>https://m.example/@jane/2</link>
<pubDate>Sun, 06 Dec 2026 10:00:00 +0000</pubDate><description>&lt;p&gt;&lt;/p&gt;</description>
<media:content url="https://m.example/media/2.png" type="image/png" fileSize="1234" medium="image">
<media:rating scheme="urn:simple">nonadult</media:rating>
<media:description type="plain">Sunset over the bay, seen from the pier</media:description></media:content></item>
<item><guid isPermaLink="true">https://m.example/@jane/1</guid><link>https://m.example/@jane/1</link>
<pubDate>Sun, 06 Dec 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Cute!&lt;/p&gt;</description>
<media:content url="https://m.example/media/1.png" type="image/png" medium="image"><media:description
type="plain">A cat asleep on a sofa</media:description></media:content></item>
</channel></rss>"""


def test_a_post_that_is_only_a_picture_says_what_the_picture_is(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Mastodon writes a post that is only a picture as an untitled item whose description is "<p></p>", the
    picture's alt text in its <media:description>. The story had no text and was titled with its address
    ("https://m.example/@jane/2"). Markup that shows nothing is no text of the post's own: the picture's
    description is its text, and its first words its title. A post with words keeps them."""
    sunset, cute = subscribed(tmp_path, feed_server, "/@jane.rss", MASTODON)
    assert sunset["title"] == "Sunset over the bay, seen from the pier", sunset
    assert sunset["shown"].endswith("\n\nSunset over the bay, seen from the pier\n"), sunset["shown"]
    assert cute["title"] == "Cute!" and cute["shown"].endswith("\n\nCute!\n"), cute["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/@jane.rss", MASTODON.replace("Cute!", "So cute!"))


ESCAPED_TWICE = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kitchen</title>
<item><title><![CDATA[Fish &amp;amp; chips &amp;#8212; the &amp;quot;proper&amp;quot; way]]></title>
<link>https://k.example/2</link><pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate></item>
<item><title><![CDATA[AT&T &amp; R&D &amp;c]]></title><link>https://k.example/1</link>
<pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_a_title_escaped_twice_in_cdata_reads_as_text(tmp_path: Path, feed_server: FeedServer) -> None:
    """A template that escapes a title already escaped, inside CDATA (``<![CDATA[Fish &amp;amp; chips]]>``), gives
    markup escaped twice: read once, the title showed "Fish &amp; chips &amp;#8212; the &amp;quot;proper&quot;
    way". An entity written out whole is read again; an ampersand that starts no entity stays as it is."""
    fish, att = subscribed(tmp_path, feed_server, "/kitchen.rss", ESCAPED_TWICE)
    assert fish["title"] == 'Fish & chips — the "proper" way', fish
    assert fish["shown"].startswith('Fish & chips — the "proper" way\n'), fish["shown"]
    assert att["title"] == "AT&T & R&D &c", att
    _kept_on_refresh(tmp_path, feed_server, "/kitchen.rss", ESCAPED_TWICE.replace("Kitchen", "Cooking"))


def _diff_row(old: str, new: str, marks: tuple[str, str]) -> str:
    """A changed line of a MediaWiki diff: its mark as an attribute (1.41 and later) or as the cell's text."""
    cells = [
        f'<td class="diff-marker" data-marker="{marks[0]}"></td>'
        if marks[0]
        else '<td class="diff-marker">−</td>',
        f'<td class="diff-deletedline diff-side-deleted"><div>{old}</div></td>',
        f'<td class="diff-marker" data-marker="{marks[1]}"></td>'
        if marks[1]
        else '<td class="diff-marker">+</td>',
        f'<td class="diff-addedline diff-side-added"><div>{new}</div></td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _wiki_entry(n: int, rows: str) -> str:
    table = (
        '<p>Fix typo</p><table style="background-color: #fff;" data-mw="interface"><col class="diff-marker" />'
        '<col class="diff-content" /><tr class="diff-title" lang="en"><td colspan="2">← Older revision</td>'
        '<td colspan="2">Revision as of 10:00, 6 December 2026</td></tr>'
        '<tr><td colspan="2" class="diff-lineno">Line 1:</td><td colspan="2" class="diff-lineno">Line 1:</td></tr>'
        f'{rows}<tr><td class="diff-marker"></td><td class="diff-context"><div>Herons wade.</div></td>'
        '<td class="diff-marker"></td><td class="diff-context"><div>Herons wade.</div></td></tr></table>'
    )
    return (
        f"<entry><id>https://wiki.example/w/index.php?title=Heron&amp;diff=12{n}&amp;oldid=12{n - 1}</id>"
        f'<title>Heron</title><link rel="alternate" type="text/html" href="https://wiki.example/w/index.php?title='
        f'Heron&amp;diff=12{n}&amp;oldid=12{n - 1}"/><updated>2026-12-06T1{n}:00:00Z</updated>'
        f'<summary type="html">{html.escape(table)}</summary><author><name>Jdoe</name></author></entry>'
    )


WIKI = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><id>https://wiki.example/api.php'
    '?action=feedrecentchanges&amp;feedformat=atom</id><title>Wiki - Recent changes [en]</title><link rel="alternate"'
    ' type="text/html" href="https://wiki.example/wiki/Special:RecentChanges"/><updated>2026-12-06T10:00:00Z'
    "</updated><generator>MediaWiki 1.41.0</generator>"
    + _wiki_entry(2, _diff_row("A <del>heorn</del> is a bird.", "A <ins>heron</ins> is a bird.", ("−", "+")))
    + _wiki_entry(1, _diff_row("Grey <del>herns</del>.", "Grey <ins>herons</ins>.", ("", "")))
    + "</feed>"
)


def test_a_wiki_s_diff_says_which_line_went_and_which_came(tmp_path: Path, feed_server: FeedServer) -> None:
    """MediaWiki's recent changes feed gives each edit as its diff table, each changed line's "−" or "+" an
    attribute of the cell before it (1.41 and later) or that cell's text. The story read "A heorn is a bird." over
    "A heron is a bird.", the same line twice for all a reader could tell (or the mark alone on a line). Each
    changed line starts with its mark; lines that did not change have none."""
    new, old = subscribed(tmp_path, feed_server, "/api.php", WIKI)
    assert new["shown"].endswith(
        "\n− A heorn is a bird.\n+ A heron is a bird.\nHerons wade.\nHerons wade.\n"
    ), new["shown"]
    assert old["shown"].endswith("\n− Grey herns.\n+ Grey herons.\nHerons wade.\nHerons wade.\n"), old[
        "shown"
    ]
    _kept_on_refresh(tmp_path, feed_server, "/api.php", WIKI.replace("Fix typo", "Fix a typo"))


def _google_item(n: int, title: str, publisher: str, description: str) -> str:
    return (
        f"<item><title>{title} - {publisher}</title><link>https://news.google.com/rss/articles/CBMi{n}?oc=5</link>"
        f'<guid isPermaLink="false">CBMi{n}</guid><pubDate>Sun, 06 Dec 2026 1{n}:00:00 GMT</pubDate>'
        f'<description>{html.escape(description)}</description><source url="https://{n}.example">{publisher}'
        "</source></item>"
    )


def _headline(n: int, title: str, publisher: str) -> str:
    return (
        f'<a href="https://news.google.com/rss/articles/CBMi{n}?oc=5" target="_blank">{title}</a>&nbsp;&nbsp;'
        f'<font color="#6f6f6f">{publisher}</font>'
    )


GOOGLE_NEWS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss xmlns:media="http://search.yahoo.com/mrss/"'
    ' version="2.0"><channel><generator>NFE/5.0</generator><title>Top stories - Google News</title>'
    "<link>https://news.google.com/?hl=en-US&amp;gl=US&amp;ceid=US:en</link><language>en-US</language>"
    + _google_item(
        2,
        "Storm hits coast",
        "The Daily Planet",
        f"<ol><li>{_headline(2, 'Storm hits coast', 'The Daily Planet')}</li>"
        f"<li>{_headline(3, 'Thousands without power', 'Gazette')}</li></ol>",
    )
    + _google_item(1, "Bridge reopens", "Gazette", _headline(1, "Bridge reopens", "Gazette"))
    + "</channel></rss>"
)


def test_google_news_s_publishers_are_set_apart_from_their_headlines(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Google News writes each headline's publisher after two no-break spaces, in a grey <font>: the story read
    "Storm hits coast The Daily Planet", one sentence. The publisher is set apart ("Storm hits coast — The Daily
    Planet"), and a one-story description that says only the title and its publisher again (both the story's
    title and author already) is no text."""
    storm, bridge = subscribed(tmp_path, feed_server, "/rss", GOOGLE_NEWS)
    assert (storm["title"], storm["author"]) == ("Storm hits coast", "The Daily Planet"), storm
    assert (
        "\n1. Storm hits coast — The Daily Planet\n2. Thousands without power — Gazette\n" in storm["shown"]
    ), storm["shown"]
    assert (bridge["title"], bridge["author"]) == ("Bridge reopens", "Gazette"), bridge
    assert "Bridge reopens —" not in bridge["shown"] and "Gazette\n\n" not in bridge["shown"], bridge["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/rss", GOOGLE_NEWS.replace("NFE/5.0", "NFE/5.1"))


ARXIV = """<?xml version='1.0' encoding='UTF-8'?><rss xmlns:arxiv="http://arxiv.org/schemas/atom"
xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>cs.CL updates on arXiv.org</title>
<link>http://rss.arxiv.org/rss/cs.CL</link><description>cs.CL updates on the arXiv.org e-print archive.</description>
<item><title>Attention Is Still All You Need</title><link>https://arxiv.org/abs/2612.00001</link>
<description>arXiv:2612.00001v1 Announce Type: new&#32;
Abstract: We study $O(n^2)$ attention and its limits.</description><guid isPermaLink="false">oai:arXiv.org:2612.00001v1</guid>
<category>cs.CL</category><pubDate>Mon, 07 Dec 2026 00:00:00 -0500</pubDate><arxiv:announce_type>new</arxiv:announce_type>
<dc:creator>Ann Lee, Bob Ray</dc:creator></item>
<item><title>Old Results Revisited</title><link>https://arxiv.org/abs/math/0601001</link>
<description>arXiv:math/0601001v3 Announce Type: replace-cross&#32;
Abstract: A shorter proof.</description><guid isPermaLink="false">oai:arXiv.org:math/0601001v3</guid>
<pubDate>Sun, 06 Dec 2026 00:00:00 -0500</pubDate><dc:creator>Cy Dee</dc:creator></item>
</channel></rss>"""


def test_an_arxiv_abstract_is_the_story_s_text(tmp_path: Path, feed_server: FeedServer) -> None:
    """arXiv's announcement feeds open every abstract with "arXiv:2612.00001v1 Announce Type: new Abstract:", the
    first words a reader saw of every paper (and all a narrow list showed). The abstract is the text; the paper's
    number is its link's."""
    attention, old = subscribed(tmp_path, feed_server, "/rss/cs.CL", ARXIV)
    assert attention["shown"].endswith("\n\nWe study $O(n^2)$ attention and its limits.\n"), attention[
        "shown"
    ]
    assert old["shown"].endswith("\n\nA shorter proof.\n"), old["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/rss/cs.CL", ARXIV.replace("its limits", "its bounds"))


STRAY = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Café des Arts</title>'
    "<item><title>Menu — déjà vu</title><link>https://cafe.example/2</link><description>Crème brûlée, 6 €"
    "</description><pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate></item>"
    "<item><title>Its our “open” day</title><link>https://cafe.example/1</link><description><![CDATA[<p>Were"
    " open – come in</p>]]></description><pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate></item>"
    "</channel></rss>"
).encode()
#: The second item pasted from a Windows program: its quotes and dash are Windows-1252 bytes in a UTF-8 document.
STRAY = STRAY.replace(b"Its our \xe2\x80\x9copen\xe2\x80\x9d day", b"It\x92s our \x93open\x94 day").replace(
    b"Were open \xe2\x80\x93 come in", b"We\x92re open \x96 come in"
)


def test_a_utf_8_feed_with_stray_windows_1252_bytes_keeps_its_utf_8(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A UTF-8 feed with text pasted from a Windows program ("It\\x92s") is UTF-8 but for a few bytes. The whole
    document was read in another encoding to mend them: every accent and dash of the UTF-8 text became mojibake
    ("déjà" read as "dÃ©jÃ", "—" as "â€”"). The UTF-8 stays UTF-8; only the stray bytes are read as
    Windows-1252."""
    feed_server.set("/menu.rss", STRAY, content_type="application/rss+xml; charset=utf-8")
    assert newsdesk(tmp_path, "add", feed_server.url("/menu.rss")).returncode == 0
    menu, open_day = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    for story in (menu, open_day):
        story["shown"] = newsdesk(tmp_path, "show", story["id"]).stdout
    assert (menu["feed"], menu["title"]) == ("Café des Arts", "Menu — déjà vu"), menu
    assert menu["shown"].endswith("\n\nCrème brûlée, 6 €\n"), menu["shown"]
    assert open_day["title"] == "It’s our “open” day", open_day
    assert open_day["shown"].endswith("\n\nWe’re open – come in\n"), open_day["shown"]


JSON_ESCAPED_TWICE = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Kitchen &amp;amp; Garden",
        "items": [
            {"id": "2", "title": "Fish &amp;amp; chips &amp;#8212; done", "content_text": "Fry twice."},
            {"id": "1", "title": "AT&T &amp; R&D", "content_text": "Phones."},
        ],
    }
)


def test_a_json_feed_title_escaped_twice_reads_as_text(tmp_path: Path, feed_server: FeedServer) -> None:
    """A JSON Feed's title is plain text, yet templates escape it, and some twice ("Fish &amp;amp; chips"): it
    read "Fish &amp; chips". As for an RSS title, an entity written out whole is read again."""
    feed_server.set("/feed.json", JSON_ESCAPED_TWICE, content_type="application/feed+json")
    assert newsdesk(tmp_path, "add", feed_server.url("/feed.json")).returncode == 0
    fish, att = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert (fish["feed"], fish["title"]) == ("Kitchen & Garden", "Fish & chips — done"), fish
    assert att["title"] == "AT&T & R&D", att


FEEDFLARE = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>Blog</title><link>https://b.example</link>
<item><title>Post</title><link>http://feedproxy.google.com/~r/blog/~3/abc/post.html</link><guid isPermaLink="false">g1
</guid><pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Body, see &lt;a
href="https://docs.example/"&gt;the docs&lt;/a&gt;.&lt;/p&gt;&lt;div class="feedflare"&gt;&lt;a
href="http://feeds.feedburner.com/~ff/blog?a=abc:def:yIl2AUoC8zA"&gt;&lt;img
src="http://feeds.feedburner.com/~ff/blog?d=yIl2AUoC8zA" border="0"&gt;&lt;/img&gt;&lt;/a&gt; &lt;a
href="http://feeds.feedburner.com/~ff/blog?a=abc:def:63t7Ie-LG7Y"&gt;&lt;img
src="http://feeds.feedburner.com/~ff/blog?d=63t7Ie-LG7Y" border="0"&gt;&lt;/img&gt;&lt;/a&gt;&lt;/div&gt;&lt;img
src="http://feeds.feedburner.com/~r/blog/~4/abc" height="1" width="1" alt=""/&gt;</description>
<feedburner:origLink>https://b.example/post.html</feedburner:origLink></item></channel></rss>"""


def test_feedburner_s_feedflare_buttons_are_not_a_story_s_links(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Feedburner ends every item of the feeds it serves with its FeedFlare row: "Email this", "Share on ...",
    comment counts, each a link to feeds.feedburner.com/~ff/. They were the story's links, [2] and [3] after its
    own; they are buttons, as other sites' "share this" links are."""
    (post,) = subscribed(tmp_path, feed_server, "/blog", FEEDFLARE)
    assert post["shown"].endswith("\n\nBody, see the docs.\n[1] https://docs.example/\n"), post["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/blog", FEEDFLARE.replace("Body,", "The body,"))


def _wpcom_button(service: str) -> str:
    return (
        f'<a rel="nofollow" href="http://feeds.wordpress.com/1.0/go{service}/techblog.wordpress.com/446154/">'
        f'<img alt="" border="0" src="http://feeds.wordpress.com/1.0/{service}/techblog.wordpress.com/446154/" /></a>'
    )


WPCOM = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tech</title>'
    "<link>https://tech.example</link><item><title>A launch</title><link>https://tech.example/2026/12/06/launch/</link>"
    '<guid isPermaLink="false">https://tech.example/?p=446154</guid><pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate>'
    "<description>"
    + html.escape(
        '<p>It shipped, <a href="https://maker.example/">says the maker</a>.</p>'
        + " ".join(
            _wpcom_button(s) for s in ("comments", "delicious", "facebook", "twitter", "stumble", "digg")
        )
        + '<img alt="" border="0" src="http://stats.wordpress.com/b.gif?host=tech.example&amp;post=446154" />'
    )
    + "</description></item></channel></rss>"
)


def test_wordpress_com_s_buttons_are_not_a_story_s_links(tmp_path: Path, feed_server: FeedServer) -> None:
    """WordPress.com ends every item of its sites' feeds with a row of buttons (comments, Delicious, Facebook,
    Twitter, StumbleUpon, Digg), each a link to feeds.wordpress.com/1.0/go...: a TechCrunch story listed seven of
    them after its own links. They are "share this" buttons, and go with the others."""
    (launch,) = subscribed(tmp_path, feed_server, "/feed", WPCOM)
    assert launch["shown"].endswith("\n\nIt shipped, says the maker.\n[1] https://maker.example/\n"), launch[
        "shown"
    ]
    _kept_on_refresh(tmp_path, feed_server, "/feed", WPCOM.replace("It shipped", "It has shipped"))
