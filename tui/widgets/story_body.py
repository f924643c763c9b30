"""The story's text as a Static that wraps and draws only the rows on screen.

A plain ``Static`` wraps its whole content to learn its height and renders every line of it each time it is
repainted. A story may hold 200,000 characters (``feeds.text.MAX_TEXT``), and opening one held the reader for
0.5-0.8 s (a 120x40 terminal; more on a slower machine), again when the names' highlights arrived and again with
the search marks.

This one cuts its content into blocks: a paragraph (a line of the content) is a block, and a long one is cut
into blocks of about :data:`BLOCK` characters, each cut where one of the paragraph's wrapped rows starts, so
each block wraps into exactly the rows the whole paragraph gives there. (A story that is one 200,000-character
paragraph, or Chinese text with no spaces to wrap at, was a single block: every repaint wrapped and rendered all
of it, 2,000 rows, and opening it took 0.2-1 s.) Each block's wrapped height is measured once per width,
remembered by its text, so a redraw with new highlights or marks measures nothing. Only the blocks that are
drawn are rendered, with Textual's own wrapping, so the page looks exactly as the ``Static`` drew it. A long
story is measured a few milliseconds at a time on a timer: the first screenful at once, the rest behind it, with
an estimate standing in for what is not measured yet. Everything down to the bottom of the view is measured
exactly before it is drawn, so nothing on screen moves when an estimate is replaced; a jump far down (the end
key, the next search match, a drag of the scrollbar) measures up to there on the spot.

A list item's line hangs (:mod:`~tui.widgets.item_hang`): its text after the label is wrapped to the width less
the label's, its rows drawn beside the label and under its first word, as w3m and lynx set a list.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from rich._wrap import divide_line  # what Content wraps a line with: the rows' starts
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

from feeds.html_lists import LABEL_END

from .item_hang import hang as item_hang

#: Time spent measuring per tick of the background pass, and the pause between ticks (the reader's keys and
#: repaints run in between).
SLICE_SECONDS = 0.004
SLICE_INTERVAL = 0.01
#: Blocks kept cut out and rendered; the rendered ones are dropped on every repaint, like a Static's render cache.
BLOCK_CACHE = 256
#: Paragraphs longer than this many characters are cut into blocks of about this size (a screenful of a
#: 120-column terminal holds some 4,000).
BLOCK = 2000
#: Places to cut a block tried before a longer piece is looked at (a cut is checked: see :meth:`_cut`).
CUT_TRIES = 4
#: Spans longer than this are looked through one by one for each block; shorter ones (names, search matches,
#: the styled title) are found by where they start.
LONG_SPAN = 2000
#: Widths whose measured heights are remembered (the sidebar toggles between two), and how many blocks' heights
#: each keeps before it starts over (a long session reads many stories).
WIDTHS_REMEMBERED = 4
LINES_REMEMBERED = 50_000


def _estimate(length: int, width: int) -> int:
    """A guess at the wrapped height of ``length`` characters of a paragraph: a little more than the length over
    the width (0 for nothing left of it)."""
    return max(1, -(-length * 11 // (10 * width))) if length else 0


def _block_selection(selection: Selection | None, y: int, start: int, end: int) -> Selection | None:
    """``selection`` (in lines and characters of the whole content) as seen from the block of line ``y`` that
    holds its characters ``start`` to ``end``: the part of the line selected, in the block's own characters."""
    if selection is None:
        return None
    span = selection.get_span(y)
    if span is None:
        return None
    first, last = span
    if first >= end or (last != -1 and last <= start):
        return None
    first = max(first - start, 0)
    if last == -1 or last >= end:
        return Selection(Offset(first, 0), None)
    return Selection(Offset(first, 0), Offset(last - start, 0))


def _same_rows(piece: str, rows: list[int], row: int, width: int) -> bool:
    """Whether ``piece`` up to ``rows[row]`` (where row ``row + 2`` starts, by :func:`divide_line` at ``width``),
    its spaces at the end stripped, is known to wrap alone into the ``row + 1`` rows it makes within the piece,
    without wrapping it again.

    divide_line takes the piece word by word (a word with the spaces after it), deciding each from where the row
    stands and the word alone. Cut where a word starts, the part is the same words, decided the same, unless
    the spaces that end it were folded onto a row of their own (stripped, that row goes). Cut inside a word too
    long for a row (folded), the part ends in that word's first folds: from its second fold on they are longer
    than a row too, folded alike; at its first, the fold alone may fit where the word did not."""
    cut = rows[row]
    before = rows[row - 1] if row else 0
    at = cut - 1
    if piece[at].isspace():
        while at >= 0 and piece[at].isspace():
            at -= 1
        return row == 0 or before <= at  # no row starts in the spaces before the cut
    while at > 0 and not piece[at - 1].isspace():
        at -= 1
    return width > 2 and row > 0 and before > at  # the word starting at ``at`` was folded before the cut


def _shift_offsets(strip: Strip, x: int, y: int) -> Strip:
    """The strip with the ``offset`` each segment carries (text selection reads it) moved to line ``y``, ``x``
    characters on. A block rendered alone numbers its line 0 from its own first character."""
    segments: list[Segment] = []
    for text, style, control in strip:
        if style is not None and style._meta is not None:
            offset = style.meta.get("offset")
            if offset is not None:
                style = style + RichStyle.from_meta({"offset": (offset[0] + x, y)})
        segments.append(Segment(text, style, control))
    return Strip(segments, strip.cell_length)


class StoryBody(Static):
    """A Static for long Content: measured by block, drawn by block, only what is on screen."""

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
        self._styled: dict[str, list[int]] = {}  # a style -> the lines holding a span of it
        self._width = 0
        # width -> a line's text -> its wrapped height; or (a long line's text, where a block starts) -> where
        # the block ends and its wrapped height
        self._memo: dict[int, dict[object, object]] = {}
        # The blocks measured so far, in order: the line each is in, and its first and last character (as an
        # offset into the line); and the first wrapped row of each, and of the next one.
        self._block_lines: list[int] = []
        self._block_starts: list[int] = []
        self._block_ends: list[int] = []
        self._starts: list[int] = [0]
        self._next_line = 0  # where the first block not measured yet starts: its line, and character in it
        self._next_start = 0
        self._estimated = 0  # the guessed height of what is not measured yet
        self._pieces: dict[int, Content] = {}  # blocks cut out of the content (with their spans) so far
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
        """Index the content by line. Nothing is copied: a block's piece of content is cut out when it is drawn
        (a long story's thousands of spans, copied per line on every redraw, kept the garbage collector busy)."""
        visual = content if isinstance(content, Content) else Content(str(content))
        self._texts = visual.plain.split("\n")
        self._offsets = list(accumulate((len(t) + 1 for t in self._texts[:-1]), initial=0))
        spans = self._spans = visual.spans
        self._long_spans = [i for i, s in enumerate(spans) if s.end - s.start > LONG_SPAN]
        short = sorted((s.start, i) for i, s in enumerate(spans) if s.end - s.start <= LONG_SPAN)
        self._span_keys = [start for start, _ in short]
        self._span_order = [i for _, i in short]
        self._styled.clear()
        for width, memo in self._memo.items():
            if len(memo) > LINES_REMEMBERED:
                self._memo[width] = {}

    def _piece(self, index: int) -> Content:
        """Block ``index`` with its spans (see :meth:`_cut_out`)."""
        piece = self._pieces.get(index)
        if piece is None:
            if len(self._pieces) >= BLOCK_CACHE:
                self._pieces.clear()
            piece = self._pieces[index] = self._cut_out(
                self._block_lines[index], self._block_starts[index], self._block_ends[index]
            )
        return piece

    def _cut_out(self, line: int, first: int, last: int) -> Content:
        """Characters ``first`` to ``last`` of line ``line`` with their spans, as ``Content.split`` would cut the
        line, then cut to them (a block that ends inside its line without the spaces ending it, as Content's
        wrapping drops them). A label's no-break space is drawn as a space."""
        text = self._texts[line]
        chars = text[first:last] if last == len(text) else text[first:last].rstrip()
        if LABEL_END in chars:
            chars = chars.replace(LABEL_END, " ")
        start = self._offsets[line] + first
        end = start + len(chars)
        spans = self._spans
        keys, order = self._span_keys, self._span_order
        found = [
            order[k]
            for k in range(bisect_left(keys, start - LONG_SPAN), bisect_left(keys, end))
            if spans[order[k]].end > start
        ]
        found += [i for i in self._long_spans if spans[i].start < end and spans[i].end > start]
        found.sort()  # the content's order: a later span is drawn over an earlier one
        return Content(
            chars,
            [
                Span(max(s.start, start) - start, min(s.end, end) - start, s.style)
                for s in (spans[i] for i in found)
            ],
            strip_control_codes=False,
        )

    # -- measuring -------------------------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        """Whether every line is measured, so the height is exact (not partly estimated)."""
        return self._width > 0 and self._next_line >= len(self._texts)

    def _restart(self) -> None:
        """Measure again from the top (new content or a new width); heights of known blocks come from the memo."""
        self._block_lines, self._block_starts, self._block_ends = [], [], []
        self._starts = [0]
        self._next_line = self._next_start = 0
        self._pieces.clear()
        self._strips.clear()
        width = self._width
        self._estimated = sum(_estimate(len(text), width) or 1 for text in self._texts) if width else 0
        if width:
            self._schedule()

    def _set_width(self, width: int) -> None:
        if width != self._width and width > 0:
            self._width = width
            if width not in self._memo and len(self._memo) >= WIDTHS_REMEMBERED:
                self._memo.pop(next(iter(self._memo)))
            self._restart()

    def _height(self, text: str, width: int) -> int:
        """The rows ``text`` wraps into at ``width``. When Content would wrap it with :func:`divide_line` alone (see
        :meth:`_plain_wrap`), that is asked directly: Content also builds every row (cut, stripped, formatted), which
        only drawing needs, and measuring built them for every block, to be built again for those drawn."""
        if self._plain_wrap(text):
            return len(divide_line(text, width, fold=True)) + 1
        rules: RulesMap = self.styles  # type: ignore[assignment]
        return Content(text, strip_control_codes=False).get_height(rules, width)

    def _plain_wrap(self, text: str) -> bool:
        """Whether Content wraps ``text`` as :func:`divide_line` cuts it: a word wrap with long words folded, no
        tab to expand and no padding."""
        rules: RulesMap = self.styles  # type: ignore[assignment]
        get = rules.get
        return (
            get("text_wrap", "wrap") == "wrap"
            and get("text_overflow", "fold") == "fold"
            and not get("line_pad", 0)
            and "\t" not in text
        )

    def _cuttable(self, text: str, start: int) -> bool:
        """Whether a line is long enough from ``start`` on to cut into blocks, wrapped as :meth:`_cut` can follow."""
        return len(text) - start > BLOCK and self._plain_wrap(text)

    def _cut(self, text: str, start: int, width: int) -> tuple[int, int]:
        """Where the block of the long line ``text`` that starts at character ``start`` ends, and its height at
        ``width``.

        Content wraps a line greedily: where a row starts depends only on where the row before it started, so
        the text from a row's first character on wraps into the same rows alone as within the whole line. A block
        ends where a row starts, on a character that is not a space (Content would fold a run of spaces that
        ends a row onto the next), and wrapped alone it must give the rows it stands for: it does where a word
        starts or a long word's second fold or later (see :func:`_same_rows`), and is wrapped again to check
        elsewhere. The piece is wrapped once: checking every cut wrapped each block twice to measure it."""
        size = BLOCK
        while start + size < len(text):
            piece = text[start : start + size]
            rows = divide_line(piece, width, fold=True)  # the first characters of rows 2, 3...
            tried = 0
            # The last row is left for the next block: a word cut off at the piece's end may wrap differently.
            for row in range(len(rows) - 1, -1, -1):
                cut = rows[row]
                if piece[cut].isspace():
                    continue
                if (
                    _same_rows(piece, rows, row, width)
                    or self._height(piece[:cut].rstrip(), width) == row + 1
                ):
                    return start + cut, row + 1
                tried += 1
                if tried == CUT_TRIES:
                    break
            size *= 2
        return len(text), self._height(text[start:], width)

    def _measure_next(self) -> None:
        """Measure the first block not measured yet (an item's first starts after its label)."""
        line, first = self._next_line, self._next_start
        text = self._texts[line]
        label, hang = item_hang(text, self._width)
        start = max(first, label)
        memo = self._memo.setdefault(self._width, {})
        if start == label and not self._cuttable(text, start):
            end = len(text)
            height = memo.get(text)
            if height is None:
                height = memo[text] = self._height(text[start:], self._width - hang)
        else:
            known = memo.get((text, start))
            if known is None:
                known = memo[(text, start)] = self._cut(text, start, self._width - hang)
            end, height = known  # type: ignore[misc]
        self._block_lines.append(line)
        self._block_starts.append(start)
        self._block_ends.append(end)
        self._starts.append(self._starts[-1] + height)  # type: ignore[operator]
        if end < len(text):
            self._next_start = end
            self._estimated -= _estimate(len(text) - first, self._width) - _estimate(
                len(text) - end, self._width
            )
        else:
            self._next_line, self._next_start = line + 1, 0
            self._estimated -= _estimate(len(text) - first, self._width) or 1

    def measure_to(self, row: int) -> None:
        """Measure blocks until the one holding wrapped row ``row`` (or the last) is measured."""
        if not self._width:
            return
        while not self.complete and self._starts[-1] <= row:
            self._measure_next()

    def measure_all(self) -> None:
        """Measure every block now (before a jump to the end), and lay out with the exact height."""
        if self._width and not self.complete:
            self.measure_to(1 << 62)
            self.refresh(layout=True)

    def _schedule(self) -> None:
        if self._timer is None and self.is_mounted and not self.complete:
            self._timer = self.set_interval(SLICE_INTERVAL, self._measure_slice, name="story-measure")

    def _measure_slice(self) -> None:
        """One tick of the background pass: measure for a few milliseconds; at the end, lay out exactly."""
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._width and not self.complete and time.perf_counter() < deadline:
            for _ in range(8):
                if self.complete:
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
            if len(self._strips) >= BLOCK_CACHE:
                self._strips.clear()
            strips = self._strips[index] = self._render_block(index)
        row = y - self._starts[index]
        return strips[row] if row < len(strips) else blank

    def _render_block(self, index: int) -> list[Strip]:
        """Block ``index`` wrapped and rendered as the Static would render it within the whole content; an item's
        rows drawn beside its label (the first block's first row) or under it."""
        line, start = self._block_lines[index], self._block_starts[index]
        label, hang = item_hang(self._texts[line], self._width)
        strips = self._draw(self._piece(index), line, start, self._block_ends[index], self._width - hang)
        if not hang:
            return strips
        pad = self.visual_style.rich_style
        indent = Strip.blank(hang, pad)
        beside = indent
        if start == label:
            beside = self._draw(self._cut_out(line, 0, label), line, 0, label, hang)[0]
            beside = beside.adjust_cell_length(hang, pad)
        return [Strip.join([beside if row == 0 else indent, strip]) for row, strip in enumerate(strips)]

    def _draw(self, piece: Content, line: int, start: int, end: int, width: int) -> list[Strip]:
        """``piece`` (characters ``start`` to ``end`` of line ``line``) rendered at ``width``, selection shown."""
        selection = _block_selection(self.text_selection, line, start, end)
        selection_style = (
            None
            if selection is None
            else Style.from_styles(self.screen.get_component_styles("screen--selection"))
        )
        rules: RulesMap = self.styles  # type: ignore[assignment]
        options = RenderOptions(self._get_style, rules, selection, selection_style)
        strips = piece.render_strips(width, None, self.visual_style, options)
        return [_shift_offsets(strip, start, line) for strip in strips] if line or start else strips

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, a label's no-break space copied as the space it is drawn as."""
        found = super().get_selection(selection)
        return None if found is None else (found[0].replace(LABEL_END, " "), found[1])

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        super().selection_updated(selection)

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    # -- finding rows ----------------------------------------------------------------------------------------------
    def _rows_styled(self, line: int, style: str) -> list[int]:
        """The wrapped rows (of the whole content) of line ``line`` that hold a span styled ``style``."""
        while not self.complete and self._next_line <= line:
            self._measure_next()
        rows: list[int] = []
        label, hang = item_hang(self._texts[line], self._width)
        for index in range(bisect_left(self._block_lines, line), bisect_right(self._block_lines, line)):
            piece, top = self._piece(index), self._starts[index]
            beside = self._cut_out(line, 0, label) if label and self._block_starts[index] == label else None
            if beside is not None and any(span.style == style for span in beside.spans):
                rows.append(top)  # in the label, drawn beside the item's first row
            if any(span.style == style for span in piece.spans):
                rows += [
                    top + y
                    for y, wrapped in enumerate(piece.wrap(self._width - hang))
                    if any(span.style == style for span in wrapped.spans)
                ]
        return sorted(set(rows)) if label else rows

    def rows_styled(self, style: str, after: int = -1, step: int = 1) -> Iterator[int]:
        """Wrapped rows holding a span styled ``style``: below row ``after`` going down (``step`` 1), or above it
        going up (-1). Only the blocks holding such a span are wrapped, and only those passed on the way."""
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
        block = bisect_right(self._starts, max(after, 0)) - 1
        here = self._block_lines[block] if 0 <= block < len(self._block_lines) else len(self._texts)
        ahead = lines[bisect_left(lines, here) :] if step > 0 else lines[: bisect_right(lines, here)][::-1]
        for line in ahead:
            rows = self._rows_styled(line, style)
            for y in rows if step > 0 else reversed(rows):
                if (y > after) if step > 0 else (y < after):
                    yield y
