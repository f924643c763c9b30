"""The demo feeds plus an aggregator that reprints one report, and the story-list helpers the duplicate-group
Pilot tests (``tests/test_tui_dupes*.py``) share.

The demo carries the same reports from several outlets (the Starliner crew's return, China's parade); a third
copy of the Starliner report, reprinted word for word by an aggregator, makes a group of three.

A test module binds the fixtures by name (importing them makes ruff report every test argument as shadowing an
unused import)::

    from tests import dupes_demo
    reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.style import Style
from textual.pilot import Pilot

from feeds.store import Store
from tests.snapshot_apps import reader as shared_reader
from tests.snapshot_apps import until
from tests.snapshot_apps.demo_store import KEEP_ALL, demo_store
from tui.app import NewsdeskApp
from tui.widgets.dupe_groups import PLAIN
from tui.widgets.story_list import StoryList

SIZE = (140, 60)


def _starliner(store: Store) -> str:
    for header in store.headers():
        if "Starliner" in header.title:
            return header.id
    raise KeyError("Starliner")


@pytest.fixture(scope="module")
def reprint_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-dupes")
    store = demo_store(root)
    original = store.story(_starliner(store))
    assert original is not None
    feed = store.add_feed("https://aggregator.example/feed.xml", title="Aggregator")
    reprint = dataclasses.replace(
        original,
        id="aggregator-starliner",
        feed_id=feed.id,
        link="https://aggregator.example/starliner",
        published=original.published + 3600,
        first_seen=original.first_seen + 3600,
        content_hash="aggregator-starliner",
        entities=None,
    )
    store.save_stories(feed.id, [reprint])
    store.close()
    return root


@pytest.fixture
def root(reprint_root: Path, tmp_path: Path) -> Path:
    shutil.copytree(reprint_root, tmp_path / "store")
    return tmp_path / "store"


@pytest.fixture
def store(root: Path) -> Iterator[Store]:
    opened = Store(root, retention=KEEP_ALL)
    yield opened
    opened.close()


def reader(store: Store) -> NewsdeskApp:
    return shared_reader(store, mark_read_on_open=False)


def row_text(stories: StoryList, index: int) -> str:
    return "".join(seg.text for seg in stories.render_row(index, 120, Style(), False))


def kind(stories: StoryList, index: int) -> int:
    kinds = stories._view.kinds
    return PLAIN if kinds is None else kinds[index]


async def grouped(pilot: Pilot[None], app: NewsdeskApp) -> StoryList:
    """The story list, once the duplicate groups (found in the background after start-up) are in."""
    stories = app.main_screen.story_list
    await until(pilot, lambda: stories._view.kinds is not None)
    return stories


def the_groups(stories: StoryList) -> dict[int, list[str]]:
    """Shown row index -> ids of the group it stands for, for every group row."""
    return {
        i: [h.id for h in stories._view.members[stories._view.key_of[h.id]]]
        for i, h in enumerate(stories.rows)
        if kind(stories, i) > 1
    }


def the_three(stories: StoryList) -> tuple[int, list[str]]:
    """The row of the group of three (the Starliner report) and its stories' ids, in list order."""
    ((row, ids),) = [(i, ids) for i, ids in the_groups(stories).items() if len(ids) == 3]
    return row, ids


def read_all_but(store: Store, unread: list[str]) -> None:
    store.set_read([h.id for h in store.headers() if h.id not in unread])


def opened_id(app: NewsdeskApp) -> str | None:
    story = app.main_screen.story_view.story
    return story.id if story is not None else None
