"""Our feedparser driver (feeds.xmlfeed): the XML defences, the bounds on work, and its short cuts, which must
give what feedparser gives. Through parse_feed, on small feeds written for these tests."""

from __future__ import annotations

import http.server
import random
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from feeds import uri_joins, xmlfeed
from feeds.parse import parse_feed
from tests.test_parse import item, rss

# --- entity attacks -------------------------------------------------------------------------------------------

#: The classic: ten levels of ten references each, 10**9 "lol"s from a few hundred bytes.
LOL = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


@pytest.mark.parametrize("sep", ["", "\n"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_billion_laughs_does_not_expand(sep: str, codec: str) -> None:
    doctype = "<!DOCTYPE rss [" + sep + LOL.replace("><", ">" + sep + "<") + sep + "]>"
    body = rss(item("&lol9;", "&lol5;&lol5;"), head=doctype, decl=f'<?xml version="1.0" encoding="{codec}"?>')
    tracemalloc.start()
    try:
        feed = parse_feed(body.decode().encode(codec), "f")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    assert not any("lollol" in s.title + s.text for s in feed.stories)


def test_a_modest_expansion_that_expat_would_allow_is_not_expanded() -> None:
    # 2 MB of expansion stays under expat's amplification cap: only our DOCTYPE rewrite stops it
    doctype = f'<!DOCTYPE rss [<!ENTITY a "{"A" * 60}"><!ENTITY b "{"&a;" * 200}">]>'
    feed = parse_feed(rss(item("t", "&b;" * 170), head=doctype), "f")
    assert not any("A" * 100 in s.text for s in feed.stories)


def test_literal_entities_still_work() -> None:
    doctype = '<!DOCTYPE rss [\n<!ENTITY company "Acme Ltd">\n<!ENTITY nbsp "&#160;">\n]>'
    story = parse_feed(rss(item("&company;&nbsp;news"), head=doctype), "f").stories[0]
    assert story.title == "Acme Ltd news"


@pytest.fixture
def http_log() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "FROM-THE-SERVER">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_external_entities_read_no_file_and_make_no_request(
    tmp_path: Path, http_log: tuple[str, list[str]]
) -> None:
    base, seen = http_log
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENTS")
    bodies = [
        rss(item("a&xxe;b", "&xxe;"), head=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'),
        rss(item("a&xxe;b", "&xxe;"), head='<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>'),
        rss(item("a&xxe;b", "&xxe;"), head=f'<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "{base}/entity">\n]>'),
        rss(item("&leak;"), head=f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{base}/param"> %p;]>'),
        rss(item("&leak;"), head=f'<!DOCTYPE rss SYSTEM "{base}/dtd">'),
        rss(item("&leak;"), head=f'<!DOCTYPE rss PUBLIC "-//X//Y//EN" "{base}/public">'),
    ]
    for body in bodies:
        for content_type in ("", "application/xml"):
            feed = parse_feed(body, "f", content_type=content_type)
            everything = " ".join(s.title + " " + s.text for s in feed.stories)
            assert "TOP-SECRET" not in everything and "root:" not in everything
            assert "FROM-THE-SERVER" not in everything
    assert seen == []


# --- bounded work on hostile sizes ------------------------------------------------------------------------------


def test_item_budget() -> None:
    body = rss("".join(item(f"n{i}", guid=f"g{i}") for i in range(xmlfeed.MAX_ENTRIES + 5)))
    stories = parse_feed(body, "f").stories
    assert len(stories) == xmlfeed.MAX_ENTRIES and stories[-1].title == f"n{xmlfeed.MAX_ENTRIES - 1}"


def test_element_and_time_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlfeed, "MAX_ELEMENTS", 50)
    junk = parse_feed(b"<rss><channel>" + b"<x>" * 1000, "f")
    assert junk.error.startswith("the feed is too large to read (more than 50 elements)")
    some = parse_feed(rss("".join(item(f"n{i}", guid=f"g{i}") for i in range(40))), "f").stories
    assert 5 < len(some) < 40 and all(s.title.startswith("n") for s in some)  # complete items only
    monkeypatch.setattr(xmlfeed, "MAX_SECONDS", -1.0)
    late = parse_feed(rss(item()), "f")
    assert late.stories == [] and "(more than -1 seconds of work)" in late.error
    loose = parse_feed(
        b"<rss><channel><item><title>" + b"<" * 1000, "f"
    )  # the forgiving parser is bounded too
    assert "seconds of work" in loose.error


def test_the_time_budget_counts_the_parse_s_cpu_not_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy machine: each reading of the clock finds a second gone, as when the parse thread waits for a core.
    The parse used almost none of its CPU seconds, so every item is read; it was cut after eight readings."""
    ticks = iter(range(10**9))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(ticks)))
    stories = parse_feed(rss("".join(item(f"n{i}", guid=f"g{i}") for i in range(40))), "f").stories
    assert len(stories) == 40
    monkeypatch.setattr(time, "thread_time", lambda: float(next(ticks)))  # the CPU goes as fast as the clock
    cut = parse_feed(rss("".join(item(f"n{i}", guid=f"g{i}") for i in range(40))), "f")
    assert cut.stories == [] and "(more than 8 seconds of work)" in cut.error


# --- short cuts, checked against feedparser's own ---------------------------------------------------------

_NAMESPACE_TWISTS = [
    # an element of an unknown namespace, before and after that namespace gets a prefix
    """<rss version="2.0"><channel><title>t</title>
    <item><title>one</title><x xmlns="urn:example">1</x></item>
    <item xmlns:f="urn:example"><title>two</title><x xmlns="urn:example">2</x></item></channel></rss>""",
    # a prefix declared on an item, after the same local name was seen without it
    """<rss version="2.0"><channel><title>t</title>
    <item><title>one</title><creator>plain</creator></item>
    <item xmlns:dc="http://purl.org/dc/elements/1.1/"><title>two</title><dc:creator>Ann</dc:creator></item>
    <item><title>three</title><creator>plain again</creator></item></channel></rss>""",
    # one prefix bound to two namespaces in turn; a default namespace switched on an inner element
    """<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>a</title><x:date xmlns:x="http://purl.org/dc/elements/1.1/">2024-01-02</x:date>
      <id>1</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p>
      <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>y</mi></math><svg xmlns="http://www.w3.org/2000/svg"/>
      <p xmlns:m="http://www.w3.org/1998/Math/MathML" xmlns:s="http://www.w3.org/2000/svg"><m:math/><m:math/>
      <s:svg/><s:svg/></p></div></content></entry>
    <entry><title>b</title><x:date xmlns:x="urn:other">2024-01-03</x:date><id>2</id>
      <link rel="alternate" href="http://example.org/b"/><link href="http://example.org/b2"/></entry>
    </feed>""",
    # an xlink declaration (feedparser keeps it as an attribute of the next element)
    """<rss version="2.0" xmlns:xl="http://www.w3.org/1999/xlink"><channel><title>t</title>
    <item><title>x</title><description>d</description><guid isPermaLink="false">g</guid>
    <enclosure url="http://example.org/a.mp3" length="1" type="audio/mpeg"/></item></channel></rss>""",
]


@pytest.mark.parametrize("doc", _NAMESPACE_TWISTS)
def test_the_short_cut_from_expat_gives_what_feedparser_gives(doc: str) -> None:
    """Our driver learns expat-name -> feedparser-tag once per name; namespaces declared or rebound later in the
    document must not make it reuse a stale name."""
    body = doc.encode()
    ours = xmlfeed.run_feedparser(body, "", "")
    theirs = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert ours["entries"] and ours["entries"] == theirs["entries"]
    assert ours["feed"] == theirs["feed"]


def test_the_plain_absolute_url_short_cut_answers_as_urljoin_does() -> None:
    """A link that looks plain is returned as it is instead of going through urljoin: that must be exactly what
    feedparser's own join gives, against any base, for every URL the short cut accepts."""
    rng = random.Random(11)
    pieces = [
        "http://", "https://", "HTTP://", "example.org", "EXAMPLE.org", "a", "/", "//", "?", "#", ";", "..", ".",
        "x=1", "&", "%20", "%", " ", "\t", "\n", "[", "]", ":", "8080", "@", "é", "~", "!", "$", "'", "(", "+", ",",
        "=", "-", "_", "*", "\\", "|", "^", "`", "{", '"',
    ]  # fmt: skip
    hosts = ["example.org", "EXAMPLE.org/", "a.b:8080/", "h:99999", "[::1]/", "é.org/", "", "/x/", "h/"]
    bases = [
        "",
        "http://example.org/a/b",
        "https://example.org/",
        "ftp://h/x",
        "http://h/a;p?q#f",
        "mailto:x@y",
    ]
    accepted = 0
    for _ in range(60_000):
        url = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        if rng.random() < 0.8:
            url = rng.choice(["http://", "https://"]) + rng.choice(hosts) + url
        if not uri_joins.PLAIN_ABSOLUTE.match(url):
            continue
        accepted += 1
        for base in bases:
            assert uri_joins.FEEDPARSER_URLJOIN(base, url) == url, (base, url)
    assert accepted > 3000
