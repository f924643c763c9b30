"""The duplicate groups written with the related index (feeds.related.saved_groups): a loaded index answers with
the very groups found over every story, on a generated store of 500 stories and two wires copying some, and finds
them again when its stories change or the file's groups were found by other rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import orjson

from feeds.enrich import RelatedService, add_stories
from feeds.model import story_id
from feeds.npz import write_aligned
from feeds.related import RelatedIndex
from feeds.related.saved_groups import ENDS, SLOTS
from feeds.store import Retention, Store
from tests.bench import stores
from tests.bench.common import Context


def _store(tmp_path: Path) -> Path:
    """The generated store, with two wires carrying copies of some of its stories. (Its own stories share only the
    generator's fixed sentences, which every feed repeats: no copies of one report, so no group of their own.)"""
    root = stores.build(Context(quick=True, work=tmp_path / "bench", verbose=False), "small")
    with Store(root, retention=Retention(max_per_feed=0)) as store:
        originals = [s for feed in store.feeds() for s in store.stories(feed.id)][::20]
        for n, every in enumerate((1, 3)):
            wire = store.add_feed(f"https://wire{n}.example/feed.xml", title=f"Wire {n}").id
            store.save_stories(
                wire,
                [
                    replace(
                        s, id=story_id(wire, guid=f"{n}-{s.id}"), feed_id=wire, published=s.published + 60
                    )
                    for s in originals[::every]
                ],
            )
    return root


def _found_again(root: Path) -> list[list[str]]:
    """Today's groups without any file: an index built from every story in memory, grouped when asked."""
    index = RelatedIndex()
    with Store(root, readonly=True) as store:
        add_stories(index, (s for feed in store.feeds() for s in store.stories(feed.id)))
    return index.duplicate_groups()


def test_a_loaded_index_answers_with_the_groups_found_over_every_story(tmp_path: Path) -> None:
    root = _store(tmp_path)
    with Store(root) as store:
        service = RelatedService(store)
        service.update()
        path = service.path
    with np.load(path) as data:
        assert {SLOTS, ENDS} <= set(data.files)
    loaded = RelatedIndex.load(path)
    assert "groups" in loaded._cache and not loaded.stale_layout  # from the file, not found again
    expected = _found_again(root)
    assert len(expected) > 10 and any(len(g) > 2 for g in expected)
    assert loaded.duplicate_groups() == expected
    for group in expected:
        assert loaded.group_of(group[-1]) == group
    first = expected[0][0]
    loaded.remove([first])
    assert "groups" not in loaded._cache  # changed: found again, never the file's
    assert all(first not in group for group in loaded.duplicate_groups())


def test_groups_found_by_other_rules_are_found_again_and_saved(tmp_path: Path) -> None:
    root = _store(tmp_path)
    with Store(root) as store:
        service = RelatedService(store)
        service.update()
        path = service.path
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    header = orjson.loads(arrays["header"].tobytes())
    header["groups"] = "another version"
    arrays["header"] = np.frombuffer(orjson.dumps(header), dtype=np.uint8)
    arrays[SLOTS] = arrays[SLOTS][::-1].copy()  # what the other rules grouped: not this version's groups
    with path.open("wb") as out:
        write_aligned(out, arrays)
    stale = RelatedIndex.load(path)
    assert stale.stale_layout and "groups" not in stale._cache
    assert stale.duplicate_groups() == _found_again(root)
    with Store(root) as store:
        RelatedService(store).load_or_build()  # rewritten once, with this version's groups
    again = RelatedIndex.load(path)
    assert not again.stale_layout and "groups" in again._cache
    assert again.duplicate_groups() == _found_again(root)
