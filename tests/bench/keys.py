"""Part: a key press in the feed list with 20,000 feeds subscribed, from the key to the end of the repaint.

The reader is the real command in a pseudo-terminal (as :mod:`tests.bench.paint` runs it) on the many-feeds store
of :func:`tests.bench.stores.build_many_feeds` (10k stories in 200 feeds, and feeds never refreshed up to 20,000;
2,000 in a quick run), copied, so the place the reader keeps on quitting reaches no other part. Once the story
list is painted and the reader's background work is done, the story list's down arrow is timed first (the
reference: one list repaints), then the feed list's, on rows of feeds holding stories: the highlight moves and
the story list fills with the feed's stories. Each key's figure is from just before the key is written to the
last byte of the output it causes (nothing more for 0.1 s); the CPU figure is the process's own time over the
same span (all threads; the reader is idle otherwise). Pilot's ``press`` is no clock for this: it waits until the
whole process looks idle, so it adds tens of milliseconds, and seconds while background work runs.
"""

from __future__ import annotations

import os
import select
import shutil
import time
from pathlib import Path

from . import paint, stores
from .common import NOT_BUILT, Context, Row, Section, median

DOWN, BACK_TAB = b"\x1b[B", b"\x1b[Z"
QUIET = 0.1  #: seconds without output that end a key's repaint


def _burst(master: int, quiet: float = QUIET, limit: float = 10.0) -> tuple[float, float] | None:
    """Read the output until it stops for ``quiet`` seconds; when its first and last bytes came (None: nothing
    came)."""
    first = last = None
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        ready, _, _ = select.select([master], [], [], quiet)
        if not ready:
            break
        try:
            if not os.read(master, 1 << 16):
                raise RuntimeError("the reader exited")
        except OSError as exc:  # EIO: the child closed the terminal
            raise RuntimeError("the reader exited") from exc
        last = time.perf_counter()
        first = first or last
    return None if first is None or last is None else (first, last)


def _wait_idle(pid: int, master: int, limit: float) -> None:
    """Until the reader used less than :data:`paint.IDLE_CPU` seconds of CPU over :data:`paint.IDLE_WINDOW`."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        before = paint.cpu_seconds(pid)
        window_end = time.perf_counter() + paint.IDLE_WINDOW
        while time.perf_counter() < window_end:
            _burst(master, 0.05, window_end - time.perf_counter())
        if paint.cpu_seconds(pid) - before < paint.IDLE_CPU:
            return
    raise TimeoutError(f"the reader was still busy after {limit:.0f} s")


Figures = dict[str, list[float]]  #: "first" and "last" byte after each press, "cpu": seconds of each


def _presses(pid: int, master: int, key: bytes, count: int) -> Figures:
    """``count`` presses of ``key``: seconds to the first and the last byte of each one's repaint, and the CPU
    seconds each took."""
    figures: Figures = {"first": [], "last": [], "cpu": []}
    for _ in range(count):
        before = paint.cpu_seconds(pid)
        pressed = time.perf_counter()
        os.write(master, key)
        burst = _burst(master)
        if burst is None:
            raise RuntimeError("a key press changed nothing on the screen")
        figures["first"].append(burst[0] - pressed)
        figures["last"].append(burst[1] - pressed)
        figures["cpu"].append(paint.cpu_seconds(pid) - before)
    return figures


def measure(root: Path, home: Path, presses: int, marker: str) -> dict[str, Figures]:
    """Start the reader on ``root``; the story list's and then the feed list's down-arrow figures."""
    proc, master = paint.spawn(root, home)
    try:
        seen = ""
        deadline = time.perf_counter() + 120
        while marker not in seen:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no story list within 120 s: {seen[-300:]!r}")
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                seen += paint.visible(os.read(master, 1 << 16))
        _wait_idle(proc.pid, master, 600)
        figures = {"stories": _presses(proc.pid, master, DOWN, presses)}
        os.write(master, BACK_TAB)  # the story list is the first pane: shift+tab goes to the feeds
        for _ in range(4):  # past All, Unread and Bookmarks, onto the feeds holding stories
            _burst(master)
            os.write(master, DOWN)
        _wait_idle(proc.pid, master, 60)
        figures["feeds"] = _presses(proc.pid, master, DOWN, presses)
        return figures
    finally:
        paint._stop(proc, master)


def run(ctx: Context) -> Section:
    feeds = stores.many_feeds_count(ctx)
    sec = Section("keys", f"A key press in the feed list, {feeds:,} feeds, key to repaint")
    if not paint.reader_built():
        sec.add(Row("keys.feeds.newsdesk", "feed list down arrow", NOT_BUILT, "ms"))
        return sec
    root = ctx.work / "keys-store"
    shutil.copytree(stores.build_many_feeds(ctx), root)
    (root / "newsdesk.lock").unlink(missing_ok=True)
    presses = 10 if ctx.quick else 40
    figures = measure(root, ctx.scratch("keys-home"), presses, stores.newest_title(ctx, "small")[:16])
    for name, figs in figures.items():
        for what, values in figs.items():
            sec.details[f"{name}.{what}_ms"] = [round(v * 1000, 2) for v in values]
        ctx.log(f"keys {name}: {median(figs['first']) * 1000:.1f} / {median(figs['last']) * 1000:.1f} ms")
    stories_count = ctx.stories("small")
    on_feeds, where = figures["feeds"], f"{feeds:,} feeds"
    for key, what, value in (
        (
            "keys.feeds.newsdesk",
            f"feed list down arrow, {where}: key to the end of the repaint",
            on_feeds["last"],
        ),
        (
            "keys.feeds.highlight",
            f"feed list down arrow, {where}: key to the highlight's paint",
            on_feeds["first"],
        ),
        (
            "keys.stories.newsdesk",
            f"story list down arrow, {stories_count:,} stories (reference)",
            figures["stories"]["last"],
        ),
    ):
        sec.add(Row(key, f"{what} (median)", median(value) * 1000, "ms", stories=stories_count))
    cpu = on_feeds["cpu"]
    what = f"feed list down arrow, {where}: CPU per key (mean)"
    sec.add(Row("keys.feeds.cpu", what, sum(cpu) / len(cpu) * 1000, "ms", stories=stories_count))
    sec.notes.append(
        f"{presses} presses of each list's down arrow in the real `newsdesk --data-dir DIR` on a "
        f"{paint.COLUMNS}x{paint.LINES} pseudo-terminal, idle first; the feed list's on feeds holding 50 stories "
        "each, so each press repaints the highlight and then the story list (a frame later: the list follows a "
        "message): the highlight's row is the first output after the key, the end of the repaint the last. CPU: "
        "the process's user and system time in kernel ticks (10 ms), averaged over the presses."
    )
    return sec
