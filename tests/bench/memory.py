"""Part 7: memory. Peak resident memory of the reader with 50k stories stored, all of its work included.

The real command in a pseudo-terminal (as in part 2), on a private copy of the 50k store. Its ``VmHWM`` (the
kernel's high-water mark of resident memory, the figure ``getrusage(RUSAGE_SELF).ru_maxrss`` gives inside the
process) is read once the reader has gone idle after its first paint, so everything it starts in the background
is counted: tagging names, loading or building the search, entity and related indexes. Two starts:

- the first on the freshly written store, where every story is tagged and every index built and saved (what a
  user's first start after importing a large cache costs, once);
- the second on the same folder, where the indexes load from disk: every later start. The budget is judged on it.
"""

from __future__ import annotations

from . import paint, stores
from .common import NOT_BUILT, Context, Row, Section, judge

BUDGET_MB = 300.0


def run(ctx: Context) -> Section:
    sec = Section("memory", "Memory with 50k stories")
    count = ctx.stories("large")
    limit = 120.0 if ctx.quick else 600.0  # seconds after the paint before a still-busy reader is an error
    first: float | str = NOT_BUILT
    later: float | str = NOT_BUILT
    if paint.reader_built():
        root = stores.copy(ctx, "large", "memory-store")
        marker = stores.newest_title(ctx, "large")[:16]
        for n in (1, 2):
            result = paint.launch(root, ctx.scratch(f"memory-home-{n}"), marker, until_idle=limit)
            peak = result.hwm_settled_kb / 1024
            busy = (result.idle_s or 0.0) - (result.paint_s or 0.0)
            sec.details[f"start{n}_hwm_at_first_paint_mb"] = result.hwm_paint_kb / 1024
            sec.details[f"start{n}_hwm_when_idle_mb"] = peak
            sec.details[f"start{n}_busy_after_paint_s"] = busy
            ctx.log(
                f"memory, start {n}: {peak:.0f} MB peak RSS ({result.hwm_paint_kb / 1024:.0f} MB at first paint),"
                f" busy {busy:.1f} s after the paint"
            )
            if n == 1:
                first = peak
            else:
                later = peak
    sec.add(
        Row(
            "memory.large.peak_rss",
            f"peak RSS of the reader, {count:,} stories, indexes loaded, until idle",
            later,
            "MB",
            f"<= {BUDGET_MB:.0f} MB",
            judge(later, BUDGET_MB, ctx),
            count,
        )
    )
    sec.add(
        Row(
            "memory.large.first_start_rss",
            f"peak RSS of the first start on {count:,} stories (tags them all, builds every index)",
            first,
            "MB",
            "",
            None,
            count,
        )
    )
    sec.notes.append(
        "VmHWM of the reader process (= its ru_maxrss), read from /proc once it has used under "
        f"{paint.IDLE_CPU:g} s of CPU in {paint.IDLE_WINDOW:g} s after its first paint; first start, then a second."
    )
    return sec
