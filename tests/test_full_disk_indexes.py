"""Searching on a full disk: the search index is derived data, so a disk too full to save it must not stop a
search. A real store on a small real file system filled to the last byte (see :mod:`tests.small_disk`) and the
installed command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.small_disk import FULL, SmallDisk, snapshot
from tests.snapshot_apps.stores import build_store
from tests.test_full_disk import newsdesk

RAIL = "Rail strike called off after overnight deal"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    small = SmallDisk(tmp_path / "disk")
    yield small
    small.close()


def test_search_answers_on_a_full_disk(disk: SmallDisk, tmp_path: Path) -> None:
    root = disk.path / "data"
    build_store(root)[0].close()  # no search index saved yet: the command builds one, and cannot keep it
    before = snapshot(root)
    disk.fill()
    found = newsdesk(disk, tmp_path / "home", "search", "rail")
    assert "Traceback" not in found.stderr
    assert found.returncode == 0, found.stderr
    assert RAIL in found.stdout
    assert snapshot(root) == before  # nothing written, no temporary file left
    disk.free()
    again = newsdesk(disk, tmp_path / "home", "search", "rail")
    assert again.returncode == 0 and RAIL in again.stdout
    assert (root / "index" / "search.idx").is_file()  # saved once there is room


@pytest.mark.anyio
async def test_related_stories_show_when_names_cannot_be_stored(disk: SmallDisk, demo_root: Path) -> None:
    """A full disk stops the names from being stored (said in one notice), but the related stories are found
    from the stories as stored: the sidebar used to say "Finding related stories…" for as long as the reader ran."""
    import shutil

    from feeds.store import Store
    from tests.snapshot_apps import messages, reader, until
    from tests.snapshot_apps.demo_store import story_titled
    from tui.widgets.enrich_panes import RelatedPane

    root = disk.path / "data"
    shutil.copytree(demo_root, root)  # refreshed, no names yet: the first pass must store them, and cannot
    store = Store(root)
    disk.fill()
    app = reader(store)
    with disk.writes_blocked():
        async with app.run_test(size=(140, 45)) as pilot:
            screen = app.main_screen
            said = "Could not find names and related stories"
            await until(pilot, lambda: any(m.startswith(said) for m in messages(app)))
            await until(pilot, lambda: not any(w.group == "enrich" for w in app.workers))
            screen.open_story_id(
                story_titled(store, "Xi assures Kim Jong Un of China's steadfast support in Beijing")
            )
            await pilot.press("L")
            await pilot.pause()
            pane = screen.query_one("#related", RelatedPane)
            assert pane.rows, [str(o.prompt) for o in pane._options]
            assert len([m for m in messages(app) if m.startswith(said)]) == 1
    store.close()


@pytest.mark.parametrize("command", ["related", "entity", "entities"])
def test_names_commands_answer_on_a_full_disk(
    disk: SmallDisk, demo_root: Path, tmp_path: Path, command: str
) -> None:
    """`related`, `entity` and `entities` store the names the stories lack before they answer: on a full disk
    they failed with "could not save ..." and answered nothing. They answer from names found in memory (what
    they answer with room), and say in one line that the names could not be saved."""
    import shutil

    from feeds.store import Store
    from tests.snapshot_apps.demo_store import story_titled
    from tests.test_cli import newsdesk as roomy_newsdesk

    roomy, root = tmp_path / "roomy", disk.path / "data"
    shutil.copytree(demo_root, roomy)  # refreshed, no names yet
    shutil.copytree(demo_root, root)
    with Store(roomy, readonly=True) as store:
        xi_kim = story_titled(store, "Xi assures Kim Jong Un of China's steadfast support in Beijing")
    args = {"related": (command, xi_kim), "entity": (command, "kim jong un"), "entities": (command, xi_kim)}
    expected = roomy_newsdesk(tmp_path / "home", "--data-dir", str(roomy), *args[command])
    assert expected.returncode == 0 and "Kim Jong Un" in expected.stdout, expected.stderr
    before = snapshot(root)
    disk.fill()
    full = newsdesk(disk, tmp_path / "home", *args[command])
    assert (full.returncode, full.stdout) == (0, expected.stdout), full.stderr
    [said] = [
        line for line in full.stderr.splitlines() if line.startswith("newsdesk:")
    ]  # `entity` counts too
    assert re.fullmatch(
        rf"newsdesk: the names could not be saved \(could not save [^\n]*({FULL})[^\n]*\); they were found for"
        " this answer alone",
        said,
    ), said
    assert snapshot(root) == before  # nothing written, no temporary file left
