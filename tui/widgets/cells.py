"""Fitting plain text into terminal cells, and short ages ("3h", "2d").

Widths are measured in cells, never in characters: a CJK character or most emoji take two cells, so cutting by
``len`` would misalign every column after a wide title.
"""

from __future__ import annotations

import codecs

from rich.cells import cell_len, set_cell_size

from ..screen_encoding import shown_as
from .spacing_marks import count_spacing_marks

count_spacing_marks()  # before anything is measured: Indic vowel signs take the cell terminals give them

ELLIPSIS = "…"
#: A cut's end on a terminal whose encoding has no "…" (Latin-1): three dots, as programs write it in ASCII. The
#: screen's one-cell stand-in for "…" there (:data:`tui.screen_encoding.LOOKALIKES`) was "~", which is also the
#: feed list's mark of a feed read in part, so "Lanternfish Re~" read as a mark.
ASCII_ELLIPSIS = "..."
_cut_end = ELLIPSIS


def use_terminal_encoding(encoding: str) -> None:
    """Make :func:`fit` end a cut as a terminal in ``encoding`` can show it: "…", else :data:`ASCII_ELLIPSIS`
    (Latin-1 lacks it; a double-byte East Asian terminal draws it two cells wide). The reader's driver calls this
    once, before anything is drawn (:mod:`tui.terminal_driver`)."""
    global _cut_end
    _cut_end = ELLIPSIS if shown_as(ELLIPSIS, encoding) == ELLIPSIS else ASCII_ELLIPSIS


def use_stream_encoding(stream: object) -> None:
    """The command line's listings: make :func:`fit` end a cut as ``stream`` can write it, by its own encoding
    (a pipe's, ``PYTHONIOENCODING``'s), on :func:`use_terminal_encoding`'s rule. In a Latin-1 locale, `newsdesk
    stories` printed a feed name cut short as "Lanternfish Re?" ("…" is not Latin-1, and the command line's
    streams write "?" for what they cannot encode)."""
    try:
        encoding = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        encoding = "utf-8"
    use_terminal_encoding(encoding)


def cut_end() -> str:
    """What :func:`fit` ends a cut with now: :data:`ELLIPSIS`, or :data:`ASCII_ELLIPSIS` (see
    :func:`use_terminal_encoding`)."""
    return _cut_end


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells; cut text ends with an ellipsis (:func:`cut_end`)."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    end = _cut_end if cell_len(_cut_end) < width else _cut_end[:1]  # "..." in 3 cells: "Ab.", not "..."
    # A cut at a word boundary leaves a space before the ellipsis ("With …"), and set_cell_size pads with a space
    # when a wide character would straddle the edge: strip those, end with the ellipsis, and pad after it so the
    # width holds.
    cut = set_cell_size(text, width - cell_len(end)).rstrip() + end
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
