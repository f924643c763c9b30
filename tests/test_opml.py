"""OPML import and export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from feeds.opml import OPMLError, export_opml, parse_opml
from feeds.store import DuplicateFeed, Store
from feeds.subscribe import import_feeds
from feeds.text import MAX_TITLE

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="World">
    <outline text="Europe">
      <outline type="rss" text="Alpha" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>
    </outline>
    <outline type="rss" text="Beta" xmlUrl="https://b.example/rss"/>
  </outline>
  <outline type="rss" text="Gamma" title="Gamma Times" xmlUrl="https://c.example/atom"/>
  <outline type="rss" text="Alpha again" xmlUrl="https://a.example/rss"/>
</body></opml>"""


def test_nested_outlines_become_tags_and_duplicates_are_skipped() -> None:
    feeds = parse_opml(NESTED)
    assert [(f.url, f.title, f.tags) for f in feeds] == [
        ("https://a.example/rss", "Alpha", ("World", "Europe")),
        ("https://b.example/rss", "Beta", ("World",)),
        ("https://c.example/atom", "Gamma Times", ()),
    ]
    assert feeds[0].site_url == "https://a.example/"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (NESTED[:-40], "not well-formed XML at line"),
        (b"<rss><channel/></rss>", "not an OPML file"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b'<!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>', "entities"),
    ],
)
def test_broken_opml_is_refused_whole(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(OPMLError, match=reason):
        parse_opml(data)


def test_export_then_import_into_fresh_store_gives_same_feeds_and_tags(tmp_path: Path) -> None:
    with Store(tmp_path / "one") as one:
        import_feeds(one, parse_opml(NESTED))
        exported = export_opml(one.feeds())
        before = {(f.url, f.title, f.tags) for f in one.feeds()}
    ET.fromstring(exported)  # well-formed OPML 2.0 any reader can load
    assert b'version="2.0"' in exported
    with Store(tmp_path / "two") as two:
        result = import_feeds(two, parse_opml(exported))
        assert len(result.added) == 3
        assert {(f.url, f.title, f.tags) for f in two.feeds()} == before
        again = import_feeds(two, parse_opml(exported))
        assert again.added == [] and len(again.skipped) == 3


def test_deeply_nested_folders_do_not_exhaust_the_stack() -> None:
    depth = 5000  # Python's recursion limit is 1000: a recursive walk raised RecursionError
    data = (
        b"<opml version='2.0'><body>"
        + b"<outline text='f'>" * depth
        + b"<outline xmlUrl='https://deep.example/rss' text='Deep'/>"
        + b"</outline>" * depth
        + b"<outline xmlUrl='https://after.example/rss' text='After'/></body></opml>"
    )
    feeds = parse_opml(data)
    assert [f.url for f in feeds] == ["https://deep.example/rss", "https://after.example/rss"]
    assert feeds[0].tags == ("f",) and feeds[1].tags == ()


HOSTILE = """<opml version="2.0"><body>
  <outline text="[bold]World[/] &#x9b;31m&#x9d;52;c;eA==&#x9c;">
    <outline xmlUrl="https://a.example/rss" text="Al&#x202e;pha&#x200b; &#x85;news" category="x,&#x9b;2Jy"/>
  </outline>
  <outline xmlUrl="https://b.example/rss" text="{long}"/>
</body></opml>""".format(long="T" * 100_000).encode()


def test_imported_titles_and_tags_are_cleaned_and_bounded(tmp_path: Path) -> None:
    """OPML is foreign text: C1 controls (CSI, OSC), bidi overrides and zero-width characters went into the
    store and out to the terminal with `newsdesk feeds`; a 100,000-character title was kept whole."""
    with Store(tmp_path / "s") as store:
        import_feeds(store, parse_opml(HOSTILE))
        alpha, beta = sorted(store.feeds(), key=lambda f: f.url)
    assert alpha.title == "Alpha news"
    assert alpha.tags == ("[bold]World[/]", "x", "y")  # CSI and OSC gone whole, markup literal
    assert len(beta.title) <= MAX_TITLE


def test_addresses_a_feed_cannot_have_are_not_imported(tmp_path: Path) -> None:
    """An OPML file from elsewhere subscribed to whatever it named: javascript: and data: addresses (failing
    on every refresh), and relative or ~ paths, which each refresh then read from the user's own files."""
    outlines = [
        ("https://ok.example/rss", True),
        ("http://127.0.0.1:8080/feed.xml", True),
        ("file:///srv/feeds/local.xml", True),  # newsdesk's own export of a local feed
        ("/srv/feeds/other.xml", True),
        ("javascript:alert(1)", False),
        ("data:text/xml,&lt;rss/&gt;", False),
        ("relative/feed.xml", False),
        ("~/.bashrc", False),
        ("http://[::1", False),
        ("https://", False),
        ("ftp://old.example/feed", False),
        ("https://ok.example/a&#10;b", False),  # a newline inside
    ]
    body = "".join(f'<outline text="f{n}" xmlUrl="{url}"/>' for n, (url, _) in enumerate(outlines))
    data = f"<opml version='2.0'><body>{body}</body></opml>".encode()
    with Store(tmp_path / "s") as store:
        result = import_feeds(store, parse_opml(data))
        assert sorted(f.url for f in store.feeds()) == sorted(u for u, ok in outlines if ok)
        assert len(result.invalid) == sum(not ok for _, ok in outlines)


def test_a_large_import_is_added_whole_with_its_site_urls(tmp_path: Path) -> None:
    """Import adds every feed with one insert (one at a time, TinyDB rebuilt its whole table for each, and
    each site URL was one more pass: 20,000 feeds took 100 s). What is stored is the same."""
    count = 3000
    outlines = "".join(
        f'<outline text="F{n}" xmlUrl="https://f{n}.example/rss" htmlUrl="https://f{n}.example/"/>'
        for n in range(count)
    )
    data = f"<opml version='2.0'><body><outline text='All'>{outlines}</outline></body></opml>".encode()
    with Store(tmp_path / "s") as store:
        result = import_feeds(store, parse_opml(data))
        assert len(result.added) == count and len({f.id for f in result.added}) == count
    with Store(tmp_path / "s") as store:  # on disk, not only in memory
        feeds = {f.url: f for f in store.feeds()}
    assert len(feeds) == count
    some = feeds["https://f1234.example/rss"]
    assert (some.title, some.tags, some.site_url) == ("F1234", ("All",), "https://f1234.example/")


def test_add_feeds_refuses_a_duplicate_before_adding_any(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.add_feed("https://a.example/rss")
        with pytest.raises(DuplicateFeed):
            store.add_feeds([("https://b.example/rss", "B", (), ""), ("https://a.example/rss", "A", (), "")])
        with pytest.raises(DuplicateFeed):
            store.add_feeds([("https://c.example/rss", "C", (), ""), ("https://c.example/rss", "C", (), "")])
        assert [f.url for f in store.feeds()] == ["https://a.example/rss"]
