"""The story commands of `newsdesk`: `stories`, `show`, `read` and `unread`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from feeds.store import Store

from .cli_commands import UserError, _iso, _story_id, open_store, story_columns, story_json


def _no_stories(store: Store, unread: bool, feed_name: str) -> str:
    """What `stories` says on stderr when it lists none, as `searches` does: "no unread stories in Atlas Daily"."""
    from feeds.text import clean_line

    what = "no unread stories" if unread else "no stories"
    if feed_name:
        return f"{what} in {clean_line(feed_name)}"
    if not store.feeds():
        return f"{what} (add a feed with: newsdesk add URL)"
    return what if unread else f"{what} (fetch them with: newsdesk refresh)"


def stories(args: argparse.Namespace) -> int:
    from .widgets.cells import use_stream_encoding  # here: only the listings need it

    use_stream_encoding(sys.stdout)

    cut_by_default = args.limit is None  # only then is a cut list news to the user, said on stderr
    limit = 50 if args.limit is None else args.limit
    if limit < 0:  # as `search` says; it listed every story
        raise UserError("--limit must be 0 or more", 2)  # a usage error, as `--limit many` is
    with open_store(args, reads_only=True) as store:
        # `--feed ""` (a script's unset variable) names no feed, as `--feed " "` does: it listed every feed's stories
        feed = store.resolve_feed(args.feed) if args.feed is not None else None
        feed_id = feed.id if feed is not None else None
        headers = store.headers(feed_id)
        if args.unread:
            unread = store.unread_ids(feed_id)
            headers = [h for h in headers if h.id in unread]
        total = len(headers)
        if limit > 0:
            headers = headers[:limit]
        names = {f.id: f.name for f in store.feeds()}
        now = time.time()
        if args.json:
            out = [story_json(store, h, names) for h in headers]
            print(json.dumps(out, ensure_ascii=False, indent=2))
        elif (
            not headers
        ):  # it printed nothing, as a pipe should see, but said nothing either (`related` does)
            print(_no_stories(store, args.unread, feed.name if feed is not None else ""), file=sys.stderr)
        else:
            for h in headers:
                mark = " " if store.is_read(h.id) else "N"
                mark += "*" if store.is_bookmarked(h.id) else " "
                print(f"{story_columns(h.id, h.published, names.get(h.feed_id, ''), now, mark)}  {h.title}")
        if (
            cut_by_default and len(headers) < total
        ):  # `stories --unread | wc -l` said 50 of 1,533, and nothing said it was cut
            print(f"{len(headers):,} of {total:,} stories shown; --limit 0 lists them all", file=sys.stderr)
    return 0


def show(args: argparse.Namespace) -> int:
    with open_store(args, reads_only=True) as store:
        story = store.story(_story_id(store, args.id))
        assert story is not None
        feed = store.get_feed(story.feed_id)
        if feed is not None:
            source = feed.name
        else:  # a bookmarked story whose feed was removed: the name its bookmark remembers
            mark = store.bookmark_of(story.id)
            source = f"{mark.feed_title} (no longer subscribed)" if mark and mark.feed_title else ""
        print(story.title)
        # Only the parts a story has: with no author it read "Reuters ·  · 2026-08-19T13:19:43Z".
        # A channel that signs its videos with its own name read "Al Jazeera English · Al Jazeera English · ...".
        author = "" if story.author.casefold() == source.casefold() else story.author
        print(" · ".join(part for part in (source, author, _iso(story.published)) if part))
        if story.link:
            print(story.link)
        print()
        # A list item's label ends in a no-break space, for the reader's hanging indent: printed, it is a space
        # (a piped `grep "1. Unplug"` finds the item).
        print(story.text.replace("\u00a0", " "))
        for n, link in enumerate(story.links, 1):
            print(f"[{n}] {link}")
    return 0


def _mark(args: argparse.Namespace, read: bool) -> int:
    with open_store(args) as store:
        ids = [_story_id(store, ref) for ref in args.ids]
        changed = store.set_read(ids, read)
        print(f"{changed} marked {'read' if read else 'unread'}")
    return 0


def read(args: argparse.Namespace) -> int:
    return _mark(args, True)


def unread(args: argparse.Namespace) -> int:
    return _mark(args, False)
