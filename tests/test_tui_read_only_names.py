"""A ``--read-only`` reader's related index takes in the names the copy that writes stores after a refresh.

The copy indexes the stories the writer's refresh brings as they come; the writer's enrichment stores the names
found in them a little later (the bodies files alone change). The copy's index kept those stories without their
names for good: the sidebar never said what they share. The real app through Pilot on a read-only store and a
real writing store on the same folder; the reader looks every tenth of a second here, and each test waits, in a
bounded loop, for the change to show."""

from __future__ import annotations

import pytest

from feeds.model import Entity
from feeds.related.held import holds_names
from feeds.store import Store
from tests import read_only_copy
from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import NOW
from tests.test_store import make_story

pytestmark = pytest.mark.anyio
stores = read_only_copy.stores
look_often = read_only_copy.look_often  # every test: the copy looks often
SIZE = (120, 40)
NAME = "Quokka Marlowe"


def named(text: str) -> tuple[Entity, ...]:
    start = text.index(NAME)
    return (Entity(start, start + len(NAME), "PER", NAME, "quokka marlowe"),)


async def test_names_the_writer_stores_after_its_refresh_reach_the_related_index(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    writer, copy, ids = stores
    app = reader(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        texts = [
            f"{NAME} opened the lighthouse museum on the northern harbour wall after a long restoration.",
            f"Crowds queued at the restored lighthouse museum that {NAME} opened on the harbour wall.",
        ]
        first = make_story(ids["atlas"], 81, published=NOW, title="Lighthouse museum opens", text=texts[0])
        second = make_story(
            ids["harbour"], 82, published=NOW, title="Queues at lighthouse museum", text=texts[1]
        )
        writer.save_stories(ids["atlas"], [first], now=NOW)  # a refresh: the stories come without names
        writer.save_stories(ids["harbour"], [second], now=NOW)
        index = screen.related_service.index
        await until(pilot, lambda: first.id in index and second.id in index)
        suggested = {s.id: s for s in index.related(first.id)}
        assert second.id in suggested and suggested[second.id].shared_entities == ()  # alike by words alone
        assert holds_names(index, first.id) is False

        writer.set_entities(ids["atlas"], {first.id: (named(texts[0]), "test")})  # the enrichment pass
        writer.set_entities(ids["harbour"], {second.id: (named(texts[1]), "test")})

        def shares_the_name() -> bool:
            found = {s.id: s for s in screen.related_service.index.related(first.id)}
            return second.id in found and NAME in found[second.id].shared_entities

        await until(pilot, shares_the_name)
        index = screen.related_service.index
        assert holds_names(index, first.id) and holds_names(index, second.id)
        assert len(index) == len(copy.headers())  # the others as they were: no story lost or doubled
        assert app.is_running


def test_only_the_stories_indexed_without_the_names_now_stored_are_analysed_again(
    stores: tuple[Store, Store, dict[str, str]],
) -> None:
    """:meth:`RelatedService.named_since` picks, in the feeds whose bodies the writer replaced, the stories the
    index holds with no name and the store now names: not one still without names, not one indexed with them."""
    from feeds.enrich import RelatedService

    writer, copy, ids = stores
    atlas = ids["atlas"]
    texts = [f"{NAME} spoke at the opening of the new tram line number {n}." for n in range(3)]
    stories = [make_story(atlas, 90 + n, published=NOW + n, text=text) for n, text in enumerate(texts)]
    writer.save_stories(atlas, stories[:1], now=NOW)
    writer.set_entities(atlas, {stories[0].id: (named(texts[0]), "test")})  # named before the copy saw it
    writer.save_stories(atlas, stories[1:], now=NOW)
    related = RelatedService(copy)
    related.update()
    assert [holds_names(related.index, s.id) for s in stories] == [True, False, False]
    writer.set_entities(atlas, {stories[1].id: (named(texts[1]), "test")})
    news = copy.follow_writer()
    assert news.named == {atlas}
    again = related.named_since(news.named)
    assert again == [stories[1].id]
    assert related.update(again) == 1
    assert [holds_names(related.index, s.id) for s in stories] == [True, True, False]


def test_a_story_found_tagged_without_a_name_is_not_read_again_until_it_is_edited(
    stores: tuple[Store, Store, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """:meth:`RelatedService.named_since` read every story the index holds without a name on each look that found
    its feed's bodies replaced: one in another language, or too short to name anyone, for good. Once read tagged
    without a name it is passed over (its body is not read) until an edit, which may bring names, changes it."""
    from dataclasses import replace

    from feeds.enrich import RelatedService

    writer, copy, ids = stores
    atlas = ids["atlas"]
    texts = [f"{NAME} cut the ribbon at the new ferry terminal number {n}." for n in range(2)]
    named_one, nameless = (make_story(atlas, 95 + n, published=NOW + n, text=t) for n, t in enumerate(texts))
    writer.save_stories(atlas, [named_one, nameless], now=NOW)
    related = RelatedService(copy)
    related.update()
    writer.set_entities(atlas, {named_one.id: (named(texts[0]), "test"), nameless.id: ((), "test")})
    assert related.named_since(copy.follow_writer().named) == [named_one.id]
    related.update([named_one.id])

    read: list[str] = []
    story = copy.story
    monkeypatch.setattr(copy, "story", lambda story_id: read.append(story_id) or story(story_id))
    other = make_story(atlas, 97, published=NOW + 2, text=f"{NAME} sailed on the first ferry.")
    writer.save_stories(atlas, [other], now=NOW)  # a refresh, then its enrichment: the bodies replaced twice
    writer.set_entities(atlas, {other.id: (named(other.text), "test")})
    news = copy.follow_writer()
    related.update(news.new)
    assert related.named_since(news.named) == [] and nameless.id not in read

    edited = replace(nameless, text=f"{NAME} opened it, the ferry company said.", content_hash="edited")
    writer.save_stories(atlas, [edited], now=NOW)
    writer.set_entities(atlas, {edited.id: (named(edited.text), "test")})
    assert related.named_since(copy.follow_writer().named) == [edited.id]
