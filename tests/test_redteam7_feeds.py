"""Feed documents a seventh red-team pass found read wrongly, served from 127.0.0.1 and refreshed into a real store
in a temporary folder: UTF-8 labelled with a legacy charset, and a document cut short by a closed connection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver

feed_server = httpserver.feed_server

TITLE = "Привет, Ελλάδα — Café “Zürich”"


def rss(decl: str = "", title: str = TITLE) -> str:
    return (
        f'<?xml version="1.0"{decl}?><rss version="2.0"><channel><title>Новости</title>'
        f"<item><guid>g1</guid><title>{title}</title><description>Текст статьи.</description></item>"
        "</channel></rss>"
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def text(store: Store, story_id: str) -> str:
    story = store.story(story_id)
    assert story is not None
    return story.text


def refreshed(store: Store, feed_server: httpserver.FeedServer, path: str) -> tuple[str, list[str]]:
    """Subscribe to ``path``, refresh, and return the refresh's error (or "") and the stored titles."""
    store.add_feed(feed_server.url(path))
    [result] = refresh(store)
    return result.error, sorted(h.title for h in store.headers())


@pytest.mark.parametrize(
    ("content_type", "decl"),
    [
        (
            "application/rss+xml; charset=windows-1251",
            "",
        ),  # the header alone (AddDefaultCharset windows-1251)
        ("text/xml; charset=KOI8-R", ' encoding="utf-8"'),  # the header against the declaration
        ("application/xml; charset=iso-8859-7", ""),
        ("application/rss+xml", ' encoding="windows-1251"'),  # a template's declaration
        ("", ' encoding="ISO-8859-5"'),  # the declaration, and no Content-Type at all
    ],
)
def test_utf_8_labelled_with_a_legacy_charset_is_read_as_utf_8(
    store: Store, feed_server: httpserver.FeedServer, content_type: str, decl: str
) -> None:
    """A single-byte charset never fails to decode, so every letter past ASCII came out as mojibake: the title
    above was stored as "РџСЂРёРІРµС‚, Р•Р»Р»О¬Оґα ..." (only Latin-1 labels were looked at). Text in such a charset
    is practically never valid UTF-8 once it holds a byte past ASCII; bytes that are, are UTF-8."""
    feed_server.set("/labelled.xml", rss(decl).encode(), content_type=content_type)
    assert refreshed(store, feed_server, "/labelled.xml") == ("", [TITLE])
    [feed] = store.feeds()
    [header] = store.headers()
    assert feed.name == "Новости" and text(store, header.id) == "Текст статьи."


@pytest.mark.parametrize(
    ("charset", "title"),
    [
        ("windows-1251", "Новости дня"),
        ("koi8-r", "Новости дня"),
        ("iso-8859-7", "Ειδήσεις"),
        ("cp1252", "Café “q”"),
    ],
)
def test_a_feed_really_in_a_legacy_charset_is_still_read_in_it(
    store: Store, feed_server: httpserver.FeedServer, charset: str, title: str
) -> None:
    body = (
        rss(f' encoding="{charset}"', title)
        .replace("<channel><title>Новости", "<channel><title>News")
        .replace("Текст статьи", "Text")
    )
    feed_server.set("/legacy.xml", body.encode(charset), content_type=f"text/xml; charset={charset}")
    assert refreshed(store, feed_server, "/legacy.xml") == ("", [title])


@pytest.mark.parametrize(
    "title", ["Plain words", "Plain word", "Café au lait", "Café au lai"]
)  # odd and even lengths
def test_a_utf_16_declaration_on_a_body_with_no_zero_bytes_is_wrong(
    store: Store, feed_server: httpserver.FeedServer, title: str
) -> None:
    """A declaration copied from a UTF-16 export onto the UTF-8 file: "not well-formed (invalid token)" whenever the
    body's length was even (read as UTF-16 it then decodes, into nonsense; odd, it fails and UTF-8 is tried)."""
    body = (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Plain</title>'
        f"<item><guid>g1</guid><title>{title}</title></item></channel></rss>"
    )
    feed_server.set("/decl16.xml", body.encode(), content_type="application/xml")
    assert refreshed(store, feed_server, "/decl16.xml") == ("", [title])


def items(count: int) -> str:
    return "".join(
        f"<item><guid>https://cut.example/{n}</guid><title>Story {n}</title>"
        f"<description>The whole text of story {n}, to its last word.</description></item>"
        for n in range(count)
    )


CUT_FEED = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>{items(3)}</channel></rss>'


@pytest.mark.parametrize(
    "cut_after",
    ["The whole text of story 2,", "<title>Story 2</title>", "<![CDATA[wi", "&am", "last word.</descr"],
)
def test_a_document_cut_short_stores_only_its_whole_items(
    store: Store, feed_server: httpserver.FeedServer, cut_after: str
) -> None:
    """An HTTP/1.0 answer (or one without Content-Length) ends where its connection does, so a server that dies
    mid-answer sends what looks like a whole body. The item open at the cut was stored as it stood: story 2 with
    its text cut mid-sentence (or with no text at all), announced as a new story, its names tagged on half a text.
    Only the items read to their end are stored; the next whole answer brings the last one, whole."""
    document = CUT_FEED.replace("story 2,", "story 2, <![CDATA[with]]> &amp; more,")
    feed_server.set("/cut.xml", document)
    cut = document.index(cut_after, document.index("<title>Story 2")) + len(cut_after)
    keep = len(document[:cut].encode())
    error, titles = refreshed(store, feed_server, f"/close-cut/cut.xml?bytes={keep}")
    assert (error, titles) == ("", ["Story 0", "Story 1"])
    for header in store.headers():
        assert text(store, header.id).endswith("to its last word.")

    [feed] = store.feeds()
    store.update_feed(replace(feed, url=feed_server.url("/cut.xml")))
    [result] = refresh(store)
    assert (result.error, result.new) == ("", 1)
    [last] = [h for h in store.headers() if h.title == "Story 2"]
    assert text(store, last.id) == "The whole text of story 2, with & more, to its last word."


def test_a_document_cut_after_an_item_keeps_that_item(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/cut.xml", CUT_FEED)
    keep = CUT_FEED.index("</channel>") + 4
    assert refreshed(store, feed_server, f"/close-cut/cut.xml?bytes={keep}") == (
        "",
        ["Story 0", "Story 1", "Story 2"],
    )


def test_an_item_left_open_in_a_document_that_ends_is_kept(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Not cut short, only broken: the last item's end tag is missing, but the document ends as it should.
    Nothing is missing from the item, so it is kept (feedparser's forgiving parser reads it)."""
    document = CUT_FEED.replace("</item></channel>", "</channel>")
    feed_server.set("/open.xml", document)
    assert refreshed(store, feed_server, "/open.xml") == ("", ["Story 0", "Story 1", "Story 2"])


def test_a_document_cut_inside_its_first_item_says_it_is_cut_short(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Nothing whole to store: the feed fails, in words that say what happened (it read "XML error at line 1: no
    element found"), and keeps what it had."""
    feed_server.set("/cut.xml", CUT_FEED)
    keep = CUT_FEED.index("The whole text of story 0") + 10
    error, titles = refreshed(store, feed_server, f"/close-cut/cut.xml?bytes={keep}")
    assert error == "the feed is cut short: it ends inside its XML (XML error at line 1: no element found)"
    assert titles == []


PODCAST = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters">'
    "<channel><title>Podcast</title>{channel}"
    '<item><title>Episode 1</title><guid>ep1</guid><enclosure url="https://pod.example/1.mp3" type="audio/mpeg"/>'
    "{item}</item>"
    '<item><title>Episode 2</title><guid>ep2</guid><enclosure url="https://pod.example/2.mp3" type="audio/mpeg"/>'
    "</item></channel></rss>"
)


@pytest.mark.parametrize(
    ("channel", "item"),
    [
        (
            "",
            '<psc:chapters><psc:chapter start="00:00:00" title="Intro"/><psc:chapter title="No start"/></psc:chapters>',
        ),
        ("", '<psc:chapter start="00:01:00" title="Outside its chapters"/>'),
    ],
    ids=["chapter-without-start", "chapter-outside-chapters"],
)
def test_a_podcast_chapter_feedparser_cannot_read_costs_only_itself(
    store: Store, feed_server: httpserver.FeedServer, channel: str, item: str
) -> None:
    """A Podlove chapter without its start, or outside <psc:chapters>, raised inside feedparser (TypeError,
    KeyError) and the whole feed failed: "could not parse the feed (TypeError: expected string or bytes-like
    object, got 'NoneType')". Every episode is stored now."""
    feed_server.set("/pod.xml", PODCAST.format(channel=channel, item=item))
    assert refreshed(store, feed_server, "/pod.xml") == ("", ["Episode 1", "Episode 2"])


@pytest.mark.parametrize("junk", [b"\xc3", b"\x00", b"\x9c"])
def test_a_stray_byte_in_the_declared_encoding_is_left_out(
    store: Store, feed_server: httpserver.FeedServer, junk: bytes
) -> None:
    """feedparser decoded the declared name as UTF-8 and handed it to Python's codecs: one stray byte in it failed
    the whole feed ("could not parse the feed (UnicodeDecodeError: ...)", "... embedded null character")."""
    body = (
        b'<?xml version="1.0" encoding="ISO-8859-1'
        + junk
        + b'"?><rss version="2.0"><channel><title>Caf\xe9</title>'
        b"<item><guid>g1</guid><title>Z\xfcrich</title></item></channel></rss>"
    )
    feed_server.set("/latin.xml", body, content_type="application/rss+xml")
    assert refreshed(store, feed_server, "/latin.xml") == ("", ["Zürich"])
    [feed] = store.feeds()
    assert feed.name == "Café"


@pytest.mark.parametrize("charset", ["windows-1252", '"Windows-1252"', "iso-8859-15"])
def test_a_json_feed_in_the_charset_its_header_names_is_read_in_it(
    store: Store, feed_server: httpserver.FeedServer, charset: str
) -> None:
    """JSON is UTF-8, but a Windows tool writes windows-1252 and a server says so: every accented letter was
    stored as U+FFFD ("Caf\\ufffd"). The header's charset is read when the bytes are not UTF-8."""
    doc = '{"version": "https://jsonfeed.org/version/1.1", "title": "Café", "items": [{"id": "1", "title": "Zürich € 5"}]}'
    body = doc.encode(charset.strip('"').lower())
    feed_server.set("/cp.json", body, content_type=f"application/feed+json; charset={charset}")
    assert refreshed(store, feed_server, "/cp.json") == ("", ["Zürich € 5"])
    [feed] = store.feeds()
    assert feed.name == "Café"


def test_a_json_feed_in_utf_8_is_read_as_utf_8_whatever_its_header_says(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    doc = '{"version": "https://jsonfeed.org/version/1.1", "title": "Новости", "items": [{"id": "1", "title": "Привет"}]}'
    feed_server.set("/u8.json", doc.encode(), content_type="application/feed+json; charset=windows-1251")
    assert refreshed(store, feed_server, "/u8.json") == ("", ["Привет"])


def test_a_body_of_nul_bytes_says_so(store: Store, feed_server: httpserver.FeedServer) -> None:
    """A body of 4 KB of NUL bytes (a cache that lost a file's content keeps its size in zeros) was an "empty
    body: the server sent no content"."""
    feed_server.set("/zeros.xml", b"\x00" * 4096, content_type=httpserver.RSS)
    error, titles = refreshed(store, feed_server, "/zeros.xml")
    assert error == "the body is NUL bytes, not a feed" and titles == []


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("zeros.xml", b"\x00" * 4096, "the file is NUL bytes, not a feed"),
        ("empty.xml", b"", "empty file: it holds no content"),
        ("notes.txt", b"Shopping list", "not a feed: plain text, not XML (it begins “Shopping list”)"),
    ],
)
def test_a_local_file_that_is_no_feed_is_worded_for_a_file(
    store: Store, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    """A local file's error said "the server sent no content" or "the server calls it text/plain": a file has
    no server, and its type is guessed from its name."""
    path = tmp_path / name
    path.write_bytes(content)
    store.add_feed(str(path))
    [result] = refresh(store)
    assert result.error.startswith(words) and "server" not in result.error, result.error
    if name.endswith(".txt"):
        assert result.error.endswith("; the file's name says text/plain"), result.error
