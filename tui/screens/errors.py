"""The feed errors screen: every failing feed, its last error in words and when, and retry from there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from feeds.model import Feed
from feeds.store import Store
from feeds.text import hide_password

from ..widgets.cells import ago
from ..widgets.footer import KeyBar
from ..widgets.keyed_list import KeyedOptionList

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
    """Failing feeds, the longest-failing first."""
    feeds = [f for f in store.feeds() if f.status.failing]
    return sorted(feeds, key=lambda f: (-f.status.failures, f.name.casefold()))


def describe(feed: Feed, now: float) -> Content:
    """Two lines: the feed's name, then what went wrong, when, and how often."""
    status = feed.status
    error = status.last_error or ("gone: the publisher removed this feed" if status.gone else "failed")
    details = [error]
    if status.last_attempt:
        details.append(ago(now - status.last_attempt))
    if status.failures > 1:
        details.append(f"failed {status.failures} times in a row")
    return Content.assemble(
        (feed.name, "bold"),
        "\n",
        (" · ".join(details), "$text-warning"),
        "\n",
        (hide_password(feed.url), "$text-muted"),
    )


class ErrorsScreen(ModalScreen[None]):
    """Lists failing feeds; ``r`` retries the highlighted one, ``R`` all of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry feed", id="errors.retry", tooltip="Refresh the highlighted feed again"),
        Binding(
            "R", "retry_all", "Retry all", id="errors.retry_all", tooltip="Refresh every failing feed again"
        ),
        Binding("escape", "dismiss", "Close", id="errors.close", tooltip="Back to the reader"),
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
            yield KeyedOptionList(id="errors-list")
            yield Static(Content(NO_ERRORS), id="errors-empty")
            yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """List the failing feeds again (after a retry), keeping the highlight on the same feed."""
        options = self.query_one("#errors-list", OptionList)
        previous = options.highlighted_option.id if options.highlighted_option else None
        self.feeds = failing_feeds(self.store)
        now = self.clock()
        entries: list[Option | None] = []
        for feed in self.feeds:
            entries += [Option(describe(feed, now), id=feed.id), None]  # None: a separator line
        options.set_options(entries[:-1])
        ids = [f.id for f in self.feeds]
        if ids:
            options.highlighted = ids.index(previous) if previous in ids else 0
        empty = self.query_one("#errors-empty", Static)
        empty.display = not ids
        if not ids:
            empty.update(Content(no_errors(self.store)))
        options.display = bool(ids)
        self.query_one("#errors-title", Static).update(
            Content(f"Feed errors · {len(ids)} failing" if ids else "Feed errors")
        )
        options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("retry", "retry_all"):
            return bool(self.feeds)
        return True

    def action_retry(self) -> None:
        option = self.query_one("#errors-list", OptionList).highlighted_option
        feed = self.store.get_feed(option.id) if option and option.id else None
        if feed is not None:
            self.newsdesk.start_refresh([feed])

    def action_retry_all(self) -> None:
        self.newsdesk.start_refresh(self.feeds)
