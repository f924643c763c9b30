"""An option list that moves with the reader's cursor keys, not only the arrows.

Textual's ``OptionList`` knows the arrows, home, end and the page keys. The sidebar (related stories, names)
and the entity pivot are option lists, so ``j``, ``k``, ``g`` and ``G`` did nothing there while the help lists
them as the way to move a row. These bindings carry the story list's ids (``cursor.down``...), so a keymap that
rebinds a cursor key moves every list alike.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import OptionList

from .row_list import row_cursor_bindings


class KeyedOptionList(OptionList):
    """An ``OptionList`` with the reader's cursor keys and their binding ids."""

    # Textual wraps each option to the list's width less its padding: a list squeezed to the padding (a
    # terminal 8 columns wide, or one shrunk that far with a dialog open) wrapped to width 0, and Rich's
    # chop_cells raised "range() arg 3 must not be zero", which took the app down. Never that narrow: a list
    # wider than the screen is cut at its edge.
    # Its scrollbar's columns are kept whether or not it shows: Textual counts each option's lines at the width
    # it has when the options are added, and draws them at the width it has when painted. Options put in while
    # the list fit (the sidebar refilled for the related story just opened) were counted without the scrollbar,
    # which came with them and took two columns: a row that then wrapped once more lost its last line ("shares
    # Gaza, Israeli, Israel," and no "Qatar").
    DEFAULT_CSS = """
    KeyedOptionList { min-width: 8; scrollbar-gutter: stable; }
    """

    BINDINGS: ClassVar[list[BindingType]] = row_cursor_bindings(
        first="first", last="last", page_down="page_down", page_up="page_up"
    )
