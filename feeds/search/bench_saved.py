"""Saved-search counts, measured: how long one recount of every saved search takes at 10k and 50k stories.

    python -m feeds.search.bench_saved                 # 10k and 50k stories
    python -m feeds.search.bench_saved --docs 10000    # one size

The reader recounts every saved search in a worker thread after start-up, a refresh and each read mark (a burst
of marks costs one more recount, not one per mark), so this time is never spent on the event loop; it says how
soon the counts are current. Each saved search is one search for *all* its matches, newest first (what
:func:`feeds.saved_searches.counted` asks), then a count of those not read. Stories and the reader's state (30%
read) are :mod:`feeds.search.bench`'s. Times are the median and the worst of ``--rounds`` recounts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from feeds.search import SearchIndex, parse_query
from feeds.search.bench import DictState, make_docs

#: Saved searches a reader might keep: broad and narrow words, a phrase, qualifiers, OR, exclusion, dates.
SAVED = {
    "Merkel": "merkel",
    "Climate": "climate OR emissions",
    "Berlin politics": "place:berlin -sport",
    "Unread tech": "tag:tech is:unread",
    "This week": "after:7d",
    "Summit": '"climate summit"',
}


def recount(index: SearchIndex, state: DictState, now: float) -> dict[str, int]:
    """Every saved search's unread count, as the reader computes it (the query ANDed with ``is:unread``)."""
    unread = parse_query("is:unread").groups
    counts: dict[str, int] = {}
    for name, text in SAVED.items():
        query = parse_query(text)
        query = replace(query, groups=query.groups + unread)
        counts[name] = index.search(query, state=state, limit=1, now=now).total
    return counts


def shown(index: SearchIndex, state: DictState, now: float, query: str) -> int:
    """One saved search listed as the story list shows it: every match, newest first."""
    return len(index.search(query, state=state, limit=max(1, len(index)), sort="date", now=now).ids)


def measure(total: int, rounds: int) -> dict[str, float]:
    docs = make_docs(total)
    state = DictState([d.id for d in docs])
    index = SearchIndex()
    index.add(docs)
    now = max(d.published for d in docs)
    times: list[float] = []
    lists: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(rounds):
        start = time.perf_counter()
        counts = recount(index, state, now)
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        shown(index, state, now, SAVED["Merkel"])
        lists.append((time.perf_counter() - start) * 1000)
    print(f"{total:>6,} stories, {len(SAVED)} saved searches: unread counts {counts}")
    return {"median_ms": statistics.median(times), "max_ms": max(times), "list_ms": statistics.median(lists)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.search.bench_saved", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--docs", type=int, action="append", help="story count (repeatable; default 10k and 50k)"
    )
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    for total in args.docs or [10_000, 50_000]:
        result = measure(total, args.rounds)
        print(f"{total:>6,} stories: one recount of all saved searches, median {result['median_ms']:.1f} ms, "
              f"worst {result['max_ms']:.1f} ms over {args.rounds} rounds; listing one saved search "
              f"(every match, newest first) median {result['list_ms']:.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
