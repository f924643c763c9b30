"""Shared fixtures: where the shared data lives, and temporary data folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The shared data folder beside the project; tests that need it skip with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (CI has it beside the clone)")
    return SHARED_DATA
