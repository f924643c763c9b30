"""Real-world feed quirks through the whole path: served from 127.0.0.1, refreshed into a real store, read back.

Each test is a quirk met in the wild that once lost stories or piled up copies of one: podcasts whose episodes
are nothing but their audio, items that all link to one page, guids that change on every fetch, and servers
that label their bodies wrongly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver

feed_server = httpserver.feed_server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data")
    yield s
    s.close()


def rss(items: str, title: str = "Quirks") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>{title}</title>{items}</channel></rss>"
    ).encode()


def refreshed(store: Store, feed_server: httpserver.FeedServer, path: str) -> list[str]:
    """Subscribe to ``path`` if need be, refresh, and return the feed's stored titles, sorted."""
    url = feed_server.url(path)
    if not any(f.url == url for f in store.feeds()):
        store.add_feed(url)
    results = refresh(store)
    assert all(r.outcome != "failed" for r in results), results
    return sorted(h.title for h in store.headers())


def test_episodes_that_are_only_their_audio_are_all_kept(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    audio = [feed_server.url(f"/audio/ep{n}.mp3") for n in range(3)]
    items = "".join(f'<item><enclosure url="{a}" type="audio/mpeg" length="1"/></item>' for a in audio)
    items += '<item><media:content url="/video/v1.mp4" type="video/mp4"/></item>'
    feed_server["/pod.xml"] = rss(items)
    titles = refreshed(store, feed_server, "/pod.xml")
    assert titles == sorted([*audio, feed_server.url("/video/v1.mp4")])  # not dropped as empty items
    links = {s.link for s in store.stories(store.feeds()[0].id)}
    assert links == set(titles)  # o plays each one
    ids = {h.id for h in store.headers()}
    assert refreshed(store, feed_server, "/pod.xml") == titles  # the same ids on the next fetch: no copies
    assert {h.id for h in store.headers()} == ids


def rotating(n: int, extra: str = "") -> bytes:
    """A feed whose generator puts the time of the request in every guid, as some do."""
    return rss(
        f'<item><guid isPermaLink="false">tag:gen,{n}:one</guid><title>Ferry timetable</title>'
        "<link>http://news.example/ferry</link><description>The new timetable.</description>"
        "<pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate></item>"
        f'<item><guid isPermaLink="false">tag:gen,{n}:two</guid><title>Bridge closed</title>'
        "<link>http://news.example/bridge</link><description>Closed on Sunday.</description></item>" + extra
    )


def test_guids_that_change_on_every_fetch_do_not_pile_up_copies(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed_server["/rotating.xml"] = rotating(1)
    assert refreshed(store, feed_server, "/rotating.xml") == ["Bridge closed", "Ferry timetable"]
    first = {h.title: h.id for h in store.headers()}
    store.set_read([first["Ferry timetable"]])
    for n in range(2, 5):
        feed_server["/rotating.xml"] = rotating(n)
        assert refreshed(store, feed_server, "/rotating.xml") == ["Bridge closed", "Ferry timetable"]
    assert {h.title: h.id for h in store.headers()} == first  # the same stories, marks kept
    assert store.is_read(first["Ferry timetable"])
    # A story that only shares a link with a stored one (a live blog's page) is a story of its own.
    live = "<item><guid>tag:gen,5:three</guid><title>Ferry: the live blog</title><link>http://news.example/ferry</link></item>"
    feed_server["/rotating.xml"] = rotating(5, live)
    assert refreshed(store, feed_server, "/rotating.xml") == [
        "Bridge closed",
        "Ferry timetable",
        "Ferry: the live blog",
    ]


def test_a_new_item_under_the_title_and_link_of_an_older_one_is_a_story_of_its_own(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """A feed that serves only its latest item, each week under the same title and link (a weekly thread, a
    status page) and a new guid and date: the new week took the stored story's id, so it replaced last week's
    text and showed as read, week after week. A story served again under a new guid keeps its date."""

    def week(n: int) -> bytes:
        return rss(
            f'<item><guid isPermaLink="false">tag:forum,2026:week-{n}</guid><title>Weekly thread</title>'
            f"<link>http://forum.example/weekly</link><description>Week {n}.</description>"
            f"<pubDate>Mon, {n:02d} Jun 2026 10:00:00 GMT</pubDate></item>"
        )

    feed_server["/weekly.xml"] = week(1)
    assert refreshed(store, feed_server, "/weekly.xml") == ["Weekly thread"]
    store.set_read([h.id for h in store.headers()])
    feed_server["/weekly.xml"] = week(8)
    assert refreshed(store, feed_server, "/weekly.xml") == ["Weekly thread", "Weekly thread"]
    newest = store.headers()[0]
    assert not store.is_read(newest.id)
    assert "Week 8." in store.story(newest.id).text


def test_a_feed_that_moves_from_rss_to_atom_keeps_its_stories(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    feed_server["/moving.xml"] = rss(
        "<item><title>Alpha</title><link>http://news.example/alpha</link><description>a</description></item>"
        "<item><title>Beta</title><guid>http://news.example/beta</guid><description>b</description></item>"
    )
    assert refreshed(store, feed_server, "/moving.xml") == ["Alpha", "Beta"]
    ids = {h.id for h in store.headers()}
    feed_server["/moving.xml"] = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quirks</title>'
        b"<id>tag:news.example,2026:feed</id><updated>2026-12-01T00:00:00Z</updated>"
        b'<entry><title>Alpha</title><id>tag:news.example,2026:alpha</id><link href="http://news.example/alpha"/>'
        b'<updated>2026-12-01T00:00:00Z</updated><content type="html">a</content></entry>'
        b'<entry><title>Beta</title><id>tag:news.example,2026:beta</id><link href="http://news.example/beta"/>'
        b'<updated>2026-12-01T00:00:00Z</updated><content type="html">b</content></entry></feed>'
    )
    assert refreshed(store, feed_server, "/moving.xml") == ["Alpha", "Beta"]
    assert {h.id for h in store.headers()} == ids


def home(*titles: str) -> bytes:
    """Items without guids that all link to the site's home page, as some small sites' feeds do."""
    return rss(
        "".join(
            f"<item><title>{t}</title><link>http://small.example/</link><description>About {t}.</description></item>"
            for t in titles
        )
    )


def test_json_feed_items_without_ids_that_share_one_url_are_each_kept(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    items = [
        {"url": "http://small.example/", "title": t, "content_text": f"About {t}."} for t in ("One", "Two")
    ]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    feed_server.set("/home.json", json.dumps(doc), content_type="application/feed+json")
    assert refreshed(store, feed_server, "/home.json") == ["One", "Two"]


def test_items_that_share_one_link_are_each_kept(store: Store, feed_server: httpserver.FeedServer) -> None:
    feed_server["/home.xml"] = home("One")
    assert refreshed(store, feed_server, "/home.xml") == ["One"]
    one = store.headers()[0].id
    store.set_read([one])
    feed_server["/home.xml"] = home("Three", "Two", "One")
    assert refreshed(store, feed_server, "/home.xml") == ["One", "Three", "Two"]  # not one story for the link
    assert store.is_read(one) and {h.title: h.id for h in store.headers()}["One"] == one
    ids = {h.id for h in store.headers()}
    feed_server["/home.xml"] = home("Three")  # alone with its link again: still Three, One is not overwritten
    assert refreshed(store, feed_server, "/home.xml") == ["One", "Three", "Two"]
    assert {h.id for h in store.headers()} == ids
    story = store.story(one)
    assert story is not None and story.text == "About One."


@pytest.mark.parametrize(
    ("route", "content_type"),
    [
        ("/unlabelled-gzip/wrapped", httpserver.RSS),  # a .xml.gz served as it is, without Content-Encoding
        ("/mislabelled/gzip/wrapped", httpserver.RSS),  # plain text said to be gzip
        ("/mislabelled/x-gzip/wrapped", httpserver.RSS),
        ("/mislabelled/deflate/wrapped", httpserver.RSS),
        ("/mislabelled/gzip/wrapped", "application/feed+json"),
        ("/unlabelled-gzip/wrapped", "application/feed+json"),
    ],
)
def test_a_body_whose_content_encoding_is_wrong_is_read(
    store: Store, feed_server: httpserver.FeedServer, route: str, content_type: str
) -> None:
    if "json" in content_type:
        body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "title": "Wrapped"}]}'
    else:
        body = rss("<item><title>Wrapped</title><link>http://news.example/wrapped</link></item>")
    feed_server.set("/wrapped", body, content_type=content_type)
    assert refreshed(store, feed_server, route) == ["Wrapped"]


def numbered(*numbers: int, atom: bool = False) -> bytes:
    """Items whose guids are plain numbers (no isPermaLink="false"): feedparser resolves them against the feed's
    address, so "1001" read from /numbered.xml was http://127.0.0.1:port/1001."""
    if atom:
        entries = "".join(
            f"<entry><title>Story {n}</title><id>{n}</id><updated>2026-12-01T00:00:00Z</updated></entry>"
            for n in numbers
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quirks</title>'
            f"<id>tag:numbered</id><updated>2026-12-01T00:00:00Z</updated>{entries}</feed>"
        ).encode()
    return rss(
        "".join(
            f"<item><title>Story {n}</title><guid>{n}</guid><description>n</description></item>"
            for n in numbers
        )
    )


@pytest.mark.parametrize("atom", [False, True])
@pytest.mark.parametrize("code", [301, 302])
def test_a_feed_that_moves_keeps_stories_whose_guids_are_not_addresses(
    store: Store, feed_server: httpserver.FeedServer, code: int, atom: bool
) -> None:
    feed_server["/numbered.xml"] = numbered(1001, 1002, atom=atom)
    assert refreshed(store, feed_server, "/numbered.xml") == ["Story 1001", "Story 1002"]
    ids = {h.title: h.id for h in store.headers()}
    store.set_read([ids["Story 1001"]])
    feed_server["/v2/numbered.xml"] = numbered(1003, 1002, 1001, atom=atom)
    feed_server.move("/numbered.xml", "/v2/numbered.xml", code)  # http to https, a new path: the same feed
    assert refreshed(store, feed_server, "/numbered.xml") == ["Story 1001", "Story 1002", "Story 1003"]
    assert {h.title: h.id for h in store.headers() if h.title != "Story 1003"} == ids
    assert store.is_read(ids["Story 1001"])


def test_stories_stored_under_the_ids_of_resolved_guids_keep_them(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Stores written before ids took guids as written hold ids made from the resolved guid: a refresh that
    finds the same items does not store them again."""
    from dataclasses import replace

    from feeds.model import story_id
    from feeds.parse import parse_feed

    feed_server["/numbered.xml"] = numbered(1001, 1002)
    feed = store.add_feed(feed_server.url("/numbered.xml"))
    parsed = parse_feed(numbered(1001, 1002), feed.id, url=feed.url)
    old = [replace(s, id=story_id(feed.id, feed_server.url(f"/{s.title[6:]}"))) for s in parsed.stories]
    store.save_stories(feed.id, old)
    before = {h.title: h.id for h in store.headers()}
    assert refreshed(store, feed_server, "/numbered.xml") == ["Story 1001", "Story 1002"]
    assert {h.title: h.id for h in store.headers()} == before


@pytest.mark.parametrize("broken", [False, True])
def test_guids_that_differ_by_a_character_reference_are_two_stories(
    store: Store, feed_server: httpserver.FeedServer, broken: bool
) -> None:
    """A guid is kept as written for ids; in a document that is not well-formed (read by feedparser's loose
    parser) a character reference such as &#1040; came as bytes and was left out, so "post-&#1040;" and
    "post-&#1041;" were one id and one of the two stories was lost, and a feed that broke one day stored its
    stories again under other ids."""
    items = "".join(
        f"<item><title>{t}</title><guid>post-&#{n};</guid></item>" for t, n in (("A", 1040), ("B", 1041))
    )
    feed_server["/refs.xml"] = rss(items)
    assert refreshed(store, feed_server, "/refs.xml") == ["A", "B"]
    ids = {h.title: h.id for h in store.headers()}
    if broken:  # a stray tag: the same items, read by the loose parser
        feed_server["/refs.xml"] = rss(items + "<br>")
        assert refreshed(store, feed_server, "/refs.xml") == ["A", "B"]
    assert {h.title: h.id for h in store.headers()} == ids


def test_two_guids_that_resolved_to_one_address_are_two_stories_after_all(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Guids "a" and "/a" were one id while ids took the resolved guid, so a store holds one story for the two;
    both now map to that stored id, and the second was lost on every refresh: it is a story of its own now."""
    from dataclasses import replace

    from feeds.model import story_id
    from feeds.parse import parse_feed

    body = rss(
        "<item><title>First</title><guid>a</guid><description>1</description></item>"
        "<item><title>Second</title><guid>/a</guid><description>2</description></item>"
    )
    feed_server["/twice.xml"] = body
    feed = store.add_feed(feed_server.url("/twice.xml"))
    first = parse_feed(body, feed.id, url=feed.url).stories[0]
    old_id = story_id(feed.id, feed_server.url("/a"))
    store.save_stories(feed.id, [replace(first, id=old_id)])
    assert refreshed(store, feed_server, "/twice.xml") == ["First", "Second"]
    assert {h.title: h.id for h in store.headers()}["First"] == old_id


def test_a_feed_added_through_a_temporary_redirect_keeps_its_links_and_stories(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Relative links are relative to where the body came from: `add` read them against the address typed."""
    from feeds.subscribe import subscribe

    items = "".join(f"<item><title>Item {n}</title><link>item{n}.html</link></item>" for n in (1, 2))
    feed_server["/sub/rel.xml"] = rss(items)
    feed, _saved = subscribe(store, feed_server.url("/redirect/302/sub/rel.xml"))
    links = sorted(s.link for s in store.stories(feed.id))
    assert links == [feed_server.url("/sub/item1.html"), feed_server.url("/sub/item2.html")]
    ids = {h.id for h in store.headers()}
    feed_server["/sub/rel.xml"] = rss(items + "<item><title>Item 3</title><link>item3.html</link></item>")
    assert refreshed(store, feed_server, "/redirect/302/sub/rel.xml") == ["Item 1", "Item 2", "Item 3"]
    assert ids < {h.id for h in store.headers()}


def test_json_feed_ids_of_blanks_are_no_ids(store: Store, feed_server: httpserver.FeedServer) -> None:
    """An id of blanks made every item one story: the first was kept and the others lost."""
    items = [{"id": " ", "url": f"http://news.example/{n}", "title": f"Item {n}"} for n in range(3)]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    feed_server.set("/blank-ids.json", json.dumps(doc), content_type="application/feed+json")
    assert refreshed(store, feed_server, "/blank-ids.json") == ["Item 0", "Item 1", "Item 2"]


def test_json_feed_items_with_ids_of_blanks_that_share_one_url_are_each_a_story(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """An id of blanks is no id, and items without ids that share one url are told apart by their titles: the
    two together made every item one story again."""
    items = [{"id": " ", "url": "http://news.example/live", "title": f"Update {n}"} for n in range(3)]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    feed_server.set("/blank-shared.json", json.dumps(doc), content_type="application/feed+json")
    assert refreshed(store, feed_server, "/blank-shared.json") == ["Update 0", "Update 1", "Update 2"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_json_feed_in_utf_16_or_32_with_its_bom_is_read(
    store: Store, feed_server: httpserver.FeedServer, encoding: str
) -> None:
    """Windows tools write JSON as UTF-16 with a BOM: "invalid JSON at line 1, column 1" before."""
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [{"id": "1", "title": "Caf\xe9"}],
    }
    text = json.dumps(doc, ensure_ascii=False)
    body = text.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + text.encode(encoding)
    feed_server.set("/wide.json", body, content_type="application/feed+json")
    assert refreshed(store, feed_server, "/wide.json") == ["Caf\xe9"]


def tagged(n: int, *items: tuple[str, str], fragment: bool = False) -> bytes:
    """Items without guids whose links carry campaign parameters that change on every fetch, as newsletter
    tools write them; ``items`` are (title, the link's own query or ""). ``fragment``: the tags are in the
    link's fragment, where some sites put them (Google Analytics reads them there when told to)."""
    tags = f"utm_source=rss&amp;utm_medium=feed&amp;utm_campaign=run{n}&amp;fbclid=x{n}&amp;mc_eid=e{n}"
    return rss(
        "".join(
            f"<item><title>{title}</title><link>http://news.example/story"
            + (f"{'?' + own if own else ''}#{tags}" if fragment else f"?{own + '&amp;' if own else ''}{tags}")
            + f"</link><description>About {title}.</description></item>"
            for title, own in items
        )
    )


@pytest.mark.parametrize("fragment", [False, True])
def test_links_whose_tracking_parameters_change_on_every_fetch_are_one_story(
    store: Store, feed_server: httpserver.FeedServer, fragment: bool
) -> None:
    feed_server["/tagged.xml"] = tagged(1, ("Ferry", "p=ferry"), ("Bridge", "p=bridge"), fragment=fragment)
    assert refreshed(store, feed_server, "/tagged.xml") == ["Bridge", "Ferry"]
    first = {h.title: h.id for h in store.headers()}
    store.set_read([first["Ferry"]])
    for n in (2, 3):
        feed_server["/tagged.xml"] = tagged(
            n, ("Ferry", "p=ferry"), ("Bridge", "p=bridge"), fragment=fragment
        )
        assert refreshed(store, feed_server, "/tagged.xml") == ["Bridge", "Ferry"]
    assert {h.title: h.id for h in store.headers()} == first
    assert store.is_read(first["Ferry"]) and not store.is_read(first["Bridge"])
    story = store.story(first["Ferry"])
    assert story is not None and "utm_campaign=run" in story.link  # the link opened is the feed's own


def test_links_that_differ_in_a_parameter_of_their_own_are_two_stories(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Only tracking parameters are set aside: ?id=1 and ?id=2 are two pages, even under one title."""
    for n in (1, 2, 3):
        feed_server["/daily.xml"] = tagged(n, ("Daily briefing", "id=1"), ("Daily briefing", "id=2"))
        assert refreshed(store, feed_server, "/daily.xml") == ["Daily briefing", "Daily briefing"]
    links = sorted(s.link.split("&")[0] for s in store.stories(store.feeds()[0].id))
    assert links == ["http://news.example/story?id=1", "http://news.example/story?id=2"]


def test_stories_stored_under_ids_of_tracked_links_keep_them(
    store: Store, feed_server: httpserver.FeedServer
) -> None:
    """Stores written before ids set tracking parameters aside hold ids made from the whole link: after the
    upgrade a refresh finds them again, read marks and all, and stores no copies."""
    from dataclasses import replace

    from feeds.model import story_id
    from feeds.parse import parse_feed

    feed = store.add_feed(feed_server.url("/tagged.xml"))
    body = tagged(1, ("Ferry", "p=ferry"), ("Bridge", ""))
    old = [
        replace(s, id=story_id(feed.id, "", s.link)) for s in parse_feed(body, feed.id, url=feed.url).stories
    ]
    assert all("utm_source" in s.link for s in old)
    store.save_stories(feed.id, old)
    before = {h.title: h.id for h in store.headers()}
    store.set_read([before["Ferry"]])
    for served in (1, 2, 3):  # the campaign values stored, then new ones
        feed_server["/tagged.xml"] = tagged(served, ("Ferry", "p=ferry"), ("Bridge", ""))
        assert refreshed(store, feed_server, "/tagged.xml") == ["Bridge", "Ferry"]
        assert {h.title: h.id for h in store.headers()} == before
        assert store.is_read(before["Ferry"]) and not store.is_read(before["Bridge"])
