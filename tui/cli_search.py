"""`newsdesk search QUERY`: the reader's search from the command line, over the same persisted index.

The index beside the store is loaded, checked against the store and repaired if stale (so a search after a
crash or a refresh by another process is never wrong), then queried with the store's read marks and bookmarks.
Malformed queries still search; what the parser could not use is said on stderr, once, as the reader shows it;
a query with nothing usable left lists nothing and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from feeds import saved_searches as ss
from feeds.storage import StoreError

from .cli_commands import UserError, open_store, story_columns, story_json
from .search_syntax import syntax_text

if TYPE_CHECKING:
    from feeds.search.service import SearchService
    from feeds.store import Store

AddCommand = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def register(add: AddCommand) -> None:
    """Add `search` to the `newsdesk` parser (``add`` is build_parser's helper)."""
    p = add(
        "search", search, 'search stories (words, "phrases", -exclude, feed:, title:, is:unread, after:7d)'
    )
    p.formatter_class = argparse.RawDescriptionHelpFormatter  # the syntax's columns as written
    p.epilog = "query syntax:\n" + syntax_text()
    p.add_argument("query", nargs="*", metavar="QUERY", help="the query (several words are joined)")
    p.add_argument("--json", action="store_true", help="print the results as JSON, in the order of --sort")
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N results (0: all); default 50"
    )
    p.add_argument(  # "best first" was said of --json, and --sort date lists the newest first
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="relevance (best first, the default) or date (newest first)",
    )
    p.add_argument(
        "--save", metavar="NAME", help="save QUERY as a saved search (a virtual feed in the reader)"
    )
    p.add_argument("--delete", metavar="NAME", help="delete the saved search NAME")
    p = add("searches", searches, "list saved searches with their queries and unread counts")
    p.add_argument("--json", action="store_true", help="print them as JSON")


_SEARCH_VALUES = ("--data-dir", "--config", "--limit", "--sort", "--save", "--delete")  # options with a value


def query_words_last(argv: list[str]) -> list[str]:
    """``argv`` with a `search` command's query words moved after a ``--``, in their order, so that a word to
    leave out reaches the query: `newsdesk search election -trump` stopped at "unrecognized arguments: -trump",
    and `search -hamas` printed the help ("-h" and more). Options (``--json``, ``--limit 5``, ``-h``) stay
    options; an unknown ``--word`` is still refused; a command line that has its own ``--`` is left as it is."""
    i = 0
    while (
        i < len(argv) and argv[i].startswith("-") and argv[i] != "--"
    ):  # the global options, then the command
        i += 2 if argv[i] in ("--data-dir", "--config") else 1
    if i >= len(argv) or argv[i] != "search" or "--" in argv[i:]:
        return argv
    options: list[str] = []
    words: list[str] = []
    rest = iter(argv[i + 1 :])
    for arg in rest:
        if arg in _SEARCH_VALUES:
            options.append(arg)
            value = next(rest, None)  # its value, whatever it looks like
            if value is not None:
                options.append(value)
        elif arg.startswith("--") or arg == "-h":
            options.append(arg)
        else:
            words.append(arg)
    return [*argv[: i + 1], *options, *(["--", *words] if words else [])]


def search(args: argparse.Namespace) -> int:
    from .widgets.cells import use_stream_encoding  # here: only the listings need it

    use_stream_encoding(sys.stdout)

    if args.limit < 0:
        raise UserError("--limit must be 0 or more", 2)  # a usage error, as `--limit many` is
    query = " ".join(args.query).strip()
    if args.delete is not None:
        if query or args.save is not None:
            raise UserError("--delete takes only the saved search's name", 2)
        return delete_saved(args)
    if not query:
        raise UserError("search needs a QUERY (or --delete NAME)", 2)  # usage, as `import` alone is
    from feeds.search.query import parse_query

    # The query is complete here: its last word is the word typed, not the start of one still being typed, as in
    # the reader's box. Read as a prefix, `search kim sum` listed the summit stories, and `search person:erdogan`
    # skipped the names the pivot links to a name typed whole (the stories that tagged him an organisation).
    parsed = parse_query(query, prefix_last=False)
    if not parsed.groups:
        # Nothing usable is left (`search is:nothing`, `search after:99999-99-99`, `search '!!'`): searching would
        # list every story as matching what was asked. Status 2, the command line's status for words it cannot
        # use, so that `newsdesk search before:yesterdayish | wc -l` is an error to a script, not the store's size.
        # Saving it is refused the same way: `search --save X person:` saved a search that counted every story.
        from feeds.search.query import NOTHING_LEFT

        *first, last = parsed.hints or [f"{query} has no letters or digits to match"]
        for hint in first:
            print(f"newsdesk: query: {hint}", file=sys.stderr)
        told = "nothing saved" if args.save is not None else "no story listed"
        print(f"newsdesk: query: {last}; {NOTHING_LEFT}, {told}", file=sys.stderr)
        return 2
    if args.save is not None:
        return save_saved(args, query)
    with open_store(args, reads_only=True) as store:
        if not store.readonly and _asks_for_names(query):
            # Names are found by the reader's background pass or by `entity`: a store only ever used from the
            # command line had none, and `search person:X` matched nothing, silently. Found here as `entity` does.
            from .cli_entities import _store_names

            _store_names(store)
        service = _service(store)
        service.open()
        now = time.time()
        limit = args.limit or sys.maxsize  # 0 is all, as for `stories --limit`: it showed none
        result = service.search(parsed, limit=limit, sort=args.sort, now=now)
        for hint in result.hints:
            print(f"newsdesk: query: {hint}", file=sys.stderr)
        headers = service.headers(result.ids)
        names = {f.id: f.name for f in store.feeds()}
        if args.json:
            out = [{**story_json(store, h, names), "rank": rank} for rank, h in enumerate(headers, 1)]
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        for h in headers:
            print(f"{story_columns(h.id, h.published, names.get(h.feed_id, ''), now)}  {h.title}")
        print(f"{result.total:,} matching, {len(headers):,} shown", file=sys.stderr)
    return 0


def save_saved(args: argparse.Namespace, query: str) -> int:
    """`search --save NAME QUERY`: save the query; say so, with how many unread stories it finds now."""
    with open_store(args) as store:
        try:
            # complete: its last word is the word typed, as `search` reads it (see ss.save)
            name = ss.save(store, args.save, query, complete=True)
        except StoreError as exc:
            raise UserError(str(exc)) from exc
        saved = store.saved_searches()[name]
        if not store.readonly and _asks_for_names(saved):  # as `search` does: counted over the names it finds
            from .cli_entities import _store_names

            _store_names(store)
        service = _service(store)
        service.open()
        unread = ss.unread_count(service, saved, now=time.time())
    from feeds.search.query import parse_query

    # What `search` says of a query, said when it is saved too: `search --save Recent after:` saved a query that
    # matched every story, and nothing said why.
    for hint in parse_query(saved).hints:
        print(f"newsdesk: query: {hint}", file=sys.stderr)
    print(f"saved search {name!r}: {query}  ({unread:,} unread)")
    return 0


def delete_saved(args: argparse.Namespace) -> int:
    """`search --delete NAME`: forget a saved search; an unknown name is a mistake."""
    with open_store(args) as store:
        try:
            ss.delete(store, args.delete)
        except StoreError as exc:
            raise UserError(str(exc)) from exc
    print(f"deleted saved search {args.delete!r}")
    return 0


def searches(args: argparse.Namespace) -> int:
    """`searches`: every saved search, its query and its unread count (as the reader's feed list shows it)."""
    with open_store(args, reads_only=True) as store:
        service = _service(store)
        if store.saved_searches():
            service.open()
        counted = ss.counted(service, now=time.time()) if store.saved_searches() else []
    if args.json:
        out = [{"name": s.name, "query": ss.shown(s.query), "unread": s.unread} for s in counted]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not counted:
        print("no saved searches (save one with: newsdesk search --save NAME QUERY)", file=sys.stderr)
    from rich.cells import cell_len

    from .widgets.cells import fit, use_stream_encoding

    use_stream_encoding(sys.stdout)
    # Measured in cells: padded by characters, a Chinese name (two cells a character) pushed its row's count
    # and query out of line with the others.
    width = max((cell_len(s.name) for s in counted), default=0)
    for s in counted:
        print(f"{fit(s.name, width)}  {s.unread:>6,}  {ss.shown(s.query)}")
    return 0


def _asks_for_names(query: str) -> bool:
    """Whether ``query`` has a ``person:``, ``org:``, ``place:`` or ``entity:`` condition."""
    from feeds.search.query import parse_query

    return any(atom.kind == "entity" for atom in parse_query(query, prefix_last=False).atoms)


def _service(store: Store) -> SearchService:
    """The search engine, imported only by the commands that search: every other command starts faster."""
    from feeds.search.service import SearchService

    return SearchService(store)
