"""What each `newsdesk` subcommand does. Plain functions of parsed arguments returning an exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO

from feeds.dates import utc_iso
from feeds.model import Feed, StoryHeader
from feeds.paths import EmptySetting, config_file, data_dir, expand_user, not_a_file
from feeds.storage import StoreLocked
from feeds.store import Retention, Store
from feeds.text import counted, quoted

from .cli_demo import load_demo, repoint_demo_feeds

#: How a command names a feed, and a story, in every --help.
FEED_HELP = "a feed id, URL, title or unique title prefix"
ID_HELP = "a story id, or a unique prefix of one (4+ characters)"


class UserError(Exception):
    """A mistake the user can fix: printed as one line. It often names a file or a feed, and a file's name can
    hold an escape sequence (`newsdesk import ~/Downloads/*.opml`): the line is cleaned like feed text."""

    def __init__(self, message: str, code: int = 1) -> None:
        from feeds.text import clean_line

        super().__init__(clean_line(message, 2000))
        self.code = code


def _config(args: argparse.Namespace):  # -> tuple[Config, list[str]]
    from .config import load_config

    given = getattr(args, "config", None)
    try:  # an empty --config or $NEWSDESK_CONFIG is a usage error, never the user's own config
        path = config_file(given)
    except EmptySetting as exc:
        raise UserError(str(exc), code=2) from None
    if given and not path.is_file():
        try:
            mode = path.stat().st_mode
        except OSError:
            raise UserError(f"no config file at {given}") from None
        raise UserError(str(not_a_file(Path(given), mode)))  # a named pipe would hold every command
    return load_config(path)


def _data_root(args: argparse.Namespace, *, store: bool = False) -> Path:
    """The data folder the options and the environment name; ``store``: the folder a command's store is in, the
    demo's own one in it with --demo (one rule for :func:`open_store` and the checks made before it opens). An
    empty ``$NEWSDESK_HOME`` is a usage error, as an empty ``--data-dir`` is, never the user's real folder."""
    try:
        root = data_dir(getattr(args, "data_dir", None))
    except EmptySetting as exc:
        raise UserError(str(exc), code=2) from None
    return root / "demo" if store and getattr(args, "demo", False) else root


#: What the store keeps in the data folder: its files (and their .bak and damaged copies), and its folders.
_OWN_FILES = ("feeds.json", "bookmarks.json", "newsdesk.lock", "commit.journal")
_OWN_FOLDERS = frozenset({"stories", "bodies", "marks", "index", "demo"})


def export_path(args: argparse.Namespace, file: str) -> Path:
    """FILE to export to, refused when it is one of the store's own files or in its folders (the demo's too):
    `export feeds.json` typed in the data folder wrote the OPML over the store's feeds.json, and the next command
    took it for damaged and went back to its last good copy, losing the subscriptions added since."""
    if not file.strip():
        raise UserError("an empty FILE names no file: name one, or - for standard output", code=2)
    path = expand_user(file)
    # ".", "/" or a folder: Path.name is empty for the first two, and the temporary file's name made from it
    # raised ValueError ("internal error"); over a folder, the rename failed with "the previous version is kept".
    if path.name in ("", ".", "..") or path.is_dir():
        raise UserError(f"{quoted(file)} is a folder: name a file to export to")
    # The folder must be there, as for cp, curl -o and a shell's `>`: it was made, so a typo (~/Documnets/subs.opml)
    # put the export where no one looks; one that is a file said "could not save subs.opml: File exists".
    if not path.parent.is_dir():
        folder = quoted(os.path.dirname(file.rstrip("/")) or str(path.parent), 240)
        missing = "does not exist" if not path.parent.exists() else "is not a folder"
        raise UserError(f"cannot export to {quoted(file, 240)}: {folder} {missing}")
    root = _data_root(args)
    real, home = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if not real.parent.is_dir():  # a link into a drive not mounted: its folder was made under the mount point
        raise UserError(
            f"cannot export to {quoted(file, 240)}: it links into {quoted(str(real.parent), 240)}, which does not exist"
        )
    if real.is_relative_to(home) and real != home:
        first = real.relative_to(home).parts[0]
        if first in _OWN_FOLDERS or first.startswith(_OWN_FILES):
            raise UserError(
                f"{file} is in the data folder {root}, among newsdesk's own files: export elsewhere"
            )
    return path


def refuse_read_only(args: argparse.Namespace) -> None:
    """A command that writes, given --read-only, is refused before it starts, in words: it ran into the read-only
    store and said "another newsdesk is writing to it", with nobody writing (and `add` fetched the feed first)."""
    if getattr(args, "read_only", False):
        given = {"search": "--save" if getattr(args, "save", None) else "--delete", "bookmarks": "--import"}
        what = " ".join(filter(None, (args.command, given.get(args.command))))
        raise UserError(f"{what} writes to the data folder, and --read-only forbids it", code=2)


@contextmanager
def open_store(args: argparse.Namespace, *, reads_only: bool = False) -> Iterator[Store]:
    """The store the command works on. A command that ``reads_only`` (a listing, an export, a search) opens it
    read-only when another newsdesk (the reader) holds it: `newsdesk stories --unread | wc -l` in a second
    terminal was refused ("close it first, or open this one read-only with --read-only")."""
    if not reads_only:
        refuse_read_only(args)
    config, warnings = _config(args)
    for warning in warnings:  # a typo in the file changes what a refresh keeps: said, not only in the reader
        _say(sys.stderr, f"newsdesk: {warning}\n")
    retention = Retention(config.retention_per_feed, config.retention_days)
    readonly = bool(getattr(args, "read_only", False))
    demo = bool(getattr(args, "demo", False))
    root = _data_root(args, store=True)  # the demo's own folder, as the reader uses
    try:
        store = Store(root, retention=retention, readonly=readonly)
    except StoreLocked:
        if not reads_only:
            raise
        # The demo too: `newsdesk --demo search Trump` beside `newsdesk --demo` said "another newsdesk is using
        # the data folder", though the README offers it. The copy holding the folder set the demo up.
        store = Store(root, retention=retention, readonly=True)
    try:
        if demo and not store.readonly:
            if not store.feeds():
                load_demo(store)  # first use: the bundled files, read in (no network)
            else:
                from feeds.demo import demo_feed_files

                repoint_demo_feeds(store, demo_feed_files())  # set up by another copy of the code
        yield store
    finally:
        for note in store.recovered:  # a damaged file moved aside: said once, when it happens
            print(f"newsdesk: {note}", file=sys.stderr)
        store.close()


def _age(ts: float, now: float) -> str:
    """A story's age in at most four cells, as the reader's list shows it: "3h", "40d", "11y". In days, a story
    of an archive feed ("4015d") pushed its row's feed and title out of their columns."""
    from .widgets.cells import age

    return age(now - ts)


def story_columns(story_id: str, published: float, feed: str, now: float, mark: str = "") -> str:
    """What a listing prints before a story's title: its id, (``mark``,) age and feed, cut to 20 cells (`stories`,
    `search`, `entity`, `related`)."""
    from .widgets.cells import fit

    marked = f" {mark}" if mark else ""
    return f"{story_id}{marked} {_age(published, now):>4s}  {fit(feed, 20)}"


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "never"


def _iso(ts: float) -> str:
    return utc_iso(ts)


def story_json(store: Store, h: StoryHeader, names: dict[str, str]) -> dict[str, object]:
    """One story as the command line's JSON shows it (`stories --json`, `search --json`)."""
    return {
        "id": h.id,
        "feed_id": h.feed_id,
        "feed": names.get(h.feed_id, ""),
        "title": h.title,
        "link": h.link,
        "author": h.author,
        "published": _iso(h.published),
        "read": store.is_read(h.id),
        "bookmarked": store.is_bookmarked(h.id),
    }


def _story_id(store: Store, ref: str) -> str:
    """The story ``ref`` names. A prefix too short or shared by several stories is said so: both were "no story
    with id '1db6'", though 1,544 stories held two ids starting so."""
    sid = store.find_story_id(ref)
    if sid is not None:
        return sid
    if len(ref) < 4:
        raise UserError(f"{quoted(ref)} is too short for a story id: give 4 or more of its characters")
    hits = store.ids_starting(ref)
    if len(hits) > 1:
        more = " and more" if len(hits) > 2 else ""
        raise UserError(
            f"{quoted(ref)} starts several story ids ({', '.join(hits[:2])}{more}): give more characters"
        )
    raise UserError(f"no story with id {quoted(ref)} (see `newsdesk stories`)")


#: What starts the words of a feed read in part (larger than the size cap) and not failing, wherever they are said.
NOTE = "note: "


def read_in_part_note(warning: str) -> str:
    """A feed read in part, said where a failing feed's error is said, after its name: "Name: note: only the first
    10 MB read ...", the same words from `add`, `refresh` (on a terminal or not) and `feeds`. "" for none."""
    return NOTE + warning if warning else ""


# -- subcommands -----------------------------------------------------------------------------------------------------
def add(args: argparse.Namespace) -> int:
    from feeds.subscribe import subscribe

    with open_store(args) as store:
        feed, saved = subscribe(store, args.url, title=args.title, tags=args.tag, check=not args.no_check)
        got = f": {counted(len(saved.new), 'story', 'stories')}" if saved else ""
        print(f"added {feed.name} [{feed.id}]{got}")
        # an error: what it serves now could not be read; a note: read in part (larger than the cap), no failure
        if said := feed.status.last_error or read_in_part_note(feed.status.warning):
            print(f"newsdesk: {feed.name}: {said}", file=sys.stderr)
    return 0


def remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        feed, carried = store.remove_feed(store.resolve_feed(args.feed).id)
        names = {fid: other.name for fid in carried if (other := store.get_feed(fid)) is not None}
        kept = [
            f"{n} read mark{'s' * (n != 1)} carried to {names.get(fid, fid)}" for fid, n in carried.items()
        ]
        print("; ".join([f"removed {feed.name} [{feed.id}]", *kept]))
    return 0


def rename(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from feeds.text import clean_line

    title = clean_line(args.title)
    with open_store(args) as store:
        feed = store.resolve_feed(args.feed)
        if title:
            store.update_feed(replace(feed, title=title))
            print(f"renamed [{feed.id}] to {title}")
        elif feed.own_title:  # "": back to the title the feed gives, which it follows from now on
            store.update_feed(replace(feed, title=feed.own_title))
            print(f"renamed [{feed.id}] back to its own title: {feed.own_title}")
        else:  # not read since it was added (or since an older version stored it): the next refresh reads it
            store.update_feed(replace(feed, title=""))
            print(
                f"[{feed.id}] takes its own title at the next refresh (`newsdesk refresh`); until then its address"
            )
    return 0


def tag(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from feeds.text import MAX_TAG, clean_line, unique_tags

    tags = unique_tags(clean_line(t, MAX_TAG) for t in args.tags)
    with open_store(args) as store:
        feed = store.resolve_feed(args.feed)
        store.update_feed(replace(feed, tags=tags))
        print(f"{feed.name} [{feed.id}]: tags {', '.join(tags) if tags else '(none)'}")
    return 0


_STATUS_TIMES = ("last_success", "last_attempt", "retry_after")


def feed_json(feed: Feed) -> dict[str, Any]:
    """One subscription as `feeds --json` shows it: its times as ISO 8601 UTC strings, as every other command's
    JSON gives dates (they were epoch seconds, so a script comparing `added` with a story's `published` compared a
    number with a string); a time not known yet (never fetched, no Retry-After) stays null."""
    data = feed.to_dict()
    data["added"] = _iso(feed.added)
    status = data["status"]
    for key in _STATUS_TIMES:
        if status[key] is not None:
            status[key] = _iso(status[key])
    return data


def feeds(args: argparse.Namespace) -> int:
    with open_store(args, reads_only=True) as store:
        counts = store.unread_counts()
        rows = store.feeds()
        if args.json:
            out = [
                {**feed_json(f), "unread": counts.get(f.id, 0), "stories": len(store.headers(f.id))}
                for f in rows
            ]
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        if not rows:
            print(
                "no subscriptions yet: `newsdesk add URL`, `newsdesk import FILE.opml`, or"
                " `newsdesk import --defaults` for a list of public world-news feeds",
                file=sys.stderr,
            )
        for f in rows:
            st = f.status
            if st.gone:
                state = f"GONE: {st.last_error}"
            elif st.failures:
                state = f"FAILING x{st.failures} since {_when(st.last_attempt)}: {st.last_error}"
            elif st.last_success:
                state = f"ok {_when(st.last_success)}"
                if st.warning:  # read in part: no failure
                    state += f"; {read_in_part_note(st.warning)}"
            else:
                state = "not fetched yet"  # added with --no-check, or imported: it said "ok never"
            tags = f" #{' #'.join(f.tags)}" if f.tags else ""
            print(f"{f.id}  {counts.get(f.id, 0):5d} unread  {f.name}{tags}  ({state})")
    return 0


def import_(args: argparse.Namespace) -> int:
    from feeds.opml import MAX_OPML, OPMLError, UnreadableFile, is_sqlite, parse_opml, read_opml
    from feeds.subscribe import import_feeds

    if args.defaults and args.file:  # the file was ignored: the defaults came in instead, without a word
        raise UserError("import takes a FILE or --defaults, not both", 2)
    if args.defaults:
        from feeds.demo import DEFAULT_SUBSCRIPTIONS

        path = DEFAULT_SUBSCRIPTIONS
    elif args.file:
        path = expand_user(args.file)
    else:
        raise UserError(
            "import needs a FILE (an OPML file, newsboat's urls file or its cache.db) or --defaults", 2
        )
    if args.file and args.file != "-" and is_sqlite(path):  # newsboat's cache.db, stories and read marks too
        from .cli_newsboat import import_cache

        return import_cache(args, path)
    try:
        entries = parse_opml(sys.stdin.buffer.read(MAX_OPML + 1)) if args.file == "-" else read_opml(path)
    except OPMLError as exc:
        # "cannot read PATH: ..." names the file already: it read "subs.opml: cannot read subs.opml: ..."
        source = (
            "" if isinstance(exc, UnreadableFile) else "standard input: " if args.file == "-" else f"{path}: "
        )
        raise UserError(f"{source}{exc}; nothing imported") from None
    with open_store(args) as store:
        result = import_feeds(store, entries)
    # Feedly and Inoreader write a feed once in each folder it is in: say the file's count of outlines is not ours
    again = result.listed_again
    listed = (
        f" ({again} of them listed twice or more: one subscription each, in all its folders)" if again else ""
    )
    print(
        f"imported {counted(len(result.added), 'feed', 'feeds')}{listed},"
        f" skipped {len(result.skipped)} already subscribed"
    )
    say_invalid(result.invalid)
    if result.added:
        print("run `newsdesk refresh` to fetch them", file=sys.stderr)
    return 0


def say_invalid(invalid: list[str]) -> None:
    """On stderr, how many of an import's addresses cannot be feeds (newsboat's query: feeds), with the first."""
    if invalid:
        from feeds.text import clean_line, hide_password

        first = clean_line(hide_password(invalid[0]), 80)
        skipped = counted(len(invalid), "address that cannot be a feed", "addresses that cannot be feeds")
        print(f"skipped {skipped} (such as {first!r})", file=sys.stderr)


def export(args: argparse.Namespace) -> int:
    from feeds.opml import export_opml
    from feeds.storage import write_export

    target = export_path(args, args.file) if args.file and args.file != "-" else None
    with open_store(args, reads_only=True) as store:
        data = export_opml(store.feeds())
    if target is not None:
        write_export(target, data)
    elif sys.stdout is None:  # started with standard output closed (`newsdesk export >&-`)
        raise UserError("standard output is closed: name a FILE to export to")
    else:
        sys.stdout.buffer.write(data)
    return 0


def refresh(args: argparse.Namespace) -> int:
    from feeds.refresh import Progress
    from feeds.refresh import refresh as run_refresh

    with open_store(args) as store:
        # Once each: a feed named twice (its id and its title) was fetched twice and counted as two feeds.
        chosen = list({f.id: f for f in map(store.resolve_feed, args.feeds)}.values()) if args.feeds else None
        if chosen is None and not store.feeds():
            raise UserError(
                "no subscriptions to refresh: `newsdesk add URL` or `newsdesk import --defaults` first"
            )
        tty = sys.stderr.isatty()
        # The bar is redrawn over itself, so it must never wrap: padded to 100 characters, it took two rows of an
        # 80-column terminal (and a wide title's CJK more cells than characters), and each redraw left a row
        # behind: 26 feeds scrolled 26 bars. It is cut to the terminal's width, in cells, less one.
        cols = 99
        if tty:
            from .widgets.cells import fit, use_stream_encoding

            use_stream_encoding(sys.stderr)  # the bar is drawn there
            with suppress(OSError):  # a terminal that does not say its size: as wide as before
                cols = max(20, os.get_terminal_size(sys.stderr.fileno()).columns - 1)

        # The bar named the feed just finished: while the last one took its 20 s to time out, it said "283/284 ·
        # Reuters…", as if that feed hung. Once a few are left, it names the ones it waits for.
        pending = {f.id: f.name for f in (chosen if chosen is not None else store.feeds())}

        def progress(p: Progress) -> None:
            r = p.result
            if r is None:
                return
            pending.pop(r.feed_id, None)
            if tty:
                width = 30
                filled = int(width * p.done / max(p.total, 1))
                name = r.name
                if 0 < len(pending) == p.total - p.done <= 3:
                    name = "waiting for " + ", ".join(pending.values())
                line = f"[{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total} · {p.errors} errors · {name}"
                _say(sys.stderr, "\r" + fit(line, cols))
                if said := r.error or read_in_part_note(r.warning):  # a note: read in part, and no failure
                    _say(sys.stderr, f"\r{'':{cols}}\r{r.outcome}: {r.name}: {said}\n")
            else:
                detail = r.error or f"{r.new} new, {r.updated} updated"
                detail += f"; {read_in_part_note(r.warning)}" if r.read_in_part else ""
                _say(sys.stdout, f"{r.outcome:9s} {r.name}: {detail}\n")

        results = run_refresh(store, chosen, on_progress=progress)
        if tty:
            _say(sys.stderr, "\r" + " " * cols + "\r")
        new = sum(r.new for r in results)
        failed = [r for r in results if r.outcome in ("failed", "gone")]
        part = sum(1 for r in results if r.read_in_part)
        feeds, stories = counted(len(results), "feed", "feeds"), counted(new, "new story", "new stories")
        _say(sys.stderr, f"{feeds}: {stories}, {len(failed)} failed")
        _say(sys.stderr, f", {part} read in part\n" if part else "\n")
    return 3 if failed else 0


def _say(stream: TextIO | None, text: str) -> None:
    """Write a line of a refresh's report. When whoever read it has gone (`newsdesk refresh | head -3`), the stream
    is pointed at the null device and the refresh goes on: it stopped there, leaving most feeds unfetched, and
    exited 0 as if it had finished. A stream closed from the start (`>&-`) is None: nothing is said."""
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
