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

from tui.app import trim_heap

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
