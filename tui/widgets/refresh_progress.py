"""A one-line refresh progress bar: "12/200 feeds · 2 errors · <feed just done>".

Driven by one message per finished feed; shown only while a refresh runs. Its state (``running``, ``done``,
``total``, ``current``, ``errors``) is plain attributes so tests and the screen can read it.

Feeds are fetched side by side, so no feed is "the current one": the name beside the count is the feed that
finished last. When only a few are left, the bar names those instead ("199/200 feeds · 0 errors · waiting for Slow Feed"):
there it had named a feed long done while the refresh sat waiting on another.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

#: This few feeds left (or fewer), the bar names them.
WAITING_NAMED = 2
#: Narrower than this, the bar (32 cells) makes way for the words: at 40 columns they had five ("1/2 …").
BAR_FROM_WIDTH = 64


class RefreshProgress(Horizontal):
    """Progress of the running refresh; hidden when none runs."""

    DEFAULT_CSS = """
    RefreshProgress {
        height: 1;
        display: none;
        &.-running { display: block; }
        ProgressBar { width: auto; margin-right: 1; }
        #refresh-label { width: 1fr; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running = False
        self.done = 0
        self.total = 0
        self.current = ""
        self.errors = 0
        #: The feeds not finished yet, id -> name (when the screen told which feeds the refresh runs).
        self.pending: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1, show_eta=False, show_percentage=False)
        yield Static(id="refresh-label", markup=False)

    def on_resize(self) -> None:
        for bar in self.query(ProgressBar):
            bar.display = self.size.width >= BAR_FROM_WIDTH

    @property
    def label(self) -> str:
        """The words beside the bar."""
        parts = [
            f"{self.done}/{self.total} feeds",
            "1 error" if self.errors == 1 else f"{self.errors} errors",
        ]
        if 0 < len(self.pending) <= WAITING_NAMED:
            parts.append("waiting for " + ", ".join(self.pending.values()))
        elif self.current:
            parts.append(self.current)
        return " · ".join(parts)  # the name last: on a narrow screen it is cut, not the count of errors

    def start(self, total: int, names: Mapping[str, str] | None = None) -> None:
        """A refresh of ``total`` feeds begins; ``names`` (id -> name) are those feeds."""
        self.running, self.done, self.total, self.current, self.errors = True, 0, total, "Refreshing…", 0
        self.pending = dict(names or {})
        self.add_class("-running")
        self._show()

    def advance(self, done: int, total: int, current: str, errors: int, finished: str | None = None) -> None:
        """Feed ``finished`` (its id) is done: ``done`` of ``total``, ``current`` its name."""
        self.done, self.total, self.current, self.errors = done, total, current, errors
        if finished is not None:
            self.pending.pop(finished, None)
        self._show()

    def finish(self) -> None:
        self.running = False
        self.remove_class("-running")

    def _show(self) -> None:
        # While the app quits, its widgets are removed from the leaves up: a feed finishing then found this bar
        # without its parts (NoMatches: a traceback on the way out). Nothing is left to show then.
        for bar in self.query(ProgressBar):
            bar.update(total=max(1, self.total), progress=self.done)
        for label in self.query("#refresh-label").results(Static):
            label.update(Content(self.label))
