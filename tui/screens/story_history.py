"""Back to the story being read before a jump: ``[`` after opening a related story or a story of a name's pivot.

Enter on a row of the related-stories sidebar, or on a story of a name's pivot, opens that story in the reader in
place of the one being read, and the one left was gone from view: finding it again meant the story list, if it
was there at all, and scrolling back down to the paragraph. Each such jump keeps the story left (its id and how
far down it was read) on a small stack, newest last, :data:`HISTORY_SIZE` at most; ``[`` opens the newest again,
scrolled to where it was left, the story list's cursor on it. A browser's back, without a forward.

Only these jumps are kept. The list's own moves (enter on a row, ``n``, ``J``, ``space`` at a story's end) read
the list in its order and have their ways back (``p``, ``K``, the list itself); kept too, a stack of them would
bury the story a jump left. The key shows (footer, palette) only while there is a story to go back to.

A mixin of :class:`~tui.screens.main.MainScreen`, by way of :class:`~tui.screens.enrich_actions.EnrichActions`,
which makes the jumps. Its binding is :data:`HISTORY_BINDINGS`, in the screen's through ``READING_BINDINGS``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from textual.binding import Binding

from .host import ScreenHost

#: The most stories kept to go back to: a reader following a trail of related stories for an afternoon goes back
#: a few steps, not hundreds; the oldest go first.
HISTORY_SIZE = 50

#: Said when the story to go back to is gone (a refresh purged it, or its feed was removed).
GONE_BACK = "The story to go back to is gone (purged, or its feed was removed)."

HISTORY_BINDINGS = (
    Binding(
        "left_square_bracket",
        "story_back",
        "Back to story",
        id="story.back",
        tooltip="Back to the story left by opening a related or a name's story",  # one row in the help
    ),
)


@dataclass(frozen=True, slots=True)
class LeftStory:
    """A story left by a jump: which, and how far down the story view was scrolled."""

    story_id: str
    scroll_y: float


class StoryHistory(ScreenHost):
    """The stories left by jumps, and ``[`` back to them. The host screen's members are described by ScreenHost."""

    _history: deque[LeftStory] | None = None

    @property
    def history(self) -> deque[LeftStory]:
        """The stories to go back to, the newest last."""
        if self._history is None:
            self._history = deque(maxlen=HISTORY_SIZE)
        return self._history

    def leave_story(self, to: str) -> None:
        """A jump to the story ``to`` is about to open it: keep the story being read (none open, or ``to`` itself:
        nothing is left) to come back to."""
        view = self.story_view
        if view.story is None or view.story.id == to:
            return
        self.history.append(LeftStory(view.story.id, view.scroll_y))
        if len(self.history) == 1:  # the key shows from now on
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``[`` only with a story to go back to: hidden in the footer and the palette otherwise."""
        if action == "story_back":
            return bool(self._history)
        return super().check_action(action, parameters)

    def action_story_back(self) -> None:
        """``[``: open the story the last jump left, scrolled to where it was, the story list's cursor on it."""
        if not self._history:
            return
        left = self._history.pop()
        if not self._history:
            self.refresh_bindings()
        header = self.newsdesk.store.header(left.story_id)
        if header is None:
            self.app.notify(GONE_BACK, severity="warning")
            return
        self.story_list.select_id(left.story_id)  # when the list holds it (opening a collapsed group's copy)
        self.open_story(header)
        view = self.story_view
        if view.story is None or view.story.id != left.story_id:
            return  # it could not be read (said by open_story)
        view.focus()
        # Opening scrolls to the top; the place is put back once the text is laid out (before, there is no room
        # below the top to scroll to).
        view.call_after_refresh(view.scroll_to, y=left.scroll_y, animate=False)
