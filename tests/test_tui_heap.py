"""The reader gives the C heap's free pages back once its background builds end (``trim_heap``, called by
``settle_heap``): building the indexes frees tens of MB in pieces between live objects, which glibc's allocator
would otherwise keep for the life of the process. Measured by resident memory, with wide margins."""

from __future__ import annotations

import gc
import platform
import sys

import pytest

from tui.app import trim_heap


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
