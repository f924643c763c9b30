"""Feed tags are one whatever their case, as bookmark tags are: `newsdesk tag A News` and `tag B news` made two
groups in the feed list, "News" and "news", and `tag C News news` gave one feed both. The feeds come from a real
HTTP server on 127.0.0.1, the commands are the installed `newsdesk`, the store is a real one in a temp folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.snapshot_apps import reader
from tests.test_cli import newsdesk
from tui.widgets.sources import feed_entries, feeds_of, stories_of

feed_server = httpserver.feed_server
pytestmark = pytest.mark.anyio


def _rss(name: str) -> str:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
        f"<item><guid>{name}-1</guid><title>A story of {name}</title><description>Text.</description></item>"
        "</channel></rss>"
    )


def _subscribed(home: Path, server: FeedServer, *names: str) -> dict[str, str]:
    """Each name's feed added with the installed command: name -> feed id."""
    ids = {}
    for name in names:
        server.set(f"/{name}.xml", _rss(name))
        proc = newsdesk(home, "add", server.url(f"/{name}.xml"))
        assert proc.returncode == 0, proc.stderr
    for feed in json.loads(newsdesk(home, "feeds", "--json").stdout):
        ids[feed["title"]] = feed["id"]
    return ids


def _groups(home: Path) -> dict[str, list[str]]:
    """The feed list's groups: label -> the ids of the feeds it shows."""
    with Store(home, readonly=True) as store:
        return {
            e.label: sorted(f.id for f in feeds_of(store, e.key) or [])
            for e in feed_entries(store)
            if e.kind == "group"
        }


def test_two_spellings_of_a_tag_are_one_group_named_as_first_spelled(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "data"
    ids = _subscribed(home, feed_server, "Alpha", "Beta", "Gamma")
    for name, tag in (("Alpha", "News"), ("Beta", "news"), ("Gamma", "NEWS")):
        assert newsdesk(home, "tag", ids[name], tag).returncode == 0
    assert _groups(home) == {"News": sorted(ids.values())}
    with Store(home, readonly=True) as store:  # each feed keeps its tag as typed: nothing rewritten
        assert [store.get_feed(ids[n]).tags for n in ("Alpha", "Beta", "Gamma")] == [  # type: ignore[union-attr]
            ("News",),
            ("news",),
            ("NEWS",),
        ]
        assert len(stories_of(store, "tag:news")) == 3  # the group's list, named in any case


def test_one_feed_given_a_tag_twice_in_two_cases_keeps_the_first(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "data"
    ids = _subscribed(home, feed_server, "Alpha")
    proc = newsdesk(home, "tag", ids["Alpha"], "World", "News", "news", "WORLD")
    assert proc.returncode == 0 and proc.stdout.strip().endswith("tags World, News"), proc.stdout
    feed_server.set("/Beta.xml", _rss("Beta"))
    assert (
        newsdesk(home, "add", feed_server.url("/Beta.xml"), "--tag", "Tech", "--tag", "tech").returncode == 0
    )
    tags = {f["title"]: f["tags"] for f in json.loads(newsdesk(home, "feeds", "--json").stdout)}
    assert tags == {"Alpha": ["World", "News"], "Beta": ["Tech"]}


def test_an_opml_import_with_both_spellings_gives_one_group(tmp_path: Path, feed_server: FeedServer) -> None:
    for name in ("Alpha", "Beta", "Gamma"):
        feed_server.set(f"/{name}.xml", _rss(name))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline text="News"><outline type="rss" text="Alpha" xmlUrl="{feed_server.url("/Alpha.xml")}"/>'
        "</outline>"
        f'<outline text="news"><outline type="rss" text="Beta" xmlUrl="{feed_server.url("/Beta.xml")}"/>'
        "</outline>"
        f'<outline type="rss" text="Gamma" category="NEWS,news,World" xmlUrl="{feed_server.url("/Gamma.xml")}"/>'
        "</body></opml>"
    )
    home = tmp_path / "data"
    assert newsdesk(home, "import", str(opml)).returncode == 0
    assert list(_groups(home)) == [
        "News",
        "World",
    ]  # Gamma's World is a group too: a feed is in each of its tags
    tags = {f["title"]: f["tags"] for f in json.loads(newsdesk(home, "feeds", "--json").stdout)}
    assert tags == {"Alpha": ["News"], "Beta": ["news"], "Gamma": ["NEWS", "World"]}


def test_a_store_holding_both_spellings_reads_as_one_group_and_loses_none(tmp_path: Path) -> None:
    """A store written before: one feed with "News" and "news", another with "news". Read as one group, and kept
    as it is on disk (no rewrite on opening); replacing the tags, in either case, is how one goes."""
    home = tmp_path / "data"
    with Store(home) as store:
        first = store.add_feed("https://a.example/rss", title="Alpha")
        second = store.add_feed("https://b.example/rss", title="Beta")
        store.update_feed(replace(first, tags=("News", "news")))  # as an older newsdesk let a feed have
        store.update_feed(replace(second, tags=("news",)))
    before = {p.name: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert _groups(home) == {"News": sorted([first.id, second.id])}
    assert {p.name: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before
    with Store(home, readonly=True) as store:
        assert store.get_feed(first.id).tags == ("News", "news")  # type: ignore[union-attr]
    assert newsdesk(home, "tag", first.id, "news").returncode == 0  # the other spelling gone
    assert newsdesk(home, "tag", second.id).returncode == 0  # no tags: out of the group
    assert _groups(home) == {"news": [first.id], "Other": [second.id]}


async def test_the_reader_shows_one_group_row_with_every_feed_of_either_spelling(tmp_path: Path) -> None:
    with Store(tmp_path / "data") as store:
        for name, tag in (("Alpha", "News"), ("Beta", "news"), ("Gamma", "World")):
            store.add_feed(f"https://{name.lower()}.example/rss", title=name, tags=[tag])
        app = reader(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            rows = [
                (row.kind, row.label) for row in app.main_screen.feed_list.feed_rows if row.kind != "virtual"
            ]
            assert rows == [
                ("group", "News"),
                ("feed", "Alpha"),
                ("feed", "Beta"),
                ("group", "World"),
                ("feed", "Gamma"),
            ]
