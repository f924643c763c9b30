"""The failing feeds, three lines each, virtual: the list of the feed errors screen; then the feeds read in part.

It was an ``OptionList``, which lays out every option (wrapping each one's text) to know where each starts: 1.8 s
to open at 5,000 failing feeds, 10 s at 50,000 (see the commit). Here every feed takes the same four lines (its
name, what went wrong, its address, a rule), so a line's feed is a division and only the feeds on screen are
drawn (see :class:`RowList`). A line too long for the box is cut with an ellipsis rather than wrapped; below the
list, the highlighted feed's cut lines are shown whole, with what its row does not say (:func:`more_about`; see
:class:`tui.screens.errors.ErrorsScreen`), as the list posts :class:`ErrorList.Highlighted` when the cursor moves
or its width changes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
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


def more_about(feed: Feed, now: float) -> list[str]:
    """What a failing feed's row does not say, which a user deciding to retry, wait or remove it asks next: when
    it last refreshed fine (or that it never did since it was added), how long the server asked us to wait, and
    a note on the last document read in part. A feed read in part and not failing: nothing (its row says when)."""
    status = feed.status
    if not status.failing:
        return []
    if status.last_success:
        lines = [f"Last refreshed fine {ago(now - status.last_success)}."]
    else:
        added = f" since it was added {ago(now - feed.added)}" if feed.added else ""
        lines = [f"Never refreshed fine{added}."]
    if status.retry_after is not None and status.retry_after > now:
        lines.append(
            f"The server asked us to wait: refreshes skip it for {_time_left(status.retry_after - now)}."
        )
    if status.warning:
        lines.append(f"Before that, {read_in_part_note(status.warning)}")
    return lines


def _time_left(seconds: float) -> str:
    """``seconds`` from now, in the words of :func:`ago`: "25 min", "3 h", "2 days"; "under a minute"."""
    words = ago(seconds)
    return "under a minute" if not words.endswith(" ago") else words.removesuffix(" ago")


def panel_lines(feed: Feed, now: float, width: int) -> list[str]:
    """The lines under the list for ``feed``, whose row is ``width`` cells of text: the row's lines that it cuts,
    whole, then :func:`more_about`. Empty when the row shows it all and there is nothing more: the panel only
    repeated a short error and the address, which the row showed in full just above."""
    cut = [line for line in describe(feed, now) if cell_len(line) > width]
    return cut + more_about(feed, now)


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
        """The cursor moved to another feed, or the list's width changed: what its row cuts and what the row does
        not say are due below the list (:func:`panel_lines`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feeds: list[Feed] = []
        self.now = 0.0

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted())

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        self.post_message(self.Highlighted())  # a row that fitted may be cut now, or the other way

    @property
    def text_width(self) -> int:
        """How many cells of a row's line are text (after the one-cell margin): longer lines are cut."""
        return max(0, self.scrollable_content_region.width - 1)

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
        text_width = max(0, width - 1)  # as text_width says
        margin = Segment(" ", self.rich_style)  # the cursor's highlight starts at the text
        lines = [
            (name, self.part_style("strong")),
            (details, self.part_style("warning" if feed.status.failing else "dim")),
            (url, self.part_style("dim")),
        ]
        # On the cursor's row its colour wins, as in the story list: the details' warning colour and the
        # address's muted one are made for the list's background and were hard to read on the cursor's (a
        # light theme's muted grey on its dark blue, the same colour in 16 colours).
        overlay = self.part_style("cursor") if cursor else Style()
        out = [[margin, Segment(fit(text, text_width), style + part + overlay)] for text, part in lines]
        if index < len(self.feeds) - 1:  # a rule between two feeds, never highlighted
            rule = self.get_component_rich_style(
                "error-list--rule"
            )  # whole: its colour is blended, not partial
            out.append([margin, Segment(RULE * max(0, width - 2), rule)])
        return out
