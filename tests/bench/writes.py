"""Part 6: writes. One read mark, one bookmark and one unbookmark with 1k, 10k and 50k stories stored.

Each size's store is a private copy (the marks do not leak into the start-up and memory figures), opened once;
the catalog is loaded before timing (the reader has it loaded by the time a user presses a key). Each operation
is one call as the reader makes it: ``Store.set_read([id])``, ``Store.bookmark(id)``, ``Store.unbookmark(id)``,
each on a different story, each a whole durable write (temporary file, fsync, rename) of the files it touches.
Bookmark and unbookmark alternate, so the bookmarks file stays small: the figure is the cost of one bookmark,
not of a growing collection.
"""

from __future__ import annotations

import random
import time

from feeds.store import Store

from . import stores
from .common import Context, Row, Section, judge, median

TIERS = ("tiny", "small", "large")
BUDGET_MS = 10.0
FLAT = 1.5  #: the 50k figure may be at most this many times the 1k figure


def _measure(ctx: Context, tier: str, samples: int) -> dict[str, list[float]]:
    root = stores.copy(ctx, tier, f"writes-{tier}")
    out: dict[str, list[float]] = {"read": [], "bookmark": [], "unbookmark": []}
    with Store(root) as store:
        ids = [h.id for h in store.headers()]
        chosen = random.Random(17).sample(ids, min(samples * 2, len(ids)))
        for sid in chosen[:samples]:
            start = time.perf_counter()
            store.set_read([sid])
            out["read"].append(time.perf_counter() - start)
        for sid in chosen[samples : samples * 2] or chosen[:samples]:
            start = time.perf_counter()
            store.bookmark(sid)
            middle = time.perf_counter()
            store.unbookmark(sid)
            out["bookmark"].append(middle - start)
            out["unbookmark"].append(time.perf_counter() - middle)
        if not all(store.is_read(sid) for sid in chosen[:samples]):
            raise RuntimeError("a read mark did not stick")
    return out


def run(ctx: Context) -> Section:
    sec = Section("writes", "One read mark or bookmark as the store grows")
    samples = 10 if ctx.quick else 50
    medians: dict[tuple[str, str], float] = {}
    for tier in TIERS:
        figures = _measure(ctx, tier, samples)
        sec.details[tier] = {k: [round(v * 1000, 3) for v in vs] for k, vs in figures.items()}
        for op, values in figures.items():
            medians[(op, tier)] = median(values) * 1000
        ctx.log(
            f"writes at {ctx.stories(tier):,}: "
            + ", ".join(f"{op} {medians[(op, tier)]:.2f} ms" for op in figures)
        )
    labels = {"read": "one read mark", "bookmark": "one bookmark", "unbookmark": "one unbookmark"}
    for op, label in labels.items():
        for tier in TIERS:
            value = medians[(op, tier)]
            last = tier == TIERS[-1]
            sec.add(
                Row(
                    f"writes.{op}.{tier}",
                    f"{label}, {ctx.stories(tier):,} stories stored",
                    value,
                    "ms",
                    f"<= {BUDGET_MS:g} ms" if last else "",
                    judge(value, BUDGET_MS, ctx) if last else None,
                    ctx.stories(tier),
                )
            )
        growth = medians[(op, TIERS[-1])] / medians[(op, TIERS[0])]
        sec.add(
            Row(
                f"writes.{op}.growth",
                f"{label}: {ctx.stories(TIERS[-1]):,} / {ctx.stories(TIERS[0]):,} stories (flat = 1)",
                growth,
                "x",
                f"<= {FLAT}x",
                judge(growth, FLAT, ctx),
            )
        )
    sec.notes.append(
        f"Median of {samples} calls each, on a private copy of each store, catalog loaded before timing; each "
        "call includes its fsync (so the disk's flush time is in every figure)."
    )
    return sec
