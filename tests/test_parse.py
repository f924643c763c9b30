"""The parser on small feeds written for these tests: formats, links, dates, encodings (hostile input and the
process pool: test_parse_hostile.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from feeds.model import content_hash, story_id
from feeds.parse import ParsedFeed, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
NOW = 1_800_000_000.0  # 2027-01-15: after every date in the fixtures


def parse(name: str, **kw: object) -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), "feed-1", now=NOW, **kw)  # type: ignore[arg-type]


def _json(text: str) -> str:
    return json.dumps(text)


def epoch(text: str) -> float:
    return datetime.fromisoformat(text).astimezone(UTC).timestamp()


def rss(items: str, *, head: str = "", decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f'{decl}{head}<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def item(title: str = "A title", desc: str = "Some text.", guid: str = "g1", date: str = "") -> str:
    date_el = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><guid>{guid}</guid>{date_el}<description>{desc}</description></item>"


# --- formats ----------------------------------------------------------------------------------------------


def test_rss20_fields() -> None:
    feed = parse("rss20.xml", url="https://gazette.example.com/feed.xml")
    assert (feed.kind, feed.title, feed.site_url, feed.error) == (
        "rss20",
        "Harbour & Hill Gazette",
        "https://gazette.example.com/",
        "",
    )
    first, storm, market = feed.stories
    assert first.title == "Council approves the new ferry & tram plan"  # escaped HTML and a double-escaped &
    assert first.author == "Mara Lind"
    assert first.id == story_id("feed-1", "gazette-1001", first.link, "", "")
    assert first.published == epoch("2026-03-01T09:30:00+01:00") == first.updated
    assert first.first_seen == NOW and first.entities is None and first.feed_id == "feed-1"
    # content:encoded is fuller than the teaser description, so it is the text; paragraphs and bullets kept
    assert first.text == (
        "The council voted 7–2 on Tuesday.\n\nThree changes follow:\n\n•\u00a0More ferries\n•\u00a0A new tram line\n\n"
        "Read the full plan and the vote record. See the plan again, or this."
    )
    assert "track(" not in first.text and "color" not in first.text
    assert first.links == ("https://gazette.example.com/docs/plan.pdf", "https://city.example.org/vote")
    assert first.content_hash == content_hash(first.title, first.text, first.link)
    # CDATA title with tags; relative link resolved against the feed URL; "email (Name)" author
    assert storm.title == "Storm warning for the coast"
    assert storm.link == "https://gazette.example.com/2026/03/storm"
    assert storm.author == "Weather Desk"
    assert (
        storm.text == "Winds up to 90 km/h.\nFerries may stop.\n\nStay inside."
    )  # plain text keeps its lines
    assert storm.published == storm.updated == NOW  # no date: the time we first saw it
    assert market.text == "Stalls open at 8.\nParking is free."
    assert market.id == story_id("feed-1", "", market.link)  # no guid: the link identifies it


def test_the_benchmark_feed() -> None:
    """The 50-item feed the speed is measured on (1-3 KB HTML descriptions) parses completely."""
    feed = parse("bench_rss20_50items.xml")
    assert len(feed.stories) == 50 and len({s.id for s in feed.stories}) == 50
    for story in feed.stories:
        assert 500 < len(story.text) < 3000 and "<" not in story.text and story.author
        assert story.text.count("\n\n") >= 2  # figure caption and paragraphs stay apart
    assert sum(len(s.links) for s in feed.stories) > 50


def test_rss20_relative_link_without_feed_url_resolves_against_the_site() -> None:
    storm = parse("rss20.xml").stories[1]
    assert storm.link == "https://gazette.example.com/2026/03/storm"


def test_rss10() -> None:
    feed = parse("rss10.rdf")
    assert (feed.kind, feed.title, feed.site_url) == (
        "rss10",
        "Science Notes",
        "https://science.example.net/",
    )
    glacier, moth = feed.stories
    assert glacier.id == story_id("feed-1", "https://science.example.net/notes/42")  # rdf:about is the guid
    assert (glacier.author, glacier.text) == ("Ingrid Dahl", "Researchers in Tromsø measured the ice.")
    assert glacier.published == epoch("2026-02-27T14:05:00+01:00")
    assert moth.published == epoch("2026-02-20T08:00:00+00:00")


def test_atom10_xml_base_html_title_and_xhtml_content() -> None:
    feed = parse("atom10.xml")
    assert (feed.kind, feed.title, feed.site_url) == (
        "atom10",
        "Field & Stream Notes",
        "https://blog.example.org/",
    )
    trout, plain = feed.stories
    assert trout.title == "Trout season opens"
    assert (
        trout.link == "https://blog.example.org/posts/2026/trout-season"
    )  # entry xml:base over feed xml:base
    assert trout.links == ("https://blog.example.org/posts/2026/maps/rivers",)
    assert trout.text == "Opening day\n\nRivers are high. See the river map.\n\nBring boots."
    assert trout.author == "Sam Reyes"
    assert trout.published == epoch("2026-03-01T06:00:00-05:00")
    assert trout.updated == epoch("2026-03-02T08:30:00+00:00")
    # type="text" is plain text in Atom: what looks like a tag is kept as the characters it is
    assert plain.title == "Plain <title> kept as text"
    assert plain.text == "Line one.\nLine two <not a tag>."
    assert plain.published == plain.updated == epoch("2026-02-25T12:00:00+00:00")  # only <updated>


def test_atom03() -> None:
    feed = parse("atom03.xml")
    assert (feed.kind, feed.title, feed.site_url) == ("atom03", "Old Atom Diary", "http://diary.example.com/")
    (story,) = feed.stories
    assert (story.title, story.text, story.author) == ("Spring cleaning", "Out with the old.", "Pat")
    assert story.published == epoch("2005-04-01T09:00:00+02:00")  # <issued>
    assert story.updated == epoch("2005-04-02T11:00:00+00:00")  # <modified>


def test_json_feed_11() -> None:
    feed = parse("jsonfeed11.json")
    assert (feed.kind, feed.title, feed.site_url) == (
        "json11",
        "Night Shift Radio",
        "https://radio.example.com/",
    )
    owls, bats, odd = feed.stories  # the string in "items" is skipped
    assert owls.title == 'Episode 12: "Owls"' and owls.author == "Lea, Omar"
    assert owls.link == "https://radio.example.com/episodes/12"
    assert owls.text == "We talk about owls.\n\nLinks: notes"  # content_html is fuller than the summary
    assert owls.links == ("https://radio.example.com/notes/12",)
    assert owls.published == epoch("2026-03-01T22:00:00+01:00")
    assert owls.updated == epoch("2026-03-02T09:00:00+00:00")
    assert owls.id == story_id(
        "feed-1", "ep-12", owls.link, "Episode 12: &quot;Owls&quot;", "2026-03-01T22:00:00+01:00"
    )
    assert bats.link == "https://elsewhere.example.net/bats"  # external_url when there is no url
    assert (bats.title, bats.text) == ("Bats, mostly.", "Bats, mostly.\nAnd moths.")  # untitled: first line
    assert bats.author == "The Night Crew"  # the feed's authors
    assert odd.id == story_id("feed-1", "7") and odd.published == NOW


def test_json_feed_10_and_detection() -> None:
    body = (FIXTURES / "jsonfeed10.json").read_bytes()
    feed = parse_feed(b"\xef\xbb\xbf \n" + body, "f", now=NOW)  # BOM and whitespace before the object
    assert (feed.kind, feed.stories[0].author, feed.stories[0].title) == ("json10", "Single Author", "First")
    assert feed.stories[0].published == epoch("2017-05-17T08:02:12-07:00")
    by_type = parse_feed(b"\n" + body, "f", content_type="application/feed+json", now=NOW)
    assert by_type.kind == "json10" and len(by_type.stories) == 1


def test_an_author_written_as_escaped_html_is_shown_as_its_text() -> None:
    """<dc:creator>&lt;a href="..."&gt;Jane Doe&lt;/a&gt;</dc:creator> showed the tags as typed; an author that
    only looks like text keeps its angle brackets."""
    items = "".join(
        f"<item><guid>{n}</guid><title>t{n}</title><dc:creator>{who}</dc:creator></item>"
        for n, who in enumerate(
            [
                "&lt;a href='https://x.example/jane'&gt;Jane &lt;b&gt;Doe&lt;/b&gt;&lt;/a&gt;",
                "Kim &lt;Desk&gt;",
            ]
        )
    )
    body = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>A</title>'
        f"{items}</channel></rss>"
    ).encode()
    jane, desk = parse_feed(body, "f", now=NOW).stories
    assert (jane.author, desk.author) == ("Jane Doe", "Kim <Desk>")


def test_a_json_feed_with_a_number_of_thousands_of_digits_still_reads() -> None:
    """orjson refuses a number past a double and Python one of more than 4,300 digits: an ignored field such as
    this failed the whole feed ("Exceeds the limit ... for integer string conversion")."""
    item = {"id": "1", "title": "Still here", "content_text": "Body.", "_ext": {"n": 0}}
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Numbers", "items": [item]}
    body = json.dumps(doc).replace('"n": 0', '"n": ' + "9" * 5000).encode()
    feed = parse_feed(body, "f", now=NOW)
    assert feed.error == "" and [s.title for s in feed.stories] == ["Still here"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "empty body"),
        (b"  \r\n\t ", "empty body"),
        (b"<!DOCTYPE html><html><head><title>Hi</title></head><body>x</body></html>", "HTML page"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "invalid JSON at line 1"),
        (b"[1, 2, 3]", "not a JSON Feed"),
        (b'{"hello": "world"}', "JSON without JSON Feed fields"),
        (b"<rss version='2.0'><channel>\n<title>x</title>\n<link>", "XML error at line 3: no element found"),
        (b"<note><to>you</to></note>", "no RSS, Atom or JSON Feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a feed"),
        (b"just some words", "not a feed"),
    ],
)
def test_junk_gives_an_error_in_words(body: bytes, words: str) -> None:
    feed = parse_feed(body, "f", now=NOW)
    assert feed.stories == [] and words in feed.error


def test_html_page_error_uses_the_content_type_too() -> None:
    feed = parse_feed(b"<head><title>Moved</title></head>", "f", content_type="text/html; charset=utf-8")
    assert feed.error == "not a feed: the server sent an HTML page"


def test_an_empty_but_valid_feed_is_a_feed_not_an_error() -> None:
    feed = parse_feed(rss(""), "f", now=NOW)
    assert (feed.kind, feed.title, feed.stories, feed.error) == ("rss20", "T", [], "")


def test_bozo_feed_keeps_its_entries() -> None:
    body = rss(item("Fish & chips", "An & unescaped", "a") + item("Second", "&nbsp;undefined entity", "b"))
    feed = parse_feed(body, "f", now=NOW)  # not well-formed: feedparser's loose parser takes over
    assert [s.title for s in feed.stories] == ["Fish & chips", "Second"] and feed.error == ""


# --- encodings ----------------------------------------------------------------------------------------------


def test_declared_single_byte_encodings() -> None:
    latin = rss(item("Café Zürich", "Ærø"), decl='<?xml version="1.0" encoding="iso-8859-1"?>')
    latin = latin.decode().encode("iso-8859-1")
    assert parse_feed(latin, "f").stories[0].title == "Café Zürich"
    cyrillic = rss(item("Новости дня")).decode().encode("windows-1251")  # the header's charset wins
    feed = parse_feed(cyrillic, "f", content_type="application/rss+xml; charset=windows-1251")
    assert feed.stories[0].title == "Новости дня"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32(codec: str) -> None:
    body = rss(item("Ελληνικά 中文"), decl=f'<?xml version="1.0" encoding="{codec}"?>').decode().encode(codec)
    assert parse_feed(body, "f").stories[0].title == "Ελληνικά 中文"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize(
    "header", ["text/xml", "text/xml; charset=utf-8", "application/rss+xml; charset=utf-16"]
)
def test_a_byte_order_mark_outranks_the_content_type(codec: str, header: str) -> None:
    """RFC 7303: the BOM decides. text/xml without a charset means us-ascii to feedparser, and an ASCII-only
    UTF-16 body "decodes" as ASCII into NUL-riddled garbage; a wrong charset must not win over a BOM either."""
    body = (
        rss(item("plain ascii"), decl=f'<?xml version="1.0" encoding="{codec.removesuffix("-sig")}"?>')
        .decode()
        .encode(codec)
    )
    feed = parse_feed(body, "f", content_type=header)
    assert [s.title for s in feed.stories] == ["plain ascii"], feed.error


def test_a_wide_charset_on_an_ascii_compatible_body_is_ignored() -> None:
    feed = parse_feed(rss(item("Café")), "f", content_type="application/rss+xml; charset=utf-16")
    assert [s.title for s in feed.stories] == ["Café"], feed.error


def test_utf8_served_as_latin1_is_read_as_utf8() -> None:
    feed = parse_feed(rss(item("São Paulo – Ñandú")), "f", content_type="text/xml; charset=ISO-8859-1")
    assert feed.stories[0].title == "São Paulo – Ñandú"


@pytest.mark.parametrize("loose", [False, True])  # well-formed, or not (feedparser's loose parser)
def test_rss_titles_are_markup_only_when_they_look_like_it(loose: bool) -> None:
    """An RSS title is text or escaped HTML, undeclared. Every title went through the HTML conversion, so
    "Vector<int> in C++" lost "<int>" and "x<y and y>z" became "xz". feedparser's judgement (a closing tag or an
    entity, and only HTML's tags) decides now, as it does for the title's declared type."""
    titles = {
        "Vector&lt;int&gt; in C++": "Vector<int> in C++",
        "x&lt;y and y&gt;z": "x<y and y>z",
        "The &lt;blink&gt; tag": "The <blink> tag",
        "Why 3 &lt; 5": "Why 3 < 5",
        "&lt;b&gt;Big&lt;/b&gt; news": "Big news",
        "&lt;i&gt;Nature&lt;/i&gt; paper &amp;amp; more": "Nature paper & more",
        "Fish &amp;amp; chips": "Fish & chips",
        "AT&amp;T &amp; co": "AT&T & co",
    }
    items = "".join(item(t, guid=f"g{n}") for n, t in enumerate(titles))
    if loose:
        items += item("Broken &nbsp; entity", guid="loose")  # undefined in XML: not well-formed
    feed = parse_feed(rss(items), "f", now=NOW)
    got = [s.title for s in feed.stories if s.title != "Broken entity"]
    assert got == list(titles.values())


def test_json_feed_titles_are_markup_only_when_they_look_like_it() -> None:
    """JSON Feed titles are plain text by the spec, yet often carry entities or tags: the same judgement as RSS."""
    titles = {
        "Vector<int> in C++": "Vector<int> in C++",
        "x<y and y>z": "x<y and y>z",
        "<b>Big</b> news": "Big news",
        "AT&amp;T &mdash; news": "AT&T — news",
    }
    items = [{"id": str(n), "title": t} for n, t in enumerate(titles)]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Q&amp;A <i>daily</i>", "items": items}
    feed = parse_feed(json.dumps(doc).encode(), "f", now=NOW)
    assert [s.title for s in feed.stories] == list(titles.values())
    assert feed.title == "Q&A daily"


def test_a_guid_that_is_not_a_url_is_not_the_link() -> None:
    """RSS says a guid is a permalink unless isPermaLink="false"; feeds often leave it out on ids like "12345".
    feedparser then took the guid as the link, resolved against the feed's address: the reader showed and
    opened https://news.example/feeds/12345, a page that does not exist. The id is made from the guid as written
    (the resolved one changed with the feed's address); the id stores hold from before is named beside it."""
    items = (
        "<item><title>number</title><guid>12345</guid></item>"
        "<item><title>url</title><guid>https://news.example/2026/story</guid></item>"
        "<item><title>both</title><guid>777</guid><link>https://news.example/real</link></item>"
        "<item><title>absolute path</title><guid>/2026/path</guid></item>"
    )
    url = "https://news.example/feeds/main.xml"
    feed = parse_feed(rss(items), "f", url=url, now=NOW)
    assert [(s.title, s.link) for s in feed.stories] == [
        ("number", ""),
        ("url", "https://news.example/2026/story"),
        ("both", "https://news.example/real"),
        ("absolute path", ""),
    ]
    assert feed.stories[0].id == story_id("f", "12345")
    assert feed.former_ids[feed.stories[0].id] == story_id("f", "https://news.example/feeds/12345")
    assert feed.former_ids[feed.stories[2].id] == story_id("f", "https://news.example/feeds/777")
    assert feed.stories[1].id not in feed.former_ids  # an absolute URL was never resolved
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        "<entry><id>42</id><title>atom</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>"
    )
    assert parse_feed(atom.encode(), "f", url=url, now=NOW).stories[0].link == ""


# --- dates and identity -------------------------------------------------------------------------------------


def test_future_dates_are_clamped_to_now() -> None:
    body = rss(
        item("far", guid="a", date="Sat, 01 Jan 2050 00:00:00 GMT")
        + item(
            "soon",
            guid="b",
            date=datetime.fromtimestamp(NOW + 3600, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT"),
        )
    )
    far, soon = parse_feed(body, "f", now=NOW).stories
    assert far.published == far.updated == NOW
    assert soon.published == NOW + 3600  # within a day: clock skew, kept


def test_ids_are_stable_and_an_edit_keeps_the_id() -> None:
    first = parse_feed(rss(item(desc="Original text.")), "f", now=NOW).stories[0]
    again = parse_feed(rss(item(desc="Original text.")), "f", now=NOW + 600).stories[0]
    edited = parse_feed(rss(item(desc="Corrected text.")), "f", now=NOW + 900).stories[0]
    assert first.id == again.id == edited.id
    assert first.content_hash == again.content_hash != edited.content_hash


def test_items_without_guid_or_link_are_told_apart_by_title_and_date() -> None:
    body = rss(
        "<item><title>One</title><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>"
        "<item><title>Two</title><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>"
        "<item><description>Only text, no title, no date</description></item>"
    )
    stories = parse_feed(body, "f", now=NOW).stories
    assert len({s.id for s in stories}) == 3
    assert stories[0].id == story_id("f", "", "", "One", "Mon, 02 Mar 2026 10:00:00 GMT")
    assert stories[2].title == "Only text, no title, no date"


def test_repeated_ids_in_one_document_keep_the_first() -> None:
    stories = parse_feed(rss(item("First", guid="same") + item("Second", guid="same")), "f").stories
    assert [s.title for s in stories] == ["First"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["id", "p", "utmost", "source", "ga", "page"]), st.text("ab1=%", max_size=3)
        ),
        max_size=3,
    ),
    st.lists(
        st.sampled_from(["utm_source=rss", "UTM_Campaign=x", "fbclid=1", "_ga=2", "mc_eid=3", "utm%5Fid=4"]),
        max_size=3,
    ),
    st.integers(0, 3),
    st.sampled_from([("", "#"), ("#top", "?"), ("#/story?page=2", "&"), ("#x=1", "&"), ("#a=%26b", "&")]),
    st.lists(st.sampled_from(["utm_source=feed", "utm%5Fmedium=rss", "_hsenc=p2"]), max_size=2),
)
# the README's cases: a value that is an encoded link with a tag of its own, an anchor, a tag after a route
@example([("url", "https%3A%2F%2Fx.example%2Fa%3Futm_source%3Drss")], [], 0, ("", "#"), [])
@example([("id", "1")], ["gclid=2", "mc_cid=3"], 1, ("#comments", "?"), [])
@example([], [], 0, ("#/story/12", "?"), ["utm_source=rss"])
def test_an_id_from_a_link_without_tracking_parameters_is_what_it_was(
    params: list[tuple[str, str]],
    tags: list[str],
    at: int,
    fragment: tuple[str, str],
    fragment_tags: list[str],
) -> None:
    """Stored ids must not move: a link with no campaign parameter keys the id exactly as before, and one with
    them keys it as if they were not there (every other parameter kept, in order; the fragment without the tags
    it carries as a query of its own, whole or after a route, and otherwise as it was)."""
    from feeds.tracking import untracked

    own = [f"{k}={v}" for k, v in params]
    link = "http://news.example/story" + ("?" + "&".join(own) if own else "") + fragment[0]
    mixed = own[:at] + tags + own[at:]
    tracked = "http://news.example/story" + ("?" + "&".join(mixed) if mixed else "") + fragment[0]
    tracked += fragment[1] + "&".join(fragment_tags) if fragment_tags else ""
    assert untracked(link) is link
    assert untracked(tracked) == link
    for served in (link, tracked):
        body = rss(f"<item><title>T</title><link>{served.replace('&', '&amp;')}</link></item>")
        story = parse_feed(body, "feed-1").stories[0]
        assert story.link == served  # the link opened is the feed's own
        assert story.id == story_id("feed-1", "", link)
