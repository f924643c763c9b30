"""The search bar over the story list: a one-line query box and, under it, what the query could not use.

It only edits text and reports: the screen runs the search (in a worker) and fills the story list. The hint
line shows the parser's hints in plain words (an unclosed quote, an unknown qualifier), never an exception.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..typeahead import focus_at_once
from ..writes import writes
from .plain_input import PlainInput

#: What the box's placeholder names, in this order, where the box is wide enough; at most 80 columns of it (the help
#: lists the whole language, dates and tags too).
HINTED = ("Search: words", '"a phrase"', "-exclude", "feed:", "title:", "person:", "note:", "is:unread")
#: What a narrower box leaves out first: one line of 80 characters was cut in the 78 cells the box has at 80
#: columns (70 beside the feed list at 100), and did not name ``note:``.
LEFT_OUT = ("title:", "is:unread", "feed:", "note:", "person:", "-exclude", '"a phrase"')


def placeholder(width: int) -> str:
    """The placeholder for a box ``width`` cells wide: as much of :data:`HINTED` as fits on its one line."""
    parts = list(HINTED)
    for part in LEFT_OUT:
        if cell_len(", ".join(parts)) <= width:
            break
        parts.remove(part)
    return ", ".join(parts)


class SearchBar(Vertical):
    """Hidden until opened; ``query`` is what is typed, ``hint`` the line under it."""

    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: auto;
        padding: 0 1;
    }
    SearchBar.-open {
        display: block;
    }
    SearchBar #search-input {
        border: none;
        height: 1;
        padding: 0;
    }
    SearchBar #search-hint {
        color: $text-muted;
        height: auto;
    }
    SearchBar #search-hint.-warning {
        color: $text-warning;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close search",
            id="search.close",
            tooltip="Close the search and go back to the list you were reading",
        ),
        Binding(
            "ctrl+n",
            "save",
            "Save search",
            id="search.save",
            tooltip="Save the query under a name, as a virtual feed in the feed list",
            priority=True,  # the name typed straight after it goes into the dialog (tui/typeahead.py)
        ),
        Binding(
            "down",
            "results",
            "Results",
            id="search.results",
            tooltip="Move into the results (enter does too)",
            show=False,
        ),
    ]

    class Closed(Message):
        """Escape in the bar: the user is done searching."""

    class ToResults(Message):
        """Enter or down in the bar: move into the results."""

    def compose(self) -> ComposeResult:
        yield PlainInput(placeholder=placeholder(78), id="search-input", select_on_focus=False)
        yield Static("", id="search-hint", markup=False)

    def on_resize(self) -> None:
        self.input.placeholder = placeholder(self.content_region.width)

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def query_text(self) -> str:
        return self.input.value

    def open(self, text: str | None = None) -> None:
        """Show the bar and focus the box (with ``text`` in it when given)."""
        self.add_class("-open")
        if text is not None:
            self.input.value = text
            self.input.cursor_position = len(text)
        focus_at_once(self.input)  # the keys typed after the one that opened the bar go to the box

    def close(self) -> None:
        self.remove_class("-open")
        self.set_hint("")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def set_hint(self, text: str, *, warning: bool = False) -> None:
        """The line under the box: hints about the query (``warning``) or the result count."""
        hint = self.query_one("#search-hint", Static)
        hint.update(Content(text))
        hint.set_class(warning, "-warning")

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @writes("save searches")
    async def action_save(self) -> None:
        """The screen asks a name and saves the query: in this turn, not through a message (see
        tui/typeahead.py), so the keys typed after this one find the name dialog open."""
        await self.run_action("screen.save_search")

    def action_results(self) -> None:
        self.post_message(self.ToResults())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.ToResults())
