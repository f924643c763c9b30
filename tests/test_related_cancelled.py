"""The related index follows a story edited by a refresh even when the enrichment pass that stored the story's
new names was cancelled before it updated the index (a refresh ended and started the next pass, or the reader
quit): the next pass, in this run or the next, reads the story again. Real store, real index files."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from feeds.enrich import RelatedService, enrich
from feeds.store import Store
from tests.snapshot_apps.demo_store import story_titled

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


@pytest.fixture
def store(demo_copy: Store) -> Store:
    return demo_copy


class CancelOnceNamed(threading.Event):
    """A pass's cancel flag that goes up as soon as the store holds names for ``story_id``: the moment a
    refresh's end (or quitting) cancels a pass that has just stored them."""

    def __init__(self, store: Store, story_id: str) -> None:
        super().__init__()
        self.store, self.story_id = store, story_id

    def is_set(self) -> bool:
        story = self.store.story(self.story_id)
        return super().is_set() or (story is not None and story.entities is not None)


def rewrite_as(store: Store, story_id: str, model_id: str) -> None:
    """A refresh brings an edit of ``story_id``: its text is now that of ``model_id`` (another feed's story)."""
    story, model = store.story(story_id), store.story(model_id)
    assert story is not None and model is not None and story.feed_id != model.feed_id
    edited = dataclasses.replace(
        story, text=model.text, content_hash="edited", entities=None, entities_model=""
    )
    assert store.save_stories(story.feed_id, [edited]).updated == [story_id]


def neighbours(service: RelatedService, story_id: str) -> list[str]:
    return [s.id for s in service.index.related(story_id, 8)]


@pytest.mark.parametrize("next_pass", ["in the same run", "after a restart"])
def test_an_edit_whose_index_update_was_cancelled_is_read_by_the_next_pass(
    store: Store, next_pass: str
) -> None:
    service = RelatedService(store)
    enrich(store, service)
    edited = story_titled(store, XI_KIM)
    model = next(
        h.id for h in store.headers() if "Starliner" in h.title and h.feed_id != store.feed_of(edited)
    )
    assert model not in neighbours(service, edited)  # the two have nothing in common yet
    rewrite_as(store, edited, model)

    cancel = CancelOnceNamed(store, edited)
    enrich(store, service, cancel=cancel)
    assert cancel.is_set()  # the pass stopped after storing the story's names
    assert store.story(edited).entities is not None  # type: ignore[union-attr]

    if next_pass == "after a restart":
        service = RelatedService(store)
    enrich(store, service)
    fresh = RelatedService(store)
    fresh.path = store.root / "fresh.npz"  # built from the store as it is now
    fresh.load_or_build()
    assert neighbours(fresh, edited)[:1] == [model]
    assert neighbours(service, edited)[:1] == [model]  # the index reads the story as it is now
    reopened = RelatedService(store)
    reopened.load_or_build()
    assert neighbours(reopened, edited)[:1] == [model]  # and saved so
    assert not reopened.pending_path.exists()
