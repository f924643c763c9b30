"""Fitting plain text into terminal cells, and short ages ("3h", "2d").

Widths are measured in cells, never in characters: a CJK character or most emoji take two cells, so cutting by
``len`` would misalign every column after a wide title.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells; cut text ends with an ellipsis."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    # A cut at a word boundary leaves a space before the ellipsis ("With …"), and set_cell_size pads with a space
    # when a wide character would straddle the edge: strip those, end with the ellipsis, and pad after it so the
    # width holds.
    cut = set_cell_size(text, width - 1).rstrip() + ELLIPSIS
    return cut + " " * (width - cell_len(cut))


def fit_right(text: str, width: int) -> str:
    """``text`` right-aligned in exactly ``width`` cells (cut from the left side if too long)."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return " " * (width - length) + text
    return fit(text, width)


def age(seconds: float) -> str:
    """A story's age in at most four cells: "now", "5m", "3h", "2d", "40d", "3y"."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    days = int(seconds // 86400)
    if days < 365:
        return f"{days}d"
    return f"{min(years(days), 999)}y"  # "2025y" (a story of a year-1 date) took five cells


def years(days: int) -> int:
    """Whole 365-day years in ``days``: the one count behind "11y" (lists, the command line) and "11 years ago"."""
    return days // 365


#: Past this many days a sentence says years, as a list does: "4283 days ago" read as a number to work out, next
#: to a list's "11y". A story of the last few years keeps its days ("560 days ago"), which say more.
LONG_AGO_DAYS = 999


def ago(seconds: float) -> str:
    """A friendlier age for sentences: "just now", "5 min ago", "2 h ago", "3 days ago", "11 years ago"."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    if days > LONG_AGO_DAYS:
        return f"{years(days)} years ago"
    return "1 day ago" if days == 1 else f"{days} days ago"
