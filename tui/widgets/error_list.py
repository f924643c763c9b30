"""The failing feeds, three lines each, virtual: the list of the feed errors screen; then the feeds read in part.

It was an ``OptionList``, which lays out every option (wrapping each one's text) to know where each starts: 1.8 s
to open at 5,000 failing feeds, 10 s at 50,000 (see the commit). Here every feed takes the same four lines (its
name, what went wrong, its address, a rule), so a line's feed is a division and only the feeds on screen are
drawn (see :class:`RowList`). A line too long for the box is cut with an ellipsis rather than wrapped; the
highlighted feed's lines are shown whole below the list (see :class:`tui.screens.errors.ErrorsScreen`), as it posts
:class:`ErrorList.Highlighted` when the cursor moves.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.message import Message

from feeds.model import Feed
from feeds.text import hide_password

from ..cli_commands import read_in_part_note
from .cells import ago, fit
from .row_list import RowList, row_cursor_bindings

RULE = "─"


def describe(feed: Feed, now: float) -> tuple[str, str, str]:
    """A failing feed in three lines: its name; what went wrong, when, and how often; its address. A feed read in
    part and not failing: what was read, and when (see :mod:`feeds.oversize`)."""
    status = feed.status
    if status.read_in_part:
        when = [ago(now - status.last_success)] if status.last_success else []
        return feed.name, " · ".join([read_in_part_note(status.warning), *when]), hide_password(feed.url)
    error = status.last_error or ("gone: the publisher removed this feed" if status.gone else "failed")
    details = [error]
    if status.last_attempt:
        details.append(ago(now - status.last_attempt))
    if status.failures > 1:
        details.append(f"failed {status.failures} times in a row")
    return feed.name, " · ".join(details), hide_password(feed.url)


class ErrorList(RowList, inherit_bindings=False):
    """Failing feeds; ``current`` is the one under the cursor. Enter does nothing here, so only the cursor keys
    are bound (the screen binds retry)."""

    DEFAULT_CSS = """
    ErrorList > .error-list--rule {
        color: $foreground 15%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {"error-list--rule"}
    ROW_HEIGHT = 4
    BINDINGS: ClassVar[list[BindingType]] = row_cursor_bindings(
        first="cursor_first", last="cursor_last", page_down="cursor_page_down", page_up="cursor_page_up"
    )

    class Highlighted(Message):
        """The cursor moved to another feed: its lines, cut in the row, are due whole below the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feeds: list[Feed] = []
        self.now = 0.0

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted())

    @property
    def current(self) -> Feed | None:
        return self.feeds[self.cursor] if 0 <= self.cursor < len(self.feeds) else None

    def set_feeds(self, feeds: list[Feed], now: float) -> None:
        """Show ``feeds`` (their ages counted from ``now``), the cursor kept on the same feed (else the first)."""
        current = self.current
        self.feeds, self.now = feeds, now
        index = next((i for i, f in enumerate(feeds) if current is not None and f.id == current.id), 0)
        self.rows_changed(cursor=index)

    def text_of(self, index: int) -> str:
        """Feed ``index``'s three lines, as plain text."""
        return "\n".join(describe(self.feeds[index], self.now))

    def row_count(self) -> int:
        return len(self.feeds)

    def render_row_lines(self, index: int, width: int, style: Style, cursor: bool) -> list[list[Segment]]:
        feed = self.feeds[index]
        name, details, url = describe(feed, self.now)
        text_width = max(0, width - 1)
        margin = Segment(" ", self.rich_style)  # the cursor's highlight starts at the text
        lines = [
            (name, self.part_style("strong")),
            (details, self.part_style("warning" if feed.status.failing else "dim")),
            (url, self.part_style("dim")),
        ]
        out = [[margin, Segment(fit(text, text_width), style + part)] for text, part in lines]
        if index < len(self.feeds) - 1:  # a rule between two feeds, never highlighted
            rule = self.get_component_rich_style(
                "error-list--rule"
            )  # whole: its colour is blended, not partial
            out.append([margin, Segment(RULE * max(0, width - 2), rule)])
        return out
