"""The feed errors screen: every failing feed, its last error in words and when, and retry from there; then the
feeds whose last document was read in part (larger than the size cap), which are not failing but should be told."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from feeds.model import Feed
from feeds.store import Store

from ..widgets.error_list import ErrorList, panel_lines
from ..widgets.footer import KeyBar
from ..writes import writes

if TYPE_CHECKING:
    from ..app import NewsdeskApp

NO_ERRORS = "No feed is failing. Everything refreshed fine last time."


def no_errors(store: Store) -> str:
    """What the screen says when no feed is failing: "refreshed fine" only of feeds that were fetched (it said so
    of feeds never fetched at all)."""
    feeds = store.feeds()
    never = sum(1 for f in feeds if f.status.last_attempt is None)
    if not feeds:
        return "No feeds yet: nothing has been refreshed."
    if not never:
        return NO_ERRORS
    if never == len(feeds):
        return "No feed is failing: none has been refreshed yet."
    verb = "has" if never == 1 else "have"
    return f"No feed is failing. {never} of {len(feeds)} feeds {verb} not been refreshed yet; the rest were fine."


def failing_feeds(store: Store) -> list[Feed]:
    """Failing feeds, the longest-failing first; then feeds read in part (see :mod:`feeds.oversize`) by name."""
    all_feeds = store.feeds()
    feeds = [f for f in all_feeds if f.status.failing]
    warned = [f for f in all_feeds if f.status.read_in_part]
    # store.feeds() is in name order already (feeds.text.natural_key): a stable sort keeps it among equals
    return sorted(feeds, key=lambda f: -f.status.failures) + warned


def title_words(feeds: list[Feed]) -> str:
    """The dialog's title: how many feeds fail and how many were read in part, each only when there are some."""
    failing = sum(1 for f in feeds if f.status.failing)
    parts = [f"{failing:,} failing"] if failing else []
    if len(feeds) > failing:
        parts.append(f"{len(feeds) - failing:,} read in part")
    return " · ".join(["Feed errors", *parts])


class ErrorsScreen(ModalScreen[None]):
    """Lists failing feeds; ``r`` retries the highlighted one, ``R`` all of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry feed", id="errors.retry", tooltip="Refresh the highlighted feed again"),
        Binding(
            "R", "retry_all", "Retry all", id="errors.retry_all", tooltip="Refresh every failing feed again"
        ),
        Binding("escape,q", "dismiss", "Close", id="errors.close", tooltip="Back to the reader"),
    ]

    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.feeds: list[Feed] = []

    @property
    def newsdesk(self) -> NewsdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="errors-box"):
            yield Static(Content("Feed errors"), id="errors-title")
            yield ErrorList(id="errors-list")
            yield Static(Content(""), id="errors-whole")
            yield Static(Content(NO_ERRORS), id="errors-empty")
        yield KeyBar()  # at the bottom, over the reader's: a dialog's bar shows its own keys only

    def on_mount(self) -> None:
        self.reload()

    @property
    def error_list(self) -> ErrorList:
        return self.query_one(ErrorList)

    def reload(self) -> None:
        """List the failing feeds again (after a retry), keeping the highlight on the same feed."""
        listed = self.error_list
        self.feeds = failing_feeds(self.store)
        listed.set_feeds(self.feeds, self.clock())
        count = len(self.feeds)
        empty = self.query_one("#errors-empty", Static)
        empty.display = not count
        if not count:
            empty.update(Content(no_errors(self.store)))
        listed.display = bool(count)
        self.query_one("#errors-title", Static).update(Content(title_words(self.feeds)))
        self.show_whole()
        listed.focus()

    def show_whole(self) -> None:
        """Below the list, the highlighted feed's lines that its row cuts, whole and wrapped (a note read in part
        ends past the box: "... stories in them kept · 3m ago"), then what the row does not say (when it last
        refreshed fine): :func:`panel_lines`. Hidden when there is neither: it said a short error and the address
        again, under the row that showed them whole."""
        listed = self.error_list
        current = listed.current
        lines = panel_lines(current, listed.now, listed.text_width) if current and listed.text_width else []
        whole = self.query_one("#errors-whole", Static)
        whole.display = bool(lines)
        whole.update(Content("\n".join(lines)))

    def on_error_list_highlighted(self, _event: ErrorList.Highlighted) -> None:
        self.show_whole()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.feeds)
        if action == "retry_all":
            return any(f.status.failing for f in self.feeds)
        return True

    @writes("refresh feeds")
    def action_retry(self) -> None:
        current = self.error_list.current
        feed = self.store.get_feed(current.id) if current is not None else None
        if feed is not None:
            self.newsdesk.start_refresh([feed])

    @writes("refresh feeds")
    def action_retry_all(self) -> None:
        self.newsdesk.start_refresh([f for f in self.feeds if f.status.failing])
