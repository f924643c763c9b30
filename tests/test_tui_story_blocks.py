"""The story body cuts a long paragraph into blocks, wrapped and drawn one at a time: what it paints is what a
plain Static paints for the same content (rows, styles, the offsets text selection reads, a selection), and no
piece it hands Textual to wrap is much longer than a block, however long the paragraph.

A story that was one 200,000-character paragraph (or Chinese text, with no space to wrap at) was wrapped and
rendered whole on every repaint; opening it took 0.2-1 s. How fast it opens now is measured, not asserted here:
what is asserted is the bound on the work."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content, Span
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from tests.bench.story import WORDS  # the benchmark's long stories are made of the same words
from tui.widgets import story_body
from tui.widgets.story_body import BLOCK, StoryBody, _same_rows

pytestmark = pytest.mark.anyio
rng = random.Random(7)

HAN = "中华人民共和国国务院今天在北京召开会议讨论水资源分配问题各国代表团表示谈判将于下周继续"


def words(count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def long_words(count: int) -> str:
    """Words and, every so often, an address longer than a row (folded across rows)."""
    parts = [words(8) + " https://example.org/" + "x" * rng.randrange(60, 300) for _ in range(count)]
    return " ".join(parts)


TEXTS = {
    "one paragraph": "Title\n\n" + words(2500) + "\n\nThe end.",
    "Chinese, no spaces": "".join(rng.choice(HAN) for _ in range(9000)),
    "Chinese and words": " ".join(
        "".join(rng.choice(HAN) for _ in range(rng.randrange(1, 90))) + " " + words(3) for _ in range(500)
    ),
    "folded addresses": long_words(120),
    "emoji and accents": " ".join(
        rng.choice(["cafe\u0301", "👩‍👩‍👧", "naïve", "🇳🇿", words(2)]) for _ in range(3000)
    ),
}


def styled(text: str) -> Content:
    """``text`` with spans as the story view puts them: short names, a bold head, one span over most of it."""
    spans = [Span(0, 5, "bold")]
    for start in range(3, len(text) - 20, 97):
        spans.append(
            Span(start, start + rng.randrange(2, 40), rng.choice(["italic", "underline", "reverse"]))
        )
    spans.append(Span(len(text) // 3, len(text) - 10, "strike"))
    return Content(text, spans)


class Side(App[None]):
    """The body and a plain Static of the same content, each in its own column of the same width."""

    CSS = "VerticalScroll { width: 1fr; height: 1fr; } Static { width: 1fr; height: auto; }"

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll():
                yield StoryBody(self.content)
            with VerticalScroll():
                yield Static(self.content, markup=False, id="plain")


def rows(widget: StoryBody | Static) -> Iterator[list[Segment]]:
    """The widget's rows as drawn (an empty segment draws nothing: a blank line rendered alone has none)."""
    for y in range(widget.size.height):
        yield [segment for segment in widget.render_line(y) if segment.text]


async def paints_like_a_static(app: Side, pilot: object) -> None:
    body, static = app.query_one(StoryBody), app.query_one("#plain", Static)
    body.measure_all()
    await pilot.pause()  # type: ignore[attr-defined]
    assert body.size.width == static.size.width
    assert body.size.height == static.size.height > 20
    for y, (mine, theirs) in enumerate(zip(rows(body), rows(static), strict=True)):
        assert mine == theirs, f"row {y}"


@pytest.mark.parametrize("kind", list(TEXTS))
@pytest.mark.parametrize("width", [41, 100])
async def test_a_long_paragraph_in_blocks_paints_as_a_static(kind: str, width: int) -> None:
    app = Side(styled(TEXTS[kind]))
    async with app.run_test(size=(2 * width + 2, 30)) as pilot:
        await paints_like_a_static(app, pilot)
        # The rows n and N jump between (search matches are spans of one style) are the rows drawn with it.
        body, static = app.query_one(StoryBody), app.query_one("#plain", Static)
        drawn = [
            y
            for y, row in enumerate(rows(static))
            if any(segment.style is not None and segment.style.reverse for segment in row)
        ]
        assert len(drawn) > 10
        assert list(body.rows_styled("reverse")) == drawn
        assert list(body.rows_styled("reverse", after=body.size.height, step=-1)) == drawn[::-1]
        assert next(body.rows_styled("reverse", after=drawn[5])) == drawn[6]
        # A selection from inside one block to inside another, as dragging the mouse over the text makes it.
        lines = TEXTS[kind].split("\n")
        line = max(range(len(lines)), key=lambda n: len(lines[n]))
        selection = Selection(Offset(BLOCK // 2, line), Offset(3 * BLOCK + 7, line))
        app.screen.selections = {body: selection, static: selection}
        await paints_like_a_static(app, pilot)


async def test_a_paragraph_is_wrapped_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing a 200,000-character paragraph, and measuring all of it, hands Textual no piece to wrap or render
    much longer than a block (before: the whole paragraph, on every repaint)."""
    wrapped: list[int] = []
    measured: list[tuple[int, object]] = []  # what was wrapped to measure it, and at what width
    get_height, render_strips = Content.get_height, Content.render_strips
    divide_line = story_body.divide_line

    def spy_height(self: Content, *args: object, **kwargs: object) -> int:
        wrapped.append(len(self))
        measured.append((len(self), args[1]))
        return get_height(self, *args, **kwargs)  # type: ignore[arg-type]

    def spy_render(self: Content, *args: object, **kwargs: object) -> object:
        wrapped.append(len(self))
        return render_strips(self, *args, **kwargs)  # type: ignore[arg-type]

    def spy_divide(text: str, *args: object, **kwargs: object) -> list[int]:
        wrapped.append(len(text))
        measured.append((len(text), args[0]))
        return divide_line(text, *args, **kwargs)  # type: ignore[arg-type]

    for kind in ("words", "Chinese"):
        text = words(33_000) if kind == "words" else "".join(rng.choice(HAN) for _ in range(200_000))
        app = Side(Content(""))
        async with app.run_test(size=(200, 40)) as pilot:
            body = app.query_one(StoryBody)
            monkeypatch.setattr(Content, "get_height", spy_height)
            monkeypatch.setattr(Content, "render_strips", spy_render)
            monkeypatch.setattr(story_body, "divide_line", spy_divide)
            wrapped.clear()
            measured.clear()
            body.update(Content(text))
            await pilot.pause()
            assert body.render_line(0).text.strip()  # the first row is drawn
            body.measure_all()
            await pilot.pause()
            assert body.complete and body.size.height > 1000
            bottom = body.render_line(body.size.height - 1).text.strip()
            assert text.endswith(bottom)
            assert wrapped and max(wrapped) <= BLOCK, kind
            # At the width it settled at (a scroll bar came), each block is wrapped once to be measured: a cut
            # was wrapped again to check it, twice the text. (Drawn, it is wrapped by Content to render it.)
            settled = sum(n for n, width in measured if width == body.size.width)
            assert settled < 1.1 * len(text), (kind, settled / len(text))
            monkeypatch.undo()


def test_a_cut_taken_without_wrapping_again_wraps_alone_as_within_its_paragraph() -> None:
    """:func:`_same_rows` lets a block end where divide_line started a row without wrapping the block again: for
    every such cut, in texts of words, long words folded, runs of spaces, wide and combined characters, the part
    before it wraps alone (as Content wraps it, and as the measuring counts it) into the rows it made in the
    paragraph. A cut it is unsure of is wrapped again to check, as every cut was."""
    pieces = [
        "word",
        "to",
        " ",
        "   ",
        "中",
        "é",
        "e\u0301",
        "👩‍👩‍👧",
        "x" * 15,
        "y" * 40,
        "\u3000",
        " " * 30,
    ]
    taken = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60)))
        width = rng.choice([3, 4, 7, 10, 13, 41])
        rows = story_body.divide_line(text, width, fold=True)
        for row, cut in enumerate(rows):
            if text[cut].isspace() or not _same_rows(text, rows, row, width):
                continue
            part = text[:cut].rstrip()
            assert len(story_body.divide_line(part, width, fold=True)) == row, (text, width, cut)
            assert Content(part, strip_control_codes=False).get_height({}, width) == row + 1, (text, width)
            taken += 1
    assert taken > 10_000
