"""Searching on a full disk: the search index is derived data, so a disk too full to save it must not stop a
search. A real store on a small real file system filled to the last byte (see :mod:`tests.small_disk`) and the
installed command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.small_disk import SmallDisk, snapshot
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
