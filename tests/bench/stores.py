"""Data folders holding 1k, 10k or 50k generated stories, written straight through ``Store.save_stories``.

Going through the store (not the network and the parser) builds a 50k store in seconds, and gives the same files a
refresh would write. Each size is built once per run and then only read (start-up, memory) or copied (writes).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from feeds.store import Retention, Store

from . import corpus
from .common import Context


def feed_url(feed_no: int) -> str:
    return f"https://news{feed_no}.example/feed.xml"


def build(ctx: Context, tier: str) -> Path:
    """The data folder for a size tier (see :meth:`Context.per_feed`), built on first use."""
    stores: dict[str, Path] = ctx.cache.setdefault("stores", {})
    if tier in stores:
        return stores[tier]
    per_feed = ctx.per_feed(tier)
    root = ctx.scratch(f"store-{tier}")
    started = time.perf_counter()
    with Store(root, retention=Retention(max_per_feed=0)) as store:
        with store.batch():
            ids = [store.add_feed(feed_url(n), title=f"Generated News {n}").id for n in range(ctx.feeds)]
        for feed_no, fid in enumerate(ids):
            stories = [corpus.to_story(it, fid) for it in corpus.feed_items(ctx, feed_no, per_feed)]
            store.save_stories(fid, stories)
        count = store.story_count()
    expected = ctx.feeds * per_feed
    if count != expected:
        raise RuntimeError(f"the {tier} store holds {count} stories, not {expected}")
    ctx.log(f"store of {count:,} stories built in {time.perf_counter() - started:.1f} s")
    stores[tier] = root
    return root


def copy(ctx: Context, tier: str, name: str) -> Path:
    """A private copy of a size tier's store, for a part that writes to it."""
    source = build(ctx, tier)
    target = ctx.work / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    (target / "newsdesk.lock").unlink(missing_ok=True)
    return target


def newest_title(ctx: Context, tier: str) -> str:
    """The title at the top of the story list (newest first) of a size tier's store."""
    chosen = corpus.items(ctx, ctx.feeds, ctx.per_feed(tier))
    return max(chosen, key=lambda it: it.published).title


def many_feeds_count(ctx: Context) -> int:
    """How many feeds the many-feeds store subscribes to: 20,000 (an OPML import's worth), 2,000 quick."""
    return 2_000 if ctx.quick else 20_000


def build_many_feeds(ctx: Context) -> Path:
    """The ``small`` store (its stories in ``ctx.feeds`` feeds) with enough feeds added, never refreshed, to make
    :func:`many_feeds_count` subscriptions: start-up with as many feeds as newsboat users keep. Built once."""
    cached: Path | None = ctx.cache.get("many_feeds_store")
    if cached is not None:
        return cached
    root = copy(ctx, "small", "store-many-feeds")
    started = time.perf_counter()
    extra = many_feeds_count(ctx) - ctx.feeds
    with Store(root, retention=Retention(max_per_feed=0)) as store:
        store.add_feeds((f"https://more{n}.example/feed.xml", f"More News {n}", (), "") for n in range(extra))
        count = len(store.feeds())
    if count != many_feeds_count(ctx):
        raise RuntimeError(f"the many-feeds store has {count} feeds, not {many_feeds_count(ctx)}")
    ctx.log(f"store of {count:,} feeds built in {time.perf_counter() - started:.1f} s")
    ctx.cache["many_feeds_store"] = root
    return root
