"""`newsdesk import` of newsboat's cache (``cache.db``, an SQLite file): the command-line side of
:mod:`feeds.newsboat_cache`. The file is known by its first bytes, so `newsdesk import FILE` takes an OPML file, a
urls file or the cache alike."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from feeds.text import counted

from .cli_commands import UserError, _data_root, open_store, refuse_read_only


def _check_free(args: argparse.Namespace) -> None:
    """StoreLocked when another newsdesk holds the data folder :func:`open_store` would open; nothing is made."""
    from feeds.store_folder import WriterLock

    WriterLock(_data_root(args, store=True)).check_free()


def import_cache(args: argparse.Namespace, path: Path) -> int:
    """Read the whole cache first (a file that cannot be read imports nothing), then store all of it in one
    commit group with Ctrl-C held back, so the data folder gets all of it or none of it."""
    from feeds.newsboat_cache import CacheError, only_listed, read_cache, store_cache, urls_file_for
    from feeds.refresh_pool import ctrl_c_held

    from .cli_commands import say_invalid

    now = time.time()
    refuse_read_only(args)  # before seconds of reading, as a folder another newsdesk holds is
    _check_free(args)  # a data folder the reader holds is said before seconds of reading
    try:  # before the store opens: a cache that cannot be read leaves no data folder behind, as an OPML file's
        cache = read_cache(path, now=now)
    except CacheError as exc:
        raise UserError(f"{path}: {exc}; nothing imported") from None
    urls = urls_file_for(path)  # the feeds newsboat shows: the cache keeps removed ones until cleaned up
    left_out = only_listed(cache, urls) if urls is not None else []
    with open_store(args) as store, ctrl_c_held(), store.saving(whole=True):
        done = store_cache(store, cache, now=now)
    print(f"imported {counted(done.added, 'feed', 'feeds')}, skipped {done.skipped} already subscribed")
    print(
        f"stored {counted(done.stories, 'story', 'stories')} of the newsboat cache: {done.read:,} marked read,"
        f" {done.bookmarks:,} flagged ones bookmarked"
    )
    say_invalid(done.invalid)
    if left_out:
        from feeds.text import clean_line, hide_password

        first, where = clean_line(hide_password(left_out[0]), 80), clean_line(str(urls), 200)
        print(
            f"left out {counted(len(left_out), 'feed', 'feeds')} of the cache that {where} no longer lists (such as {first!r}):"
            " newsboat keeps a removed feed's stories until its cache is cleaned up",
            file=sys.stderr,
        )
    if done.purged:
        print(
            f"{counted(done.purged, 'older story was', 'older stories were')} not kept: more than a feed keeps (retention_per_feed) or too old",
            file=sys.stderr,
        )
    if done.added:
        print("run `newsdesk refresh` to fetch what is new since", file=sys.stderr)
    return 0
