"""The help screen: every key, what it does, and its id (the name a config keymap uses to rebind it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import HelpRow, help_rows
from ..widgets.cells import fit

HINT = 'escape closes · rebind a key in the config:  [keymap]  "story.toggle_read" = "x"'


class HelpScreen(ModalScreen[None]):
    """A scrollable table of bindings grouped by section, with the user's keymap applied."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
        Binding("j,down", "scroll(1)", "Down", id="cursor.down", tooltip="Move to the next row", show=False),
        Binding("k,up", "scroll(-1)", "Up", id="cursor.up", tooltip="Move to the previous row", show=False),
    ]

    def __init__(self, sources: Sequence[DOMNode | type[DOMNode]]) -> None:
        super().__init__()
        self.sources = list(sources)
        self.rows: list[HelpRow] = []

    def compose(self) -> ComposeResult:
        self.rows = help_rows(self.app, self.sources)
        with Vertical(id="help-box"):
            yield Static(Content("newsdesk keys"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._table(), id="help-table")
            yield Static(Content(HINT), id="help-hint")

    def _table(self) -> Content:
        def width(values: list[str]) -> int:
            return max((cell_len(v) for v in values), default=4) + 2

        keys_w = width([r.keys for r in self.rows])
        desc_w = width([r.description for r in self.rows])
        tip_w = width([r.tooltip for r in self.rows])
        parts: list[str | tuple[str, str]] = []
        section = ""
        for row in self.rows:
            if row.section != section:
                parts += ["\n" if section else "", (row.section.capitalize(), "bold $text-accent"), "\n"]
                section = row.section
            parts += [
                (fit(row.keys, keys_w), "bold"),
                fit(row.description, desc_w),
                fit(row.tooltip, tip_w),
                (row.id, "$text-muted"),
                "\n",
            ]
        return Content.assemble(*parts)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
