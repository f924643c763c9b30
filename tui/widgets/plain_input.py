"""Text boxes that take a paste as plain text: escape sequences and control characters are dropped.

Textual's ``Input`` and ``TextArea`` insert a paste as it comes and draw it as it is, so a paste holding an escape
sequence (text copied from a web page that hides one, the "pastejacking" trick, or from another terminal) was
written back to the terminal on every repaint: a clear screen, a title change, an OSC 52 clipboard write. The
paste is cleaned as feed text is (:func:`feeds.text.strip_unsafe`) before it goes in. Typed keys need nothing:
the boxes take only printable characters from the keyboard. The text area is in
:mod:`tui.widgets.plain_text_area`: Textual's ``TextArea`` is loaded with the dialog that uses it (about 13 ms
of imports), not at the reader's start.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

from feeds.text import strip_unsafe

#: Line breaks and tabs, with the blanks around them: one space in a one-line box.
_BREAKS = re.compile(r" *[^\S ]\s*")


class PlainInput(Input):
    """An ``Input`` whose pastes lose escape sequences and control characters."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would insert the text as it came
        event.stop()
        # One line: Textual's Input kept only a paste's first line, so a name copied across a line break was
        # searched for in part, and a paste that began with a line break put nothing in. Joined with a space, as a
        # browser's search box joins them.
        text = strip_unsafe(event.text)
        if _BREAKS.search(text):  # and the breaks at its ends left out (a line copied from a terminal)
            text = _BREAKS.sub(" ", text).strip()
        if text.strip():
            super()._on_paste(events.Paste(text))
