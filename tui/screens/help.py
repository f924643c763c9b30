"""The help screen: every key, what it does, and its id (the name a config keymap uses to rebind it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

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
from ..widgets.footer import KeyBar

#: Narrower than this, the tooltip keeps the room and the ids (for rebinding keys in the config) are left out.
MIN_TOOLTIP = 32
HINT = '{close} closes · rebind a key in the config:  [keymap]  "story.toggle_read" = "x"'

if TYPE_CHECKING:
    from ..app import NewsdeskApp


class HelpScreen(ModalScreen[None]):
    """A scrollable table of bindings grouped by section, with the user's keymap applied."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
        Binding("j,down", "scroll(1)", "Down", id="cursor.down", tooltip="Move to the next row", show=False),
        Binding("k,up", "scroll(-1)", "Up", id="cursor.up", tooltip="Move to the previous row", show=False),
        # The help lists g and G as the keys to the first and last row: here they did nothing.
        Binding("home,g", "jump(False)", "First", id="cursor.first", tooltip="Go to the top", show=False),
        Binding("end,G", "jump(True)", "Last", id="cursor.last", tooltip="Go to the end", show=False),
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
                yield Static(id="help-table")
            close = cast("NewsdeskApp", self.app).key_for("help.close")
            yield Static(Content(HINT.format(close=close)), id="help-hint")
        yield KeyBar()  # over the reader's: a dialog's bar shows its own keys only

    def on_resize(self) -> None:
        self.call_after_refresh(self._lay_out)

    def _lay_out(self) -> None:
        table = self.query_one("#help-table", Static)
        table.update(self._table(table.size.width))

    def _table(self, width: int) -> Content:
        """One line per key, never wrapped: a wrapped row put its id under the key column. The tooltip takes
        what the keys, descriptions and ids leave and is cut short; too narrow for that, the ids go first."""

        def widest(values: list[str]) -> int:
            return max((cell_len(v) for v in values), default=4)

        keys_w = widest([r.keys for r in self.rows]) + 2
        desc_w = widest([r.description for r in self.rows]) + 2
        id_w = widest([r.id for r in self.rows])
        tip_w = min(widest([r.tooltip for r in self.rows]) + 2, width - keys_w - desc_w - id_w)
        show_ids = tip_w >= MIN_TOOLTIP
        if not show_ids:
            tip_w = width - keys_w - desc_w
        parts: list[str | tuple[str, str]] = []
        section = ""
        for row in self.rows:
            if row.section != section:
                parts += ["\n" if section else "", (row.section.capitalize(), "bold $text-accent"), "\n"]
                section = row.section
            parts += [
                (fit(row.keys, keys_w), "bold"),
                fit(row.description, desc_w),
                fit(row.tooltip, tip_w - 2) + "  ",
            ]
            if show_ids:
                parts.append((fit(row.id, id_w), "$text-muted"))
            parts.append("\n")
        return Content.assemble(*parts)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_jump(self, bottom: bool) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        if bottom:
            scroll.scroll_end(animate=False)
        else:
            scroll.scroll_home(animate=False)
