"""The bookmark dialog: a note and tags for one saved story.

It only collects what the user typed and hands it back through ``dismiss``; the screen that opened it writes to
the store (so a write failure is reported in one place, and the dialog stays free of store logic). The story's
title is shown as plain text, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from feeds.bookmarks import parse_tags
from feeds.text import MAX_TAGS, clean_text

from ..typeahead import focus_at_once
from ..widgets.footer import KeyBar
from ..widgets.plain_input import PlainInput
from ..widgets.plain_text_area import PlainTextArea
from .dialog import TextDialog, cancel_binding


@dataclass(frozen=True, slots=True)
class BookmarkEdit:
    """What the dialog returns: the note (clean text) and the tags (split, without duplicates)."""

    note: str
    tags: tuple[str, ...]


class BookmarkEditScreen(TextDialog[BookmarkEdit]):
    """Edit a bookmark's note and tags. ctrl+s saves, escape cancels; enter in the tags field saves too."""

    #: Under 22 rows the dialog packs tighter, under 15 it drops its labels and borders (see app.tcss): at 50x15
    #: the full layout put Save and Cancel below the screen's edge.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (15, "-short"), (22, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "save", "Save", id="bookmark.save", tooltip="Save the note and tags", priority=True
        ),
        cancel_binding("bookmark.cancel"),  # the keys typed after escape reach the screen underneath
        # Enter in the tags saves, on a button presses it; priority, so the keys typed after it reach the screen
        # underneath ("jb" went to the tags, or the button, of the dialog closing). In the note it is a new line.
        Binding("enter", "enter", "Save", id="bookmark.enter", show=False, priority=True),
        # Priority, so they move the focus in the app's own turn (see tui.typeahead): "note<tab>tags" typed in
        # one go put "notetags" in the note, the tab lost, as the keys behind it were already the note's.
        Binding(
            "tab",
            "app.focus_next",
            "Next field",
            id="bookmark.next",
            tooltip="To the next field",
            show=False,
            priority=True,
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            id="bookmark.previous",
            tooltip="To the previous field",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, title: str, note: str = "", tags: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.story_title = title
        self.note = note
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-dialog"):
            yield Static(Content(self.story_title or "(untitled)"), id="bookmark-title")
            yield Label("Note")
            yield PlainTextArea(
                self.note,
                id="bookmark-note",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="a note, if you like",
            )
            yield Label("Tags (comma or space separated)")
            yield PlainInput(
                ", ".join(self.tags), placeholder="tags, e.g. climate, to-read", id="bookmark-tags"
            )
            with Horizontal(id="bookmark-buttons"):
                yield Button("Cancel", id="bookmark-cancel")
                yield Button("Save", variant="primary", id="bookmark-save")
        yield KeyBar()  # over the reader's: a dialog's bar shows its own keys only

    def on_mount(self) -> None:
        self.query_one("#bookmark-dialog").border_title = "Bookmark · ctrl+s saves · escape cancels"
        focus_at_once(self.query_one("#bookmark-note", TextArea))  # what was typed after B goes in

    def result(self) -> BookmarkEdit:
        """What the fields hold now, cleaned."""
        note = clean_text(self.query_one("#bookmark-note", TextArea).text)
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        return BookmarkEdit(note, tags)

    def edit_to_save(self) -> BookmarkEdit | None:
        """What the fields hold, or None (said) when the store would refuse it: the dialog stays open with it."""
        edit = self.result()
        if len(edit.tags) > MAX_TAGS:
            self.app.notify(
                f"A bookmark takes at most {MAX_TAGS} tags ({len(edit.tags)} given).", severity="error"
            )
            return None
        return edit

    async def action_save(self) -> None:
        """ctrl+s: a priority binding, run in the app's turn, ahead of the keys already handed to the box that
        has the focus. Those go in first: a note typed or pasted and saved in one go was saved empty. Then the
        dialog goes before the app takes the next key: the keys typed after ctrl+s went to the note of a dialog
        closing ("j j b" after saving moved nothing and bookmarked nothing)."""
        await self.typed_in()
        edit = self.edit_to_save()
        if edit is not None:
            await self.dismiss(edit)

    async def action_enter(self) -> None:
        """enter: saves from the tags box (as ctrl+s does); on a button, presses it here, in the app's turn. Handed
        on to the button, the press came in the button's turn, after the keys typed behind the enter had already
        gone to the button and been dropped: "tab tab enter j b" saved, and neither moved nor bookmarked. In the
        note it is the note's own."""
        focused = self.focused
        if isinstance(focused, Button):
            await (self.action_save() if focused.id == "bookmark-save" else self.action_cancel())
        elif isinstance(focused, Input):
            await self.action_save()
        else:
            raise SkipAction

    def save_now(self) -> None:
        """Enter in the tags, or a click on Save: in their own turn, what was typed before is in already (a click's
        press comes ahead of the keys typed after it, so they find the screen underneath)."""
        if (edit := self.edit_to_save()) is not None:
            self.dismiss(edit)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save_now()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "bookmark-save":
            self.save_now()
        else:
            self.dismiss(None)
