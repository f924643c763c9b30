"""A real store filled from the bundled demo feeds (read as local files by the real refresh), for the entity
and related-stories tests: the demo reports the same events from several outlets, so neighbours exist."""

from __future__ import annotations

from pathlib import Path

from feeds.demo import demo_feed_files
from feeds.refresh import refresh
from feeds.store import Retention, Store

KEEP_ALL = Retention(max_per_feed=0, max_age_days=0)


def demo_store(root: Path) -> Store:
    """A store at ``root`` subscribed to every demo feed file and refreshed once (no network: local files)."""
    store = Store(root, retention=KEEP_ALL)
    for path in demo_feed_files():
        store.add_feed(str(path))
    results = refresh(store)
    failed = [r for r in results if r.outcome in ("failed", "gone")]
    assert not failed, failed
    return store


def story_titled(store: Store, title: str) -> str:
    """The id of the (first) stored story with exactly this title."""
    for header in store.headers():
        if header.title == title:
            return header.id
    raise KeyError(title)
