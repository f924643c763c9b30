"""The newsdesk reader: an App handed its store and config, owning the refresh worker. No business logic here.

``make_app`` is the one way in (the command line uses it, tests use it with their own store and clock). The
screens hold the panes and the keys (``tui/screens``), the widgets draw (``tui/widgets``).
"""

from __future__ import annotations

import shlex
import subprocess
import threading
import time
import webbrowser
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from feeds.heap import trim as trim_heap
from feeds.heap import tune_heap
from feeds.model import Feed
from feeds.store import Store

from .commands import NewsdeskCommands, bindings_of, key_named, system_commands
from .config import Config
from .keymap_check import keymap_clashes
from .messages import RefreshProgress
from .screen_encoding import shown_as, terminal_encoding
from .screens.entity_pivot import EntityPivot
from .screens.errors import ErrorsScreen
from .screens.help import HelpScreen
from .screens.links import LinksScreen
from .screens.main import MainScreen
from .theme_choice import keep_theme, start_theme
from .widgets.feed_list import FeedList
from .widgets.search_bar import SearchBar
from .widgets.story_list import StoryList
from .widgets.story_view import StoryView

if TYPE_CHECKING:
    from feeds.refresh import FeedResult, Progress

Clock = Callable[[], float]
LINK_SCHEMES = ("http", "https")
#: Browsers that run in the terminal: a ``browser`` command naming one is handed the terminal until it exits (as
#: newsboat runs its browser). Run beside the reader like a GUI browser, with no terminal, ``browser = "w3m"``
#: (a newsboat user's setting) showed nothing while the reader said it was opening the page.
TERMINAL_BROWSERS = frozenset(
    {"lynx", "w3m", "elinks", "links", "links2", "browsh", "www-browser", "carbonyl"}
)
#: How to subscribe, for a reader with no feeds (commands in a shell: the reader has no "add" of its own).
SUBSCRIBE_HINT = "Subscribe from a shell: `newsdesk add URL`, or `newsdesk import --defaults` for world news."


class NewsdeskApp(App[None]):
    """The reader over one store. ``clock`` gives "now" (tests fix it so ages render the same every day)."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit newsdesk (the terminal is left as it was)"),
        # Textual answers ctrl+c with "Press ctrl+q to quit the app", naming a key we never document. A terminal
        # user's ctrl+c stops the program, and newsboat quits on it too: it quits here as q does, from anywhere
        # (a dialog, the search bar). Everything is saved as it changes, so this exit is as clean as q's.
        Binding(
            "ctrl+c",
            "quit",
            "Quit",
            id="app.interrupt",
            tooltip="Quit newsdesk, as q does (a terminal's interrupt key)",
            priority=True,
            show=False,
        ),
        # In the reader's raw terminal ctrl+z is a key, not the shell's stop signal: it did nothing, and the "fg"
        # a newsboat user then typed went to the reader as keys. It stops the reader as it stops newsboat (the
        # terminal given back; `fg` brings the reader back), from anywhere, as ctrl+c quits from anywhere.
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            id="app.suspend",
            tooltip="Stop newsdesk and go back to the shell (fg brings it back), as ctrl+z does in a terminal",
            priority=True,
            show=False,
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key and what it does"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.command_palette",
            tooltip="Search every command by name",
            priority=True,
            show=False,
        ),
        Binding(
            "escape",
            "cancel_refresh",
            "Cancel refresh",
            id="refresh.cancel",
            tooltip="Stop the running refresh (feeds already done are kept)",
            priority=True,
        ),
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        notice: str = "",
        clock: Clock = time.time,
        sigint_quits: bool = False,
        freeze_gc: bool = False,
        config_path: Path | None = None,
    ) -> None:
        """``notice`` is shown once at start (a repaired store, a bad config). ``sigint_quits`` (the command line's
        reader): a SIGINT quits with return code 130, once the first paint is done (one before is noted, then
        acted on). ``freeze_gc`` (the command line's reader: the process is the app's): see :meth:`settle_heap`.
        ``config_path``: the config file read (or that would be), named where a message asks for a setting."""
        super().__init__()
        self.store = store
        self.config = config
        self.config_path = config_path
        self.notice = notice
        self._said: Counter[str] = Counter()  # the store's notes said so far (see _say_damaged_records)
        self._notes_seen = 0  # the store's notes_count at the last look (see say_new_notes)
        self.clock = clock
        self.sigint_quits = sigint_quits
        self._sigints: list[int] = []  # statuses (128 + the signal) of SIGINT, SIGTERM, SIGHUP noted early
        self.freeze_gc = freeze_gc
        self.main_screen = MainScreen()
        self._cancel: threading.Event | None = None
        self.screen_encoding = terminal_encoding()  # what the terminal shows (see get_key_display)

    # -- start ---------------------------------------------------------------------------------------------------
    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, sized by the terminal the reader draws on and reading any byte (tui.terminal_driver)."""
        from .terminal_driver import reader_driver

        return reader_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    @on(Driver.SignalResume)
    def _repaint_after_fg(self) -> None:
        """Back from ctrl+z (`fg`): the terminal's screen is the shell's, so all of it is drawn again. Textual
        redrew only what changed after the stop, and the reader came back as an empty screen."""
        self.refresh(layout=True)

    def on_mount(self) -> None:
        if self.sigint_quits:  # after the first paint: an exit while the screen still mounts broke its mount
            self.call_after_refresh(self._take_sigint)
        self.call_after_refresh(self.settle_heap, building=True)
        warnings = [self.notice] if self.notice else []
        theme = start_theme(self.store, self.config.theme, self.available_themes)
        if theme is not None:
            self.theme = theme
        if self.config.theme and self.config.theme not in self.available_themes:
            warnings.append(f"config: unknown theme {self.config.theme!r}; using {self.theme!r}")
        self.watch(self, "theme", self._keep_theme, init=False)  # from now on, a pick in the palette
        known = {b.id for node in self.binding_sources() for b in bindings_of(node)}
        unknown = sorted(set(self.config.keymap) - known)
        if unknown:
            warnings.append(
                f"config: keymap names unknown bindings: {', '.join(unknown)} (see ? for the ids)"
            )
        self.set_keymap({k: v for k, v in self.config.keymap.items() if k in known})
        # Bindings active together on the main screen (the search bar's keys are typed text there).
        together: list[type[DOMNode]] = [MainScreen, StoryList, StoryView, FeedList, type(self)]
        warnings += keymap_clashes(self.config.keymap, together)
        for warning in warnings:
            self.notify(warning, severity="warning", timeout=12, markup=False)
        self.call_after_refresh(self._say_damaged_records)
        if self.config.refresh_minutes > 0:
            self.set_interval(self.config.refresh_minutes * 60, self._periodic_refresh)

    def _keep_theme(self, theme: str) -> None:
        if problem := keep_theme(self.store, theme, self.config.theme):
            self.notify(problem, severity="warning", timeout=12, markup=False)

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run; with ``sigint_quits``, a SIGINT is only noted until the first paint (see :meth:`_take_sigint`)."""
        if not self.sigint_quits:
            return super().run(*args, **kwargs)
        import signal

        from .interrupt import came

        # A handler of ours (not Python's default) also keeps asyncio from putting in its own, which cancelled
        # Textual's start-up half-way: Textual then printed a traceback and the reader exited 0.
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: self._sigints.append(130))
        ends = (signal.SIGTERM, signal.SIGHUP)
        before = [signal.signal(s, lambda signum, _frame: self._sigints.append(128 + signum)) for s in ends]
        try:
            # A Ctrl-C came before, and a finaliser swallowed its KeyboardInterrupt (tui/interrupt.py).
            if came():
                raise KeyboardInterrupt
            return super().run(*args, **kwargs)
        finally:
            signal.signal(signal.SIGINT, previous)
            for signum, handler in zip(ends, before, strict=True):
                signal.signal(signum, handler)
            if self._sigints:
                self._return_code = min(self._sigints)

    def _take_sigint(self) -> None:
        """The screen is painted and the terminal is Textual's (Ctrl-C is a key there): a SIGINT now - or one
        noted during the start-up - quits with status 130; a SIGTERM (`kill PID`) with 143, a SIGHUP (its window
        closed) with 129. Python's default for them ended the process where it stood: the place was lost, and a
        SIGTERM left the terminal on our screen, raw, its cursor hidden."""
        import asyncio
        import signal

        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._interrupted)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            asyncio.get_running_loop().add_signal_handler(signum, self._interrupted, 128 + signum)
        if self._sigints:
            self._interrupted(min(self._sigints))

    def _interrupted(self, code: int = 130) -> None:
        """A SIGINT (``kill -INT``) ends the reader with status 130, keeping its place as q does. Safe: this runs
        in the event loop between two callbacks, never in the middle of a write of the UI's, and the place is
        written like any read mark (a whole new file renamed over the old, and only when it changed)."""
        try:
            if self.main_screen.is_mounted:
                self.main_screen.keep_place()
        finally:  # whatever happens on the way, the reader ends
            self.exit(None, code)

    def settle_heap(self, *, building: bool = False, idle: bool = False) -> None:
        """Called at the first paint (``building``: the background builds start) and as each background build
        ends (the indexes; the duplicate groups, the last, ``idle``).

        With ``freeze_gc``: leave what is loaded by now (the store's catalog at the first paint, the indexes once
        built) out of the cyclic garbage collector's full walks, which stalled the reader for 200-450 ms at a
        time over a 50k-story store (see README, Performance). Young garbage is collected first, so little
        garbage is frozen with it; frozen objects are still freed when nothing refers to them. The command line
        holds the collector back from its start to the first paint (tui/__init__.py): there nothing is collected
        first (all is young, and a pass would walk it all, ~0.1 s over 10k stories), the collector runs again
        after the freeze; a little more garbage is frozen than the passes of the start-up left (11k objects, not
        8k, over 10k stories). And, as the process is the app's, set the C heap's thresholds (:func:`tune_heap`):
        while the builds run, their freed working memory goes back to the system at once; once they are done,
        the heap keeps a margin.

        Always: give the C heap's free pages back to the system (:func:`trim_heap`). Building and loading the
        indexes frees tens of MB in small pieces between live objects, which the allocator otherwise keeps for
        the life of the process (at 50k stories: steady resident memory 227 -> 204 MB, for 1-2 ms here)."""
        if self.freeze_gc:
            import gc

            from . import gc_held, resume_gc

            if not gc_held():
                gc.collect(1)
            gc.freeze()
            resume_gc()
            if building or idle:
                tune_heap(building=building)
        trim_heap()

    def say_new_notes(self) -> None:
        """The store's notes since the last look, said (see :meth:`_say_damaged_records`): a bodies file found
        damaged as a story was opened or a pass over the stories read it. Nothing to do costs nothing."""
        if self.store.notes_count != self._notes_seen:
            self._notes_seen = self.store.notes_count
            self._say_damaged_records()

    def _say_damaged_records(self) -> None:
        """What the store has to say that was not said yet, each note once: records it left out when it first read
        the headers (after the first paint), and the texts a refresh found lost and fetches whole to bring back
        (each time one does: the command line says so at its end, the reader said it only at the next start)."""
        seen: Counter[str] = Counter()
        for note in self.store.recovered:
            seen[note] += 1
            if seen[note] > self._said[note]:
                self._said[note] += 1
                if seen[note] > 1 or note not in self.notice:
                    self.notify(note, severity="warning", timeout=12, markup=False)

    def binding_sources(self) -> list[DOMNode | type[DOMNode]]:
        """Every class whose bindings the help screen lists and the keymap may name (the pivot's escape and q were
        in neither: a keymap naming ``pivot.back`` was refused as unknown)."""
        return [
            MainScreen, StoryList, StoryView, FeedList, SearchBar, type(self), EntityPivot, ErrorsScreen, HelpScreen,
            LinksScreen,
        ]  # fmt: skip

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the help show it; named in words (``enter``, ``up``) where its sign is one the
        terminal's encoding lacks, or draws two cells wide: in a Latin-1 terminal "⏎ Open" was drawn "< Open", a
        key that opens nothing, and an EUC-JP terminal is given "^" for "↑" (:func:`shown_as`)."""
        shown = super().get_key_display(binding)
        if all(shown_as(char, self.screen_encoding) == char for char in shown):
            return shown
        modifiers, key = binding.parse_key()
        return "+".join([*modifiers, key]).replace("ctrl+", "^")

    def key_for(self, binding_id: str) -> str:
        """The key a notice names for the binding ``binding_id``: the one the user's keymap gives it, if any."""
        return key_named(self, binding_id, self.config.keymap, self.binding_sources())

    async def action_quit(self) -> None:
        """Quit (q, ctrl+c), keeping the reader's place for the next start."""
        if self.main_screen.is_mounted:
            self.main_screen.keep_place()
        await super().action_quit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_sources()))

    # -- links ---------------------------------------------------------------------------------------------------
    def open_link(self, url: str) -> None:
        """Open an http(s) link with the configured browser command, or the system's; anything else is refused."""
        if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
            self.notify(
                f"Not opening {url!r}: only http and https links open.", severity="warning", markup=False
            )
            return
        if self.config.browser:
            try:
                argv = [*shlex.split(self.config.browser), url]
                if Path(argv[0]).name in TERMINAL_BROWSERS:
                    self._open_in_terminal(webbrowser.GenericBrowser([*argv[:-1], "%s"]), url)
                    return
                subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            except (OSError, ValueError) as exc:
                self.notify(f"Cannot run the browser command: {exc}", severity="error", markup=False)
            else:
                self._opened(url)
            return
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.notify(f"No browser found: {self._set_browser()}.", severity="error", markup=False)
            return
        if isinstance(browser, webbrowser.BackgroundBrowser):  # a GUI browser: it runs beside us
            if browser.open(url):
                self._opened(url)
            else:  # its program could not be started (or quit at once): "Opening" would be untrue
                text = f"Could not start the browser for {url}: {self._set_browser()}."
                self.notify(text, severity="error", markup=False)
        else:  # a terminal browser ($BROWSER) takes over the terminal until it exits
            self._open_in_terminal(browser, url)

    def _set_browser(self) -> str:
        """Where to set the browser: the config file this reader reads (it said "the config", and not where)."""
        from feeds.paths import config_file
        from feeds.text import clean_line

        where = clean_line(str(self.config_path or config_file()), 300)  # the command line checked it is set
        return f'set `browser` in {where}, a line such as browser = "firefox"'

    def _open_in_terminal(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """Hand the terminal to a browser that runs in it and take it back when it exits. Its exit status is all
        there is to go by: a command that is not installed, or that failed, came back to the reader without a
        word, and the link seemed to do nothing (newsboat says so too)."""
        try:
            with self.suspend():
                opened = browser.open(url)
        except SuspendNotSupported:
            self.notify(
                f"Cannot hand the terminal to the browser {browser.name!r}: {self._set_browser()}.",
                severity="error",
                markup=False,
            )
            return
        if not opened:
            text = f"The browser {browser.name!r} failed to open {url} (not installed, or it exited with an error)."
            self.notify(text, severity="error", markup=False)

    def _opened(self, url: str) -> None:
        """Say so: a browser beside the reader can take seconds to show the page, or open on another screen."""
        self.notify(f"Opening in the browser: {url}", markup=False)

    # -- refresh -------------------------------------------------------------------------------------------------
    @property
    def refreshing(self) -> bool:
        return self._cancel is not None

    def start_refresh(self, feeds: Iterable[Feed] | None) -> bool:
        """Refresh ``feeds`` (None: all) in a thread; False (with a notice) when one already runs."""
        if self._cancel is not None:
            self.notify(f"A refresh is already running ({self.key_for('refresh.cancel')} cancels it).")
            return False
        if self.store.readonly:
            self.notify("The store is open read-only: cannot refresh.", severity="warning")
            return False
        chosen = None if feeds is None else list(feeds)
        if not self.store.feeds():  # the empty reader: say how to get feeds, not only that there are none
            self.notify(f"No feeds to refresh. {SUBSCRIBE_HINT}")
            return False
        if chosen == []:
            self.notify("No feeds to refresh.")
            return False
        self._cancel = threading.Event()
        self.main_screen.refresh_started(chosen if chosen is not None else self.store.feeds())
        self._refresh(None if chosen is None else [f.id for f in chosen], self._cancel)
        return True

    def _periodic_refresh(self) -> None:
        if self._cancel is None and not self.store.readonly:
            self.start_refresh(None)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, feed_ids: list[str] | None, cancel: threading.Event) -> list[FeedResult]:
        from feeds.refresh import refresh  # the HTTP client and the parser: only when a refresh runs

        feeds = None if feed_ids is None else [f for f in map(self.store.get_feed, feed_ids) if f is not None]

        def report(progress: Progress) -> None:  # runs in the worker thread; post_message is thread-safe
            self.post_message(RefreshProgress(progress))

        return refresh(self.store, feeds, on_progress=report, cancel=cancel)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.main_screen.refresh_progressed(message.progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a refresh ends: done, cancelled or failed."""
        worker = event.worker
        if worker.group != "refresh" or not worker.is_finished:
            return
        cancel, self._cancel = self._cancel, None
        results: list[FeedResult] = []
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            results = worker.result
        elif event.state == WorkerState.ERROR:
            error = worker.error
            self.notify(
                f"The refresh failed: {error.__class__.__name__}: {error}", severity="error", markup=False
            )
        self.main_screen.refresh_finished(results, cancelled=bool(cancel and cancel.is_set()))
        self._say_damaged_records()
        for screen in self.screen_stack:
            if isinstance(screen, ErrorsScreen):
                screen.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.check_action_under(self.screen, action)

    def check_action_under(self, screen: Screen[object], action: str) -> bool:
        """:meth:`check_action` with ``screen`` on top. The palette asks it with the screen it was opened on: the
        app's own check answers for the palette itself while that is open, and "refresh: Cancel refresh" was
        offered with no refresh running, doing nothing when chosen."""
        if action == "cancel_refresh":  # escape in the search bar only leaves search
            searching = self.main_screen.is_mounted and self.main_screen.search_bar.has_focus_within
            return self._cancel is not None and screen is self.main_screen and not searching
        return True

    def action_cancel_refresh(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.notify("Cancelling the refresh…")

    def on_unmount(self) -> None:
        if self._cancel is not None:  # let a running refresh stop instead of holding the exit
            self._cancel.set()


#: The reader over a store with a config: the name the command line, the tests and the screenshots build it by.
make_app = NewsdeskApp
