"""Keys typed ahead of the screen: a key that opens a text box, and the letters typed straight after it.

The terminal driver queues every key of one read (a fast typist, a paste, a slow link) before any runs. A key
bound the usual way is handed to the focused widget and runs in that widget's turn, after the app has already
handed on the letters behind it to the same widget: "Bmj" marked the story read (m) and moved the cursor (j)
while the note dialog opened empty. Two things keep the letters for the box:

- the opening key is a priority binding, so it runs in the app's own turn, before the app hands on the next key
  (:func:`skip_in_text_box` lets a printable one be typed into a box that has the focus, "a/b");
- the action opens the box in that turn, not by posting a message for the screen to answer later (the search
  bar's ctrl+n and the feed list's F2 run the screen's action);
- the box takes the focus at once (:func:`focus_at_once`), not after the messages already queued as
  ``Widget.focus`` does, so the next key finds it. A dialog pushed in a priority action is mounted before the app
  takes its next key (``push_screen`` has the app wait for the mount), and its ``on_mount`` focuses its box.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from textual.actions import SkipAction
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

_A = TypeVar("_A", bound=Callable[..., Any])


def skip_in_text_box(action: _A) -> _A:
    """Decorate a priority binding's action on a screen: when a text box has the focus, the key is handed on
    (SkipAction) to be typed there. Outermost, so a read-only copy's refusal (``writes``) does not take it."""

    @functools.wraps(action)
    def in_box_a_letter(self: Screen[object], *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.focused, Input) or _is_text_area(self.focused):
            raise SkipAction
        return action(self, *args, **kwargs)

    return in_box_a_letter  # type: ignore[return-value]


def _is_text_area(widget: Widget | None) -> bool:
    """Whether ``widget`` is a Textual ``TextArea``, without loading that widget (about 13 ms of imports) before
    one is shown: no ``TextArea`` exists until its module is loaded (textual.widgets loads it on first use)."""
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def focus_at_once(widget: Widget) -> None:
    """Give ``widget`` the focus now, ahead of the keys already queued."""
    widget.screen.set_focus(widget)
