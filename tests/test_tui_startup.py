"""The reader's first paint waits on nothing it does not need: no HTTP client, no feed parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import asyncio, sys
from pathlib import Path
from feeds.store import Store
from tui.app import make_app
from tui.config import Config

async def main() -> None:
    store = Store(Path(sys.argv[1]))
    app = make_app(store, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.main_screen.story_list.is_mounted
    store.close()

asyncio.run(main())
heavy = sorted(m for m in ("httpx", "feedparser", "feeds.refresh", "feeds.fetch", "feeds.parse") if m in sys.modules)
print(",".join(heavy) or "none")
"""


def test_the_reader_starts_without_the_refresh_machinery(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"
