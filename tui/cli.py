"""The `newsdesk` command: the reader, and scriptable subcommands over the same store.

Every user mistake (unknown feed, unreadable file, bad URL, a locked store) is one line on stderr and a non-zero
exit; no traceback reaches a user. Exit codes: 0 ok, 1 error, 2 usage, 3 some feeds failed to refresh, 130
interrupted. Subcommands import only what they need, so scripted calls start fast (no Textual).

Ctrl-C is "newsdesk: interrupted" and status 130 at any moment: this module is the process's entry (the console
script imports it, nothing else does), so before anything else it installs an exception hook that says so for a
KeyboardInterrupt escaping from its imports (about 60 ms of them) or landing just before or after ``main``'s own
handler; once ``main`` is done, a Ctrl-C ends the process at once (the store is closed by then). Only the
interpreter's own start-up, before this module's first line, can still print a traceback.
"""

import codecs
import contextlib
import os
import sys
from types import TracebackType

_interrupted = False  # "interrupted" is said once, however many times Ctrl-C is pressed


def _say_interrupted() -> None:
    global _interrupted
    if not _interrupted:
        _interrupted = True
        with contextlib.suppress(Exception):  # stderr closed or gone: the status still says it
            print("newsdesk: interrupted", file=sys.stderr)


def _end_interrupted() -> None:
    """Say "interrupted", put out what was already printed, and end the process with status 130."""
    _say_interrupted()
    _flush()
    os._exit(130)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def from_interrupt(exc: BaseException | None) -> bool:
    """Whether ``exc`` is a KeyboardInterrupt or came of one. Python wraps some: one landing while a class is
    made (a dataclass field's ``__set_name__``, as Rich's are while Textual loads) arrives as "RuntimeError: Error
    calling __set_name__" with the interrupt as its cause, and an error raised while one was being handled has it
    as its context. Either way the user pressed Ctrl-C, and that is what to say."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        one = todo.pop()
        if one is None or id(one) in seen:
            continue
        seen.add(id(one))
        if isinstance(one, KeyboardInterrupt):
            return True
        todo += [one.__cause__, one.__context__]
        if isinstance(one, BaseExceptionGroup):
            todo += one.exceptions
    return False


def _exit_on_interrupt(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: a KeyboardInterrupt that escaped everything (an import, the line calling ``main``) ends
    the process quietly, like one caught in ``main``; anything else goes to the hook that was there."""
    if issubclass(kind, KeyboardInterrupt) or from_interrupt(value):
        _end_interrupted()
    _previous_hook(kind, value, tb)


_previous_hook = sys.excepthook
sys.excepthook = _exit_on_interrupt

import signal  # noqa: E402 - after the hook: Ctrl-C from here on is an interrupt like any other

from . import HELD_BACK, resume_gc  # noqa: E402

# The imports below run with Ctrl-C held back (a blocked signal stays pending and lands when it is unblocked,
# right after them): orjson's extension module crashed the interpreter (SIGSEGV) when one landed while it loaded.
# The console script's is held back from the package's first line (tui/__init__.py).
_mask = HELD_BACK
if _mask is None and hasattr(signal, "pthread_sigmask"):
    _mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

import argparse  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

from . import cli_bookmarks, cli_entities, cli_reader, cli_search, cli_stories, interrupt  # noqa: E402
from . import cli_commands as cmd  # noqa: E402
from .cli_commands import FEED_HELP, ID_HELP  # noqa: E402

# The console script (or ``python -m tui.cli``): the pipe that sees a swallowed Ctrl-C is set while Ctrl-C is still
# held back. Set later, in main(), it missed one landing in between: in the callback that drops this module's
# import lock, where Python prints "Exception ignored" and goes on, and the reader then ran on.
_script = getattr(sys.modules.get("__main__"), "__file__", None) or ""
if __name__ == "__main__" or os.path.basename(_script) == "newsdesk":
    interrupt.watch()
if _mask is not None:
    signal.pthread_sigmask(signal.SIG_SETMASK, _mask)


class _Parser(argparse.ArgumentParser):
    #: The subcommands' parsers by name (the top parser's; see :meth:`parse_args`).
    commands: dict[str, argparse.ArgumentParser] = {}  # replaced whole (build_parser), never changed in place

    def error(self, message: str) -> NoReturn:
        """One line, not usage + error, naming the help that describes what went wrong: a subcommand's own
        (``newsdesk add --help``; the top one lists the commands, not their arguments)."""
        self.exit(2, f"newsdesk: {message} (see `{self.prog} --help`)\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse's, but an option the subcommand does not take (``stories --unred``) is refused by the
        subcommand's parser, which names its own help: the top one named ``newsdesk --help``, which lists none of
        the subcommands' options."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            where = self.commands.get(getattr(parsed, "command", None) or "", self)
            where.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("newsdesk")
    except Exception:
        return "dev"


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked. Looked up to build the parser, it loaded
    importlib.metadata (about 30 ms) on every start of the reader and every command."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> NoReturn:
        print(f"newsdesk {_version()}")
        parser.exit()


def _path(text: str) -> str:
    """A path option's value. An empty one (``--data-dir "$UNSET"`` in a script) is refused: treated as absent, it
    would quietly open the user's real data folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path")
    return text


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(  # as --config says where its default is: "where the data lives" named no folder
        "--data-dir",
        metavar="DIR",
        type=_path,
        default=argparse.SUPPRESS,
        help="where the data lives (else $NEWSDESK_HOME, else the XDG data folder, ~/.local/share/newsdesk)",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        type=_path,
        default=argparse.SUPPRESS,
        help="config file, TOML (else $NEWSDESK_CONFIG, else config.toml in the XDG config folder, "
        "~/.config/newsdesk)",
    )
    common.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS,
        help="open the store without writing to it",
    )
    parser = _Parser(
        prog="newsdesk",
        description="A terminal newsroom: feeds, stories, named entities, related stories, search and bookmarks.",
        parents=[common],
        epilog="Data: $NEWSDESK_HOME or --data-dir moves it. Run `newsdesk` alone to open the reader.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the bundled demo feeds (no network): the reader, or a command, on them",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable[..., int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=func)
        parser.commands = {**parser.commands, name: p}
        return p

    p = add("add", cmd.add, "subscribe to a feed URL, a web page that names a feed, or a local file")
    p.add_argument("url", metavar="URL", help="a feed URL, a web page that names its feed, or a local file")
    p.add_argument("--title", default="", help="the title to show instead of the feed's own")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    p.add_argument("--no-check", action="store_true", help="add without fetching it first")
    p = add("remove", cmd.remove, "unsubscribe (bookmarks stay; read marks go to its stories in other feeds)")
    p.add_argument("feed", metavar="FEED", help=FEED_HELP)
    p = add("rename", cmd.rename, "give a feed a new title")
    p.add_argument("feed", metavar="FEED", help=FEED_HELP)
    p.add_argument("title", metavar="TITLE", help='the new title; "" goes back to the title the feed gives')
    p = add("tag", cmd.tag, "set a feed's tags (none clears them)")
    p.add_argument("feed", metavar="FEED", help=FEED_HELP)
    p.add_argument(
        "tags", nargs="*", default=[], metavar="TAG", help="the tags it gets (replacing its old ones)"
    )
    p = add("feeds", cmd.feeds, "list subscriptions with unread counts and status")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p = add(
        "import",
        cmd.import_,
        "import subscriptions from an OPML file or a newsboat urls file, or newsboat's cache.db with its stories",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",  # as the errors name it ("import takes a FILE or --defaults, not both")
        help="an OPML file, newsboat's urls file or its cache.db (stories, read marks); an OPML file's folders"
        " (Feedly's, Inoreader's) become tags, a feed in two folders gets both; - reads an OPML or urls file from"
        " standard input",
    )
    p.add_argument(
        "--defaults", action="store_true", help="import the bundled list of public world-news feeds"
    )
    p = add(
        "export",
        cmd.export,
        "export subscriptions as OPML 2.0 (to FILE or standard output): a feed once in the folder of each of its"
        " tags (at the top level without one), every tag kept for an import back",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="where to write it (standard output without one)")
    p = add("refresh", cmd.refresh, "fetch new stories (all feeds, or the ones named)")
    p.add_argument("feeds", nargs="*", metavar="FEED", help=FEED_HELP + " (none: every feed)")
    p = add("stories", cli_stories.stories, "list stories, newest first")
    p.add_argument("--feed", help="only this feed: " + FEED_HELP)
    p.add_argument("--unread", action="store_true", help="only unread stories")
    p.add_argument(
        "--limit", type=int, default=None, metavar="N", help="at most N stories (0: all); default 50"
    )
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p = add("show", cli_stories.show, "print one story")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p = add("read", cli_stories.read, "mark stories read")
    p.add_argument("ids", nargs="+", metavar="ID", help=ID_HELP)
    p = add("unread", cli_stories.unread, "mark stories unread")
    p.add_argument("ids", nargs="+", metavar="ID", help=ID_HELP)
    cli_bookmarks.register(add)
    cli_search.register(add)
    cli_entities.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. ``argv`` None is the console script: the process is ours, so once the command is done a
    Ctrl-C ends it at once (nothing is left to clean up; during the interpreter's shutdown it printed
    tracebacks)."""
    try:
        if argv is None:
            interrupt.watch()  # a Ctrl-C that a finaliser swallows is still seen (tui/interrupt.py)
        if interrupt.came():  # swallowed while this module loaded: the command does not start at all
            raise KeyboardInterrupt
        code = _run(argv)
        if interrupt.came():  # one was swallowed on the way: the command ends as interrupted all the same
            raise KeyboardInterrupt
        return code
    except KeyboardInterrupt:
        _say_interrupted()
        return 130
    finally:
        if argv is None:
            _flush()  # what the command printed is out before a Ctrl-C can end the process
            signal.signal(signal.SIGINT, lambda _signum, _frame: _end_interrupted())
            _leave_heap()


def _leave_heap() -> None:
    """The process ends next: its objects are left out of the collector's passes while the interpreter shuts
    down. Those passes walked every object of the imports (httpx's, the store's) to free nothing that matters:
    about 25 ms of CPU, and 40 ms of the wall, of a `newsdesk refresh` where every feed answers 304. The shutdown
    itself is the same (exit handlers, threads joined, output flushed); what the command wrote is closed by
    then: its files are written, synced and closed within the command."""
    import gc

    gc.freeze()


def _lenient_output() -> None:
    """A character the terminal's encoding lacks (a Latin-1 or ASCII locale, ``PYTHONIOENCODING=ascii``) prints as
    "?" instead of failing the command half-way through its output; "…" (a title or a value cut short) as "...",
    as the reader's screen and the listings' columns end a cut there (see :func:`_cut_errors`)."""
    codecs.register_error(_CUT_ERRORS, _cut_errors)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors=_CUT_ERRORS)  # type: ignore[union-attr]


_CUT_ERRORS = "newsdesk-cut"


def _cut_errors(exc: UnicodeError) -> tuple[str, int]:
    """What an output stream writes for characters its encoding lacks: "..." for "…", else "?" each."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join("..." if c == "…" else "?" for c in exc.object[exc.start : exc.end]), exc.end


def _error_line(exc: Exception) -> str:
    """A store or system error in words, naming the file it is about, as one clean line (a file's name can hold
    an escape sequence): "permission denied: /data/feeds.json", not "[Errno 13] Permission denied: '...'"."""
    from feeds.storage import describe_os_error
    from feeds.text import clean_line

    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return clean_line(f"{describe_os_error(exc)}{where}", 2000)
    return clean_line(str(exc), 2000)


def _run(argv: Sequence[str] | None) -> int:
    if argv is None:
        _lenient_output()
    try:  # building the parser imports modules: Ctrl-C there is an interrupt like any other
        args = build_parser().parse_args(
            cli_search.query_words_last(list(sys.argv[1:] if argv is None else argv))
        )
        if getattr(args, "func", None) is None:
            return cli_reader.reader(args)  # the collector stays held back until its first paint
        resume_gc()
        return int(args.func(args))
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`): not an error
        return 0
    except cmd.UserError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return exc.code
    except Exception as exc:  # the last line of defence: one line, no traceback
        from feeds.storage import StoreError

        if from_interrupt(exc):  # a Ctrl-C that Python handed on wrapped in another error
            raise KeyboardInterrupt from exc

        if isinstance(exc, StoreError | OSError):
            print(f"newsdesk: {_error_line(exc)}", file=sys.stderr)
            return 1
        print(f"newsdesk: internal error: {exc.__class__.__name__}: {_error_line(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
