"""Duplicate groups in the story list: a group collapses into one row with its count, opens under it and folds
again, is marked read as one, and its keys are in the help and can be rebound.

The store is the demo feeds plus an aggregator's reprint of one report (see :mod:`tests.dupes_demo`), so the
Starliner report makes a group of three and China's parade a pair.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.store import Store
from tests import dupes_demo, httpserver
from tests.dupes_demo import SIZE, grouped, kind, reader, row_text, the_groups
from tests.httpserver import FeedServer
from tests.snapshot_apps.demo_store import KEEP_ALL
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk
from tui.app import make_app
from tui.config import Config
from tui.widgets.dupe_groups import MEMBER, PLAIN

pytestmark = pytest.mark.anyio
reprint_root, root, store = dupes_demo.reprint_root, dupes_demo.root, dupes_demo.store
feed_server = httpserver.feed_server


async def test_duplicates_collapse_into_one_row_with_their_count(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = app.main_screen.story_list
        total = len(store.headers())
        assert len(stories.rows) == total  # the first paint shows every story, ungrouped
        assert await grouped(pilot, app) is stories
        groups = the_groups(stories)
        sizes = sorted(len(ids) for ids in groups.values())
        assert sizes == [2, 3], groups
        assert len(stories.rows) == total - (3 - 1) - (2 - 1)
        assert len(stories.all_rows) == total
        (three,) = [i for i, ids in groups.items() if len(ids) == 3]
        assert "aggregator-starliner" in groups[three]
        assert "×3" in row_text(stories, three)
        (two,) = [i for i, ids in groups.items() if len(ids) == 2]
        assert "×2" in row_text(stories, two)
        shown = {h.id for h in stories.rows}
        assert len(shown & set(groups[three])) == 1  # the other copies hide under the group's row


async def test_a_group_expands_under_its_row_and_collapses_again(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        members = the_groups(stories)[three]
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("z")
        assert len(stories.rows) == collapsed + 2
        assert [h.id for h in stories.rows[three : three + 3]] == members
        assert [kind(stories, i) for i in range(three, three + 3)] == [3, MEMBER, MEMBER]
        assert "↳" in row_text(stories, three + 1) and "×" not in row_text(stories, three + 1)
        assert "▾" in row_text(stories, three)
        await pilot.press("j", "z")  # from a member row, z folds its group back
        assert len(stories.rows) == collapsed
        assert stories.cursor == three
        assert "▾" not in row_text(stories, three)


async def test_the_group_read_key_marks_every_copy_read_on_disk(root: Path, store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        members = the_groups(stories)[three]
        assert not any(store.is_read(i) for i in members)
        assert row_text(stories, three).lstrip().startswith("●")
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("M")
        await pilot.pause()
        assert not row_text(stories, three).lstrip().startswith("●")
        others = [h.id for h in stories.all_rows if h.id not in members]
        assert not any(store.is_read(i) for i in others)
    store.close()
    reopened = Store(root, retention=KEEP_ALL)
    try:
        assert all(reopened.is_read(i) for i in members)
        assert not any(reopened.is_read(i) for i in others)
    finally:
        reopened.close()


async def test_a_story_without_duplicates_is_a_plain_row(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        plain = next(i for i in range(len(stories.rows)) if kind(stories, i) == PLAIN)
        header = stories.rows[plain]
        assert "×" not in row_text(stories, plain) and "↳" not in row_text(stories, plain)
        assert stories.group_size(header.id) == 1
        stories.move_cursor(plain)
        stories.focus()
        before = list(stories.rows)
        await pilot.press("z")
        assert stories.rows == before
        assert stories.current == header
        await pilot.pause()
        assert "No copies of this story in this list." in [n.message for n in app._notifications]


def test_a_group_with_one_copy_in_the_list_is_a_plain_row() -> None:
    from feeds.model import StoryHeader
    from tui.widgets.dupe_groups import collapse, membership

    rows = [StoryHeader(i, "f", i, "", "", float(-n)) for n, i in enumerate(["a", "b", "c", "d"])]
    groups = membership([["b", "d"], ["c", "elsewhere"]])
    view = collapse(rows, groups)
    assert [h.id for h in view.rows] == ["a", "b", "c"]
    assert view.kinds == [PLAIN, 2, PLAIN]
    opened = collapse(rows, groups, {"b"})
    assert [h.id for h in opened.rows] == ["a", "b", "d", "c"]
    assert opened.kinds == [PLAIN, 2, MEMBER, PLAIN]
    assert collapse(rows, {}).kinds is None


async def test_the_group_keys_are_in_help_and_can_be_rebound(store: Store) -> None:
    app = make_app(store, Config(mark_read_on_open=False, keymap={"group.toggle": "t"}), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        stories = await grouped(pilot, app)
        (three,) = [i for i, ids in the_groups(stories).items() if len(ids) == 3]
        collapsed = len(stories.rows)
        stories.move_cursor(three)
        stories.focus()
        await pilot.press("t")
        assert len(stories.rows) == collapsed + 2
        await pilot.press("question_mark")
        rows = {row.id: row for row in app.screen.rows}  # type: ignore[attr-defined]
        assert rows["group.toggle"].keys == "t" and rows["group.mark_read"].keys == "M"
        assert "copies" in rows["group.toggle"].tooltip and "read" in rows["group.mark_read"].tooltip


async def test_a_feeds_story_listed_twice_one_copy_empty_is_one_row(
    tmp_path: Path, shared_data: Path, feed_server: FeedServer
) -> None:
    """A Portuguese feed lists "Match Eleitoral já soma ..." twice, once with no text and once with its blurb
    behind a redirect link: served from 127.0.0.1 and added with the installed command, the two are one ×2 row.
    The feed's other stories, all with different headlines, stay rows of their own."""
    feed_server.set("/uol.rss", (shared_data / "feeds" / "news" / "uol-noticias_pt.rss").read_bytes())
    assert newsdesk(tmp_path, "add", feed_server.url("/uol.rss")).returncode == 0
    store = Store(tmp_path, retention=KEEP_ALL)
    try:
        match = [h.id for h in store.headers() if h.title.startswith("Match Eleitoral")]
        assert len(match) == 2 and {len(store.story(i).text) > 0 for i in match} == {True, False}  # type: ignore[union-attr]
        app = reader(store)
        async with app.run_test(size=SIZE) as pilot:
            stories = await grouped(pilot, app)
            groups = the_groups(stories)
            assert sorted(map(sorted, groups.values())) == [sorted(match)]
            ((row, _ids),) = groups.items()
            assert "Match Eleitoral" in row_text(stories, row) and "×2" in row_text(stories, row)
            assert len(stories.rows) == len(store.headers()) - 1
    finally:
        store.close()
