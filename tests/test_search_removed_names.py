"""Which names are one person is decided by how many stories name each: stories removed from the store (their
feed removed, or purged) no longer count, though the search index only marks them removed until it next compacts
(the installed command and the reader's search service over a real store in a tmp dir)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds import entities as ner
from feeds.model import Entity, Story
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk


def named(feed_id: str, id: str, name: str, n: int) -> Story:
    title = f"{name} speaks at a forum"
    return Story(
        id=id,
        feed_id=feed_id,
        title=title,
        text=title,
        published=NOW - n * 3600.0,
        first_seen=NOW,
        entities=(Entity(0, len(name), "PER", name, " ".join(name.lower().split())),),
        entities_model=ner.MODEL_VERSION,
    )


def two_putins(root: Path) -> str:
    """Four stories name Vladimir Putin, one "Putin" alone; a second feed's four name an Igor Putin. Returns the
    second feed's id."""
    with Store(root) as store:
        wire = store.add_feed("https://wire.example/feed.xml", title="Wire")
        stories = [named(wire.id, f"vladimir-{n}", "Vladimir Putin", n) for n in range(4)]
        store.save_stories(wire.id, [*stories, named(wire.id, "alone", "Putin", 5)], now=NOW)
        other = store.add_feed("https://other.example/feed.xml", title="Other")
        store.save_stories(
            other.id, [named(other.id, f"igor-{n}", "Igor Putin", n) for n in range(4)], now=NOW
        )
        return other.id


def found(home: Path, query: str) -> set[str]:
    proc = newsdesk(home, "search", query, "--json")
    assert proc.returncode == 0, proc.stderr
    return {row["id"] for row in json.loads(proc.stdout)}


def test_a_removed_feeds_names_no_longer_decide_who_putin_is(tmp_path: Path) -> None:
    """With Igor Putin's feed removed, "Putin" alone is Vladimir Putin (he holds every story naming a Putin):
    `person:"Vladimir Putin"` listed the story saying "Putin" only once the index compacted, which four removed
    stories of nine do not make it do; till then the removed Igor's stories still held half the Putins."""
    other = two_putins(tmp_path)
    vladimir = {f"vladimir-{n}" for n in range(4)}
    assert found(tmp_path, 'person:"Vladimir Putin"') == vladimir  # two Putins: "Putin" alone is neither
    assert newsdesk(tmp_path, "remove", other).returncode == 0
    assert found(tmp_path, 'person:"Vladimir Putin"') == vladimir | {"alone"}
    with Store(tmp_path) as store:  # the index the command saved holds the removed stories, marked removed
        service = SearchService(store)
        service.open()
        assert service.index.stats()["dead"] == 4
        assert set(service.search('person:"Vladimir Putin"').ids) == vladimir | {"alone"}


def test_names_only_removed_stories_give_take_no_place_among_the_names_linked(tmp_path: Path) -> None:
    """`person:tayyip` links the first dozen names it finds to the names the pivot takes for them ("Recep Tayyip
    Erdogan" to "Erdogan" alone); twelve names of a removed feed's stories, found first, took every place."""
    with Store(tmp_path) as store:
        gone = store.add_feed("https://gone.example/feed.xml", title="Gone")
        store.save_stories(
            gone.id, [named(gone.id, f"g{n}", f"Tayyip Guest{n}", n) for n in range(12)], now=NOW
        )
        wire = store.add_feed("https://wire.example/feed.xml", title="Wire")
        stories = [named(wire.id, f"recep-{n}", "Recep Tayyip Erdogan", n) for n in range(4)]
        store.save_stories(wire.id, [*stories, named(wire.id, "alone", "Erdogan", 5)], now=NOW)
        service = SearchService(store)
        service.open()
        store.remove_feed(gone.id)
        service.settle()  # as the reader does after a change: the removed stories are marked removed
        assert service.index.stats()["dead"] == 12
        assert set(service.search("person:tayyip ").ids) == {f"recep-{n}" for n in range(4)} | {"alone"}
