"""Giving the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

Large arrays are mapped blocks of their own and go back when freed, but blocks under the C library's mapping
threshold (4 MiB in the reader, see ``tui.app.tune_heap``) come from a heap, and a freed one below a live one
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
