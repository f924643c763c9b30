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

    BINDINGS: ClassVar[list[BindingType]] = row_cursor_bindings(
        first="first", last="last", page_down="page_down", page_up="page_up"
    )
