"""Snapshots of names in the reader, on the demo feeds: the seed story about Xi and Kim with its names
highlighted by type (colour plus a second cue) under the legend, and the pivot of every story naming Kim Jong Un.

Update after a deliberate change with ``pytest tests/test_tui_entity_snapshots.py --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.snapshot_apps.entity_app import entity_app, open_xi_kim, pivot_of

SIZE = (140, 45)
Snap = Callable[..., bool]
pytestmark = pytest.mark.usefixtures("utc")  # story dates in UTC: tests/conftest.py


def test_highlighted_story(snap_compare: Snap, tmp_path: Path) -> None:
    """Xi Jinping and Kim Jong Un as people, Beijing and North Korea as places, Xinhua as an organisation."""
    assert snap_compare(entity_app(tmp_path / "demo"), run_before=open_xi_kim(), terminal_size=SIZE)


def test_pivot_of_kim_jong_un(snap_compare: Snap, tmp_path: Path) -> None:
    """Every demo story naming him, newest first, with the per-day sparkline and the names seen with him."""
    assert snap_compare(entity_app(tmp_path / "demo"), run_before=pivot_of("Kim Jong Un"), terminal_size=SIZE)
