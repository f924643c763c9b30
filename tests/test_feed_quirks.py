"""Real-world feed quirks through the whole path: served from 127.0.0.1, refreshed into a real store, read back.

Each test is a quirk met in the wild that once lost stories or piled up copies of one: podcasts whose episodes
are nothing but their audio, items that all link to one page, guids that change on every fetch, and servers
that label their bodies wrongly.
"""

from __future__ import annotations

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
