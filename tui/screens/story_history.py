"""Back to the story being read before a jump, and forward again: ``[`` and ``]`` after opening a related story or
a story of a name's pivot.

Enter on a row of the related-stories sidebar, or on a story of a name's pivot, opens that story in the reader in
place of the one being read, and the one left was gone from view: finding it again meant the story list, if it
was there at all, and scrolling back down to the paragraph. Each such jump keeps the story left (its id and how
far down it was read) on a small stack, newest last, :data:`HISTORY_SIZE` at most; ``[`` opens the newest again,
scrolled to where it was left, the story list's cursor on it. A browser's back and forward: ``[`` keeps the story
it leaves on a second stack, and ``]`` opens it again the same way (keeping the story it leaves for ``[``); a new
jump to another story empties the second stack, as following a link after going back does in a browser.

Only these jumps are kept. The list's own moves (enter on a row, ``n``, ``J``, ``space`` at a story's end) read
the list in its order and have their ways back (``p``, ``K``, the list itself); kept too, a stack of them would
bury the story a jump left. Each key shows (footer, palette) only while there is a story to go to with it.

A mixin of :class:`~tui.screens.main.MainScreen`, by way of :class:`~tui.screens.enrich_actions.EnrichActions`,
which makes the jumps. Its bindings are :data:`HISTORY_BINDINGS`, in the screen's through ``READING_BINDINGS``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from textual.binding import Binding

from .host import ScreenHost

#: The most stories kept to go back to (and forward to): a reader following a trail of related stories for an
#: afternoon goes back a few steps, not hundreds; the oldest go first.
HISTORY_SIZE = 50

#: Said when the story to go back to is gone (a refresh purged it, or its feed was removed).
GONE_BACK = "The story to go back to is gone (purged, or its feed was removed)."
#: Said when the story to go forward to is gone.
GONE_FORWARD = "The story to go forward to is gone (purged, or its feed was removed)."

HISTORY_BINDINGS = (
    Binding(
        "left_square_bracket",
        "story_back",
        "Back to story",
        id="story.back",
        tooltip="Back to the story left by opening a related or a name's story",  # one row in the help
    ),
    Binding(
        "right_square_bracket",
        "story_forward",
        "Forward",
        id="story.forward",
        tooltip="Forward again to the story left by going back",
    ),
)


@dataclass(frozen=True, slots=True)
class LeftStory:
    """A story left by a jump: which, and how far down the story view was scrolled."""

    story_id: str
    scroll_y: float


class StoryHistory(ScreenHost):
    """The stories left by jumps, ``[`` back to them and ``]`` forward again. The host screen's members are
    described by ScreenHost."""

    _history: deque[LeftStory] | None = None
    _ahead: deque[LeftStory] | None = None

    @property
    def history(self) -> deque[LeftStory]:
        """The stories to go back to, the newest last."""
        if self._history is None:
            self._history = deque(maxlen=HISTORY_SIZE)
        return self._history

    @property
    def ahead(self) -> deque[LeftStory]:
        """The stories to go forward to (left by going back), the next last."""
        if self._ahead is None:
            self._ahead = deque(maxlen=HISTORY_SIZE)
        return self._ahead

    def _keys_shown(self) -> tuple[bool, bool]:
        return bool(self._history), bool(self._ahead)

    def _here(self, besides: str) -> LeftStory | None:
        """The story being read and how far down, to come back to; none when none is open, or it is ``besides``."""
        view = self.story_view
        if view.story is None or view.story.id == besides:
            return None
        return LeftStory(view.story.id, view.scroll_y)

    def leave_story(self, to: str) -> None:
        """A jump to the story ``to`` is about to open it: keep the story being read to come back to, and end the
        way forward, as a browser does. A jump to the story being read itself leaves nothing and changes neither."""
        reading = self.story_view.story
        if reading is not None and reading.id == to:
            return
        shown = self._keys_shown()
        self.ahead.clear()
        if (here := self._here(besides=to)) is not None:
            self.history.append(here)
        if self._keys_shown() != shown:  # a key shows or goes
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``[`` and ``]`` only with a story to go to: hidden in the footer and the palette otherwise."""
        if action == "story_back":
            return bool(self._history)
        if action == "story_forward":
            return bool(self._ahead)
        return super().check_action(action, parameters)

    def action_story_back(self) -> None:
        """``[``: open the story the last jump left, scrolled to where it was, the story list's cursor on it; the
        story read now is kept for ``]``."""
        self._go(self.history, self.ahead, GONE_BACK)

    def action_story_forward(self) -> None:
        """``]``: open the story the last ``[`` left, as ``[`` opens one; the story read now is kept for ``[``."""
        self._go(self.ahead, self.history, GONE_FORWARD)

    def _go(self, source: deque[LeftStory], keep: deque[LeftStory], gone: str) -> None:
        """Open the newest story of ``source`` where it was left, keeping the story being read on ``keep``."""
        if not source:
            return
        shown = self._keys_shown()
        self._open_left(source.pop(), keep, gone)
        if self._keys_shown() != shown:  # a key shows or goes
            self.refresh_bindings()

    def _open_left(self, left: LeftStory, keep: deque[LeftStory], gone: str) -> None:
        header = self.newsdesk.store.header(left.story_id)
        if header is None:
            self.app.notify(gone, severity="warning")
            return
        here = self._here(besides=left.story_id)
        self.story_list.select_id(left.story_id)  # when the list holds it (opening a collapsed group's copy)
        self.open_story(header)
        view = self.story_view
        if view.story is None or view.story.id != left.story_id:
            return  # it could not be read (said by open_story)
        if here is not None:
            keep.append(here)
        view.focus()
        # Opening scrolls to the top; the place is put back once the text is laid out (before, there is no room
        # below the top to scroll to).
        view.call_after_refresh(view.scroll_to, y=left.scroll_y, animate=False)
