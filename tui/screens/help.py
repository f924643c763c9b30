"""The help screen: every key, what it does, and why you would press it, with the user's keymap applied."""

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

from ..commands import help_rows
from ..widgets.cells import fit


class HelpScreen(ModalScreen[None]):
    """A scrollable table of bindings grouped by section; escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, sources: Sequence[DOMNode | type[DOMNode]]) -> None:
        super().__init__()
        self.sources = list(sources)
        self.rows: list[tuple[str, str, str, str]] = []

    def compose(self) -> ComposeResult:
        self.rows = list(help_rows(self.app, self.sources))
        with Vertical(id="help-box"):
            yield Static(Content("newsdesk keys"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._table(), id="help-table")
            yield Static(
                Content("escape closes · keys can be changed in the config's [keymap] table"), id="help-hint"
            )

    def _table(self) -> Content:
        keys_width = max((cell_len(keys) for _, keys, _, _ in self.rows), default=4) + 2
        desc_width = max((cell_len(desc) for _, _, desc, _ in self.rows), default=8) + 2
        parts: list[str | tuple[str, str]] = []
        section = ""
        for name, keys, description, tooltip in self.rows:
            if name != section:
                parts += ["\n" if section else "", (name.capitalize(), "bold $text-accent"), "\n"]
                section = name
            parts += [
                (fit(keys, keys_width), "bold"),
                fit(description, desc_width),
                (tooltip, "$text-muted"),
                "\n",
            ]
        return Content.assemble(*parts)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=1 if direction == "down" else -1, animate=False)
