"""Feeds in the shapes real generators write them, that a twelfth red-team pass found read wrongly: podcast hosts,
Mastodon and news sites' Media RSS, Feedburner, arXiv and journals' several authors, Google News. Served from
127.0.0.1, subscribed with the installed command and read as a user reads them (`stories --json`, `show`), and
refreshed again into a real store for ids and read marks."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA = "http://search.yahoo.com/mrss/"


def subscribed(home: Path, server: FeedServer, path: str, body: str) -> list[dict[str, str]]:
    """Serve ``body`` at ``path``, subscribe with the installed command, and give `stories --json` (newest first),
    each story with what `show` prints for it under "shown"."""
    server.set(path, body)
    added = newsdesk(home, "add", server.url(path))
    assert added.returncode == 0, added.stderr
    stories = json.loads(newsdesk(home, "stories", "--json").stdout)
    for story in stories:
        story["shown"] = newsdesk(home, "show", story["id"]).stdout
    return stories


PODCAST = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="{ITUNES}" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>The Show</title><link>https://show.example/</link><itunes:author>Host Person</itunes:author>
<item><title></title><itunes:title>Tides &amp; the moon</itunes:title><itunes:episode>12</itunes:episode>
  <itunes:season>2</itunes:season><itunes:summary>Why the sea rises twice a day.</itunes:summary>
  <enclosure url="https://cdn.show.example/ep12.mp3" length="1234" type="audio/mpeg"/>
  <guid isPermaLink="false">ep-12</guid><pubDate>Sun, 06 Dec 2026 05:00:00 GMT</pubDate>
  <podcast:transcript url="https://show.example/ep12.vtt" type="text/vtt"/></item>
<item><itunes:title>Volcanoes</itunes:title><itunes:subtitle>What lies under Iceland.</itunes:subtitle>
  <enclosure url="https://cdn.show.example/ep11.mp3" length="1234" type="audio/mpeg"/>
  <guid isPermaLink="false">ep-11</guid><pubDate>Sun, 29 Nov 2026 05:00:00 GMT</pubDate></item>
<item><title>Ep 10</title><itunes:title>Glaciers</itunes:title><itunes:subtitle>Ice.</itunes:subtitle>
  <description><![CDATA[<p>Notes on <b>glaciers</b>.</p>]]></description>
  <enclosure url="https://cdn.show.example/ep10.mp3" length="1234" type="audio/mpeg"/>
  <guid isPermaLink="false">ep-10</guid><pubDate>Sun, 22 Nov 2026 05:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_an_episode_titled_and_described_only_by_its_itunes_elements(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Podcast hosts write an episode's name in <itunes:title>, and some leave <title> empty or out: the story was
    titled with the start of its text, or with the address of its audio ("https://cdn.show.example/ep11.mp3").
    An episode whose only words are its <itunes:subtitle> had no text at all (feedparser keeps it apart from the
    summary). Each is taken when the item has nothing else; a <title> and a description still win."""
    stories = subscribed(tmp_path, feed_server, "/podcast.xml", PODCAST)
    assert [(s["title"], s["link"]) for s in stories] == [
        ("Tides & the moon", "https://cdn.show.example/ep12.mp3"),
        ("Volcanoes", "https://cdn.show.example/ep11.mp3"),
        ("Ep 10", "https://cdn.show.example/ep10.mp3"),
    ]
    tides, volcanoes, ten = (s["shown"] for s in stories)
    assert "\n\nWhy the sea rises twice a day.\n" in tides, tides
    assert volcanoes.endswith("\n\nWhat lies under Iceland.\n"), volcanoes
    assert ten.endswith("\n\nNotes on glaciers.\n"), ten


def test_an_episode_s_transcript_is_one_of_its_links(tmp_path: Path, feed_server: FeedServer) -> None:
    """Podcasting 2.0's <podcast:transcript> (Buzzsprout, Transistor, Podbean write it; Apple shows it) names the
    episode's words as a file: it was read by no one, and a reader of text had no way to what was said."""
    tides = subscribed(tmp_path, feed_server, "/podcast.xml", PODCAST)[0]["shown"]
    assert tides.endswith("Why the sea rises twice a day.\n[1] https://show.example/ep12.vtt\n"), tides


def _toots(alt: str) -> str:
    """Mastodon's RSS: no titles, the post as HTML in <description>, each attached picture a <media:content> whose
    <media:description> is the picture's alt text."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:webfeeds="http://webfeeds.org/rss/1.0" xmlns:media="{MEDIA}"><channel>
<title>Jane Doe</title><description>Public posts from @jane@mastodon.example</description>
<link>https://mastodon.example/@jane</link><generator>Mastodon v4.2.1</generator>
<item><guid isPermaLink="true">https://mastodon.example/@jane/111</guid><link>https://mastodon.example/@jane/111</link>
<pubDate>Sun, 06 Dec 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Cute!&lt;/p&gt;</description>
<media:content url="https://files.mastodon.example/media/1.jpg" type="image/jpeg" fileSize="12345" medium="image">
<media:rating scheme="urn:simple">nonadult</media:rating><media:description type="plain">{alt}</media:description>
</media:content><category>cats</category></item></channel></rss>"""


YOUTUBE = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="{MEDIA}" xmlns="http://www.w3.org/2005/Atom">
<link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=UC123"/><id>yt:channel:UC123</id>
<title>Bikes</title><link rel="alternate" href="https://www.youtube.com/channel/UC123"/>
<author><name>Bikes</name><uri>https://www.youtube.com/channel/UC123</uri></author>
<entry><id>yt:video:abcDEF12345</id><yt:videoId>abcDEF12345</yt:videoId><yt:channelId>UC123</yt:channelId>
<title>Fixing a chain</title><link rel="alternate" href="https://www.youtube.com/watch?v=abcDEF12345"/>
<author><name>Bikes</name></author><published>2026-12-06T08:00:00+00:00</published>
<updated>2026-12-06T09:00:00+00:00</updated><media:group><media:title>Fixing a chain</media:title>
<media:content url="https://www.youtube.com/v/abcDEF12345?version=3" type="application/x-shockwave-flash"/>
<media:thumbnail url="https://i2.ytimg.com/vi/abcDEF12345/hqdefault.jpg" width="480" height="360"/>
<media:description>In this video we fix a chain.
0:00 Intro</media:description></media:group></entry></feed>"""


def test_a_picture_s_description_is_no_stand_in_for_the_post(tmp_path: Path, feed_server: FeedServer) -> None:
    """feedparser makes a <media:description> one more content of the item, and the longest content was taken:
    a Mastodon post "Cute!" whose picture had a long alt text showed the alt text alone (and was titled with it);
    the New York Times' feed, whose <media:description> is the photo's caption, showed captions in place of its
    summaries. A media object's description is the item's text only when it has none of its own: a YouTube
    video's, still."""
    alt = "A grey tabby cat curled up asleep on an old green velvet sofa in the afternoon sun"
    (toot,) = subscribed(tmp_path / "toot", feed_server, "/jane.rss", _toots(alt))
    assert toot["title"] == "Cute!" and toot["shown"].endswith("\n\nCute!\n"), toot
    assert alt not in toot["shown"]
    (video,) = subscribed(tmp_path / "video", feed_server, "/videos.xml", YOUTUBE)
    assert video["title"] == "Fixing a chain"
    assert video["shown"].endswith("\n\nIn this video we fix a chain.\n0:00 Intro\n"), video["shown"]


NEWS_WITH_CAPTIONS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="{MEDIA}" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>NYT &gt; U.S.</title>
<link>https://news.example/section/us</link>
<item><title>Preschools in West Virginia</title><link>https://news.example/2021/10/preschool.html</link>
<guid isPermaLink="true">https://news.example/2021/10/preschool.html</guid>
<media:content height="151" medium="image" url="https://static.news.example/images/pre.jpg" width="151"/>
<media:credit>Maddie McGarvey for The Times</media:credit>
<media:description>West Virginia's preschools, like this one at Brookhaven Elementary School in Morgantown, serve
children eligible for Head Start, the federal program for low-income families.</media:description>
<description>A program partially rolled out while Joe Manchin was governor could be a model.</description>
<dc:creator>Dana Goldstein</dc:creator><pubDate>Sun, 06 Dec 2026 09:00:00 +0000</pubDate></item>
</channel></rss>"""


def test_a_news_photo_s_caption_is_not_the_story_s_summary(tmp_path: Path, feed_server: FeedServer) -> None:
    """A news feed that gives its photo's caption (<media:description>) before the summary: feedparser makes the
    caption the summary and the summary a content, and the longer was shown (the caption, about the photo)."""
    (story,) = subscribed(tmp_path, feed_server, "/us.xml", NEWS_WITH_CAPTIONS)
    assert story["shown"].endswith(
        "\n\nA program partially rolled out while Joe Manchin was governor could be a model.\n"
    )
    assert "Brookhaven" not in story["shown"]


FEEDBURNER = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" media="screen" href="/~d/styles/rss2full.xsl"?>
<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" version="2.0"><channel><title>Burned</title>
<link>https://burned.example/</link><description>Burned</description><feedburner:info uri="burned"/>
<item><title>Burned story</title><link>http://feedproxy.google.com/~r/Burned/~3/AbCdEf/story-one.html</link>
<description>Text of the story.&lt;img src="http://feeds.feedburner.com/~r/Burned/~4/AbCdEf" height="1" width="1"
alt=""/&gt;</description><pubDate>Sun, 06 Dec 2026 05:00:00 GMT</pubDate>
<feedburner:origLink>https://burned.example/story-one.html</feedburner:origLink></item>
<item><title>Burned episode</title><link>http://feedproxy.google.com/~r/Burned/~3/XyZ/ep.html</link>
<description>Episode notes.</description><pubDate>Sat, 05 Dec 2026 05:00:00 GMT</pubDate>
<enclosure url="http://feedproxy.google.com/~r/Burned/~5/QQ/ep.mp3" length="1" type="audio/mpeg"/>
<feedburner:origLink>https://burned.example/ep.html</feedburner:origLink>
<feedburner:origEnclosureLink>https://burned.example/ep.mp3</feedburner:origEnclosureLink></item>
</channel></rss>"""


def test_feedburner_s_original_link_is_the_story_s_link(tmp_path: Path, feed_server: FeedServer) -> None:
    """A feed run through Feedburner gives each item's <link> as a tracking redirect (feedproxy.google.com, a
    service long shut down) and the page itself in <feedburner:origLink>, its audio in
    <feedburner:origEnclosureLink>: `o` opened the redirect. The originals are the story's link and media; the
    ids are made from the links as given, so stories stored before keep their ids and read marks."""
    stories = subscribed(tmp_path, feed_server, "/burned.xml", FEEDBURNER)
    assert [(s["title"], s["link"]) for s in stories] == [
        ("Burned story", "https://burned.example/story-one.html"),
        ("Burned episode", "https://burned.example/ep.html"),
    ]
    episode = stories[1]["shown"]
    assert "https://burned.example/ep.mp3" in episode and "feedproxy" not in episode, episode
    with Store(tmp_path) as store:
        (feed,) = store.feeds()
        ids = {h.id for h in store.headers(feed.id)}
        assert ids == {s["id"] for s in stories}
        store.set_read(sorted(ids))
        feed_server.set("/burned.xml", FEEDBURNER.replace("Episode notes.", "Episode notes, edited."))
        (again,) = refresh(store)
        assert again.new == 0, again
        assert {h.id for h in store.headers(feed.id)} == ids and all(store.is_read(i) for i in ids)


ARXIV_API = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"><title>ArXiv Query</title>
<id>http://arxiv.org/api/x</id><updated>2026-12-07T00:00:00-05:00</updated>
<entry><id>http://arxiv.org/abs/2612.00002v1</id><updated>2026-12-06T18:00:00Z</updated>
<published>2026-12-06T18:00:00Z</published><title>Tides on icy moons</title><summary>We show it.</summary>
<author><name>Alice Smith</name><arxiv:affiliation>MIT</arxiv:affiliation></author>
<author><name>Bob Jones</name></author><author><name>Carol White</name></author>
<link href="http://arxiv.org/abs/2612.00002v1" rel="alternate" type="text/html"/>
<link title="pdf" href="http://arxiv.org/pdf/2612.00002v1" rel="related" type="application/pdf"/></entry></feed>"""

JOURNAL_RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://journal.example/rss"><title>Journal</title><link>https://journal.example/</link>
<description>Latest</description><items><rdf:Seq><rdf:li rdf:resource="https://journal.example/a/s1"/></rdf:Seq>
</items></channel>
<item rdf:about="https://journal.example/a/s1"><title>Protein folding at scale</title>
<link>https://journal.example/a/s1</link><content:encoded><![CDATA[<p>Published online</p>]]></content:encoded>
<dc:creator>Alice Smith</dc:creator><dc:creator>Bob Jones</dc:creator><dc:creator>Carol White</dc:creator>
<dc:date>2026-12-06</dc:date></item></rdf:RDF>"""

SUBSTACK_EPISODE = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="{ITUNES}" version="2.0"><channel><title>Letters</title>
<link>https://letters.substack.com</link><item><title><![CDATA[Episode 3]]></title>
<link>https://letters.substack.com/p/episode-3</link><dc:creator><![CDATA[Writer]]></dc:creator>
<pubDate>Sat, 05 Dec 2026 09:00:00 GMT</pubDate><itunes:author>Writer</itunes:author></item></channel></rss>"""


def test_every_author_of_a_paper_is_named(tmp_path: Path, feed_server: FeedServer) -> None:
    """arXiv's Atom gives one <author> per author, journals' RSS 1.0 one <dc:creator> each: the story named one of
    them (the last of the Atom entry's, the first of the RDF item's). All are named, once each: Substack's
    <dc:creator> and <itunes:author> of one writer stay "Writer"."""
    (paper,) = subscribed(tmp_path / "arxiv", feed_server, "/arxiv.atom", ARXIV_API)
    (article,) = subscribed(tmp_path / "rdf", feed_server, "/journal.rdf", JOURNAL_RDF)
    (episode,) = subscribed(tmp_path / "substack", feed_server, "/substack.xml", SUBSTACK_EPISODE)
    assert paper["author"] == article["author"] == "Alice Smith, Bob Jones, Carol White"
    assert "Alice Smith, Bob Jones, Carol White" in paper["shown"].splitlines()[1]
    assert episode["author"] == "Writer"


GOOGLE_NEWS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0"
xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator>
<title>"election" - Google News</title><link>https://news.google.com/search?q=election&amp;hl=en-US</link>
<description>Google News</description>
<item><title>Turnout hits record in city vote - The Daily Planet</title>
<link>https://news.google.com/rss/articles/CBMiYWh0?oc=5</link><guid isPermaLink="false">CBMiYWh0</guid>
<pubDate>Sun, 06 Dec 2026 08:00:00 GMT</pubDate><description>&lt;a href="https://news.google.com/rss/articles/CBMiYWh0?oc=5"
target="_blank"&gt;Turnout hits record in city vote&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;The Daily
Planet&lt;/font&gt;</description><source url="https://www.dailyplanet.example">The Daily Planet</source></item>
<item><title>Debate - live updates - Metro News - Metro News</title>
<link>https://news.google.com/rss/articles/CBMi2?oc=5</link><guid isPermaLink="false">CBMi2</guid>
<pubDate>Sun, 06 Dec 2026 07:00:00 GMT</pubDate><source url="https://metronews.example">Metro News</source></item>
<item><title>Polls close - analysis</title><link>https://news.google.com/rss/articles/CBMi3?oc=5</link>
<guid isPermaLink="false">CBMi3</guid><author>desk@wire.example (Wire Desk)</author>
<pubDate>Sun, 06 Dec 2026 06:00:00 GMT</pubDate><source url="https://wire.example">Wire</source></item>
</channel></rss>"""


def test_an_aggregator_s_title_says_its_publisher_once(tmp_path: Path, feed_server: FeedServer) -> None:
    """Google News titles each story "Headline - Publisher" and names the publisher in the item's <source>: the
    list read "Turnout hits record in city vote - The Daily Planet" beside a story with no author. The source's
    name at the end of the title is said once, as the story's author; a title that does not end with it, and an
    item's own author, are kept. Ids are made from the title as given, so a stored story keeps its read mark."""
    stories = subscribed(tmp_path, feed_server, "/news.xml", GOOGLE_NEWS)
    assert [(s["title"], s["author"]) for s in stories] == [
        ("Turnout hits record in city vote", "The Daily Planet"),
        ("Debate - live updates - Metro News", "Metro News"),
        ("Polls close - analysis", "Wire Desk"),
    ]
    assert "The Daily Planet" in stories[0]["shown"].splitlines()[1]
    with Store(tmp_path) as store:
        (feed,) = store.feeds()
        store.set_read([s["id"] for s in stories])
        (again,) = refresh(store)
        assert again.new == 0 and all(store.is_read(s["id"]) for s in stories), again


def test_an_author_whose_address_ends_in_a_long_domain_is_named_whole(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """RSS's <author> is an e-mail address and a name. feedparser finds the address with a pattern whose last part
    is two to four letters: in ``desk@wire.online`` it found ``desk@wire.onli``, and the story's author read
    "ne (Wire Desk"; "Jane Doe <jane@paper.media>" read "Jane Doe <a>". The address is found whole."""
    forms = [
        "desk@wire.online (Wire Desk)",
        "Jane Doe &lt;jane@paper.media&gt;",
        "news@site.example.com (Site News)",
        "ed@museum.museum",
    ]
    items = "".join(
        f"<item><title>Story {n}</title><link>https://wire.example/{n}</link><author>{form}</author>"
        f"<pubDate>Sun, 0{6 - n} Dec 2026 09:00:00 GMT</pubDate></item>"
        for n, form in enumerate(forms)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    stories = subscribed(tmp_path, feed_server, "/wire.xml", body)
    assert [s["author"] for s in stories] == ["Wire Desk", "Jane Doe", "Site News", "ed@museum.museum"]


LINK_BLOG = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Fireball",
    "home_page_url": "https://fireball.example/",
    "items": [
        {
            "id": "https://fireball.example/linked/2026/12/06/chips",
            "url": "https://fireball.example/linked/2026/12/06/chips",
            "external_url": "https://other.example/2026/12/new-chips",
            "title": "★ New chips",
            "content_html": "<p>Worth reading, as is <a href='https://third.example/'>this</a>.</p>",
            "date_published": "2026-12-06T09:00:00-05:00",
        }
    ],
}


def test_a_link_blog_s_post_links_to_what_it_is_about(tmp_path: Path, feed_server: FeedServer) -> None:
    """JSON Feed's ``external_url`` is the page a link blog's post is about (Daring Fireball, Micro.blog's
    bookmarks): it was read only for an item with no ``url``, so the post's whole point could not be opened. It
    is the story's first link; ``o`` still opens the post itself."""
    (post,) = subscribed(tmp_path, feed_server, "/feed.json", json.dumps(LINK_BLOG))
    assert post["link"] == "https://fireball.example/linked/2026/12/06/chips"
    shown = post["shown"]
    assert "[1] https://other.example/2026/12/new-chips\n[2] https://third.example/" in shown, shown


def test_an_episode_s_audio_sent_with_a_type_that_says_nothing(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """An episode with a page of its own whose MP3 its host declares ``application/octet-stream`` (the type a server
    gives a file it knows nothing of), or whose Ogg Vorbis file is ``application/ogg`` (Ogg's first type): the audio
    was taken for no sound and dropped, so the story had no way to it. Known by its suffix, as an untyped file is;
    a picture stays out, as before."""
    items = "".join(
        f"<item><title>Episode {n}</title><link>https://show.example/{n}</link><description>Notes.</description>"
        f'<enclosure url="{url}" type="{kind}" length="1"/>'
        f"<pubDate>Sun, 0{6 - n} Dec 2026 05:00:00 GMT</pubDate></item>"
        for n, (url, kind) in enumerate(
            [
                ("https://cdn.show.example/ep0.mp3?source=rss", "application/octet-stream"),
                ("https://cdn.show.example/ep1.ogg", "application/ogg"),
                ("https://cdn.show.example/ep2.jpg", "application/octet-stream"),
            ]
        )
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Show</title>{items}</channel></rss>'
    stories = subscribed(tmp_path, feed_server, "/show.xml", body)
    zero, one, two = (s["shown"] for s in stories)
    assert "[1] https://cdn.show.example/ep0.mp3?source=rss" in zero, zero
    assert "[1] https://cdn.show.example/ep1.ogg" in one, one
    assert "ep2.jpg" not in two, two
