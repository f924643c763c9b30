"""A crash (SIGKILL) during an enrichment pass loses no re-read of the related index: a story edited by a refresh
whose new names were stored before the kill is read again by the next start, though that start's pass finds it
named already. Real store and index files; a real child process killed at a point keyed to its progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.enrich import RelatedService, enrich
from feeds.refresh import refresh
from feeds.store import Store
from tests.feedgen import make_feed
from tests.test_crash import run_and_kill
from tests.test_related_cancelled import neighbours, rewrite_as

STORIES = 30


def add_feeds(store: Store, feed_dir: Path, numbers: range) -> None:
    for n in numbers:
        path = feed_dir / f"feed{n}.xml"
        path.write_bytes(make_feed(n, STORIES))
        store.add_feed(str(path), title=f"Feed {n:02}")
    refresh(store)


def loaded(store: Store, path: Path | None = None) -> RelatedService:
    """The related index as a start loads it (or, at ``path``, as one builds it from the store now)."""
    service = RelatedService(store)
    service.path = path or service.path
    service.load_or_build()
    return service


@pytest.mark.parametrize("jitter", [0.0, 0.15])
def test_sigkill_after_a_feeds_names_are_stored_loses_no_related_reread(
    tmp_path: Path, jitter: float
) -> None:
    feed_dir = tmp_path / "feeds"
    feed_dir.mkdir()
    store_dir = tmp_path / "store"
    with Store(store_dir) as store:
        add_feeds(store, feed_dir, range(0, 100, 99))  # "Feed 00" is named first, "Feed 99" last
        enrich(store, RelatedService(store))  # every story named and in the saved index
        first, last = store.feeds()[0].id, store.feeds()[-1].id
        edited, model = store.headers(first)[0].id, store.headers(last)[0].id
        assert model not in neighbours(loaded(store), edited)  # nothing in common yet
        rewrite_as(store, edited, model)  # a refresh's edit: the index still holds the old text
        add_feeds(store, feed_dir, range(1, 9))  # work for the pass after the first feed
    assert not RelatedService(store).pending_path.exists()

    lines = run_and_kill("enrich", store_dir, 1, jitter, counted=("named",))
    assert "named 1" in lines and "done" not in lines, lines  # killed after the first feed's names, mid-pass

    with Store(store_dir) as store:
        assert store.story(edited).entities is not None  # type: ignore[union-attr]  # stored before the kill
        assert any(store.story(h.id).entities is None for h in store.headers())  # type: ignore[union-attr]
        assert neighbours(loaded(store, tmp_path / "fresh.npz"), edited)[:1] == [model]  # as the store is now
        service = RelatedService(store)  # the next start
        enrich(store, service)
        assert neighbours(service, edited)[:1] == [model]  # the index read the edited story again
        assert not service.pending_path.exists()
    with Store(store_dir) as store:
        assert neighbours(loaded(store), edited)[:1] == [model]  # and saved so
