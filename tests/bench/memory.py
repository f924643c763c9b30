"""Part 7: memory. Peak resident memory of the reader with 50k stories stored, after its first paint.

The real command in a pseudo-terminal (as in part 2), on the 50k store; its ``VmHWM`` (the kernel's high-water
mark of resident memory, the figure ``getrusage(RUSAGE_SELF).ru_maxrss`` gives inside the process) is read when
the story list is first painted and again after a few idle seconds, so work the reader starts right after its
first paint (background indexing, say) is counted too.
"""

from __future__ import annotations

from . import paint, stores
from .common import NOT_BUILT, Context, Row, Section, judge

BUDGET_MB = 300.0


def run(ctx: Context) -> Section:
    sec = Section("memory", "Memory with 50k stories")
    count = ctx.stories("large")
    settle = 0.5 if ctx.quick else 3.0
    peak: float | str = NOT_BUILT
    if paint.reader_built():
        root = stores.build(ctx, "large")
        result = paint.launch(
            root, ctx.scratch("memory-home"), stores.newest_title(ctx, "large")[:16], settle=settle
        )
        peak = result.hwm_settled_kb / 1024
        sec.details["hwm_at_first_paint_mb"] = result.hwm_paint_kb / 1024
        sec.details["hwm_after_settle_mb"] = peak
        sec.details["settle_s"] = settle
        ctx.log(f"memory: {peak:.0f} MB peak RSS ({result.hwm_paint_kb / 1024:.0f} MB at first paint)")
    sec.add(
        Row(
            "memory.large.peak_rss",
            f"peak RSS of the reader, {count:,} stories, {settle:g} s after first paint",
            peak,
            "MB",
            f"<= {BUDGET_MB:.0f} MB",
            judge(peak, BUDGET_MB, ctx),
            count,
        )
    )
    sec.notes.append(
        "VmHWM of the reader process (= its ru_maxrss), read from /proc while it runs, at first paint and "
        f"{settle:g} s later; the larger is the figure."
    )
    return sec
