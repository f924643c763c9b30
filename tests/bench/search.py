"""Part 3: search as you type. Keystroke to results (p50, p95) over 10k and 50k stories.

"not built yet" unless ``feeds.search`` has ``SearchIndex`` and ``SearchDoc``. The index is built in this
process from the generated stories (build time reported, not judged); then each query of :data:`QUERIES` is typed
one character at a time, and every prefix is one ``index.search(typed, state=..., limit=200)`` with the ids of the
first 200 results in hand: what the reader does per key press. The reader's state says 30% of the stories are
read and 1% bookmarked (``is:unread`` and ``is:bookmarked`` have something to filter).
"""

from __future__ import annotations

import random
import time

from . import corpus
from .common import NOT_BUILT, Context, Row, Section, judge, median, optional, p95

BUDGETS_MS = {"small": 16.0, "large": 50.0}
QUERIES = [
    "merkel",
    "xi jinping",
    "climate summit berlin",
    '"trade talks" macron',
    "person:macron",
    "place:berlin is:unread",
    "ursula von der leyen",
    "title:erdogan",
    "budget -paris",
    "interest rates frankfurt",
    '"speaking after the meeting"',
    "org:nato is:bookmarked",
    "rail strike warsaw",
    "reporter 7 wildfire",
]


class State:
    """The reader's marks as plain sets (what the store's read marks and bookmarks give the index)."""

    def __init__(self, ids: list[str], seed: int = 3) -> None:
        rng = random.Random(seed)
        self.read = {i for i in ids if rng.random() < 0.3}
        self.saved = {i for i in ids if rng.random() < 0.01}

    def is_read(self, id: str) -> bool:  # noqa: A002 (the protocol's name)
        return id in self.read

    def is_bookmarked(self, id: str) -> bool:  # noqa: A002
        return id in self.saved

    def bookmark_tags(self, id: str) -> tuple[str, ...]:  # noqa: A002
        return ("economy",) if id in self.saved else ()


def _docs(ctx: Context, tier: str, search_doc: type) -> list:
    tags = ["world", "economy", "politics", "tech", "europe", "science"]
    return [
        search_doc(
            id=it.guid,
            feed_id=corpus.feed_id(it.feed_no),
            feed_title=f"Generated News {it.feed_no}",
            feed_tags=(tags[it.feed_no % len(tags)],),
            title=it.title,
            text=text,
            author=it.author,
            published=it.published,
            entities=tuple(corpus.names_in(it.title + " " + it.text)),
        )
        for it, text in corpus.index_docs(ctx, ctx.feeds, ctx.per_feed(tier))
    ]


def run(ctx: Context) -> Section:
    sec = Section("search", "Search as you type")
    module = optional("feeds.search", "SearchIndex", "SearchDoc")
    rounds = 1 if ctx.quick else 2
    for tier in ("small", "large"):
        count = ctx.stories(tier)
        p50_v: float | str = NOT_BUILT
        p95_v: float | str = NOT_BUILT
        if module is not None:
            docs = _docs(ctx, tier, module.SearchDoc)
            state = State([d.id for d in docs])
            start = time.perf_counter()
            index = module.SearchIndex()
            index.add(docs)
            sec.details[f"{tier}.build_s"] = time.perf_counter() - start
            del docs
            index.search("merkel", state=state, limit=200)  # first search: lazy set-up, not a keystroke
            times = []
            for _ in range(rounds):
                for query in QUERIES:
                    for end in range(1, len(query) + 1):
                        start = time.perf_counter()
                        result = index.search(query[:end], state=state, limit=200)
                        _ = list(result.ids)
                        times.append((time.perf_counter() - start) * 1000)
            p50_v, p95_v = median(times), p95(times)
            sec.details[f"{tier}.keystrokes"] = len(times)
            sec.details[f"{tier}.max_ms"] = max(times)
            ctx.log(
                f"search at {count:,}: p50 {p50_v:.2f} ms, p95 {p95_v:.2f} ms over {len(times)} keystrokes"
            )
            del index
        budget = BUDGETS_MS[tier]
        sec.add(
            Row(
                f"search.{tier}.p50",
                f"search per keystroke, {count:,} stories, p50",
                p50_v,
                "ms",
                stories=count,
            )
        )
        sec.add(
            Row(
                f"search.{tier}.p95",
                f"search per keystroke, {count:,} stories, p95",
                p95_v,
                "ms",
                f"<= {budget:g} ms",
                judge(p95_v, budget, ctx),
                count,
            )
        )
    if module is not None:
        sec.notes.append(
            f"{len(QUERIES)} queries typed a character at a time ({rounds} round(s)), each prefix one parse + "
            "search + the first 200 ids, in the benchmark process (index built there, not loaded from disk). "
            "Documents: the generated stories plus one Zipf sentence each (a growing vocabulary)."
        )
    return sec
