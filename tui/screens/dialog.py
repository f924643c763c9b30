"""A dialog with a text box, whose cancel key lets the keys typed after it reach the screen underneath.

A dialog's escape bound the usual way runs in the turn of the box that has the focus, after the app has already
handed that box the keys queued behind the escape (a fast typist, a slow link, a paste: see :mod:`tui.typeahead`):
"B<escape>jb" closed the bookmark dialog with "jb" in its note, and "climate ctrl+n <escape> news" closed the
save-search dialog with " news" in its name, not in the query. The cancel key is a priority binding here, run in
the app's own turn, and its action waits for the dialog to go, so the app hands the next key to the screen
underneath. The dialogs without a text box need none of this: their keys bubble to the screen in time.

A key that answers with what the box holds (enter in the name dialog, ctrl+s in the bookmark dialog) is a priority
binding too, for the same reason, and waits first for the keys typed before it (:meth:`TextDialog.typed_in`):
"ctrl+n xy<enter> news" saved the search as "xy news".
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

_R = TypeVar("_R")


def cancel_binding(id: str, keys: str = "escape", description: str = "Cancel", tooltip: str = "") -> Binding:
    """The binding of :meth:`TextDialog.action_cancel`: a priority one (see the module's text)."""
    return Binding(
        keys, "cancel", description, id=id, tooltip=tooltip or "Close without saving", priority=True
    )


class TextDialog(ModalScreen[_R | None]):
    """A modal dialog with a text box; bind its cancel key with :func:`cancel_binding`. Cancelled, it answers
    None."""

    async def action_cancel(self) -> None:
        """The dialog goes before the app takes the next key. What was queued for the box before the cancel key
        is dropped with it."""
        await self.dismiss(None)

    async def typed_in(self) -> None:
        """Wait until the keys and pastes already handed to the box that has the focus are in it (at most 5 s):
        a priority binding runs ahead of them, and a note typed or pasted and saved in one go was saved empty."""
        focused = self.focused
        if focused is not None:
            typed = asyncio.Event()
            focused.call_later(typed.set)  # after the keys and pastes queued for it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(typed.wait(), 5)
