"""An option list that moves with the reader's cursor keys, not only the arrows.

Textual's ``OptionList`` knows the arrows, home, end and the page keys. The sidebar (related stories, names),
the entity pivot and the errors list are option lists, so ``j``, ``k``, ``g`` and ``G`` did nothing there while
the help lists them as the way to move a row. These bindings carry the story list's ids (``cursor.down``...),
so a keymap that rebinds a cursor key moves every list alike.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class KeyedOptionList(OptionList):
    """An ``OptionList`` with the reader's cursor keys and their binding ids."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down", "cursor_down", "Down", id="cursor.down", tooltip="Move to the next row", show=False
        ),
        Binding("k,up", "cursor_up", "Up", id="cursor.up", tooltip="Move to the previous row", show=False),
        Binding("home,g", "first", "First", id="cursor.first", tooltip="Go to the first row", show=False),
        Binding("end,G", "last", "Last", id="cursor.last", tooltip="Go to the last row", show=False),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            id="cursor.page_down",
            tooltip="Move a page down",
            show=False,
        ),
        Binding("pageup", "page_up", "Page up", id="cursor.page_up", tooltip="Move a page up", show=False),
    ]
