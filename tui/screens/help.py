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
from ..search_syntax import SYNTAX
from ..widgets.cells import fit
from ..widgets.footer import KeyBar
from ..writes import read_only

#: Narrower than this, the tooltip keeps the room and the ids (for rebinding keys in the config) are left out.
MIN_TOOLTIP = 32
#: Narrower than this beside the key and its name, what a key does goes on the lines under them.
MIN_WRAPPED = 24
#: The heading of the keys a read-only copy lists apart: they write the store (see :mod:`tui.writes`).
REFUSED = "Not in this read-only copy: another newsdesk writes this data folder"
#: The hint under the table, in pieces: on one line where it fits, else broken between pieces, not mid-phrase.
HINT = ("{close} closes", "rebind a key in the config:", '[keymap]  "story.toggle_read" = "x"')


def hint_lines(close: str, width: int) -> str:
    """The hint in lines of at most ``width`` cells where it can be (it wrapped at 80 columns, mid-phrase)."""
    pieces = [HINT[0].format(close=close), *HINT[1:]]
    lines = [pieces[0]]
    for piece, sep in zip(pieces[1:], (" · ", "  "), strict=True):
        joined = lines[-1] + sep + piece
        if cell_len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(piece)
    return "\n".join(lines)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words (Textual's own wrapping)."""
    return [line.plain for line in Content(text).wrap(max(1, width))] or [""]


def syntax_content(width: int) -> Content:
    """The search language in brief (:data:`tui.search_syntax.SYNTAX`): what to type, in bold, and what it finds,
    wrapped in its own column (under what is typed where the screen is narrow)."""
    left = max(cell_len(typed) for typed, _ in SYNTAX) + 2
    below = width - left < MIN_WRAPPED
    parts: list[str | tuple[str, str]] = [("Search syntax", "bold $text-accent"), "\n"]
    for typed, finds in SYNTAX:
        parts.append((typed if below else fit(typed, left), "bold"))
        lines = wrap(finds, width - (2 if below else left))
        indent = " " * (2 if below else left)
        parts += [f"\n{indent}{lines[0]}" if below else lines[0]]
        parts += [f"\n{indent}{line}" for line in lines[1:]]
        parts.append("\n")
    return Content.assemble(*parts)


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
            title = "newsdesk keys · read-only copy" if read_only(self.app) else "newsdesk keys"
            yield Static(Content(title), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-table")
                yield Static(id="help-syntax")  # what the search box reads, under the keys
            close = cast("NewsdeskApp", self.app).key_for("help.close")
            yield Static(
                Content(hint_lines(close, 1000)), id="help-hint"
            )  # broken to its width once laid out
        yield KeyBar()  # over the reader's: a dialog's bar shows its own keys only

    def on_resize(self) -> None:
        self.call_after_refresh(self._lay_out)

    def _lay_out(self) -> None:
        table = self.query_one("#help-table", Static)
        table.update(self._table(table.size.width))
        syntax = self.query_one("#help-syntax", Static)
        syntax.update(syntax_content(syntax.size.width or table.size.width))
        hint = self.query_one("#help-hint", Static)
        close = cast("NewsdeskApp", self.app).key_for("help.close")
        hint.update(Content(hint_lines(close, hint.size.width)))

    def _table(self, width: int) -> Content:
        """A key, its name, what it does and its id. What it does wraps in its own column, never cut (cut, it
        read "the next match, then the next result's fi…"): the id stays on the row's first line, and no line is
        left for Textual to wrap (a wrapped row put its id under the key column). Too narrow for the ids, they go
        first; narrower still, what a key does goes on the lines under it, from the name column. A read-only
        copy's keys that write come last, under :data:`REFUSED`, muted."""

        def widest(values: list[str]) -> int:
            return max((cell_len(v) for v in values), default=4)

        keys_w = widest([r.keys for r in self.rows]) + 2
        desc_w = widest([r.description for r in self.rows]) + 2
        id_w = widest([r.id for r in self.rows])
        tip_w = min(widest([r.tooltip for r in self.rows]) + 2, width - keys_w - desc_w - id_w)
        show_ids = tip_w >= MIN_TOOLTIP
        if not show_ids:
            tip_w = width - keys_w - desc_w
        below = tip_w < MIN_WRAPPED  # too few cells beside the name: what a key does goes under it
        if below:
            tip_w = width - keys_w
        parts: list[str | tuple[str, str]] = []
        section = ""
        for row in self.rows:
            heading = REFUSED if row.refused else row.section.capitalize()
            if heading != section:
                style = "bold $text-warning" if row.refused else "bold $text-accent"
                parts += ["\n" if section else "", ("\n".join(wrap(heading, width)), style), "\n"]
                section = heading
            key_style = "$text-muted" if row.refused else "bold"
            parts += [(fit(row.keys, keys_w), key_style), fit(row.description, desc_w)]
            lines = wrap(row.tooltip, tip_w - 2)
            if below:
                parts += ["\n", " " * keys_w]
            parts.append(fit(lines[0], tip_w - 2) + "  ")
            if show_ids:
                parts.append((fit(row.id, id_w), "$text-muted"))
            indent = " " * (keys_w + (0 if below else desc_w))
            for line in lines[1:]:
                parts += ["\n", indent + line]
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
