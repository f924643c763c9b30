"""Part: opening a story of 200,000 characters (``feeds.text.MAX_TEXT``), from enter to its text on screen.

Stories of several shapes, each alone in a store written through ``Store.save_stories``: many paragraphs, one
paragraph, thousands of short paragraphs, a paragraph dense with names, and Chinese text with no space to wrap
at. The reader is the real command in a pseudo-terminal (as :mod:`tests.bench.paint` runs it); once the story list
is painted and the reader's background work (tagging names, building the indexes) is done, enter opens the story
on top and the clock runs until the terminal shows the first words of its text. A short story is the reference.
No budget: the README promises such a story opens at once.
"""

from __future__ import annotations

import os
import random
import select
import time
from collections.abc import Callable
from pathlib import Path

from feeds.model import Story
from feeds.store import Retention, Store

from . import paint
from .common import NOT_BUILT, Context, Row, Section

#: The first words of every story's text: on screen only once the story is.
MARKER = "Kestrelwick"
SIZE = 199_000
WORDS = (
    "the",
    "council",
    "said",
    "on",
    "Tuesday",
    "that",
    "water",
    "talks",
    "would",
    "go",
    "after",
    "months",
)
NAMES = ("Angela Merkel", "Geneva", "United Nations", "Goldman Sachs", "Narendra Modi", "Osaka", "World Bank")
HAN = "中华人民共和国国务院今天在北京召开会议讨论水资源分配问题各国代表团表示谈判将于下周继续进行"


def _until(size: int, make: Callable[[], str]) -> list[str]:
    """Pieces from ``make`` until they hold ``size`` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(make())
        total += len(parts[-1]) + 2
    return parts


def texts() -> dict[str, str]:
    """Shape -> text: a short story, and 200,000 characters of each shape (the same in a quick run: its figures
    would not be comparable otherwise, and each takes a few seconds)."""
    rng = random.Random(5)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    def names() -> str:
        return " ".join(
            f"{rng.choice(NAMES)} met {rng.choice(NAMES)} in {rng.choice(NAMES)}." for _ in range(4)
        )

    shapes = {
        "short": words(120),
        "paragraphs": "\n\n".join(_until(SIZE, lambda: words(60) + ".")),
        "one_paragraph": " ".join(_until(SIZE, lambda: words(12) + ".")),
        "short_paragraphs": "\n\n".join(_until(SIZE, lambda: words(5) + ".")),
        "names": "\n\n".join(_until(SIZE, names)),
        "chinese_one_paragraph": "".join(rng.choice(HAN) for _ in range(SIZE)),
    }
    return {shape: f"{MARKER} {text}"[:SIZE] for shape, text in shapes.items()}


def build(ctx: Context, shape: str, text: str) -> Path:
    root = ctx.scratch(f"story-{shape}")
    with Store(root, retention=Retention(max_per_feed=0)) as store:
        feed = store.add_feed("https://long.example/feed.xml", title="Long Reads")
        now = time.time()
        story = Story(
            id=f"long-{shape}",
            feed_id=feed.id,
            title=f"A story: {shape.replace('_', ' ')}",
            link="https://long.example/story",
            published=now - 60,
            first_seen=now - 60,
            text=text,
            content_hash=shape,
        )
        store.save_stories(feed.id, [story], now=now)
    return root


def open_once(root: Path, home: Path, title: str, timeout: float = 120.0) -> float:
    """Start the reader, wait for the list and for it to go idle, press enter: seconds until the text shows."""
    proc, master = paint.spawn(root, home)
    out = bytearray()
    started = time.perf_counter()
    pressed: float | None = None
    marks: list[tuple[float, float]] = []  # (time, CPU seconds) after the list is painted
    try:
        while True:
            now = time.perf_counter()
            if now - started > timeout:
                raise TimeoutError(f"no story within {timeout:.0f} s: {paint.visible(bytes(out))[-300:]!r}")
            shown = paint.visible(bytes(out))
            if pressed is None and title in shown:
                if not marks or now - marks[-1][0] >= 0.25:
                    marks.append((now, paint.cpu_seconds(proc.pid)))
                window = [m for m in marks if m[0] >= marks[-1][0] - paint.IDLE_WINDOW]
                idle = window[-1][0] - window[0][0] >= paint.IDLE_WINDOW - 0.3
                if idle and window[-1][1] - window[0][1] < paint.IDLE_CPU:
                    out.clear()
                    pressed = time.perf_counter()
                    os.write(master, b"\r")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"the reader exited: {paint.visible(bytes(out))[-300:]!r}")
                out += chunk
                if pressed is not None and MARKER in paint.visible(bytes(out)):
                    return time.perf_counter() - pressed
    finally:
        paint._stop(proc, master)


def run(ctx: Context) -> Section:
    sec = Section("story", "Opening a 200,000-character story, enter to its text on screen")
    if not paint.reader_built():
        sec.add(Row("story.short", "open a short story (reference)", NOT_BUILT, "s"))
        return sec
    runs = 1 if ctx.quick else ctx.runs
    for shape, text in texts().items():
        root = build(ctx, shape, text)
        home = ctx.scratch(f"story-home-{shape}")
        title = f"A story: {shape.replace('_', ' ')}"
        figures = [open_once(root, home, title) for _ in range(runs)]
        ctx.log(f"story {shape}: {', '.join(f'{f:.3f}' for f in figures)} s")
        sec.details[f"{shape}_s"] = figures
        what = (
            "open a short story (reference)"
            if shape == "short"
            else f"open 200k chars: {shape.replace('_', ' ')}"
        )
        sec.add(Row(f"story.{shape}", what, min(figures), "s"))
    sec.notes.append(
        f"Fastest of {runs} start(s) of the real `newsdesk --data-dir DIR` on a {paint.COLUMNS}x{paint.LINES} "
        "pseudo-terminal per shape: the store holds that story alone; enter is pressed once the list is painted "
        "and the reader is idle, and the clock stops at the first output holding the text's first word."
    )
    return sec
