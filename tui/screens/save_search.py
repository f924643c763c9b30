"""Two small dialogs for saved searches: ask a name (to save or rename one) and confirm a deletion.

Like the bookmark dialog they only collect an answer and hand it back through ``dismiss``; the screen that opened
them writes to the store. Names and queries are shown as plain text, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..typeahead import focus_at_once
from ..widgets.footer import KeyBar
from ..widgets.plain_input import PlainInput
from .dialog import TextDialog, cancel_binding

DIALOG_CSS = """
{cls} {
    align: center middle;
}
{cls} > Vertical {
    width: 64;
    max-width: 100%;
    height: auto;
    border: round $accent;
    padding: 0 1;
    background: $surface;
}
{cls} .dialog-text {
    margin-bottom: 1;
}
{cls} .dialog-hint {
    color: $text-muted;
}
"""


class NameScreen(TextDialog[str]):
    """One line to type a name in. Enter answers with it (trimmed; blank answers None), escape with None."""

    DEFAULT_CSS = DIALOG_CSS.replace("{cls}", "NameScreen")

    BINDINGS: ClassVar[list[BindingType]] = [
        cancel_binding("dialog.cancel"),  # " news" typed after escape went to the name, not back to the query
        # Priority, as escape: "ctrl+n xy<enter> news" typed in one go saved the search as "xy news".
        Binding("enter", "answer", "Save", id="dialog.save", tooltip="Save under this name", priority=True),
    ]

    def __init__(self, title: str, text: str, value: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.text = text
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="name-dialog"):
            yield Static(Content(self.text), classes="dialog-text")
            yield PlainInput(self.value, id="name-input", select_on_focus=True)
            yield Static(Content("enter saves · escape cancels"), classes="dialog-hint")
        yield KeyBar()  # over the reader's: a dialog's bar shows its own keys only

    def on_mount(self) -> None:
        self.query_one("#name-dialog").border_title = Content(self.dialog_title)
        focus_at_once(self.query_one("#name-input", Input))  # the name typed after the key that opened it

    async def action_answer(self) -> None:
        """enter: the name as typed so far, the keys typed before enter in it, those after it left to the screen
        underneath."""
        await self.typed_in()
        await self.dismiss(self.query_one("#name-input", Input).value.strip() or None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter answers True, n or escape False."""

    DEFAULT_CSS = DIALOG_CSS.replace("{cls}", "ConfirmScreen")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog.yes", tooltip="Yes, do it"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no", tooltip="No, leave it as it is"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Content(self.question), classes="dialog-text")
            yield Static(Content("y: yes · n or escape: no"), classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_title = Content(self.dialog_title)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
