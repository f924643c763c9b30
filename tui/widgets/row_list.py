"""A virtual list of rows with a cursor: the base of the story list, the feed list and the feed errors list.

Line API: Textual asks for the lines it is about to paint and :meth:`RowList.render_line` renders only those
rows, so a list of 50,000 stories costs what a list of 50 costs, to mount and to move in. Subclasses say how many
rows there are and how to draw one (:meth:`row_count`, :meth:`render_row`, or :meth:`render_row_lines` for rows
of ``ROW_HEIGHT`` lines); this class owns the cursor, keeping it in view, the keys that move it, the mouse, and a
small cache of rendered rows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .part_colour import painted_part


def row_cursor_bindings(*, first: str, last: str, page_down: str, page_up: str) -> list[BindingType]:
    """The reader's keys that move a list's cursor a row, to an end or a page, with the binding ids a keymap
    names (``cursor.down``...), so every list moves alike; the actions are the list's own (``j`` and ``k`` are
    ``cursor_down`` and ``cursor_up`` in all of them)."""
    return [
        Binding(
            "j,down", "cursor_down", "Down", id="cursor.down", tooltip="Move to the next row", show=False
        ),
        Binding("k,up", "cursor_up", "Up", id="cursor.up", tooltip="Move to the previous row", show=False),
        Binding("home,g", first, "First", id="cursor.first", tooltip="Go to the first row", show=False),
        Binding("end,G", last, "Last", id="cursor.last", tooltip="Go to the last row", show=False),
        Binding(
            "pagedown", page_down, "Page down", id="cursor.page_down", tooltip="Move a page down", show=False
        ),
        Binding("pageup", page_up, "Page up", id="cursor.page_up", tooltip="Move a page up", show=False),
    ]


class RowList(ScrollView, can_focus=True):
    """One row per item, rendered on demand; ``cursor`` is the index of the highlighted row."""

    #: Lines each row takes (every row alike, so finding a line's row is a division, not a walk of the rows).
    ROW_HEIGHT: ClassVar[int] = 1

    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .row-list--dim { color: $text-muted; }
        & > .row-list--accent { color: $text-accent; }
        & > .row-list--warning { color: $text-warning; }
        & > .row-list--strong { text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--cursor",
        "row-list--dim",
        "row-list--accent",
        "row-list--warning",
        "row-list--strong",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_cursor_bindings(
            first="cursor_first", last="cursor_last", page_down="cursor_page_down", page_up="cursor_page_up"
        ),
        Binding("enter", "select", "Open", id="cursor.select", tooltip="Open the row under the cursor"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cursor = 0
        self._cache: LRUCache[tuple[int, int, bool], list[Strip]] = LRUCache(512)
        self._part_styles: dict[str, Style] = {}  # see part_style; emptied when the styles change (_restyled)

    # -- what subclasses provide ---------------------------------------------------------------------------------
    def row_count(self) -> int:
        """How many rows there are."""
        return 0

    def render_row(self, index: int, width: int, style: Style, cursor: bool) -> list[Segment]:
        """The segments of row ``index``, exactly ``width`` cells wide, on the base ``style``."""
        return [Segment(" " * width, style)]

    def render_row_lines(self, index: int, width: int, style: Style, cursor: bool) -> list[list[Segment]]:
        """The ``ROW_HEIGHT`` lines of row ``index`` (one: :meth:`render_row`'s); each is fitted to ``width``."""
        return [self.render_row(index, width, style, cursor)]

    def cursor_moved(self) -> None:
        """Called after the cursor moved to another row (post a message about it here)."""

    def row_selected(self) -> None:
        """Called when the row under the cursor is chosen (enter or a click)."""

    # -- styles --------------------------------------------------------------------------------------------------
    def part_style(self, name: str) -> Style:
        """A component style (``dim``, ``accent``, ``warning``, ``strong``, ``cursor``) as a Rich style, its colour
        as painted: a theme's ``$text-muted`` is "auto 60%" (the text colour that contrasts with what lies under
        it, at 60%), and Textual's partial style keeps neither: it gave pure white, so on every light theme the
        story list's feed and age columns and the feed list's counts were white on white (dim text on a dark
        theme was brighter than the titles)."""
        style = self._part_styles.get(name)
        if style is None:
            style = self._part_styles[name] = painted_part(self, f"row-list--{name}")
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyled()

    def _on_focus(self, event: events.Focus) -> None:
        self._restyled()

    def _on_blur(self, event: events.Blur) -> None:
        self._restyled()

    def _restyled(self) -> None:
        """The theme or the focus changed: the parts' painted styles too (the cursor's is :focus's)."""
        self._part_styles.clear()
        self.invalidate()

    # -- rows ----------------------------------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Forget rendered rows (their data or their styles changed) and repaint."""
        self._cache.clear()
        self.refresh()

    def rows_changed(self, cursor: int | None = None, scroll_by: int = 0) -> None:
        """The row source changed: resize the virtual area, place the cursor, keep the view steady (``scroll_by``
        rows)."""
        count = self.row_count()
        self.virtual_size = Size(self.size.width, count * self.ROW_HEIGHT)
        self.cursor = max(0, min(cursor if cursor is not None else self.cursor, count - 1))
        self._cache.clear()
        if scroll_by:
            y = self.scroll_offset.y + scroll_by * self.ROW_HEIGHT
            self.scroll_to(y=max(0, y), animate=False, force=True)
        self.scroll_to_cursor()
        self.refresh()

    def refresh_row(self, index: int) -> None:
        """Repaint one row (its marks changed)."""
        width = self.scrollable_content_region.width
        self._cache.discard((index, width, True))
        self._cache.discard((index, width, False))
        if self.ROW_HEIGHT == 1:
            self.refresh_line(index)
        else:
            self.refresh_lines(index * self.ROW_HEIGHT, self.ROW_HEIGHT)

    def render_line(self, y: int) -> Strip:
        index, line = divmod(self.scroll_offset.y + y, self.ROW_HEIGHT)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index < 0 or index >= self.row_count() or width <= 0:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, width, is_cursor)
        strips = self._cache.get(key)
        if strips is None:
            style = base + self.part_style("cursor") if is_cursor else base
            lines = self.render_row_lines(index, width, style, is_cursor)
            strips = [Strip(segments).adjust_cell_length(width, style) for segments in lines]
            self._cache.set(key, strips)
        return strips[line] if line < len(strips) else Strip.blank(width, base)

    # -- the cursor ----------------------------------------------------------------------------------------------
    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view."""
        count = self.row_count()
        if count == 0:
            return
        index = max(0, min(index, count - 1))
        if index == self.cursor:
            self.scroll_to_cursor()
            return
        old, self.cursor = self.cursor, index
        self.refresh_row(old)
        self.refresh_row(index)
        self.scroll_to_cursor()
        self.cursor_moved()

    def scroll_to_cursor(self) -> None:
        """Scroll the least that brings the cursor's row into view (its first line, when it is taller than the
        view)."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top, first = self.scroll_offset.y, self.cursor * self.ROW_HEIGHT
        last = first + self.ROW_HEIGHT - 1
        if first < top:
            self.scroll_to(y=first, animate=False, force=True)
        elif last >= top + height:
            self.scroll_to(y=min(first, last - height + 1), animate=False, force=True)

    def _page_rows(self) -> int:
        """Rows a page key moves: a screenful less one (at least one)."""
        return max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, self.row_count() * self.ROW_HEIGHT)
        self._cache.clear()
        self.call_after_refresh(self.scroll_to_cursor)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_first(self) -> None:
        self.move_cursor(0)

    def action_cursor_last(self) -> None:
        self.move_cursor(self.row_count() - 1)

    def action_cursor_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page_rows())

    def action_cursor_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page_rows())

    def action_select(self) -> None:
        if self.row_count():
            self.row_selected()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // self.ROW_HEIGHT
        if 0 <= index < self.row_count():
            self.move_cursor(index)
            self.row_selected()
