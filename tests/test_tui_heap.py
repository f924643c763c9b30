"""The reader gives the C heap's free pages back once its background builds end (``trim_heap``, called by
``settle_heap``): building the indexes frees tens of MB in pieces between live objects, which glibc's allocator
would otherwise keep for the life of the process. Measured by resident memory, with wide margins."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import until
from tests.snapshot_apps.stores import NOW
from tui.app import make_app, trim_heap, tune_heap
from tui.config import Config

pytestmark = pytest.mark.anyio
GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def anonymous_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no RssAnon in /proc/self/status")


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim"
)
def test_freed_heap_between_live_blocks_goes_back_to_the_system() -> None:
    blocks = [
        bytes(4000) for _ in range(25_000)
    ]  # 100 MB of blocks too large for Python's small-object arenas
    keep = blocks[::16]  # every 16th stays: the heap cannot shrink from its top by itself
    del blocks
    gc.collect()
    before = anonymous_mb()
    assert trim_heap()
    after = anonymous_mb()
    assert before - after > 40, (before, after)
    assert len(keep) == 1563  # still there, and still readable
    assert all(len(b) == 4000 for b in keep)


def test_trimming_is_harmless_to_call_again() -> None:
    first = trim_heap()
    assert trim_heap() == first


# In a process of its own: the threshold is the whole process's, and glibc moves it as blocks are freed.
FREED_BLOCK = """
import sys
from tui.app import tune_heap

def anonymous_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024

if sys.argv[1] == "tuned":
    assert tune_heap(building=True)
first = bytearray(16 << 20)
del first  # untuned, glibc now maps only blocks over 16 MiB for themselves
base = anonymous_mb()
block = bytearray(8 << 20)
block[:: 4096] = bytes(len(block[:: 4096]))  # every page touched
del block
print(anonymous_mb() - base)
"""


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt")
def test_a_large_block_freed_goes_back_to_the_system_once_the_heap_is_tuned() -> None:
    def kept_mb(mode: str) -> float:
        root = Path(__file__).resolve().parent.parent
        out = subprocess.run(
            [sys.executable, "-c", FREED_BLOCK, mode], cwd=root, capture_output=True, text=True, check=True
        )
        return float(out.stdout)

    assert kept_mb("untuned") > 6  # glibc's own rule: the freed 8 MB stay resident
    assert kept_mb("tuned") < 2


async def test_the_reader_runs_where_the_c_library_cannot_be_reached(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python built without ctypes (no libffi) cannot reach mallopt or malloc_trim: the heap is left as the C
    library keeps it and the reader runs on; an ImportError at the first paint or after a build ended it."""
    import feeds.heap

    monkeypatch.setitem(sys.modules, "ctypes", None)  # `import ctypes` raises ImportError, as there
    monkeypatch.setattr(feeds.heap, "_trim", None)  # as in a fresh process: malloc_trim not looked up yet
    assert tune_heap(building=True) is False and trim_heap() is False
    app = make_app(sample_store, Config(), clock=lambda: NOW, freeze_gc=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            await until(
                pilot, lambda: screen.groups_ready
            )  # the last build ended: settle_heap(idle=True) ran
            await pilot.press("j")
            assert app.is_running and screen.story_list.cursor == 1
    finally:
        gc.unfreeze()
