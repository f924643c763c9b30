"""A text area that takes a paste as plain text (see :mod:`tui.widgets.plain_input`), in a module of its own:
Textual's ``TextArea`` (about 13 ms of imports) is loaded with the bookmark dialog, the one place that uses it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from feeds.text import strip_unsafe


class PlainTextArea(TextArea):
    """A ``TextArea`` whose pastes lose escape sequences and control characters (tabs and newlines stay)."""

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        text = strip_unsafe(event.text)
        if text:
            await super()._on_paste(events.Paste(text))
