"""Part 5: entity extraction speed, tokens per second on one core.

"not built yet" unless ``feeds.entities`` has ``extract`` and its model file is there. Each story is passed as
the enrich step passes it (``extract_story(title, text)``: the text's names and the title's; an older tree
without it gets title, blank line, body); tokens are its whitespace-separated words (title and text). One thread in
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
        stories = [(it.title, it.text) for it in sample]
        story = getattr(module, "extract_story", None)
        extract = module.extract

        def tag(title: str, text: str) -> list[object]:
            if story is not None:
                return list(story(title, text))
            return list(extract(f"{title}\n\n{text}"))

        try:
            start = time.perf_counter()
            tag(*stories[0])
            sec.details["model_load_s"] = time.perf_counter() - start
        except module.ModelMissing as exc:
            sec.notes.append(f"feeds.entities is there but its model is not: {exc}")
            module = None
    if module is not None:
        limit = 1.0 if ctx.quick else SECONDS
        tokens = docs = found = 0
        elapsed = 0.0
        for title, text in stories:
            start = time.perf_counter()
            found += len(tag(title, text))
            elapsed += time.perf_counter() - start
            tokens += len(title.split()) + len(text.split())
            docs += 1
            if elapsed >= limit:
                break
        value = tokens / elapsed
        sec.details.update(docs=docs, tokens=tokens, seconds=elapsed, entities=found)
        ctx.log(f"entities: {value:,.0f} tokens/s over {docs} stories ({tokens:,} tokens)")
        sec.notes.append(
            f"{docs} stories ({tokens:,} whitespace tokens) through extract_story() in one thread; "
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
