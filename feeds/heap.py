"""Giving the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

Large arrays are mapped blocks of their own and go back when freed, but blocks under the C library's mapping
threshold (4 MiB in the reader, see ``tui.app.tune_heap``) come from a heap, and a freed one below a live one
stays resident: the allocator gives back only the free top of a heap by itself. Python's own small-object arenas
go back by themselves; what stays is the larger blocks (arrays' temporaries, big dicts and lists) freed between
live ones. The reader trims after each background build, and a compaction of the related index as it lets each
old segment go (:mod:`feeds.related.compaction`).
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
