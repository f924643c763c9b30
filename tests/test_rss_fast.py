"""feeds.rss_fast against feedparser: for every document it either declines or gives run_feedparser's result.

The fast path reads plain RSS 2.0 straight from expat; feedparser's parser classes read everything else. Each
check here reads a document both ways (``run_feedparser(..., fast=False)`` is feedparser's way alone) and
compares the whole result dicts: feed, entries, and our extras (permalinks, raw guids, ...).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from feeds.xmlfeed import plain_rss, prepared, run_feedparser

from .conftest import SHARED_DATA
from .feedgen import make_feed
from .fuzz_docs import build, docs

URL = "https://example.com/feeds/news.xml"
RSS = "application/rss+xml"
SHARED = sorted(p for p in (SHARED_DATA / "feeds").glob("*/*") if p.is_file())
DEMO = sorted((Path(__file__).parent.parent / "feeds" / "demo").glob("*.*"))


def _both(body: bytes, content_type: str = RSS, url: str = URL) -> tuple[bool, Any, Any]:
    """Whether the fast path takes the document, and the two results without bozo_exception (an exception
    object compares by identity)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        taken = plain_rss(*prepared(body, content_type, url)) is not None
        return taken, _run(body, content_type, url, False), _run(body, content_type, url, True)


def _run(body: bytes, content_type: str, url: str, fast: bool) -> Any:
    try:
        result = run_feedparser(body, content_type, url, fast=fast)
    except Exception as exc:  # noqa: BLE001 - feedparser's forgiving parser fails on some hostile documents
        return type(exc).__name__  # (parse_feed reports it): the fast path must have declined those
    result.pop("bozo_exception", None)
    return result


def _same(body: bytes, content_type: str = RSS, url: str = URL) -> bool:
    taken, slow, fast = _both(body, content_type, url)
    assert fast == slow
    assert not taken or (fast["entries"] == slow["entries"] and fast["feed"] == slow["feed"])
    return taken


def test_every_shared_file_is_declined_or_read_as_feedparser_reads_it() -> None:
    taken = [path.name for path in SHARED if _same(path.read_bytes(), url=URL)]
    # The plain RSS 2.0 ones: news feeds (NPR, Al Jazeera, SMH, RNZ, Reuters...) and parser projects' samples.
    assert len(taken) >= 70, taken
    assert {"npr-news_latest.xml", "smh-sydney_2021.xml", "arstechnica_latest.xml", "bbc-urdu.xml"} <= set(
        taken
    )


def test_demo_feeds_and_generated_feeds() -> None:
    for path in DEMO:
        _same(path.read_bytes())
    for n in range(0, 200, 23):
        assert _same(make_feed(n, 50), url=f"https://news{n}.example/feed.xml")  # the benchmark's feeds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs.filter(lambda d: d.kind == "rss"))
def test_hostile_documents(doc: Any) -> None:
    _same(build(doc), doc.content_type)


def _doc(
    items: str, channel: str = "<title>T</title><link>https://example.com/</link>", ns: str = ""
) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"{ns}><channel>{channel}{items}</channel></rss>'
    ).encode()


DC = ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:m="http://search.yahoo.com/mrss/"'
TAKEN = {
    "html-looking title": "<item><title>a &lt;b&gt;x&lt;/b&gt;</title></item>",
    "escaped C++": "<item><title>Vector&lt;int&gt; and x&lt;y</title><description>a &amp;amp; b</description></item>",
    "CDATA": "<item><title><![CDATA[Q&A <i>now</i>]]></title><description><![CDATA[<p>x</p>]]></description></item>",
    "entities": "<item><title>caf&#233; &#x2019;s &amp; &quot;q&quot;</title></item>",
    "guid not a permalink": '<item><guid isPermaLink="false">12345</guid><link>https://e.example/1</link></item>',
    "relative guid": '<item><guid isPermaLink="true">/2026/12/story.html</guid></item>',
    "bare guid": "<item><guid>12345</guid></item>",
    "guid before link": "<item><guid>https://e.example/g</guid><link>https://e.example/l</link></item>",
    "relative link": "<item><link>/story/1?a=1&amp;b=2</link><comments>/c/1</comments></item>",
    "empty link": "<item><title>t</title><link/></item>",
    "two categories": '<item><category>A</category><category domain="d">B</category><category>A</category></item>',
    "empty category": '<item><category domain="d"/><category></category><category>C</category></item>',
    "author with address": "<item><author>a@b.c (Name)</author></item>",
    "author name only": "<item><author>Jane Doe</author></item>",
    "unreadable date": "<item><pubDate>not a date at all</pubDate></item>",
    "cp1252 references": "<item><title>&#147;quoted&#148; &#150; &#128;5</title></item>",
    "UTF-8 read as Latin-1": "<item><title>CafÃ© Ã¼ber</title></item>",
    "whitespace": "<item><title>\n   spaced   \n</title><link>  https://e.example/s  </link></item>",
    "no title": "<item><link>https://e.example/n</link><description>body</description></item>",
    "titles repeated": "<item><title></title><title>second</title><title>third</title></item>",
    "links repeated": "<item><link>https://e.example/1</link><link>https://e.example/2</link></item>",
    "content after description": '<item><description>short</description><content:encoded xmlns:content="'
    'http://purl.org/rss/1.0/modules/content/">&lt;p&gt;long&lt;/p&gt;</content:encoded></item>',
    "content before description": '<item><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/'
    'content/">long</content:encoded><description>short</description></item>',
    "enclosure": '<item><enclosure url="/a.mp3" length="12" type="Audio/MPEG"/></item>',
    "atom link in item": '<item><atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="/x"/></item>',
    "element without a handler": "<item><foo>x</foo><foo>y</foo><bar a='1' Type='X'/></item>",
    "media": '<item><m:content url="/i.jpg" medium="image" Type="Image/JPEG"><m:credit scheme="s">Ann</m:credit>'
    '<m:thumbnail url="/t.jpg"/><m:text>alt</m:text></m:content><m:credit>Bob</m:credit>'
    '<m:thumbnail url="/u.jpg"/><m:text>beside</m:text></item>',
    "media group": '<item><m:group><m:content url="/a.mp4" type="video/mp4"/><m:content url="/b.jpg"><m:credit>'
    "C</m:credit></m:content><m:credit>D</m:credit></m:group><m:credit>E</m:credit></item>",
    "guid with a query": "<item><guid>https://e.example/?a=1&amp;b=2</guid></item>",
    "wordpress comments": '<item><wfw:commentRss xmlns:wfw="http://wellformedweb.org/CommentAPI/">/c/feed'
    '</wfw:commentRss><slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">4</slash:comments>'
    "</item>",
}
CHANNEL_TAKEN = {
    "channel fields": "<title>A &lt;b&gt;B&lt;/b&gt;</title><link>/</link><description>d</description>"
    "<language>en-us</language><lastBuildDate>Mon, 01 Dec 2026 10:00:00 GMT</lastBuildDate><ttl>5</ttl>"
    "<generator>WordPress</generator><copyright>(c) me</copyright><docs>/rss</docs>",
    "image": "<title>T</title><image><url>/i.png</url><title>Img</title><link>/</link><width>x</width>"
    "<height>31</height><description>d &lt;b&gt;</description></image><title>later</title>",
    "atom self link": '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="https://e.example/f" '
    'rel="self" type="application/rss+xml"/>',
    "managing editor": "<managingEditor>ed@e.example (Ed)</managingEditor><webMaster>w@e.example</webMaster>",
}
DECLINED = {
    "unknown namespace": '<item><title>t</title><x:foo xmlns:x="https://x.example/ns">x</x:foo></item>',
    "element feedparser has a handler for": "<item><expirationDate>Mon, 01 Dec 2026 10:00:00 GMT</expirationDate></item>",
    "Atom element feedparser reads as RSS": '<item><a:id xmlns:a="http://www.w3.org/2005/Atom">x</a:id></item>',
    "text inside media:content": '<item><m:content xmlns:m="http://search.yahoo.com/mrss/" url="/i">x</m:content></item>',
    "xml:lang": '<item xml:lang="de"><title>t</title></item>',
    "xml:base": '<item><title xml:base="https://other.example/">t</title></item>',
    "mixed content": "<item><title>a <b>bold</b> move</title></item>",
    "guid holding an escape": "<item><guid>post&amp;amp;1</guid></item>",
    "nested item": "<item><title>a</title><item><title>b</title></item></item>",
    "two descriptions": "<item><description>a</description><description>b</description></item>",
    "attribute not read": '<item><title type="html">t</title></item>',
    "text beside items": "<item><title>t</title>stray</item>",
    "prefix taken by another namespace": '<item><content:encoded xmlns:content="http://purl.org/dc/elements'
    '/1.1/">x</content:encoded></item>',
}


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_item_shapes_are_read_as_feedparser_reads_them(name: str) -> None:
    assert _same(_doc(TAKEN[name], ns=DC))


@pytest.mark.parametrize("name", sorted(CHANNEL_TAKEN))
def test_channel_shapes_are_read_as_feedparser_reads_them(name: str) -> None:
    assert _same(_doc("<item><title>i</title></item>", CHANNEL_TAKEN[name]))


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_what_it_does_not_know_is_left_to_feedparser(name: str) -> None:
    assert not _same(_doc(DECLINED[name]))


def test_documents_it_declines_whole() -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY c "C">]><rss version="2.0"><channel>'
    assert not _same(doctype + b"<title>&c;</title></channel></rss>")
    assert not _same(_doc("").replace(b"</rss>", b"<channel><title>2</title></channel></rss>"))  # two
    assert not _same(b'<rss version="2.0"><channel><title>cut short</title><item><title>a</title>')
    assert not _same(_doc("<item/>").replace(b"<channel>", b'<channel xmlns:dc="http://purl.org/rss/1.0/">'))
    latin = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    assert _same((latin + "</channel></rss>").encode("latin-1"))  # feedparser has made it UTF-8 by then


def test_the_values_it_builds() -> None:
    """A spot check of the reading itself, besides its equality with feedparser's."""
    taken, _, fast = _both(_doc(TAKEN["html-looking title"] + TAKEN["guid not a permalink"]))
    assert taken
    first, second = fast["entries"]
    assert first["title_detail"]["type"] == "text/html" and first["title"] == "a <b>x</b>"
    assert second["id"] == "12345" and not second["guidislink"] and second["link"] == "https://e.example/1"


@pytest.mark.parametrize("version", ["0.91", "0.92", "0.94", "2.0.1", "3.0", None])
def test_the_version_is_feedparser_s(version: str | None) -> None:
    said = f'version="{version}"'.encode() if version is not None else b""
    assert _same(_doc("<item><title>t</title></item>").replace(b'version="2.0"', said))
