"""A list item's hanging indent in the story body (tui.widgets.item_hang), drawn block by block: an item longer
than a block (cut into blocks to wrap and draw, as any long paragraph) hangs on every row, each row is the item's
text wrapped alone at the width its label leaves, and the offsets text selection reads, the names' and search
marks' styles and the rows the search jumps to stay on the characters they belong to. Wide (Chinese) and
right-to-left (Arabic) text in an item wraps under its text too."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip

from feeds.html_lists import LABEL_END
from tests.bench.story import WORDS
from tui.widgets.item_hang import HANG_MIN_TEXT
from tui.widgets.story_body import BLOCK, StoryBody

pytestmark = pytest.mark.anyio
rng = random.Random(11)
HAN = "中华人民共和国国务院今天在北京召开会议讨论水资源分配问题各国代表团表示谈判将于下周继续"
ARABIC = "اجتمع وزراء من اثني عشر بلدا في جنيف يوم الثلاثاء لمناقشة إطار جديد لتقاسم مياه الأنهار"


def words(count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


class One(App[None]):
    CSS = "VerticalScroll { width: 1fr; height: 1fr; }"

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield StoryBody(self.content)


def chars(strip: Strip) -> list[tuple[str, object]]:
    """Each character a row draws, with its background (a selection's)."""
    return [(c, s.style.bgcolor if s.style else None) for s in strip for c in s.text]


# (label with its indent and LABEL_END, the item's text): the lines of the story, between paragraphs.
ITEMS = [
    ("•" + LABEL_END, words(40)),
    ("  12." + LABEL_END, words(1200)),  # longer than a block: cut into blocks
    ("    •" + LABEL_END, "".join(rng.choice(HAN) for _ in range(300))),
    ("  iv." + LABEL_END, " ".join([ARABIC] * 6)),
    (
        "•" + LABEL_END,
        " ".join("".join(rng.choice(HAN) for _ in range(rng.randrange(1, 30))) for _ in range(90)),
    ),
]
LINES = ["A paragraph before the list.", *(label + text for label, text in ITEMS), "1. " + words(60)]


def marked(text: str) -> Content:
    """``text`` with a search mark ("reverse") on some words and a name ("underline") on others."""
    spans = []
    for style, every in (("reverse", 311), ("underline", 157)):
        for start in range(40, len(text) - 20, every):
            while start < len(text) and not text[start - 1].isspace():
                start += 1
            spans.append(Span(start, start + 6, style))
    return Content(text, spans)


@pytest.mark.parametrize("width", [40, 97])
async def test_an_item_hangs_on_every_row_of_every_block(width: int) -> None:
    text = "\n".join(LINES)
    assert len(ITEMS[1][1]) > 3 * BLOCK
    content = marked(text)
    app = One(content)
    async with app.run_test(size=(width + 1, 40)) as pilot:  # a column for the scroll bar
        body = app.query_one(StoryBody)
        body.measure_all()
        await pilot.pause()
        width = body.size.width
        painted = [body.render_line(y) for y in range(body.size.height)]
        shown = text.replace(LABEL_END, " ")
        lines, starts, y = shown.split("\n"), [0], 0
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        for n, line in enumerate(lines):
            label = len(ITEMS[n - 1][0]) if 0 < n <= len(ITEMS) else 0
            wrapped = [r.plain.rstrip() for r in Content(line[label:]).wrap(width - label)]
            expected = [line[:label] + wrapped[0], *(" " * label + r for r in wrapped[1:])]
            assert label == 0 or width - label >= HANG_MIN_TEXT
            got = [strip.text.rstrip() for strip in painted[y : y + len(expected)]]
            assert got == expected, (n, width)
            y += len(expected)
        assert y == body.size.height
        # Every character drawn carries its own offset (what a selection copies), and its own styles.
        for strip in painted:
            for segment in strip:
                meta = segment.style.meta if segment.style is not None else {}
                if "offset" not in meta:
                    assert not segment.text.strip()  # the indent, or the row's end
                    continue
                x, line_no = meta["offset"]
                at = starts[line_no] + x
                assert shown[at : at + len(segment.text)] == segment.text
                styles = {s.style for s in content.spans if s.start <= at < s.end}
                assert bool(segment.style.reverse) == ("reverse" in styles)
                assert bool(segment.style.underline) == ("underline" in styles)
        # The rows the search jumps to are the rows its marks are drawn on.
        drawn = [y for y, strip in enumerate(painted) if any(s.style and s.style.reverse for s in strip)]
        assert len(drawn) > 20
        assert list(body.rows_styled("reverse")) == drawn
        assert list(body.rows_styled("reverse", after=body.size.height, step=-1)) == drawn[::-1]


async def test_a_selection_across_an_items_rows_copies_its_text() -> None:
    """Dragged over an item's rows, from its label into its third row: the item's characters, its label's
    no-break space copied as the space it shows."""
    text = "\n".join(LINES)
    app = One(Content(text))
    async with app.run_test(size=(50, 40)) as pilot:
        body = app.query_one(StoryBody)
        await pilot.pause()
        selection = Selection(Offset(0, 1), Offset(150, 1))
        copied = body.get_selection(selection)
        assert copied is not None
        assert copied[0] == LINES[1][:150].replace(LABEL_END, " ")
        plain = [body.render_line(y) for y in range(6)]
        app.screen.selections = {body: selection}
        await pilot.pause()
        selected = [  # the characters drawn otherwise than without the selection
            mine
            for y in range(6)
            for (mine, style), (_, before) in zip(chars(body.render_line(y)), chars(plain[y]), strict=True)
            if style != before
        ]
        assert "".join(selected).replace(" ", "") == LINES[1][:150].replace(LABEL_END, "").replace(" ", "")
