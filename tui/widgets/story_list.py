"""The story list: unread mark, bookmark mark, title, feed and age, newest first, virtual.

Rows come from a plain list of :class:`~feeds.model.StoryHeader` and are drawn only when on screen (see
:class:`RowList`), so 50,000 stories mount and move as fast as 50. Every piece of text is a plain string fitted
to a width in cells, so CJK and emoji titles keep the feed and age columns aligned, and a title that looks like
markup is shown as it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from feeds.model import StoryHeader
from feeds.store import Store

from .cells import age, fit, fit_right
from .row_list import RowList

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
AGE_WIDTH = 4
UNTITLED = "(untitled)"


def columns(width: int) -> tuple[int, int]:
    """(title width, feed width) for a row ``width`` cells wide; the feed column goes first when space is short.

    A row is: space, unread mark, bookmark mark, space, title, two spaces, feed, space, age (4), space.
    """
    feed_width = min(20, max(8, width // 5)) if width >= 48 else 0
    fixed = 4 + (2 + feed_width if feed_width else 0) + 1 + AGE_WIDTH + 1
    return max(1, width - fixed), feed_width


def marked_segments(text: str, spans: list[tuple[int, int]], style: Style, match: Style) -> list[Segment]:
    """``text`` as segments, the ``spans`` (character offsets) in ``style + match``."""
    out: list[Segment] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start], style))
        out.append(Segment(text[start:end], style + match))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], style))
    return out


class StoryList(RowList):
    """The stories of the selected source; the cursor follows a story (by id) when the rows change."""

    DEFAULT_CSS = """
    StoryList > .row-list--match {
        color: $text-warning;
        text-style: bold underline;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {"row-list--match"}

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another story."""

        header: StoryHeader

    @dataclass
    class Chosen(Message):
        """Enter or a click on a story: open it."""

        header: StoryHeader

    def __init__(
        self, store: Store, *, clock: Callable[[], float] = time.time, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.clock = clock
        self.rows: list[StoryHeader] = []
        #: Spans to mark in a title (search matches); None marks nothing.
        self.title_marks: Callable[[str], list[tuple[int, int]]] | None = None

    @property
    def current(self) -> StoryHeader | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def on_mount(self) -> None:
        self.set_interval(60, self.invalidate)  # ages ("5m") move on

    def set_rows(self, rows: list[StoryHeader], *, keep: bool = True) -> None:
        """Show ``rows``. With ``keep``, the cursor stays on the same story and the view does not jump when
        stories arrive above it; otherwise the cursor goes to the top."""
        old = self.current if keep else None
        old_index = self.cursor
        self.rows = rows
        if old is None:
            self.scroll_to(y=0, animate=False, force=True)
            self.rows_changed(cursor=0)
            return
        index = self.index_of(old.id)
        if index is None:
            self.rows_changed(cursor=min(old_index, len(rows) - 1))
        else:
            self.rows_changed(cursor=index, scroll_by=index - old_index)

    def index_of(self, story_id: str) -> int | None:
        for index, header in enumerate(self.rows):
            if header.id == story_id:
                return index
        return None

    def select_id(self, story_id: str) -> bool:
        """Move the cursor to the story ``story_id``; False when it is not in the list."""
        index = self.index_of(story_id)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def refresh_story(self, story_id: str) -> None:
        """Repaint a story's row (its read or bookmark mark changed)."""
        current = self.current
        if current is not None and current.id == story_id:
            self.refresh_row(self.cursor)
        else:
            index = self.index_of(story_id)
            if index is not None:
                self.refresh_row(index)

    def row_count(self) -> int:
        return len(self.rows)

    def render_row(self, index: int, width: int, style: Style, cursor: bool) -> list[Segment]:
        header = self.rows[index]
        read = self.store.is_read(header.id)
        marked = self.store.is_bookmarked(header.id)
        title_width, feed_width = columns(width)
        overlay = self.part_style("cursor") if cursor else Style()
        dim = style + self.part_style("dim") + overlay
        title_style = style + (self.part_style("dim") if read else self.part_style("strong")) + overlay
        segments = [
            Segment(" ", style),
            Segment(" " if read else UNREAD_MARK, style + self.part_style("accent") + overlay),
            Segment(BOOKMARK_MARK if marked else " ", style + self.part_style("warning") + overlay),
            Segment(" ", style),
        ]
        title = fit(header.title or UNTITLED, title_width)
        if self.title_marks is None:
            segments.append(Segment(title, title_style))
        else:
            segments.extend(
                marked_segments(title, self.title_marks(title), title_style, self.part_style("match"))
            )
        if feed_width:
            feed = self.store.get_feed(header.feed_id)
            segments.append(Segment("  ", style))
            segments.append(Segment(fit(feed.name if feed else "", feed_width), dim))
        segments.append(Segment(" ", style))
        segments.append(Segment(fit_right(age(self.clock() - header.published), AGE_WIDTH), dim))
        segments.append(Segment(" ", style))
        return segments

    def cursor_moved(self) -> None:
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def row_selected(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
