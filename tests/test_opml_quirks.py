"""The installed command given what other readers and servers really make: subscription files written by other
readers (`newsdesk import`), and addresses that answer with something that is not a feed (`newsdesk add`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.test_cli import newsdesk, one_line_error

feed_server = httpserver.feed_server

OUTLINES = '<outline text="Caf\xe9 \u201cnews\u201d" xmlUrl="https://cafe.example/feed"/>'


@pytest.mark.parametrize(
    "declaration", ["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>']
)
def test_a_windows_1252_export_that_does_not_say_so_is_imported(tmp_path: Path, declaration: str) -> None:
    """One "Café" written by an older Windows reader refused the whole file ("not well-formed XML")."""
    opml = tmp_path / "subs.opml"
    opml.write_bytes(f'{declaration}<opml version="1.0"><body>{OUTLINES}</body></opml>'.encode("cp1252"))
    proc = newsdesk(tmp_path, "import", str(opml))
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path, readonly=True) as store:
        assert [f.name for f in store.feeds()] == ["Caf\xe9 \u201cnews\u201d"]


def test_a_broken_windows_1252_file_is_refused_where_it_breaks(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_bytes(f'<opml version="1.0"><body>{OUTLINES}<outline text="x"></body></opml>'.encode("cp1252"))
    proc = newsdesk(tmp_path, "import", str(opml))
    one_line_error(proc, 1, "not well-formed XML at line 1, column ")
    column = int(proc.stderr.split("column ")[1].split(";")[0])
    assert column > len(f'<opml version="1.0"><body>{OUTLINES}')  # at the unclosed outline, not at the "é"
    assert proc.stderr.rstrip().endswith("nothing imported")


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"", "application/rss+xml", "is not a feed: empty body: the server sent no content"),
        (b"  \n\n ", "text/xml", "is not a feed: empty body: the server sent no content"),
        (
            b'{"hello": 1}',
            "application/json",
            "is not a feed: JSON without JSON Feed fields (version, items)",
        ),
        (b"<html><body>Hi</body></html>", "text/html", "is a web page that names no feed"),
    ],
)
def test_add_says_plainly_why_an_address_is_not_a_feed(
    tmp_path: Path, feed_server: httpserver.FeedServer, body: bytes, content_type: str, said: str
) -> None:
    """It said "… is not a feed, and the page names none: empty body: …" of an empty answer, which is no page."""
    feed_server.set("/odd", body, content_type=content_type)
    proc = newsdesk(tmp_path, "add", feed_server.url("/odd"))
    one_line_error(proc, 1, f"{feed_server.url('/odd')} {said}")
    assert "not a feed: not a feed" not in proc.stderr


def test_a_feed_whose_document_is_broken_is_added_as_failing_not_as_fine(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """An XML error that lost every item: added "ok" with 0 stories, and every refresh after said "unchanged"
    (the same bytes), so nothing ever told the user the feed could not be read."""
    feed_server["/broken.xml"] = b"<rss><channel><title>Broken</title><item><title>a</titl></item>"
    proc = newsdesk(tmp_path, "add", feed_server.url("/broken.xml"))
    assert proc.returncode == 0 and proc.stdout.startswith("added Broken [") and ": 0 stories" in proc.stdout
    assert proc.stderr.startswith("newsdesk: Broken: XML error at line ") and proc.stderr.count("\n") == 1
    refreshed = newsdesk(tmp_path, "refresh")
    assert "failed    Broken: XML error at line " in refreshed.stdout, refreshed.stdout
    feed_server["/broken.xml"] = (
        b"<rss><channel><title>Broken</title><item><title>a</title></item></channel></rss>"
    )
    assert "new       Broken: 1 new" in newsdesk(tmp_path, "refresh").stdout


@pytest.mark.parametrize("char", ["\x01", "\x1b[31m", "\x7f", "\x85", "\u202e", "\ufffe"])
def test_an_address_with_a_control_character_is_refused_by_add(tmp_path: Path, char: str) -> None:
    """It was added (even unchecked) and could never be fetched: "invalid URL" on each refresh."""
    proc = newsdesk(tmp_path, "add", "--no-check", f"http://127.0.0.1:9/feed{char}x.xml")
    one_line_error(proc, 1, "the address holds a character no address can have (U+")
    assert "\x1b" not in proc.stderr


def test_an_export_is_well_formed_whatever_the_feeds_hold(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """A local feed file named with an escape, a JSON Feed titled with U+FFFF, a web address stored with a control
    character (before `add` refused one): the export wrote them raw, and the file was not XML. No reader, ours
    included, could import the backup."""
    import json
    import xml.etree.ElementTree as ET

    home = tmp_path / "home"
    local = tmp_path / "evil\x1b[31m.xml"
    local.write_text(
        '<rss version="2.0"><channel><item><guid>1</guid><title>x</title></item></channel></rss>'
    )
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Odd\uffff title",
        "items": [{"id": "1", "title": "t"}],
    }
    feed_server.set("/odd.json", json.dumps(doc), content_type="application/feed+json")
    assert newsdesk(home, "add", str(local)).returncode == 0
    assert newsdesk(home, "add", feed_server.url("/odd.json")).returncode == 0
    with Store(home) as store:
        store.add_feed("http://127.0.0.1:9/a\x01b.xml", title="Stored before")
    out = tmp_path / "subs.opml"
    assert newsdesk(home, "export", str(out)).returncode == 0
    ET.parse(out)  # well-formed
    again = tmp_path / "again"
    proc = newsdesk(again, "import", str(out))
    assert proc.returncode == 0 and proc.stdout.startswith("imported 3 feeds"), proc.stdout + proc.stderr
    refreshed = newsdesk(again, "refresh")
    assert "failed    " not in refreshed.stdout.replace("failed    Stored before", ""), refreshed.stdout
    with Store(again, readonly=True) as store:
        assert {f.name for f in store.feeds()} >= {"Odd title", "Stored before"}
        assert store.story_count() == 2  # the local file and the JSON Feed, each read as before


def test_one_feed_written_two_ways_is_one_subscription(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """Scheme and host in capitals, or the default port written out, name the same feed: importing such a list,
    or adding such an address, made a second subscription, and every story was listed twice."""
    feed_server["/feed.xml"] = (
        b'<rss version="2.0"><channel><item><guid>1</guid><title>x</title></item></channel></rss>'
    )
    url = feed_server.url("/feed.xml")
    shouted = url.replace("http://127.0.0.1", "HTTP://127.0.0.1")
    assert newsdesk(tmp_path, "add", url).returncode == 0
    one_line_error(newsdesk(tmp_path, "add", shouted), 1, "already subscribed")
    opml = tmp_path / "subs.opml"
    outlines = "".join(
        f'<outline text="t" xmlUrl="{u}"/>'
        for u in (shouted, "http://Other.example:80/f", "http://other.example/f")
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    proc = newsdesk(tmp_path, "import", str(opml))
    assert proc.stdout.startswith(
        "imported 1 feed (1 of them listed twice or more: one subscription each, in all its folders),"
        " skipped 1 already subscribed"
    ), proc.stdout
    with Store(tmp_path, readonly=True) as store:
        assert sorted(f.url for f in store.feeds()) == sorted(["http://Other.example:80/f", url])


# A feed outline holding outlines of its own, as some readers write a feed with its related feeds (or a feed that
# is also a folder) - with a plain folder and a category beside it, so the children's tags can be compared.
FEED_WITH_CHILDREN = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>nested feeds</title></head><body>
  <outline text="World">
    <outline type="rss" text="Parent" xmlUrl="https://parent.example/rss" category="Daily">
      <outline type="rss" text="Child one" xmlUrl="https://one.example/rss"/>
      <outline text="Deeper">
        <outline type="rss" text="Grandchild" xmlUrl="https://grand.example/rss" category="Late"/>
      </outline>
      <outline type="rss" text="Parent again" xmlUrl="https://parent.example/rss"/>
    </outline>
  </outline>
  <outline type="rss" text="After" xmlUrl="https://after.example/rss"/>
</body></opml>
"""

FEEDS_WITH_CHILDREN = {
    "https://parent.example/rss": ("Parent", ("World", "Daily", "Parent")),  # listed again in its own outline
    "https://one.example/rss": ("Child one", ("World", "Parent")),
    "https://grand.example/rss": ("Grandchild", ("World", "Parent", "Deeper", "Late")),
    "https://after.example/rss": ("After", ()),
}


def test_the_outlines_inside_a_feed_outline_are_imported_too(tmp_path: Path) -> None:
    """An outline with an xmlUrl was taken as a feed and whatever it held was skipped: its children were lost
    without a word. They are imported, the feed's title a folder for them as a plain folder's is."""
    from feeds.opml import read_opml
    from feeds.subscribe import import_feeds

    opml = tmp_path / "nested.opml"
    opml.write_text(FEED_WITH_CHILDREN, encoding="utf-8")
    with Store(tmp_path / "data") as store:
        result = import_feeds(store, read_opml(opml))
        assert len(result.added) == 4 and result.skipped == []
        assert {f.url: (f.title, f.tags) for f in store.feeds()} == FEEDS_WITH_CHILDREN


def test_import_adds_the_feeds_inside_a_feed_outline(tmp_path: Path) -> None:
    opml = tmp_path / "nested.opml"
    opml.write_text(FEED_WITH_CHILDREN, encoding="utf-8")
    proc = newsdesk(tmp_path / "home", "import", str(opml))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported 4 feeds (1 of them listed twice or more"), proc.stdout
    with Store(tmp_path / "home", readonly=True) as store:
        assert {f.url: (f.title, f.tags) for f in store.feeds()} == FEEDS_WITH_CHILDREN
