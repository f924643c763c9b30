"""The bookmark subcommands: `bookmark`, `unbookmark` and `bookmarks` (list, filter, export, import).

Thin shells over :mod:`feeds.bookmarks` and the store, so scripts get exactly what the reader exports. User
mistakes (an unknown story id, an unreadable or foreign import file, a bad export format) raise
:class:`~tui.cli_commands.UserError`: one line on stderr, a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from feeds.dates import utc_day, utc_iso
from feeds.model import Bookmark
from feeds.paths import expand_user
from feeds.store import Store
from feeds.text import MAX_TAGS, clean_line, counted, quoted

from .cli_commands import ID_HELP, UserError, _story_id, export_path, open_store

AddCommand = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def register(add: AddCommand) -> None:
    """Add the bookmark subcommands to the `newsdesk` parser (``add`` is build_parser's helper)."""
    p = add("bookmark", bookmark, "bookmark a story, or change a bookmark's note and tags")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--note", default=None, help='a note (replaces the old one; "" clears it)')
    p.add_argument("--tag", action="append", default=None, help="a tag (repeatable; replaces the old tags)")
    p = add("unbookmark", unbookmark, "remove a story's bookmark")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p = add("bookmarks", bookmarks, "list bookmarks (newest first), export them, or import an export")
    p.add_argument("--tag", default=None, help="only bookmarks with this tag")
    p.add_argument("--json", action="store_true", help="list as JSON")
    p.add_argument(
        "--export",
        nargs="+",
        metavar=("FORMAT", "FILE"),
        default=None,
        help="export as md, json or html (Netscape bookmark file) to FILE or standard output",
    )
    p.formatter_class = _OneFileFormatter
    p.add_argument("--import", dest="import_file", metavar="FILE", default=None, help="import a JSON export")


class _OneFileFormatter(argparse.HelpFormatter):
    """``--export FORMAT [FILE]`` in the help: argparse writes a format and one or more values as "FORMAT [FILE
    ...]", which promised several files, though a second one is refused ("takes a format and at most one file")."""

    def _format_args(self, action: argparse.Action, default_metavar: str) -> str:
        if action.dest == "export":
            return "FORMAT [FILE]"
        return super()._format_args(action, default_metavar)


def _title(mark: Bookmark) -> str:
    return mark.story.title or "(untitled)"


def bookmark(args: argparse.Namespace) -> int:
    # feeds.bookmarks (and the html module its exports use) only where a command needs it: this module is
    # imported by every command's parser, `newsdesk refresh` too.
    from feeds import bookmarks as bm

    with open_store(args) as store:
        sid = _story_id(store, args.id)
        tags = bm.parse_tags(args.tag) if args.tag is not None else None
        was = store.is_bookmarked(sid)
        mark = store.bookmark(sid, note=args.note, tags=tags)
        print(f"{'updated' if was else 'bookmarked'} {sid} {_title(mark)}")
    return 0


def unbookmark(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        sid = _story_id(store, args.id)
        if not store.unbookmark(sid):
            raise UserError(f"story {sid} is not bookmarked")
        print(f"removed the bookmark of {sid}")
    return 0


def _iso(ts: float, *, dated: bool = False) -> str:
    """``ts`` in UTC; a story is always ``dated`` (0.0 is 1970-01-01), a bookmark's time 0.0 is unknown ("")."""
    return utc_iso(ts) if ts or dated else ""


def _as_json(mark: Bookmark) -> dict[str, object]:
    story = mark.story
    return {
        "id": story.id,
        "title": story.title,
        "link": story.link,
        "feed": mark.feed_title,
        "published": _iso(story.published, dated=True),
        "bookmarked": _iso(mark.created),
        "note": mark.note,
        "tags": list(mark.tags),
    }


def _list(marks: list[Bookmark], as_json: bool) -> None:
    from .widgets.cells import cut_end, fit, use_stream_encoding  # here: only the listings need it

    use_stream_encoding(sys.stdout)

    if as_json:
        print(json.dumps([_as_json(m) for m in marks], ensure_ascii=False, indent=2))
        return
    for mark in marks:
        tags = " ".join(f"#{t}" for t in mark.tags)
        # Dated by the story, as its byline in the Markdown export, its "published" in --json (the same UTC day),
        # and every other listing of stories: the day of the bookmark beside a headline and its feed read as the
        # story's, and the two lists of one bookmark gave two dates. The order stays newest bookmark first; when
        # it was bookmarked is --json's "bookmarked".
        line = f"{mark.story.id} {utc_day(mark.story.published)}  {fit(mark.feed_title, 20)}  {_title(mark)}"
        print(f"{line}  {tags}" if tags else line)
        note = mark.note.strip().splitlines()
        if note:
            print(f"    {note[0]}{' ' + cut_end() if len(note) > 1 else ''}")


def _export(args: argparse.Namespace, marks: list[Bookmark], values: list[str]) -> None:
    from feeds import bookmarks as bm

    if len(values) > 2:
        raise UserError("--export takes a format and at most one file", code=2)
    fmt, target = values[0], (values[1] if len(values) == 2 else "-")
    if fmt not in bm.EXPORT_FORMATS:
        raise UserError(
            f"unknown export format {quoted(fmt)} (choose {', '.join(bm.EXPORT_FORMATS)})", code=2
        )
    text = bm.export(marks, fmt)
    if target == "-":
        if sys.stdout is None:  # started with standard output closed (`>&-`)
            raise UserError("standard output is closed: name a FILE to export to")
        # UTF-8, as into a FILE and as `newsdesk export` writes: through the locale's encoding, an ASCII or
        # Latin-1 one turned every letter it lacks into "?" (`bookmarks --export json > backup.json` kept
        # "Vorsichtsma?nahmen", and an import brought that back).
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        return
    from feeds.storage import StoreWriteError, write_export

    try:  # it was written in place: a full disk left the previous export cut short
        write_export(export_path(args, target), text.encode("utf-8"))
    except StoreWriteError as exc:
        raise UserError(str(exc)) from None
    print(
        f"exported {len(marks)} {'bookmark' if len(marks) == 1 else 'bookmarks'} to {target}", file=sys.stderr
    )


def _import(store: Store, source: str) -> None:
    from feeds import bookmarks as bm

    try:
        if source == "-":
            data = sys.stdin.buffer.read(bm.MAX_IMPORT + 1)
        else:
            with expand_user(source).open("rb") as fh:
                data = fh.read(bm.MAX_IMPORT + 1)
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        marks = bm.from_json(data)
    except bm.BookmarkFileError as exc:
        raise UserError(f"cannot import {source}: {exc}") from None
    added, merged, dropped = store.import_bookmarks(marks)
    print(f"imported {source}: {added} new, {merged} merged with existing bookmarks")
    if dropped:
        print(
            f"newsdesk: {counted(dropped, 'tag', 'tags')} left out: a bookmark keeps its first {MAX_TAGS}",
            file=sys.stderr,
        )


def bookmarks(args: argparse.Namespace) -> int:
    from feeds import bookmarks as bm

    if args.import_file is not None and (args.export is not None or args.json):
        raise UserError("--import cannot be combined with --export or --json", code=2)
    # A script's unset variable: `--tag ""` listed every bookmark, and `--import ""` said "cannot read : Is a
    # directory" (the empty path is the current folder).
    if args.tag is not None and not args.tag.strip().lstrip("#"):
        raise UserError("an empty tag names no tag (see `newsdesk bookmarks --json` for the tags)", code=2)
    if args.import_file is not None and not args.import_file.strip():
        raise UserError("an empty FILE names no file: name one, or - for standard input", code=2)
    with open_store(args, reads_only=args.import_file is None) as store:
        if args.import_file is not None:
            _import(store, args.import_file)
            return 0
        marks = bm.with_tag(store.bookmarks(), args.tag)
        if args.export is not None:  # bookmarks saved before they kept their feed's address get it here
            _export(args, bm.with_feed_urls(marks, {f.id: f.url for f in store.feeds()}), args.export)
        elif not marks and not args.json:  # nothing on stdout for a pipe, but a word for the reader
            what = (
                f"tagged {clean_line(args.tag)}"
                if args.tag
                else "(bookmark a story with: newsdesk bookmark ID)"
            )
            print(f"no bookmarks {what}", file=sys.stderr)
        else:
            _list(marks, args.json)
    return 0
