"""Enrichment: entities extracted once per model version, and the related index persisted and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds import entities as ner
from feeds.enrich import RelatedService, enrich, extract_missing, index_path
from feeds.model import Entity
from feeds.store import Store
from tests.snapshot_apps.demo_store import story_titled

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


@pytest.fixture
def store(demo_root: Path, tmp_path: Path) -> Store:
    """A private copy of the refreshed demo store, so tests do not see each other's writes."""
    import shutil

    shutil.copytree(demo_root, tmp_path / "store")
    opened = Store(tmp_path / "store")
    yield opened
    opened.close()


def test_extraction_is_stored_once_and_spans_lie_on_the_text(store: Store) -> None:
    total = store.story_count()
    first = extract_missing(store)
    assert len(first) == total
    assert extract_missing(store) == []  # nothing redone while the model is the same
    story = store.story(story_titled(store, XI_KIM))
    assert story is not None and story.entities and story.entities_model == ner.MODEL_VERSION
    for e in story.entities:  # a headline's names lie on the title, the others on the text
        assert (story.title if e.title else story.text)[e.start : e.end] == e.text
    assert ner.entity_key("Kim Jong Un") in {e.key for e in story.entities}


def test_another_model_version_means_extracting_again(store: Store) -> None:
    extract_missing(store)
    sid = story_titled(store, XI_KIM)
    feed_id = store.feed_of(sid)
    assert feed_id is not None
    store.set_entities(feed_id, {sid: ((Entity(0, 2, "PER", "Xi", "xi"),), "old-model")})
    assert extract_missing(store) == [sid]
    story = store.story(sid)
    assert story is not None and story.entities_model == ner.MODEL_VERSION and len(story.entities or ()) > 1


def test_related_index_persists_and_loads(store: Store) -> None:
    service = RelatedService(store)
    enrich(store, service)
    path = index_path(store)
    assert path.is_file()
    sid = story_titled(store, XI_KIM)
    before = [s.id for s in service.index.related(sid)]
    assert before
    again = RelatedService(store)
    again.load_or_build()
    assert again.update() == 0  # everything was in the saved index
    assert [s.id for s in again.index.related(sid)] == before


def test_unusable_index_file_is_rebuilt(store: Store) -> None:
    path = index_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not an index")
    service = RelatedService(store)
    enrich(store, service)
    assert len(service.index) == store.story_count()
    assert RelatedService(store).load_or_build().related(story_titled(store, XI_KIM))


def test_demo_stories_of_one_event_find_each_other(store: Store) -> None:
    service = RelatedService(store)
    enrich(store, service)
    sid = story_titled(store, XI_KIM)
    suggestions = service.index.related(sid)
    titles = {store.story(s.id).title for s in suggestions}  # type: ignore[union-attr]
    assert "Kim Jong Un arrives in Beijing by armoured train" in titles
    shared = {name for s in suggestions for name in s.shared_entities}
    assert {"Kim Jong Un", "Xi Jinping"} <= shared


def test_new_stories_join_the_index(store: Store) -> None:
    """Stories that arrive after the index was built are added by the next update."""
    service = RelatedService(store)
    service.load_or_build()
    assert len(service.index) == store.story_count()
    fresh = Store(store.root.parent / "empty")
    try:
        service2 = RelatedService(fresh)
        assert len(service2.load_or_build()) == 0
        for feed in store.feeds():
            added = fresh.add_feed(feed.url)
            fresh.save_stories(added.id, list(store.stories(feed.id))[:1])
        assert service2.update() == len(store.feeds())
    finally:
        fresh.close()


def built(store: Store) -> RelatedService:
    """A service whose saved index holds every story of ``store`` (entities extracted first)."""
    service = RelatedService(store)
    enrich(store, service)
    assert len(service.index) == store.story_count()
    return service


def test_an_update_with_nothing_to_do_reads_no_story_body(store: Store) -> None:
    built(store)
    path = index_path(store)
    saved = path.read_bytes()
    root = store.root
    store.close()
    for body in (root / "bodies").glob("*.json"):  # any read of a body now fails loudly
        body.unlink()
        body.mkdir()
    reopened = Store(root)
    try:
        service = RelatedService(reopened)
        assert service.update() == 0
        assert len(service.index) == reopened.story_count()
    finally:
        reopened.close()
    assert path.read_bytes() == saved  # not saved again


def test_a_new_story_is_indexed_and_only_it(store: Store) -> None:
    import dataclasses

    built(store)
    sid = story_titled(store, XI_KIM)
    feed_id = store.feed_of(sid)
    old = store.story(sid)
    assert feed_id is not None and old is not None
    new = dataclasses.replace(old, id="fresh-story", link=old.link + "#fresh", content_hash="fresh")
    store.save_stories(feed_id, [old, new])
    service = RelatedService(store)
    assert "fresh-story" not in service.load_or_build()
    assert service.update() == 1
    assert "fresh-story" in service.index
    assert RelatedService(store).load_or_build().related("fresh-story")  # saved, and near its twin


def test_a_changed_story_is_read_again(store: Store) -> None:
    service = built(store)
    sid = story_titled(store, XI_KIM)
    assert "Kim Jong Un" in {name for s in service.index.related(sid) for name in s.shared_entities}
    feed_id = store.feed_of(sid)
    assert feed_id is not None
    store.set_entities(feed_id, {sid: ((), ner.MODEL_VERSION)})  # the story now names nobody
    again = RelatedService(store)
    assert again.update([sid]) == 1
    assert not {name for s in again.index.related(sid) for name in s.shared_entities}


def test_purged_stories_leave_the_index_and_a_bookmarked_one_stays(store: Store) -> None:
    """Kept, purged stories took the places of live suggestions (the sidebar skips them, so it showed fewer
    than it could) and the index grew with every refresh for good. A bookmarked story whose feed is removed
    stays: the sidebar still opens its copy."""
    from feeds.store_saving import Retention

    built(store)
    sid = story_titled(store, XI_KIM)
    feed_id = store.feed_of(sid)
    assert feed_id is not None
    kept = store.headers(feed_id)[0]
    gone = [h.id for h in store.headers(feed_id)[1:]]
    assert gone
    store.retention = Retention(max_per_feed=1)
    store.save_stories(feed_id, [s for s in store.stories(feed_id) if s.id == kept.id])
    assert store.headers(feed_id) == [kept]
    other = next(f.id for f in store.feeds() if f.id != feed_id)
    marked, *removed = [h.id for h in store.headers(other)]
    store.bookmark(marked)
    store.remove_feed(other)
    service = RelatedService(store)
    assert service.update() == 0
    assert not [g for g in [*gone, *removed] if g in service.index]
    assert kept.id in service.index and marked in service.index
    again = RelatedService(store)  # and saved so
    again.load_or_build()
    assert len(again.index) == len(service.index) == store.story_count() + 1


def _many_stories_store(root: Path) -> Store:
    """Over one analysis batch of stories (4,096), in three feeds, each naming a few people; some long enough
    (over 128 distinct words) that pruning, which looks at a whole batch, has work to do."""
    import random

    from feeds.model import Story
    from feeds.store_saving import Retention

    rng = random.Random(7)
    vocab = [f"w{n}x{rng.randrange(10**6)}" for n in range(3000)]
    people = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"]
    store = Store(root, retention=Retention(max_per_feed=0))
    for feed_no in range(3):
        feed = store.add_feed(f"https://many{feed_no}.example/feed.xml", title=f"Many {feed_no}")
        stories = []
        for n in range(1400):
            size = 220 if n % 9 == 0 else 25
            person = people[n % len(people)]
            text = f"{person} said " + " ".join(rng.choice(vocab) for _ in range(size)) + "."
            start = 0
            ents = (Entity(start, start + len(person), "PER", person),)
            stories.append(
                Story(
                    id=f"s{feed_no}-{n}",
                    feed_id=feed.id,
                    title=" ".join(rng.choice(vocab) for _ in range(6)),
                    published=1_700_000_000.0 + n * 60 + feed_no,
                    text=text,
                    entities=ents,
                    entities_model=ner.MODEL_VERSION,
                )
            )
        store.save_stories(feed.id, stories)
    return store


def _arrays(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_a_build_a_batch_at_a_time_is_the_index_one_add_of_everything_builds(tmp_path: Path) -> None:
    from feeds.enrich import doc_of
    from feeds.related import RelatedIndex

    store = _many_stories_store(tmp_path / "many")
    try:
        assert store.story_count() > 4096
        service = RelatedService(store)
        built_by_batches = service.load_or_build()  # no file yet: built from the store, a batch at a time
        assert len(built_by_batches) == store.story_count()
        at_once = RelatedIndex()
        at_once.add([doc_of(s) for feed in store.feeds() for s in store.stories(feed.id)])
        at_once.save(tmp_path / "at-once.npz")
        assert _arrays(index_path(store)) == _arrays(tmp_path / "at-once.npz")
        sid = "s1-9"
        assert built_by_batches.related(sid) == at_once.related(sid)
    finally:
        store.close()


def test_a_first_update_builds_the_index_once(store: Store) -> None:
    """On a first start every story was just tagged: the build reads them tagged, and reads none of them again."""
    extracted = extract_missing(store)
    assert len(extracted) == store.story_count()
    service = RelatedService(store)
    assert service.update(extracted) == 0  # built from the store by this very call, entities included
    assert len(service.index) == store.story_count()
    sid = story_titled(store, XI_KIM)
    assert "Kim Jong Un" in {name for s in service.index.related(sid) for name in s.shared_entities}
    assert RelatedService(store).update(extracted) == len(extracted)  # a loaded index does read them again


def test_a_pass_that_tagged_lets_the_model_go_and_tagging_loads_it_again(store: Store) -> None:
    # The related index is built right after the tagging: a first start's peak of memory held the model for nothing.
    assert enrich(store, RelatedService(store))
    assert ner._default is None
    found = ner.extract("Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
    assert {e.key for e in found} >= {ner.entity_key("Angela Merkel"), ner.entity_key("Paris")}
    assert ner._default is not None
