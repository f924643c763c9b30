"""The data folder becomes read-only while the reader runs (a file system remounted read-only after an error, a
backup tool's snapshot): every write fails in words, nothing stored is lost, and the reader keeps answering.
A real store on a small tmpfs in a private mount namespace (see :mod:`tests.small_disk`), made read-only by a
read-only bind mount of the data folder over itself; the reader through Pilot."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.store import Store
from tests.small_disk import SmallDisk, snapshot
from tests.snapshot_apps import messages, reader, settled, until
from tests.snapshot_apps.stores import build_store

pytestmark = pytest.mark.anyio


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    small = SmallDisk(tmp_path / "disk", size=16 << 20)
    if small.kind != "tmpfs" or shutil.which("nsenter") is None:
        small.close()
        pytest.skip("needs a tmpfs in a mount namespace of our own (root and nsenter)")
    yield small
    small.close()


def make_read_only(disk: SmallDisk, folder: Path) -> None:
    """Bind ``folder`` over itself read-only, in the namespace that holds the small disk: files open now stay
    writable (as after a remount), every new file and rename fails with EROFS."""
    holder = disk._holder
    assert holder is not None
    inside = str(disk.mountpoint / folder.relative_to(disk.path))
    for args in (["--bind", inside, inside], ["-o", "remount,ro,bind", inside]):
        done = subprocess.run(
            ["nsenter", "-t", str(holder.pid), "-m", "mount", *args], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


async def test_marks_and_bookmarks_on_a_folder_made_read_only_are_notices(disk: SmallDisk) -> None:
    root = disk.path / "data"
    store, _ids = build_store(root)
    app = reader(store, mark_read_on_open=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await settled(pilot, app)  # the passes write the store: done before the snapshot and the mount
        first = screen.story_list.rows[0]
        before = snapshot(root)
        make_read_only(disk, root)
        await pilot.press("m", "b")
        await pilot.pause()
        said = messages(app)
        assert [m for m in said if m.startswith("Cannot mark the story")], said
        assert [m for m in said if m.startswith("Cannot change the bookmark")], said
        assert all("read-only" in m for m in said if m.startswith("Cannot"))
        assert not store.is_read(first.id) and not store.is_bookmarked(first.id)
        await pilot.press("slash", *"rail")  # search still answers; its index cannot be saved and need not be
        await until(pilot, lambda: screen._shown_query == "rail" and screen.search_result is not None)
        assert [h.title for h in screen.story_list.rows] == ["Rail strike called off after overnight deal"]
        assert app.is_running
    store.close()
    assert snapshot(root) == before
    with Store(root, readonly=True) as again:
        assert len(again.headers()) == len(store.headers())
