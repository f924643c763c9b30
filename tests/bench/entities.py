"""Part 5: entity extraction speed, tokens per second on one core.

"not built yet" unless ``feeds.entities`` has ``extract`` and its model file is there. Each story is passed as
the enrich step passes it (title, blank line, body); tokens are its whitespace-separated words. One thread in
this process (one core); the model is loaded by an untimed first call. Stories are taken from every feed in
turn (five of each) until :data:`SECONDS` of extraction or the sample runs out.
"""

from __future__ import annotations

import time

from . import corpus
from .common import NOT_BUILT, Context, Row, Section, judge, optional

BUDGET = 50_000.0
SECONDS = 8.0


def run(ctx: Context) -> Section:
    sec = Section("entities", "Entity extraction")
    module = optional("feeds.entities", "extract")
    value: float | str = NOT_BUILT
    if module is not None:
        sample = corpus.items(ctx, ctx.feeds, 2 if ctx.quick else 5)
        texts = [f"{it.title}\n\n{it.text}" for it in sample]
        try:
            start = time.perf_counter()
            module.extract(texts[0])
            sec.details["model_load_s"] = time.perf_counter() - start
        except module.ModelMissing as exc:
            sec.notes.append(f"feeds.entities is there but its model is not: {exc}")
            module = None
    if module is not None:
        limit = 1.0 if ctx.quick else SECONDS
        tokens = docs = found = 0
        elapsed = 0.0
        for text in texts:
            start = time.perf_counter()
            found += len(module.extract(text))
            elapsed += time.perf_counter() - start
            tokens += len(text.split())
            docs += 1
            if elapsed >= limit:
                break
        value = tokens / elapsed
        sec.details.update(docs=docs, tokens=tokens, seconds=elapsed, entities=found)
        ctx.log(f"entities: {value:,.0f} tokens/s over {docs} stories ({tokens:,} tokens)")
        sec.notes.append(
            f"{docs} stories ({tokens:,} whitespace tokens) through extract() in one thread; "
            f"{found:,} entities found."
        )
    sec.add(
        Row(
            "entities.tokens_per_s",
            "entity extraction, one core",
            value,
            "tokens/s",
            f">= {BUDGET:,.0f} tokens/s",
            judge(value, BUDGET, ctx, at_most=False),
        )
    )
    return sec
