"""Fixtures of the reader tests of a read-only copy: a writing store and a read-only copy of its folder, and a
copy that looks at the folder often. A test module takes them by name (``stores = read_only_copy.stores``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps.stores import build_store
from tui.screens import read_only


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store, dict[str, str]]]:
    """(the writer, a read-only copy opened after it, the feed ids by spec key)."""
    writer, ids = build_store(tmp_path / "data")
    copy = Store(tmp_path / "data", readonly=True)
    yield writer, copy, ids
    copy.close()
    writer.close()


@pytest.fixture(autouse=True)
def look_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy looks at the folder every tenth of a second instead of every few seconds."""
    monkeypatch.setattr(read_only, "LOOK_EVERY", 0.1)
