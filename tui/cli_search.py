"""`newsdesk search QUERY`: the reader's search from the command line, over the same persisted index.

The index beside the store is loaded, checked against the store and repaired if stale (so a search after a
crash or a refresh by another process is never wrong), then queried with the store's read marks and bookmarks.
Malformed queries still search; what the parser could not use is said on stderr, as the reader shows it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from feeds.search.service import SearchService

from .cli_commands import UserError, _age, open_store, story_json

AddCommand = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def register(add: AddCommand) -> None:
    """Add `search` to the `newsdesk` parser (``add`` is build_parser's helper)."""
    p = add(
        "search", search, 'search stories (words, "phrases", -exclude, feed:, title:, is:unread, after:7d)'
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query (several words are joined)")
    p.add_argument("--json", action="store_true", help="print the results as JSON, best first")
    p.add_argument("--limit", type=int, default=50, help="at most N results (default 50)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance", help="result order")


def search(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise UserError("--limit must be 0 or more")
    query = " ".join(args.query)
    with open_store(args) as store:
        service = SearchService(store)
        service.open()
        now = time.time()
        result = service.search(query, limit=args.limit, sort=args.sort, now=now)
        for hint in result.hints:
            print(f"newsdesk: query: {hint}", file=sys.stderr)
        headers = service.headers(result.ids)
        names = {f.id: f.name for f in store.feeds()}
        if args.json:
            out = [{**story_json(store, h, names), "rank": rank} for rank, h in enumerate(headers, 1)]
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        for h in headers:
            print(f"{h.id} {_age(h.published, now):>4s}  {names.get(h.feed_id, '')[:20]:20s}  {h.title}")
        print(f"{result.total:,} matching, {len(headers):,} shown", file=sys.stderr)
    return 0
