"""Feeds as blog engines, forums, code hosts and link aggregators write them, that a thirteenth red-team pass found
read wrongly: WordPress's shortcodes, Reddit's and Lemmy's bylines, Hugo's and Jekyll's footnotes, Medium's title
heading, Lemmy's and Zola's authors, Bluesky's untitled posts, a government feed's DOCTYPE entities. Served from
127.0.0.1, subscribed with the installed command and read as a user reads them (`stories --json`, `show`), then
refreshed again into the same store for ids and read marks."""

from __future__ import annotations

from pathlib import Path

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam12_feeds import subscribed

feed_server = httpserver.feed_server


def _kept_on_refresh(home: Path, server: FeedServer, path: str, body: str) -> None:
    """Mark every story read, serve ``body`` (an edit of the feed) and refresh into the same store: no story is
    new, none is lost, every read mark stays."""
    with Store(home) as store:
        (feed,) = store.feeds()
        ids = {h.id for h in store.headers(feed.id)}
        store.set_read(sorted(ids))
        server.set(path, body)
        (again,) = refresh(store)
        assert again.new == 0, again
        assert {h.id for h in store.headers(feed.id)} == ids and all(store.is_read(i) for i in ids)


WORDPRESS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>Garden Diary</title><link>https://wp.example</link><description>Just another WordPress site</description>
	<generator>https://wordpress.org/?v=6.4.2</generator>
	<item><title>Winter pruning</title><link>https://wp.example/2026/12/06/winter-pruning/</link>
		<comments>https://wp.example/2026/12/06/winter-pruning/#comments</comments>
		<dc:creator><![CDATA[Edith]]></dc:creator><pubDate>Sun, 06 Dec 2026 10:00:00 +0000</pubDate>
		<guid isPermaLink="false">https://wp.example/?p=123</guid>
		<description><![CDATA[The old Bramley, before. Cut back to an outward bud. [&#8230;]]]></description>
		<content:encoded><![CDATA[<p>[caption id="attachment_124" align="alignnone" width="300"]<img class="size-medium wp-image-124"
src="https://wp.example/wp-content/uploads/2026/12/apple-300x200.jpg" alt="" width="300" height="200" /> The old
Bramley, before.[/caption]</p>
<p>Cut back to an outward bud.</p>
<p>[vc_row][vc_column][vc_column_text]Keep the cuts clean.[/vc_column_text][/vc_column][/vc_row]</p>
<p>[gallery ids="125,126,127" columns="3"]</p>
<p>[embed]https://video.example/watch?v=12[/embed]</p>
<p>See [1], [sic] and [Update: fixed]; write <code>[b]bold[/b]</code>.</p>]]></content:encoded>
		<slash:comments>4</slash:comments></item>
	<item><title>[caption] Frost</title><description><![CDATA[[caption id="attachment_9" width="300"]<img
src="https://wp.example/f.jpg" alt="" /> Frost on the figs.[/caption]]]></description>
		<pubDate>Sat, 05 Dec 2026 10:00:00 +0000</pubDate></item>
</channel></rss>"""


def test_wordpress_shortcodes_no_plugin_expanded_leave_what_they_enclose(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A WordPress post whose shortcodes no plugin expanded (a theme changed, a page builder removed, an excerpt
    cut from the raw post) showed them as written: "[caption id="attachment_124" align="alignnone" width="300"] The
    old Bramley, before.[/caption]", "[vc_row][vc_column][vc_column_text]Keep the cuts clean.[/vc_column_text]...".
    The tags go, the caption and the embedded address stay; a bracket that is no shortcode ("[1]", "[sic]",
    BBCode's "[b]") stays, and so does a title's. The item without guid or link keeps its id."""
    pruning, frost = subscribed(tmp_path, feed_server, "/wp.xml", WORDPRESS)
    assert pruning["shown"].endswith(
        "\n\nThe old Bramley, before.\n\nCut back to an outward bud.\n\nKeep the cuts clean.\n\n"
        "https://video.example/watch?v=12\n\nSee [1], [sic] and [Update: fixed]; write [b]bold[/b].\n"
    ), pruning["shown"]
    assert (frost["title"], frost["shown"].split("\n\n", 1)[1]) == ("[caption] Frost", "Frost on the figs.\n")
    _kept_on_refresh(tmp_path, feed_server, "/wp.xml", WORDPRESS.replace("outward bud", "outward-facing bud"))


def _reddit_entry(post: str, title: str, author: str, content: str, date: str) -> str:
    return (
        f"<entry><author><name>/u/{author}</name><uri>https://www.reddit.com/user/{author}</uri></author>"
        f'<category term="Python" label="r/Python"/><content type="html">{content}</content><id>t3_{post}</id>'
        f'<link href="https://www.reddit.com/r/Python/comments/{post}/x/" /><updated>{date}</updated>'
        f"<published>{date}</published><title>{title}</title></entry>"
    )


def _reddit_byline(post: str, author: str, link: str) -> str:
    """Reddit's markup after a post's own text: escaped HTML, "&#32;" for its spaces."""
    return (
        f"&amp;#32; submitted by &amp;#32; &lt;a href=&quot;https://www.reddit.com/user/{author}&quot;&gt; /u/{author}"
        f" &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href=&quot;{link}&quot;&gt;[link]&lt;/a&gt;&lt;/span&gt; &amp;#32;"
        f" &lt;span&gt;&lt;a href=&quot;https://www.reddit.com/r/Python/comments/{post}/x/&quot;&gt;[comments]&lt;/a"
        "&gt;&lt;/span&gt;"
    )


SELF_POST = "&lt;!-- SC_OFF --&gt;&lt;div class=&quot;md&quot;&gt;&lt;p&gt;Which profiler do you use?&lt;/p&gt; &lt;/div&gt;&lt;!-- SC_ON --&gt; "
LINK_POST = (
    "&lt;table&gt; &lt;tr&gt;&lt;td&gt; &lt;a href=&quot;https://www.reddit.com/r/Python/comments/1h8abd/x/&quot;&gt; "
    "&lt;img src=&quot;https://b.thumbs.redditmedia.com/abc.jpg&quot; alt=&quot;3.14 is out&quot; /&gt; &lt;/a&gt; "
    "&lt;/td&gt;&lt;td&gt; {byline} &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"
)
REDDIT = (
    '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:media="http://search.yahoo.com/mrss/"><category term="Python" label="r/Python"/>'
    "<updated>2026-12-06T10:00:00+00:00</updated><id>/r/python/.rss</id>"
    '<link rel="alternate" href="https://www.reddit.com/r/python/" type="text/html" /><title>Python</title>'
    + _reddit_entry(
        "1h8abc",
        "Profiling tools?",
        "jdoe",
        SELF_POST + _reddit_byline("1h8abc", "jdoe", "https://www.reddit.com/r/Python/comments/1h8abc/x/"),
        "2026-12-06T09:00:00+00:00",
    )
    + _reddit_entry(
        "1h8abd",
        "3.14 is out",
        "asmith",
        LINK_POST.format(byline=_reddit_byline("1h8abd", "asmith", "https://www.python.org/downloads/3.14/")),
        "2026-12-06T08:00:00+00:00",
    )
    + "</feed>"
)

LEMMY = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Lemmy - technology</title>
<link>https://lemmy.example/c/technology</link><description>Tech news</description>
<item><title>New RISC-V boards ship</title><link>https://news.example/riscv-boards</link><category>technology</category>
<description><![CDATA[submitted by <a href="https://lemmy.example/u/jdoe">jdoe</a> to <a href="https://lemmy.example/c/technology">technology</a><br>42 points | <a href="https://lemmy.example/post/123">7 comments</a><br><a href="https://news.example/riscv-boards">https://news.example/riscv-boards</a><p>They are cheap now.</p>
]]></description><comments>https://lemmy.example/post/123</comments><guid isPermaLink="true">https://lemmy.example/post/123</guid>
<pubDate>Sun, 06 Dec 2026 09:00:00 +0000</pubDate><dc:creator>https://lemmy.example/u/jdoe</dc:creator></item>
</channel></rss>"""


def test_a_link_aggregator_s_byline_is_links_not_text(tmp_path: Path, feed_server: FeedServer) -> None:
    """Reddit's Atom and Lemmy's RSS write a byline into every post: "submitted by /u/jdoe [link] [comments]",
    "submitted by jdoe to technology 42 points | 7 comments https://news.example/riscv-boards". It was the story's
    last lines, or all of it (a link post). It goes; the page a link post is about stays, as the story's first
    link, and the comments page, unless it is the story's own page. Lemmy names the author by the address of
    their profile ("https://lemmy.example/u/jdoe"), which was shown as the name: it is "jdoe"."""
    question, release = subscribed(tmp_path / "reddit", feed_server, "/r/python/.rss", REDDIT)
    assert question["shown"].endswith("\n\nWhich profiler do you use?\n"), question["shown"]
    assert "submitted" not in release["shown"] and "[link]" not in release["shown"], release["shown"]
    assert release["shown"].endswith("\n[1] https://www.python.org/downloads/3.14/\n"), release["shown"]
    assert (question["author"], release["link"]) == (
        "/u/jdoe",
        "https://www.reddit.com/r/Python/comments/1h8abd/x/",
    )
    _kept_on_refresh(tmp_path / "reddit", feed_server, "/r/python/.rss", REDDIT.replace("Which", "What"))
    (board,) = subscribed(tmp_path / "lemmy", feed_server, "/c/technology.xml", LEMMY)
    assert (board["link"], board["author"]) == ("https://news.example/riscv-boards", "jdoe")
    assert board["shown"].endswith("\n\nThey are cheap now.\n[1] https://lemmy.example/post/123\n"), board[
        "shown"
    ]


HUGO = """<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Gopher Notes</title>
<link>https://hugo.example/</link><description>Recent content on Gopher Notes</description><generator>Hugo</generator>
<atom:link href="https://hugo.example/index.xml" rel="self" type="application/rss+xml" />
<item><title>Channels &amp; select</title><link>https://hugo.example/posts/channels/</link>
<pubDate>Sun, 06 Dec 2026 09:00:00 +0100</pubDate><guid>https://hugo.example/posts/channels/</guid>
<description>&lt;p&gt;A &lt;code&gt;select&lt;/code&gt; waits on several &lt;a href=&#34;/posts/chans/&#34;&gt;channels&lt;/a&gt;&lt;sup id=&#34;fnref:1&#34;&gt;&lt;a href=&#34;#fn:1&#34; class=&#34;footnote-ref&#34; role=&#34;doc-noteref&#34;&gt;1&lt;/a&gt;&lt;/sup&gt;.&lt;/p&gt;&lt;p&gt;There are 2&lt;sup&gt;4&lt;/sup&gt; = 16 cases.&lt;/p&gt;
&lt;div class=&#34;footnotes&#34; role=&#34;doc-endnotes&#34;&gt;&lt;hr&gt;&lt;ol&gt;&lt;li id=&#34;fn:1&#34;&gt;&lt;p&gt;Or none.&amp;#160;&lt;a href=&#34;#fnref:1&#34; class=&#34;footnote-backref&#34; role=&#34;doc-backlink&#34;&gt;&amp;#x21a9;&amp;#xfe0e;&lt;/a&gt;&lt;/p&gt;&lt;/li&gt;&lt;/ol&gt;&lt;/div&gt;</description>
</item></channel></rss>"""

SLASHDOT = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel rdf:about="https://slashdot.org/"><title>Slashdot</title><link>https://slashdot.org/</link>
<description>News for nerds, stuff that matters</description><items><rdf:Seq>
<rdf:li rdf:resource="https://science.slashdot.org/story/26/12/06/0911234/fusion?utm_source=rss1.0mainlinkanon&amp;utm_medium=feed" />
</rdf:Seq></items></channel>
<item rdf:about="https://science.slashdot.org/story/26/12/06/0911234/fusion?utm_source=rss1.0mainlinkanon&amp;utm_medium=feed">
<title>Fusion Plant Hits Milestone</title>
<link>https://science.slashdot.org/story/26/12/06/0911234/fusion?utm_source=rss1.0mainlinkanon&amp;utm_medium=feed</link>
<description>An anonymous reader quotes a report from &lt;a href="https://ars.example/fusion"&gt;Ars&lt;/a&gt;: "Six minutes, a record." &lt;p&gt;&lt;div class="share_submission"&gt;&lt;a class="slashpop" href="http://twitter.com/home?status=Fusion+Plant+Hits+Milestone%3A+https%3A%2F%2Fbit.ly%2Fabc"&gt;&lt;img src="https://a.fsdn.com/sd/twitter_icon_large.png"&gt;&lt;/a&gt; &lt;a class="slashpop" href="http://www.facebook.com/sharer.php?u=https%3A%2F%2Fscience.slashdot.org%2Fstory%2F26%2F12%2F06%2F0911234%2Ffusion"&gt;&lt;img src="https://a.fsdn.com/sd/facebook_icon_large.png"&gt;&lt;/a&gt;&lt;/div&gt;&lt;/p&gt;&lt;p&gt;&lt;a href="https://science.slashdot.org/story/26/12/06/0911234/fusion?utm_source=rss1.0moreanon&amp;amp;utm_medium=feed"&gt;Read more of this story&lt;/a&gt; at Slashdot.&lt;/p&gt;</description>
<dc:creator>BeauHD</dc:creator><dc:date>2026-12-06T09:00:00+00:00</dc:date><slash:department>hot-stuff</slash:department>
<slash:comments>42</slash:comments></item></rdf:RDF>"""


def test_links_back_into_the_story_are_not_its_links(tmp_path: Path, feed_server: FeedServer) -> None:
    """Hugo's RSS gives a post's footnotes as relative anchors (``#fn:1``, back ``#fnref:1``), which resolved
    against the feed's own address: the story listed "http://127.0.0.1:…/index.xml#fn:1", an address that opens
    the feed. Slashdot's "Read more of this story" leads to the story itself (its campaign tags aside), and was
    one of its links too, and so were its "share" buttons' Twitter and Facebook forms. They go; a link to another
    page stays, and the story's own link is as before."""
    (post,) = subscribed(tmp_path / "hugo", feed_server, "/index.xml", HUGO)
    assert post["shown"].endswith(
        f"\n\n1. Or none. ↩︎\n[1] http://127.0.0.1:{feed_server.port}/posts/chans/\n"
    )
    (story,) = subscribed(tmp_path / "slashdot", feed_server, "/slashdot.rdf", SLASHDOT)
    assert story["link"].endswith("/fusion?utm_source=rss1.0mainlinkanon&utm_medium=feed")
    assert story["shown"].endswith("Read more of this story at Slashdot.\n[1] https://ars.example/fusion\n")


def test_a_footnote_s_mark_and_a_power_are_raised(tmp_path: Path, feed_server: FeedServer) -> None:
    """Hugo's and Jekyll's footnote marks (``<sup><a href="#fn:1">1</a></sup>``), Substack's (``<a
    class="footnote-anchor">1</a>``) and powers (``2<sup>4</sup>``) were set on the line: "channels1.", "There
    are 24 = 16 cases" (a number that says something else). They are raised: "channels¹.", "2⁴ = 16", as a
    terminal shows them (a Latin-1 one as "4")."""
    (post,) = subscribed(tmp_path, feed_server, "/index.xml", HUGO)
    assert "\n\nA select waits on several channels¹.\n\nThere are 2⁴ = 16 cases.\n\n" in post["shown"], post


MEDIUM = """<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>
<title><![CDATA[Stories by Ana Ruiz on Medium]]></title><link>https://medium.com/@anaruiz?source=rss-abc------2</link>
<generator>Medium</generator><item><title><![CDATA[Why queues back up]]></title>
<link>https://medium.com/@anaruiz/why-queues-back-up-1a2b3c?source=rss-abc------2</link>
<guid isPermaLink="false">https://medium.com/p/1a2b3c</guid><dc:creator><![CDATA[Ana Ruiz]]></dc:creator>
<pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate><content:encoded><![CDATA[<h3>Why queues back up</h3><figure><img alt=""
src="https://cdn-images-1.medium.com/max/1024/1*q.png" /><figcaption>Arrivals against service time</figcaption></figure>
<p>At 90% load the wait is ten times the work.</p><img src="https://medium.com/_/stat?event=post.clientViewed"
width="1" height="1" alt="">]]></content:encoded></item></channel></rss>"""

COMMITS = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US"><id>tag:github.com,2008:/owner/tool/commits/main</id>
<link type="text/html" rel="alternate" href="https://github.com/owner/tool/commits/main"/>
<title>Recent Commits to tool:main</title><updated>2026-12-06T10:00:00Z</updated>
<entry><id>tag:github.com,2008:Grit::Commit/0123456789abcdef</id>
<link type="text/html" rel="alternate" href="https://github.com/owner/tool/commit/0123456789abcdef"/>
<title>
        Handle empty input in the lexer
    </title><updated>2026-12-06T10:00:00Z</updated><author><name>jdoe</name><uri>https://github.com/jdoe</uri></author>
<content type="html">
      &lt;pre style=&#39;white-space:pre-wrap;width:81ex&#39;&gt;Handle empty input in the lexer

The lexer looped for ever on an empty file.&lt;/pre&gt;
    </content></entry></feed>"""


def test_a_post_that_opens_with_its_title_says_it_once(tmp_path: Path, feed_server: FeedServer) -> None:
    """Medium's full text opens with the post's title as a heading, and a GitHub commit's message with its subject,
    which is the entry's title: the story said its title twice, title and first line. The text starts after it;
    the caption stays."""
    (post,) = subscribed(tmp_path / "medium", feed_server, "/medium.xml", MEDIUM)
    assert post["shown"].count("Why queues back up") == 1, post["shown"]
    assert post["shown"].endswith(
        "\n\nArrivals against service time\n\nAt 90% load the wait is ten times the work.\n"
    )
    (commit,) = subscribed(tmp_path / "github", feed_server, "/main.atom", COMMITS)
    assert commit["title"] == "Handle empty input in the lexer"
    assert commit["shown"].count("Handle empty input") == 1, commit["shown"]
    assert commit["shown"].endswith("\n\nThe lexer looped for ever on an empty file.\n"), commit["shown"]


ZOLA = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
    <title>Terse</title>
    <link rel="alternate" type="text/html" href="https://zola.example"/>
    <generator uri="https://www.getzola.org/">Zola</generator>
    <updated>2026-12-06T00:00:00+00:00</updated>
    <id>https://zola.example/atom.xml</id>
    <entry xml:lang="en">
        <title>Small binaries</title>
        <published>2026-12-06T00:00:00+00:00</published>
        <updated>2026-12-06T00:00:00+00:00</updated>
        <author>
          <name>
            Unknown
          </name>
        </author>
        <link rel="alternate" type="text/html" href="https://zola.example/blog/small-binaries/"/>
        <id>https://zola.example/blog/small-binaries/</id>
        <content type="html" xml:base="https://zola.example/blog/small-binaries/">&lt;p&gt;Strip the symbols.&lt;&#x2F;p&gt;
&lt;h2 id=&quot;lto&quot;&gt;LTO&lt;a class=&quot;zola-anchor&quot; href=&quot;#lto&quot;&gt;#&lt;&#x2F;a&gt;&lt;&#x2F;h2&gt;</content>
    </entry>
</feed>"""


def test_zola_s_unknown_author_is_none(tmp_path: Path, feed_server: FeedServer) -> None:
    """Zola's Atom template names the author of a page that has none "Unknown", and every story of such a site
    read "Terse · Unknown · ...": it is no author. Its heading's anchor (``#lto``, against the page's xml:base)
    is the story's own page, not a link of it."""
    (post,) = subscribed(tmp_path, feed_server, "/atom.xml", ZOLA)
    assert post["author"] == "" and "Unknown" not in post["shown"], post
    assert post["shown"].endswith("\n\nStrip the symbols.\n\nLTO#\n"), post["shown"]


BLUESKY = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><description>Writes about weather.</description>
<link>https://bsky.app/profile/sky.example.com</link><title>@sky.example.com - Sky Watcher</title>
<item><link>https://bsky.app/profile/sky.example.com/post/3lbx1y</link>
<description>A long post about the way the sea fog rolls in off the North Sea on still winter mornings, how it sits in the valleys until noon, and why the forecasts miss it.</description>
<pubDate>05 Dec 26 08:15 +0000</pubDate><guid isPermaLink="false">at://did:plc:abc123/app.bsky.feed.post/3lbx1y</guid>
</item></channel></rss>"""


def test_an_untitled_post_is_titled_with_its_first_words_whole(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Bluesky's RSS (like Mastodon's) gives posts no title, and a long one was titled with its first 119
    characters, cut inside a word: "... how it sits in the valleys u…". It is cut between words."""
    (post,) = subscribed(tmp_path, feed_server, "/rss", BLUESKY)
    title = (
        "A long post about the way the sea fog rolls in off the North Sea on still winter mornings, how it"
    )
    assert post["title"] == title + " sits in the valleys…", post["title"]
    assert post["shown"].endswith("and why the forecasts miss it.\n")


PREFECTURE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY eacute "&#233;">]>
<rss version="2.0"><channel><title>Pr&eacute;fecture</title><link>https://pref.example/</link><description>News</description>
<item><title>Arr&ecirc;t&eacute;&nbsp;du 6 d&eacute;cembre</title><link>https://pref.example/a/1</link>
<description>Un arr&ecirc;t&eacute; &amp; un d&eacute;cret.</description><pubDate>Sun, 06 Dec 2026 09:00:00 +0100</pubDate></item>
</channel></rss>"""


def test_entities_a_doctype_declares_beside_ones_it_does_not(tmp_path: Path, feed_server: FeedServer) -> None:
    """A government feed that declares the HTML entities it uses in its DOCTYPE (``<!ENTITY eacute "&#233;">``)
    and uses one more it did not (``&ecirc;``) is no well-formed XML, and feedparser's forgiving parser read each
    declared one as "&" + its character + ";": "Pr&é;fecture", "Arrêt&é;& ;du 6 d&é;cembre". Each is its
    character."""
    (story,) = subscribed(tmp_path, feed_server, "/communiques.xml", PREFECTURE)
    assert story["title"] == "Arrêté du 6 décembre", story
    assert story["shown"].startswith(story["title"] + "\nPréfecture · "), story["shown"]
    assert story["shown"].endswith("\n\nUn arrêté & un décret.\n"), story["shown"]
