"""Part 2: start-up. Process start to the first painted story list, with 10k and 50k stories stored.

The reader is the real command in a pseudo-terminal (see :mod:`tests.bench.paint` for how the paint is detected).
The stores are written through ``Store.save_stories`` (see :mod:`tests.bench.stores`); they hold no entities and
no search or related index, so what is timed is opening the store and drawing the list, plus whatever the reader
itself does before its first paint. One untimed start first (full runs), so every timed start finds the files and
Python's bytecode in the page cache, as a user's second start of the day would.

The reference is ``newsboat -x print-unread`` on a newsboat cache holding the same stories (filled by reloading
the same generated feeds from 127.0.0.1 first, not timed): newsboat opening its SQLite cache and counting what
is unread, without drawing anything.
"""

from __future__ import annotations

from tests.httpserver import FeedServer

from . import corpus, paint, stores
from .common import (
    NOT_AVAILABLE,
    NOT_BUILT,
    Context,
    Row,
    Section,
    judge,
    median,
    newsboat_path,
)
from .newsboat import MISSING, Newsboat

BUDGETS = {"small": 0.5, "large": 1.5}
REFERENCE_SECONDS = (
    15.0  #: newsboat's reference is run up to ``runs`` times, fewer once this much time is spent
)


def _reader(ctx: Context, sec: Section, tier: str, runs: int, *, many_feeds: bool = False) -> float | str:
    """The median first paint on a size tier's store, or (``many_feeds``) on the same stories with
    :func:`stores.many_feeds_count` feeds subscribed; its runs are filed under "feeds" then."""
    if not paint.reader_built():
        return NOT_BUILT
    root = stores.build_many_feeds(ctx) if many_feeds else stores.build(ctx, tier)
    name = "feeds" if many_feeds else tier
    marker = stores.newest_title(ctx, tier)[:16]
    home = ctx.scratch(f"startup-home-{name}")
    if not ctx.quick:
        paint.launch(root, home, marker)  # warm-up: page cache and bytecode
    figures = []
    for n in range(runs):
        result = paint.launch(root, home, marker)
        figures.append(result.paint_s)
        ctx.log(f"start-up {name} run {n + 1}/{runs}: first paint {result.paint_s:.2f} s")
    sec.details[f"{name}.newsdesk_s"] = figures
    return median(figures)


def _newsboat(ctx: Context, sec: Section, tier: str, runs: int) -> float | str:
    if newsboat_path() is None:
        return NOT_AVAILABLE
    per_feed = ctx.per_feed(tier)
    nb: Newsboat | None = ctx.cache.get("newsboat", {}).get(tier)  # the refresh part's cache holds the 10k
    if nb is None:
        ctx.log(f"start-up: filling newsboat's cache with {ctx.feeds} feeds x {per_feed}")
        content = {f"/feed/{n}.xml": corpus.rss(ctx, n, per_feed) for n in range(ctx.feeds)}
        with FeedServer(content) as server:
            nb = Newsboat(ctx.scratch(f"startup-newsboat-{tier}"), [server.url(p) for p in content])
            sec.details[f"{tier}.newsboat_fill_s"] = nb.reload()
    figures: list[float] = []
    # newsboat loads every article to count them: 20-40 s at 50k on a busy machine. One run of that long is a
    # steady enough reference, and three would cost a sixth of the suite's time.
    while len(figures) < runs and sum(figures) < REFERENCE_SECONDS:
        elapsed, unread = nb.unread()
        if unread != ctx.feeds * per_feed:
            raise RuntimeError(f"newsboat's cache holds {unread} unread articles, not {ctx.feeds * per_feed}")
        figures.append(elapsed)
    sec.details[f"{tier}.newsboat_print_unread_s"] = figures
    return median(figures)


def run(ctx: Context) -> Section:
    sec = Section("startup", "Start-up to the first painted story list")
    runs = 1 if ctx.quick else ctx.runs
    for tier in ("small", "large"):
        count = ctx.stories(tier)
        budget = BUDGETS[tier]
        mine = _reader(ctx, sec, tier, runs)
        sec.add(
            Row(
                f"startup.{tier}.newsdesk",
                f"start to first painted story list, {count:,} stories",
                mine,
                "s",
                f"<= {budget} s",
                judge(mine, budget, ctx),
                count,
            )
        )
        theirs = _newsboat(ctx, sec, tier, runs)
        sec.add(
            Row(
                f"startup.{tier}.newsboat",
                f"newsboat -x print-unread, {count:,} stories (reference)",
                theirs,
                "s",
                stories=count,
            )
        )
    feeds = stores.many_feeds_count(ctx)
    mine = _reader(ctx, sec, "small", runs, many_feeds=True)
    sec.add(
        Row(
            "startup.feeds.newsdesk",
            f"start to first painted story list, {ctx.stories('small'):,} stories, {feeds:,} feeds",
            mine,
            "s",
            stories=ctx.stories("small"),
        )
    )
    sec.notes.append(
        f"The {feeds:,}-feed store is the {ctx.stories('small'):,}-story one with feeds added (never refreshed, as "
        "an OPML import leaves them); no budget of its own (the 10k budget is 0.5 s)."
    )
    sec.notes.append(
        f"Median of {runs} start(s) of the real `newsdesk --data-dir DIR` on a {paint.COLUMNS}x{paint.LINES} "
        "pseudo-terminal, from just before the process is spawned to the first output containing the newest "
        "story's title (escape sequences removed); warm page cache."
    )
    if newsboat_path() is None:
        sec.notes.append(MISSING)
    else:
        sec.notes.append(
            f"newsboat's reference: median of up to {runs} runs, fewer once {REFERENCE_SECONDS:g} s are spent "
            "(see details); its cache filled by a reload of the same stories (the 10k one is the refresh part's)."
        )
    return sec
