"""The parser on every feed in ../shared/data/feeds: real news feeds and the edge cases of five parser projects.

MANIFEST.tsv records what feedparser found in each file (``entries``); we must find at least as many stories,
except where a file holds repeated or empty items (justified one by one in ``FEWER`` below).
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import feedparser
import pytest

from feeds.parse import ParsedFeed, parse_feed
from feeds.wide_xml import stray_bytes_read
from feeds.xmlfeed import run_feedparser

from .conftest import SHARED_DATA

FEEDS = SHARED_DATA / "feeds"
NOW = 1_800_000_000.0


def _files(folder: str) -> list[str]:
    where = FEEDS / folder
    return sorted(f"{folder}/{p.name}" for p in where.iterdir() if p.is_file()) if where.is_dir() else []


NEWS = _files("news")
EDGE = _files("edge")

#: Files where we rightly keep fewer stories than feedparser has entries: the exact count we keep, and why.
FEWER = {
    # Each is a feedparser test of which <id> wins; both entries carry the same id, so they are one story.
    "edge/fp_wellformed__node_precedence__atom10_id.xml": 1,
    "edge/fp_wellformed__node_precedence__atom10_title.xml": 1,
    # (edge/nb_atom10_feed_authors.xml and edge/nb_items_without_titles.xml repeat one id on entries with other
    # links and titles: each is a story, see feeds.parse._shared_guids.)
    # Ten empty <item /> elements nested inside the real items: nothing to show, dropped.
    "edge/nfp_illegally-nested.xml": 10,
    # feedparser's tests of single elements: the only entries hold none of title, link, id, text, date or
    # author, so there is nothing to list or read. We drop such entries (a broken feed's stray <item/>s too).
    "edge/rp_incomplete-fields.atom": 0,  # an empty <author></author>
    "edge/fp_illformed__geo__georss_point_no_coords.xml": 0,  # georss:point
    "edge/fp_illformed__geo__georss_polygon_insufficient_coords.xml": 0,  # georss:polygon
    "edge/fp_illformed__geo__gml_point.xml": 0,  # gml:Point
    "edge/fp_wellformed__itunes__itunes_item_duration.xml": 0,  # itunes:duration
    "edge/fp_wellformed__media-rss__item_media_category_multiple.xml": 0,  # media:category
    "edge/fp_wellformed__media-rss__item_media_category_scheme1.xml": 0,  # media:category
    "edge/fp_wellformed__namespace__unknown-namespace.xml": 0,  # an element of an unknown namespace
    "edge/fp_wellformed__rss__item_expirationDate.xml": 0,  # expirationDate
    "edge/fp_wellformed__rss__item_expirationDate_multiple_values.xml": 0,  # expirationDate
    "edge/fp_wellformed__node_precedence__atom10_arbitrary_element.xml": 0,  # an unknown element, twice
    # The document ends inside the first item's title ("<![CD"): feedparser records an empty entry; we report
    # the XML error instead.
    "edge/fp_illformed__rss_incomplete_cdata.xml": 0,
}

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _manifest() -> dict[str, dict[str, str]]:
    path = FEEDS / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["local"]: row for row in csv.DictReader(handle, delimiter="\t")}


MANIFEST = _manifest()


def _parse(shared_data: Path, name: str) -> ParsedFeed:
    return _parse_cached(str(shared_data / "feeds" / name))


@functools.cache
def _parse_cached(path: str) -> ParsedFeed:
    """Each file parsed once per test process: several tests look at the same result."""
    return parse_feed(Path(path).read_bytes(), "shared", url="", now=NOW)


@pytest.mark.shared
@pytest.mark.parametrize("name", NEWS + EDGE)
def test_every_file_gives_stories_or_words(shared_data: Path, name: str) -> None:
    feed = _parse(shared_data, name)
    if feed.stories:
        assert len({s.id for s in feed.stories}) == len(feed.stories)
        for story in feed.stories:
            assert story.title and "\n" not in story.title
            assert not _UNSAFE.search(story.title + story.text + story.author + story.link)
            assert story.link == "" or story.link.startswith(("http://", "https://"))
            assert all(link.startswith(("http://", "https://")) for link in story.links)
            assert story.published > 0 and story.published <= NOW + 86_400
    elif feed.error:
        assert re.match(r"[a-zA-Z]", feed.error) and "Traceback" not in feed.error
    else:
        # a well-formed feed with no items (feedparser's own tests of channel-level elements) is a feed, not
        # an error: it has a kind, and the file has no item or entry for us to have missed
        assert feed.kind, f"{name}: no stories, no error and no kind"
        assert MANIFEST[name]["entries"] == "0" or FEWER.get(name) == 0


@pytest.mark.shared
@pytest.mark.parametrize("name", NEWS)
def test_news_feeds_give_clean_stories(shared_data: Path, name: str) -> None:
    feed = _parse(shared_data, name)
    assert feed.title and feed.kind and feed.stories and not feed.error
    for story in feed.stories:
        assert story.title.strip() == story.title and story.title
        assert not _TAG.search(story.title), story.title
        assert not _TAG.search(story.text), story.text[:300]
        assert "&lt;" not in story.text and "&amp;" not in story.title
        assert story.link.startswith(("http://", "https://"))


@pytest.mark.shared
@pytest.mark.parametrize("name", [n for n in EDGE if n.endswith(".json")])
def test_json_feeds_in_edge(shared_data: Path, name: str) -> None:
    feed = _parse(shared_data, name)
    if name in {"edge/gofeed_invalid.json", "edge/rsp_allthis-partial.json"}:  # broken JSON (truncated)
        assert feed.error.startswith("not a feed: invalid JSON at line")
    elif name == "edge/rsp_ScriptingNews.json":  # RSS-in-JSON, not JSON Feed
        assert feed.error == "not a feed: JSON without JSON Feed fields (version, items)"
    else:
        assert feed.kind.startswith("json") and feed.stories and not feed.error
        assert all(s.title and s.id for s in feed.stories)


@pytest.mark.shared
@pytest.mark.parametrize("name", [n for n in NEWS + EDGE if int(MANIFEST.get(n, {}).get("entries") or 0) > 0])
def test_at_least_as_many_stories_as_feedparser_entries(shared_data: Path, name: str) -> None:
    feed = _parse(shared_data, name)
    if name in FEWER:
        assert len(feed.stories) == FEWER[name]
    else:
        assert len(feed.stories) >= int(MANIFEST[name]["entries"])


@pytest.mark.shared
@pytest.mark.parametrize("name", NEWS + [n for n in EDGE if not n.endswith(".json")])
def test_our_feedparser_driver_matches_feedparser(shared_data: Path, name: str) -> None:
    """Buffered expat and the plain-dict content parameters must not change what feedparser finds. feedparser
    is given the bytes as our driver reads them: stray Windows-1252 bytes in UTF-8 read as such (see
    feeds.wide_xml.stray_bytes_read), where feedparser read the whole document in another encoding."""
    body = (shared_data / "feeds" / name).read_bytes()
    ours = run_feedparser(body, "", "")
    theirs = feedparser.parse(stray_bytes_read(body, ""), sanitize_html=False, resolve_relative_uris=False)
    assert ours["entries"] == theirs["entries"]
    assert (ours.get("version") or "") == (theirs.get("version") or "")
