"""`newsdesk` with no command: open the reader, on the user's store or the demo, once the terminal is one it can
draw on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from shlex import quote

from feeds.paths import config_file
from feeds.storage import StoreError
from feeds.store import Retention, Store

from .cli_commands import UserError, _config, _data_root
from .cli_demo import load_demo


def reader(args: argparse.Namespace) -> int:
    """Open the reader: on the user's store, or the demo (with --demo, or when nothing is subscribed yet)."""
    if not _on_a_terminal():
        raise UserError(
            "the reader needs a terminal for its keys and screen; in a script or a pipe use a command"
            " (`newsdesk --help` lists them)",
            code=2,
        )
    if os.environ.get("TERM", "").strip().lower() in _TERMINALS_THAT_CANNOT_DRAW:
        raise UserError(
            f"the reader needs a terminal that can move its cursor, and TERM={os.environ['TERM'].strip()} cannot"
            " (Emacs' shell, a plain serial line): run it in a terminal emulator or Emacs' term, or use a command"
            " (`newsdesk --help` lists them)",
            code=2,
        )
    config, warnings = _config(args)
    notice = "; ".join(warnings)
    root = _data_root(args)
    use_demo = args.demo
    if not use_demo and not getattr(args, "data_dir", None) and not os.environ.get("NEWSDESK_HOME"):
        use_demo = not _has_subscriptions(root)
        if use_demo:
            notice = "No subscriptions yet: this is the demo. " + (
                _newsboat_import() or "`newsdesk add URL` or `newsdesk import --defaults`."
            )
    if use_demo:
        root = root / "demo"
    retention = Retention(config.retention_per_feed, config.retention_days)
    try:
        store = Store(root, retention=retention, readonly=bool(getattr(args, "read_only", False)))
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        if use_demo:
            load_demo(store)
        try:  # the stories files are read here, before the reader draws (its first screen needs them anyway)
            store.unread_counts()
        except StoreError as exc:  # one it cannot read (a link loop, no permission, a failing disk): one line
            raise UserError(str(exc)) from None  # it was a Textual traceback, and a terminal to reset
        if store.recovered:
            notice = "; ".join([*store.recovered, notice]).strip("; ")
        from .app import make_app

        path = config_file(getattr(args, "config", None))  # checked by _config: the file it read, or would
        app = make_app(store, config, notice=notice, sigint_quits=True, freeze_gc=True, config_path=path)
        from .sixteen_colours import keep_legible

        keep_legible(
            app
        )  # a terminal of 16 colours (TERM=screen, linux): no text the colour of its background
        app.run()
        if app.return_code == 130:
            raise KeyboardInterrupt  # said and answered like a Ctrl-C anywhere else
    finally:
        store.close()
    # ended by SIGTERM or SIGHUP: 128 + the signal, as shells and `timeout` read it
    return app.return_code if app.return_code in (143, 129) else 0


#: What ``TERM`` says of a terminal that shows text line by line and cannot draw a screen (Emacs' M-x shell, a
#: serial console): there the reader drew anyway, a page of escape sequences ("[?1049h[?1000h[38;2;36;47;56m╭…")
#: waiting for keys. newsboat (curses) writes no escape sequence to TERM=dumb, and says "Error opening terminal:
#: unknown." to TERM=unknown.
_TERMINALS_THAT_CANNOT_DRAW = frozenset({"dumb", "unknown"})


def _on_a_terminal() -> bool:
    """Textual reads keys from standard input and draws on standard error: without a terminal on both, the reader
    would wait for keys that never come (`newsdesk < /dev/null`) or write its screen into a file."""
    try:
        return sys.stdin is not None and sys.stderr is not None and sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or odd stream
        return False


def _newsboat_import() -> str:
    """The command that brings this user's newsboat subscriptions in, if newsboat has any here: its cache (feeds,
    stories, read marks) or its urls file, where newsboat keeps them (``~/.newsboat/``, else the XDG folders). A
    newsboat user's first start said only "`newsdesk add URL` or `newsdesk import --defaults`"."""
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    places = [home / ".newsboat" / "cache.db", home / ".newsboat" / "urls"]
    places += [data / "newsboat" / "cache.db", config / "newsboat" / "urls"]
    for path in places:
        if path.is_file():
            shown = (
                f"~/{quote(str(path.relative_to(home)))}" if path.is_relative_to(home) else quote(str(path))
            )
            brings = "its feeds, stories and read marks" if path.name == "cache.db" else "its feeds"
            return f"From newsboat: `newsdesk import {shown}` brings {brings}."
    return ""


def _has_subscriptions(root: Path) -> bool:
    if not os.path.lexists(root / "feeds.json"):  # a link to nothing is not "no subscriptions": Store says it
        return False
    try:
        with Store(root, readonly=True) as store:  # a damaged or empty feeds.json: the real open says so
            return bool(store.feeds() or store.recovered)
    except StoreError:
        return True  # something is there: let the real open report on it
