"""The refresh's parse workers (feeds.refresh_pool), as a refresh starts them: real processes from the forkserver."""

from __future__ import annotations

import ctypes
import platform
import sys

import pytest

from feeds.refresh_pool import POOL_MIN, WORKER_HEAP_TOP, Parser

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                     "fordblks", "keepcost")
    ]  # fmt: skip


def heap_top_after_churn() -> int:
    """In a worker: take 2.5 MB from the C heap in blocks under its mapping threshold, free them, and say how many
    bytes of free top the heap kept (``mallinfo2().keepcost``)."""
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _Mallinfo2
    blocks = [bytearray(64 * 1024) for _ in range(40)]
    del blocks
    return int(libc.mallinfo2().keepcost)


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt and mallinfo2")
def test_a_parse_worker_keeps_free_heap_top_between_feeds() -> None:
    # By default the heap gives its free top back at each free over 128 KB and grows page by page again: a
    # worker faulted in and zeroed about 280 pages per feed.
    if not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("glibc older than 2.33: no mallinfo2")
    parser = Parser(POOL_MIN)
    if parser.pool is None:
        pytest.skip("one core: the refresh parses in its own process")
    try:
        kept = parser.pool.submit(heap_top_after_churn).result(timeout=60)
    finally:
        parser.close()
    assert kept >= WORKER_HEAP_TOP, kept
