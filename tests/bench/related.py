"""Part 4: related stories. Time for one story's related list with 50k stories indexed.

"not built yet" unless ``feeds.related`` has ``RelatedIndex`` and ``Doc``. The index is built in this process from
the generated stories, each with the keys of the names it mentions as its entities (build time reported, not
judged); then ``related(id, k=8)`` for 200 stories drawn with a fixed seed, after 5 untimed warm-up queries.
"""

from __future__ import annotations

import random
import time

from . import corpus
from .common import NOT_BUILT, Context, Row, Section, judge, median, optional, p95

BUDGET_MS = 20.0


def run(ctx: Context) -> Section:
    sec = Section("related", "Related stories")
    module = optional("feeds.related", "RelatedIndex", "Doc")
    count = ctx.stories("large")
    queries = 40 if ctx.quick else 200
    med: float | str = NOT_BUILT
    high: float | str = NOT_BUILT
    if module is not None:
        docs = [
            module.Doc(
                id=it.guid,
                feed_id=corpus.feed_id(it.feed_no),
                title=it.title,
                text=text,
                published=it.published,
                entity_keys=tuple(names),
                entity_types=names,  # the type each name has (people weigh more: feeds.related.analysis)
            )
            for it, text in corpus.index_docs(ctx, ctx.feeds, ctx.per_feed("large"))
            for names in [{corpus.entity_key(n): t for t, n in corpus.names_in(it.title + " " + it.text)}]
        ]
        ids = [d.id for d in docs]
        start = time.perf_counter()
        index = module.RelatedIndex()
        index.add(docs)
        sec.details["build_s"] = time.perf_counter() - start
        del docs
        rng = random.Random(23)
        for sid in rng.sample(ids, 5):
            index.related(sid, k=8)
        times, found = [], 0
        for sid in rng.sample(ids, queries):
            start = time.perf_counter()
            suggestions = index.related(sid, k=8)
            times.append((time.perf_counter() - start) * 1000)
            found += len(suggestions)
        med, high = median(times), p95(times)
        sec.details["queries"] = queries
        sec.details["mean_suggestions"] = found / queries
        sec.details["max_ms"] = max(times)
        ctx.log(
            f"related at {count:,}: median {med:.2f} ms, p95 {high:.2f} ms, built in {sec.details['build_s']:.1f} s"
        )
        del index
    for key, label, value in (("median", "median", med), ("p95", "p95", high)):
        sec.add(
            Row(
                f"related.large.{key}",
                f"related list of one story (k=8), {count:,} stories, {label}",
                value,
                "ms",
                f"<= {BUDGET_MS:g} ms",
                judge(value, BUDGET_MS, ctx),
                count,
            )
        )
    if module is not None:
        sec.notes.append(
            f"{queries} related(id, k=8) calls in the benchmark process on an index built there; both the median "
            "and the p95 are held to the budget (one story's list must come within it)."
        )
    return sec
