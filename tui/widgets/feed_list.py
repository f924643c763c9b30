"""The feed list: virtual feeds, groups and feeds with unread counts, and a mark on failing feeds.

Feeds are few, but titles come from the feeds themselves, so rows are drawn from plain strings (never markup)
with the same cell-exact fitting as the story list.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from .cells import fit, fit_right
from .row_list import RowList
from .sources import FeedEntry

FAILING_MARK = "!"


class FeedList(RowList):
    """Rows of :class:`FeedEntry`; the cursor stays on the same entry (by key) when the list is rebuilt."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another entry: the story list should show its stories."""

        entry: FeedEntry

    @dataclass
    class Chosen(Message):
        """Enter or a click on an entry: go to its stories."""

        entry: FeedEntry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[FeedEntry] = []

    @property
    def current(self) -> FeedEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def set_entries(self, entries: list[FeedEntry], select: str | None = None) -> None:
        """Show ``entries``; keep the cursor on the entry with key ``select`` (default: the current one)."""
        key = select if select is not None else (self.current.key if self.current else "all")
        self.entries = entries
        index = next((i for i, e in enumerate(entries) if e.key == key), 0)
        self.rows_changed(cursor=index)

    def select_key(self, key: str) -> bool:
        """Move the cursor to the entry ``key``; False when there is none."""
        for index, entry in enumerate(self.entries):
            if entry.key == key:
                self.move_cursor(index)
                return True
        return False

    def row_count(self) -> int:
        return len(self.entries)

    def render_row(self, index: int, width: int, style: Style, cursor: bool) -> list[Segment]:
        entry = self.entries[index]
        count = f"{entry.count:,}" if entry.count else ""
        count_width = min(max(len(count), 1), max(0, width - 6))
        indent = "  " * entry.depth
        label_width = max(0, width - 4 - len(indent) - count_width - 1)
        label_style = self.part_style("strong") if entry.kind != "feed" else Style()
        mark = FAILING_MARK if entry.failing else " "
        overlay = self.part_style("cursor") if cursor else Style()
        return [
            Segment(" " + indent, style),
            Segment(mark, style + self.part_style("warning") + overlay),
            Segment(" ", style),
            Segment(fit(entry.label, label_width), style + label_style + overlay),
            Segment(" ", style),
            Segment(fit_right(count, count_width), style + self.part_style("dim") + overlay),
            Segment(" ", style),
        ]

    def cursor_moved(self) -> None:
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def row_selected(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
