"""The story's text as a Static that wraps and draws only the paragraphs on screen.

A plain ``Static`` wraps its whole content to learn its height and renders every line of it each time it is
repainted. A story may hold 200,000 characters (``feeds.text.MAX_TEXT``), and opening one held the reader for
0.5-0.8 s (a 120x40 terminal; more on a slower machine), again when the names' highlights arrived and again with
the search marks.

This one cuts its content into lines (paragraphs) and measures each line's wrapped height once per width,
remembered by the line's text, so a redraw with new highlights or marks measures nothing. It renders only the
lines that are drawn, with Textual's own wrapping of each line, so the page looks exactly as the ``Static`` drew
it. A long story is measured a few milliseconds at a time on a timer: the first screenful at once, the rest
behind it, with an estimate standing in for what is not measured yet. Everything down to the bottom of the view
is measured exactly before it is drawn, so nothing on screen moves when an estimate is replaced; a jump far down
(the end key, the next search match, a drag of the scrollbar) measures up to there on the spot.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions, VisualType
from textual.widgets import Static

#: Time spent measuring per tick of the background pass, and the pause between ticks (the reader's keys and
#: repaints run in between).
SLICE_SECONDS = 0.004
SLICE_INTERVAL = 0.01
#: Lines kept cut out and rendered; the rendered ones are dropped on every repaint, like a Static's render cache.
LINE_CACHE = 256
#: Spans longer than this are looked through one by one for each line; shorter ones (names, search matches,
#: the styled title) are found by where they start.
LONG_SPAN = 2000
#: Widths whose measured heights are remembered (the sidebar toggles between two), and how many lines' heights
#: each keeps before it starts over (a long session reads many stories).
WIDTHS_REMEMBERED = 4
LINES_REMEMBERED = 50_000


def _estimate(text: str, width: int) -> int:
    """A guess at a line's wrapped height: a little more than its length over the width."""
    return max(1, -(-len(text) * 11 // (10 * width)))


def _shift_selection(selection: Selection | None, dy: int) -> Selection | None:
    """``selection`` (in lines of the whole content) as seen from a paragraph that starts at line ``dy``."""
    if selection is None or not dy:
        return selection
    start, end = selection
    return Selection(
        None if start is None else Offset(start.x, start.y - dy),
        None if end is None else Offset(end.x, end.y - dy),
    )


def _shift_offsets(strip: Strip, y: int) -> Strip:
    """The strip with the ``offset`` each segment carries (text selection reads it) on line ``y``.

    A paragraph rendered alone numbers its line 0; the widget's content numbers it ``y``."""
    segments: list[Segment] = []
    for text, style, control in strip:
        if style is not None and style._meta is not None:
            offset = style.meta.get("offset")
            if offset is not None:
                style = style + RichStyle.from_meta({"offset": (offset[0], y)})
        segments.append(Segment(text, style, control))
    return Strip(segments, strip.cell_length)


class StoryBody(Static):
    """A Static for long Content: measured by line, drawn by line, only what is on screen."""

    DEFAULT_CSS = """
    StoryBody {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, content: VisualType = "", *, id: str | None = None) -> None:
        super().__init__(content, id=id, markup=False)
        self._texts: list[str] = []  # the content's lines (paragraphs), as text
        self._offsets: list[int] = []  # where each line starts in the content's text
        self._spans: Sequence[Span] = ()
        self._span_keys: list[int] = []  # starts of the short spans, sorted
        self._span_order: list[int] = []  # the short spans' indexes in that order
        self._long_spans: list[int] = []  # indexes of spans longer than LONG_SPAN
        self._lines: dict[int, Content] = {}  # lines cut out of the content (with their spans) so far
        self._styled: dict[str, list[int]] = {}  # a style -> the lines holding a span of it
        self._width = 0
        self._memo: dict[int, dict[str, int]] = {}  # width -> a line's text -> its wrapped height
        self._starts: list[int] = [0]  # the first wrapped row of each measured line, and of the next one
        self._estimated = 0  # the guessed height of the lines not measured yet
        self._strips: dict[int, list[Strip]] = {}
        self._timer: Timer | None = None
        self._split(content)

    # -- content ---------------------------------------------------------------------------------------------------
    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content``; what was measured for lines of the same text (same story, new marks) is kept."""
        super().update(content, layout=True)
        self._split(content)
        self._restart()

    def _split(self, content: VisualType) -> None:
        """Index the content by line. Nothing is copied: a line's piece of content is cut out when it is drawn
        (a long story's thousands of spans, copied per line on every redraw, kept the garbage collector busy)."""
        visual = content if isinstance(content, Content) else Content(str(content))
        self._texts = visual.plain.split("\n")
        self._offsets = list(accumulate((len(t) + 1 for t in self._texts[:-1]), initial=0))
        spans = self._spans = visual.spans
        self._long_spans = [i for i, s in enumerate(spans) if s.end - s.start > LONG_SPAN]
        short = sorted((s.start, i) for i, s in enumerate(spans) if s.end - s.start <= LONG_SPAN)
        self._span_keys = [start for start, _ in short]
        self._span_order = [i for _, i in short]
        self._lines.clear()
        self._styled.clear()
        for width, memo in self._memo.items():
            if len(memo) > LINES_REMEMBERED:
                self._memo[width] = {}

    def _line(self, index: int) -> Content:
        """Line ``index`` with its spans, as ``Content.split`` would cut it."""
        line = self._lines.get(index)
        if line is None:
            start = self._offsets[index]
            text = self._texts[index]
            end = start + len(text)
            spans = self._spans
            keys, order = self._span_keys, self._span_order
            found = [
                order[k]
                for k in range(bisect_left(keys, start - LONG_SPAN), bisect_left(keys, end))
                if spans[order[k]].end > start
            ]
            found += [i for i in self._long_spans if spans[i].start < end and spans[i].end > start]
            found.sort()  # the content's order: a later span is drawn over an earlier one
            if len(self._lines) >= LINE_CACHE:
                self._lines.clear()
            line = self._lines[index] = Content(
                text,
                [
                    Span(max(s.start, start) - start, min(s.end, end) - start, s.style)
                    for s in (spans[i] for i in found)
                ],
                strip_control_codes=False,
            )
        return line

    # -- measuring -------------------------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        """Whether every line is measured, so the height is exact (not partly estimated)."""
        return self._width > 0 and len(self._starts) > len(self._texts)

    def _restart(self) -> None:
        """Measure again from the top (new content or a new width); heights of known lines come from the memo."""
        self._starts = [0]
        self._strips.clear()
        width = self._width
        self._estimated = sum(_estimate(text, width) for text in self._texts) if width else 0
        if width:
            self._schedule()

    def _set_width(self, width: int) -> None:
        if width != self._width and width > 0:
            self._width = width
            if width not in self._memo and len(self._memo) >= WIDTHS_REMEMBERED:
                self._memo.pop(next(iter(self._memo)))
            self._restart()

    def _measure_next(self) -> None:
        """Measure the first line not measured yet."""
        width = self._width
        text = self._texts[len(self._starts) - 1]
        memo = self._memo.setdefault(width, {})
        height = memo.get(text)
        if height is None:
            rules: RulesMap = self.styles  # type: ignore[assignment]
            height = memo[text] = Content(text, strip_control_codes=False).get_height(rules, width)
        self._starts.append(self._starts[-1] + height)
        self._estimated -= _estimate(text, width)

    def measure_to(self, row: int) -> None:
        """Measure lines until the one holding wrapped row ``row`` (or the last) is measured."""
        if not self._width:
            return
        total = len(self._texts)
        while len(self._starts) <= total and self._starts[-1] <= row:
            self._measure_next()

    def measure_all(self) -> None:
        """Measure every line now (before a jump to the end), and lay out with the exact height."""
        if self._width and not self.complete:
            self.measure_to(1 << 62)
            self.refresh(layout=True)

    def _schedule(self) -> None:
        if self._timer is None and self.is_mounted and not self.complete:
            self._timer = self.set_interval(SLICE_INTERVAL, self._measure_slice, name="story-measure")

    def _measure_slice(self) -> None:
        """One tick of the background pass: measure for a few milliseconds; at the end, lay out exactly."""
        deadline = time.perf_counter() + SLICE_SECONDS
        total = len(self._texts)
        while self._width and len(self._starts) <= total and time.perf_counter() < deadline:
            for _ in range(8):
                if len(self._starts) > total:
                    break
                self._measure_next()
        if self.complete or not self._width:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._set_width(width)
        self.measure_to(viewport.height)  # the first screenful exactly; the rest in the background
        self._schedule()
        return self._starts[-1] + self._estimated

    # -- drawing ---------------------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        if self._dirty_regions:  # repainted (new content, a new theme, a selection): render afresh
            self._strips.clear()
            self._dirty_regions.clear()
        self._set_width(self.size.width)
        blank = Strip.blank(self.size.width, self.visual_style.rich_style)
        if not self._width:
            return blank
        self.measure_to(y)
        if y >= self._starts[-1]:
            return blank
        index = bisect_right(self._starts, y) - 1
        strips = self._strips.get(index)
        if strips is None:
            if len(self._strips) >= LINE_CACHE:
                self._strips.clear()
            strips = self._strips[index] = self._render_line_strips(index)
        row = y - self._starts[index]
        return strips[row] if row < len(strips) else blank

    def _render_line_strips(self, index: int) -> list[Strip]:
        """Line ``index`` wrapped and rendered as the Static would render it within the whole content."""
        selection = self.text_selection
        selection_style = (
            None
            if selection is None
            else Style.from_styles(self.screen.get_component_styles("screen--selection"))
        )
        rules: RulesMap = self.styles  # type: ignore[assignment]
        options = RenderOptions(self._get_style, rules, _shift_selection(selection, index), selection_style)
        strips = self._line(index).render_strips(self._width, None, self.visual_style, options)
        return [_shift_offsets(strip, index) for strip in strips] if index else strips

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        super().selection_updated(selection)

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    # -- finding rows ----------------------------------------------------------------------------------------------
    def _rows_styled(self, index: int, style: str) -> list[int]:
        """The wrapped rows (of the whole content) of line ``index`` that hold a span styled ``style``."""
        while len(self._starts) <= index + 1:
            self._measure_next()
        start = self._starts[index]
        return [
            start + y
            for y, piece in enumerate(self._line(index).wrap(self._width))
            if any(span.style == style for span in piece.spans)
        ]

    def rows_styled(self, style: str, after: int = -1, step: int = 1) -> Iterator[int]:
        """Wrapped rows holding a span styled ``style``: below row ``after`` going down (``step`` 1), or above it
        going up (-1). Only the lines holding such a span are wrapped, and only those passed on the way."""
        if not self._width or not self._texts:
            return
        lines = self._styled.get(style)
        if lines is None:
            offsets = self._offsets
            lines = self._styled[style] = sorted(
                {
                    bisect_right(offsets, s.start) - 1
                    for s in self._spans
                    if s.style == style and s.end > s.start
                }
            )
        self.measure_to(max(after, 0))
        here = bisect_right(self._starts, max(after, 0)) - 1
        ahead = lines[bisect_left(lines, here) :] if step > 0 else lines[: bisect_right(lines, here)][::-1]
        for index in ahead:
            rows = self._rows_styled(index, style)
            for y in rows if step > 0 else reversed(rows):
                if (y > after) if step > 0 else (y < after):
                    yield y
