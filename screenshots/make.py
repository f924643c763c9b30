"""Render the reader's main views on the bundled demo feeds to SVG files in this folder.

    python screenshots/make.py

The real app on a real store (the demo feeds read by the real refresh), driven with Pilot at 120x40; the clock
is fixed so the ages shown do not change from day to day.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from feeds.demo import demo_feed_files  # noqa: E402
from feeds.refresh import refresh  # noqa: E402
from feeds.store import Retention, Store  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.config import Config  # noqa: E402

NOW = 1_760_000_000.0  # 2025-10-09: the demo's events are days to months old
SHOTS: list[tuple[str, tuple[int, int], list[str]]] = [
    ("main", (120, 40), []),
    ("story", (120, 40), ["down", "down", "enter"]),
    ("related", (120, 40), ["down", "down", "enter", "L"]),
    ("search", (120, 40), ["slash", *"kim beijing"]),
    ("help", (120, 40), ["question_mark"]),
    ("narrow", (80, 30), ["down", "enter"]),
]


async def shoot(store: Store, name: str, size: tuple[int, int], keys: list[str]) -> None:
    store.keep_reader_place("all", None)  # each shot starts as a first run does, not where the last one left
    app = make_app(store, Config(mark_read_on_open=False), clock=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.1)
        await pilot.pause(1.0)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp), retention=Retention(0, 0))
        for path in demo_feed_files():
            store.add_feed(str(path))
        refresh(store)
        for name, size, keys in SHOTS:
            asyncio.run(shoot(store, name, size, keys))
            print(HERE / f"{name}.svg")
        store.close()


if __name__ == "__main__":
    main()
