"""The links of the open story, to open any of them: the story's own page, then those its text names.

The story view numbers a story's links under its text, and ``o`` opens only the story's own page: a link in the
text, or a podcast episode's audio when the episode has a page of its own, could not be opened from the reader at
all (newsboat lists them with ``u``). Like the other dialogs this one only answers; the screen opens the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from feeds.model import Story

from ..widgets.footer import KeyBar
from ..widgets.keyed_list import KeyedOptionList
from .save_search import DIALOG_CSS

if TYPE_CHECKING:
    from ..app import NewsdeskApp


def links_of(story: Story) -> list[tuple[str, str]]:
    """(label, url): the story's own page first (unless its text names it too), then the links of its text
    numbered as the story view numbers them."""
    links = [(f"[{n}]", url) for n, url in enumerate(story.links, 1)]
    if story.link and story.link not in story.links:
        links.insert(0, ("page", story.link))
    return links


class LinksScreen(ModalScreen[str | None]):
    """A list of links; enter answers with the highlighted one, escape with None."""

    DEFAULT_CSS = (
        DIALOG_CSS.replace("{cls}", "LinksScreen")
        + """
    LinksScreen > Vertical { width: 100; }
    LinksScreen OptionList, LinksScreen OptionList:focus { height: auto; max-height: 20; border: none; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close", id="links.close", tooltip="Close without opening a link"),
    ]

    def __init__(self, links: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.links = list(links)

    def compose(self) -> ComposeResult:
        with Vertical(id="links-dialog"):
            yield KeyedOptionList(
                *(Option(Content.assemble((label, "bold"), " ", url)) for label, url in self.links),
                id="links-list",
            )
            close = cast("NewsdeskApp", self.app).key_for("links.close")  # enter is the option list's own
            hint = f"enter opens in the browser · {close} closes"
            yield Static(Content(hint), classes="dialog-hint")
        yield KeyBar()  # over the reader's: a dialog's bar shows its own keys only

    def on_mount(self) -> None:
        count = len(self.links)
        self.query_one("#links-dialog").border_title = Content(f"Links · {count}")
        self.query_one("#links-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
