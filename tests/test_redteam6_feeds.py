"""Feeds met in the wild, or by a hostile server, that a sixth red-team pass found read wrongly: served from
127.0.0.1, refreshed into a real store in a temporary folder, and read back.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver

feed_server = httpserver.feed_server

RSS_BODY = (
    '<rss version="2.0"><channel><title>Caf\xe9 \u201cwide\u201d</title>'
    "<item><guid>g1</guid><title>Na\xefve \u2014 \u20ac1</title><description>\xdcber</description></item>"
    "</channel></rss>"
)
# All ASCII: UTF-16's bytes then "decode" as UTF-8 too, into text riddled with NULs.
PLAIN_BODY = '<rss version="2.0"><channel><title>Plain</title><item><guid>g1</guid><title>Plain</title></item></channel></rss>'


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def refreshed(store: Store, feed_server: httpserver.FeedServer, path: str) -> tuple[str, list[str]]:
    """Subscribe to ``path``, refresh, and return the refresh's error (or "") and the stored titles."""
    store.add_feed(feed_server.url(path))
    [result] = refresh(store)
    return result.error, sorted(h.title for h in store.headers())


@pytest.mark.parametrize(
    "bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b""]
)
@pytest.mark.parametrize("content_type", [httpserver.RSS, "application/xml", "text/xml"])
@pytest.mark.parametrize("body", [RSS_BODY, PLAIN_BODY], ids=["accented", "ascii"])
def test_a_utf_16_or_32_feed_without_an_encoding_declaration_is_read(
    store: Store, feed_server: httpserver.FeedServer, bom: bytes, content_type: str, body: str
) -> None:
    """XML in UTF-16 or UTF-32 needs no declaration: its BOM (or its first ``<``) says what it is. With no
    declaration feedparser took the header's charset, or UTF-8, which UTF-16's bytes do not fail, and the feed
    was refused: "not a feed: XML error at line 2: not well-formed (invalid token)"."""
    codec = {
        codecs.BOM_UTF16_LE: "utf-16-le",
        codecs.BOM_UTF16_BE: "utf-16-be",
        codecs.BOM_UTF32_LE: "utf-32-le",
        codecs.BOM_UTF32_BE: "utf-32-be",
    }.get(bom, "utf-16-le")
    feed_server.set("/wide.xml", bom + body.encode(codec), content_type=content_type)
    error, titles = refreshed(store, feed_server, "/wide.xml")
    title, name = (
        ("Na\xefve \u2014 \u20ac1", "Caf\xe9 \u201cwide\u201d") if body == RSS_BODY else ("Plain", "Plain")
    )
    assert (error, titles) == ("", [title])
    [feed] = store.feeds()
    assert feed.name == name


def test_a_declaration_that_names_a_single_byte_charset_loses_to_the_bom(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A tool that re-encodes a feed to UTF-16 but keeps its old declaration: the BOM is what the bytes are."""
    body = '<?xml version="1.0" encoding="ISO-8859-1"?>' + RSS_BODY
    feed_server.set(
        "/lying.xml", codecs.BOM_UTF16_LE + body.encode("utf-16-le"), content_type="application/xml"
    )
    assert refreshed(store, feed_server, "/lying.xml") == ("", ["Na\xefve \u2014 \u20ac1"])


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ({"id": "1", "title": "One"}, '"items" is an object, not a list'),
        ("One", '"items" is a string, not a list'),
        (3, '"items" is a number, not a list'),
        (["One", 2, None], '"items" are not objects'),
    ],
)
def test_a_json_feed_whose_items_are_of_the_wrong_type_says_so(
    store: Store, feed_server: httpserver.FeedServer, items: object, words: str
) -> None:
    """A JSON Feed with its items as an object (or a string, or a list of strings) read as an empty feed, and
    the refresh said all was well: the reader showed a feed with no stories and no reason."""
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    feed_server.set("/typed.json", json.dumps(doc), content_type="application/feed+json")
    error, titles = refreshed(store, feed_server, "/typed.json")
    assert words in error and titles == []
    [feed] = store.feeds()
    assert feed.status.failures == 1 and words in feed.status.last_error


def test_a_json_feed_without_items_is_an_empty_feed(store: Store, feed_server: httpserver.FeedServer) -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "New blog"}
    feed_server.set("/new.json", json.dumps(doc), content_type="application/feed+json")
    assert refreshed(store, feed_server, "/new.json") == ("", [])


def test_a_304_to_a_request_with_nothing_to_compare_is_a_failure(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A cache or proxy answering 304 to everything: a feed never fetched was "unchanged" and fine for ever, with
    no story and no word of why. Without a stored validator, nothing can be unchanged."""
    error, titles = refreshed(store, feed_server, "/status/304")
    assert "304 (not modified)" in error and titles == []
    [feed] = store.feeds()
    assert feed.status.failures == 1 and feed.status.last_success is None


@pytest.mark.parametrize(
    "mark", ["\u20dd", "\u20d0", "\U0001d167"], ids=["enclosing-circle", "harpoon", "tremolo"]
)
def test_a_flood_of_combining_marks_for_symbols_or_music_is_cut(
    store: Store, feed_server: httpserver.FeedServer, mark: str
) -> None:
    """Floods of the diacritics were cut to four marks a character; floods of the marks for symbols (U+20D0
    block) and of the musical ones came through whole, a thousand marks stacked on one letter."""
    flood = "Z" + mark * 1000 + " news"
    feed_server["/marks.xml"] = (
        f'<rss version="2.0"><channel><title>{flood}</title><item><guid>g</guid><title>{flood}</title>'
        f"<description>{flood}</description></item></channel></rss>"
    )
    error, [title] = refreshed(store, feed_server, "/marks.xml")
    kept = "Z" + mark * 4 + " news"
    story = store.story(store.headers()[0].id)
    assert error == "" and title == kept and story is not None and story.text == kept
    assert store.feeds()[0].name == kept


def test_a_keycap_keeps_its_mark(store: Store, feed_server: httpserver.FeedServer) -> None:
    feed_server["/keycap.xml"] = (
        '<rss version="2.0"><channel><title>K</title>'
        "<item><guid>g</guid><title>Top 1\ufe0f\u20e3 story</title></item></channel></rss>"
    )
    # The keycap's mark stays; its emoji presentation selector goes, as every U+FE0F in a title does: Rich
    # counted the keycap two cells, terminals measuring by wcwidth (tmux, xterm) draw one (test_redteam20_widths).
    assert refreshed(store, feed_server, "/keycap.xml") == ("", ["Top 1\u20e3 story"])


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b"Service temporarily down, try later", "text/plain", "plain text, not XML (it begins “Service"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "image/png", "binary data, not XML"),
    ],
    ids=["text", "picture"],
)
def test_a_body_that_is_not_xml_says_what_it_is(
    store: Store, feed_server: httpserver.FeedServer, body: bytes, content_type: str, words: str
) -> None:
    """A page of plain text or a picture failed as "not a feed: XML error at line 2: syntax error": an XML
    error, at a line the one-line text does not have."""
    feed_server.set("/junk", body, content_type=content_type)
    error, titles = refreshed(store, feed_server, "/junk")
    assert words in error and f"the server calls it {content_type}" in error and titles == []


@pytest.mark.parametrize(
    "head",
    [
        "",  # feedparser puts an XML declaration and a line break before the document
        '<!DOCTYPE rss [\n<!ENTITY nbsp "&#160;">\n<!ENTITY ext SYSTEM "file:///etc/passwd">\n]>\n',  # rewritten
    ],
    ids=["no-declaration", "doctype"],
)
def test_an_xml_error_names_the_line_it_is_on(
    store: Store, feed_server: httpserver.FeedServer, head: str
) -> None:
    body = (
        head
        + '<rss version="2.0">\n<channel>\n<title>T</title>\n<item><title>x</titel></item>\n</channel></rss>'
    )
    line = body.splitlines().index("<item><title>x</titel></item>") + 1
    feed_server["/broken.xml"] = body
    error, _titles = refreshed(store, feed_server, "/broken.xml")
    assert error == f"XML error at line {line}: mismatched tag"


def test_noncharacters_are_not_stored(store: Store, feed_server: httpserver.FeedServer) -> None:
    """U+FFFE, U+FFFF and the other noncharacters came through into titles and text: terminals draw them as
    nothing or as a box while the reader counts a cell, so the row they were in was misaligned."""
    odd = "\ufffe\uffff\ufdd0\U0010ffff"
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Non{odd}chars",
        "items": [{"id": "1", "title": f"Tit{odd}le", "content_text": f"Bo{odd}dy"}],
    }
    feed_server.set("/non.json", json.dumps(doc), content_type="application/feed+json")
    assert refreshed(store, feed_server, "/non.json") == ("", ["Title"])
    story = store.story(store.headers()[0].id)
    assert story is not None and story.text == "Body" and store.feeds()[0].name == "Nonchars"
