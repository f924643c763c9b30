"""Giving the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

Large arrays are mapped blocks of their own and go back when freed, but blocks under the C library's mapping
threshold (4 MiB in the reader, see :func:`tune_heap`) come from a heap, and a freed one below a live one
stays resident: the allocator gives back only the free top of a heap by itself. Python's own small-object arenas
go back by themselves; what stays is the larger blocks (arrays' temporaries, big dicts and lists) freed between
live ones. The reader trims after each background build, and a compaction of the related index as it lets each
old segment go (:mod:`feeds.related.compaction`).

The other way round, a process that frees and allocates again all the time (a parse worker, per feed) keeps some
free top instead (:func:`keep_top`).
"""

from __future__ import annotations

from collections.abc import Callable

_trim: Callable[[int], int] | None = None


def trim() -> bool:
    """Hand the C heap's free pages back to the system, where the C library can (about 1-2 ms at 50k stories).
    Returns whether it could."""
    global _trim
    if _trim is None:
        try:
            import ctypes

            _trim = ctypes.CDLL(None).malloc_trim
        except (ImportError, OSError, AttributeError, TypeError):  # no ctypes, or another C library
            _trim = _no_trim
    if _trim is _no_trim:
        return False
    _trim(0)
    return True


def _no_trim(_pad: int) -> int:
    return -1


_M_TOP_PAD = -2  # malloc.h


def keep_top(pad: int) -> bool:
    """Have the C heap keep ``pad`` bytes of free top when it shrinks, and grow by as much more when it grows
    (glibc's ``M_TOP_PAD``; a no-op elsewhere). Returns whether it could. Process-wide.

    By default the heap gives back all of its free top over 128 KB at each free, and grows page by page: a parse
    worker's heap went down and up again about 150 times per 50-story feed, and every page it got back was
    faulted in and zeroed anew (28,000 page faults per 100 feeds, a twentieth of the worker's CPU)."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError, TypeError):  # no ctypes, or another C library
        return False
    return bool(mallopt(_M_TOP_PAD, pad))


#: Blocks of this size and up are mapped from the system for themselves and unmapped when freed (glibc's
#: ``M_MMAP_THRESHOLD``). Left to itself, glibc raises that threshold to the size of each mapped block freed,
#: up to 32 MiB, after which the index builds' working arrays (a search segment's sort keys are ~13 MB) come
#: from the heap and their pages stay resident once freed, under the next build's. Fixed here, they go back to
#: the system when freed; a query's arrays (a related list's walk of its postings is ~3 MB) stay below it.
HEAP_MAP_THRESHOLD = 4 << 20
#: Free memory at the top of a heap kept rather than given back (``M_TRIM_THRESHOLD``), which glibc no longer
#: raises with the threshold above once that is fixed: while the builds run, its default (128 kB), so what they
#: free goes back; once they are done, 32 MiB (where glibc's own rule ends), as with the default 128 kB every
#: query gave its arrays back and faulted them in again (a related list took twice as long). Kept at 32 MiB
#: during the builds, each thread's heap kept its own 32 MiB: the first start's peak grew by 35 MB.
HEAP_TRIM_BUILDING = 128 << 10
HEAP_TRIM_IDLE = 32 << 20


def tune_heap(*, building: bool) -> bool:
    """Fix the size from which the C library maps blocks of their own (:data:`HEAP_MAP_THRESHOLD`) and the free
    top of a heap it keeps (:data:`HEAP_TRIM_BUILDING` while background builds run, else
    :data:`HEAP_TRIM_IDLE`); glibc's ``mallopt``, a no-op elsewhere. Returns whether it could. Process-wide:
    for the command line's reader, whose process is the app's (``tui.app`` calls it)."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError, TypeError):  # no ctypes, or another C library
        return False
    trim = HEAP_TRIM_BUILDING if building else HEAP_TRIM_IDLE
    return bool(mallopt(_M_MMAP_THRESHOLD, HEAP_MAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, trim))


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # malloc.h
