"""The command line's reader leaves what it has loaded out of the cyclic GC's full walks (``gc.freeze``).

Over a 50k-story store the full collections walked the loaded stories and indexes and stalled the reader for
200-450 ms at a time (the figures are in the README; speed is measured by scripts, never here). What is tested:
the reader freezes at its first paint and again once its indexes are built, only when asked (a test process or
any other host keeps its own collector as it is), and reads on as before. In a child process, so the freeze
cannot leak into the test session's collector.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import asyncio, gc, sys
from pathlib import Path
from tests.snapshot_apps.stores import STANDARD, build_store
from tui.app import make_app
from tui.config import Config

store, _ids = build_store(Path(sys.argv[1]), STANDARD)
app = make_app(store, Config(), freeze_gc=sys.argv[2] == "freeze")
seen = []

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen.append(gc.get_freeze_count())
        screen = app.main_screen
        for _ in range(200):  # the enrichment pass ends (it freezes again), then a key still moves the cursor
            if screen._related_ready:
                break
            await pilot.pause(0.05)
        pane = app.focused
        before = pane.cursor
        await pilot.press("j")
        seen.append(pane.cursor - before)
        seen.append(screen._related_ready)

asyncio.run(main())
store.close()
print(*seen)
"""


def _run(tmp_path: Path, mode: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / mode), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split()


def test_the_command_lines_reader_freezes_what_it_loaded(tmp_path: Path) -> None:
    frozen, moved, ready = _run(tmp_path, "freeze")
    assert int(frozen) > 0
    assert moved == "1" and ready == "True"


def test_other_hosts_keep_their_collector_as_it_is(tmp_path: Path) -> None:
    frozen, moved, _ready = _run(tmp_path, "keep")
    assert frozen == "0" and moved == "1"


HELD = r"""
import asyncio, gc, sys
from pathlib import Path
import tui  # as the console script loads it: held back from here
from tests.snapshot_apps.stores import STANDARD, build_store
from tui.app import make_app
from tui.config import Config

seen = [tui.gc_held(), gc.isenabled()]
store, _ids = build_store(Path(sys.argv[1]), STANDARD)
app = make_app(store, Config(), freeze_gc=True)

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen.extend([gc.isenabled(), tui.gc_held(), gc.get_freeze_count() > 0])
        pane = app.focused
        before = pane.cursor
        await pilot.press("j")
        seen.append(pane.cursor - before)

asyncio.run(main())
store.close()
print(*seen)
"""


def _as_the_console_script(tmp_path: Path, code: str, data: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` from a file named ``newsdesk``, as the installed command runs (tui/__init__.py knows it by
    that name), in a child process so nothing of it reaches the test session's collector."""
    script = tmp_path / "bin" / "newsdesk"
    script.parent.mkdir()
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.run(
        [sys.executable, str(script), str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_the_collector_is_held_back_until_the_readers_first_paint(tmp_path: Path) -> None:
    """Its passes over the objects of the start-up (Textual's imports, the stories' headers) cost about a tenth of
    the CPU time to the first paint. At the paint, what is loaded is frozen and the collector runs again."""
    proc = _as_the_console_script(tmp_path, HELD, tmp_path / "data")
    held, enabled, painted_enabled, still_held, frozen, moved = proc.stdout.split()
    assert held == "True" and enabled == "False"
    assert painted_enabled == "True" and still_held == "False" and frozen == "True"
    assert moved == "1"


COMMAND = r"""
import gc, sys
import tui.cli

held = gc.isenabled()
seen = []
sys.argv = ["newsdesk", "--data-dir", sys.argv[1], "feeds"]
original = tui.cli.cmd.feeds
def feeds(args):
    seen.append(gc.isenabled())
    return original(args)
tui.cli.cmd.feeds = feeds
code = tui.cli.main()
print(held, *seen, gc.isenabled(), code, file=sys.stderr)
"""


def test_a_command_runs_with_the_collector(tmp_path: Path) -> None:
    """Only the reader's start-up goes without it: a command gets it back as soon as it is known."""
    proc = _as_the_console_script(tmp_path, COMMAND, tmp_path / "data")
    assert proc.stderr.split()[-4:] == ["False", "True", "True", "0"], proc.stderr[-2000:]
