"""The reader: feed list, story list and story view, and the keys that move between and act on them.

Wide terminals show the three panes at once; at 80 columns or fewer one pane shows at a time (the focused one),
like a mail client: enter goes deeper, escape or backspace goes back. The panes never hold state the store does
not: read marks and bookmarks are written to the store the moment they change, and the lists are redrawn from it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer

from feeds.model import StoryHeader
from feeds.storage import StoreError

from ..widgets.feed_list import FeedList
from ..widgets.refresh_progress import RefreshProgress
from ..widgets.sources import feed_entries, feeds_of, shows_feed, source_label, stories_of
from ..widgets.story_list import StoryList
from ..widgets.story_view import StoryView

if TYPE_CHECKING:
    from feeds.refresh import FeedResult, Progress

    from ..app import NewsdeskApp

NARROW_MAX = 80  #: at this many columns or fewer, one pane at a time
PANES = ("feeds", "stories", "story")
RELOAD_EVERY = 1.0  #: seconds between story-list reloads while a refresh brings new stories


class MainScreen(Screen[None]):
    """The three panes. ``pane`` is the focused one; in narrow mode it is the only one shown."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_MAX + 1, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n", "next_unread", "Next unread", id="story.next_unread", tooltip="Open the next unread story"
        ),
        Binding(
            "p",
            "previous_unread",
            "Prev unread",
            id="story.previous_unread",
            tooltip="Open the previous unread story",
        ),
        Binding(
            "space",
            "page_down",
            "Page down",
            id="story.page_down",
            tooltip="Page the story down; at its end, the next unread",
            show=False,
        ),
        Binding(
            "m", "toggle_read", "Toggle read", id="story.toggle_read", tooltip="Mark the story read or unread"
        ),
        Binding(
            "b",
            "toggle_bookmark",
            "Bookmark",
            id="story.bookmark",
            tooltip="Bookmark the story, or remove its bookmark",
        ),
        Binding(
            "o",
            "open_link",
            "Open link",
            id="story.open_link",
            tooltip="Open the story's link in the browser",
        ),
        Binding(
            "A",
            "mark_feed_read",
            "Mark all read",
            id="feeds.mark_read",
            tooltip="Mark every story in the list read",
            show=False,
        ),
        Binding(
            "r",
            "refresh_feed",
            "Refresh",
            id="feeds.refresh",
            tooltip="Fetch new stories of the selected feed or group",
        ),
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            id="feeds.refresh_all",
            tooltip="Fetch new stories of every feed",
        ),
        Binding(
            "e",
            "show_errors",
            "Feed errors",
            id="feeds.errors",
            tooltip="List failing feeds, with retry",
            show=False,
        ),
        Binding("slash", "search", "Search", id="search.open", tooltip="Search stories"),
        Binding("tab", "next_pane", "Next pane", id="pane.next", tooltip="Move to the next pane", show=False),
        Binding(
            "shift+tab",
            "previous_pane",
            "Previous pane",
            id="pane.previous",
            tooltip="Move to the previous pane",
            show=False,
        ),
        Binding(
            "escape,backspace",
            "back",
            "Back",
            id="pane.back",
            tooltip="Go back to the previous pane",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.source = "all"
        self.pane = "stories"
        self._reload_timer: Timer | None = None
        self._last_reload = 0.0

    @property
    def newsdesk(self) -> NewsdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.newsdesk
        with Horizontal(id="panes"):
            yield FeedList(id="feed-list")
            with Vertical(id="right"):
                yield StoryList(app.store, clock=app.clock, id="story-list")
                with Horizontal(id="story-pane"):
                    yield StoryView(id="story-view")
                    with Vertical(id="sidebar"):  # related stories and entities: later issues
                        yield Vertical(id="related")
                        yield Vertical(id="entities")
        yield RefreshProgress(id="refresh-progress")
        yield Footer()

    @property
    def feed_list(self) -> FeedList:
        return self.query_one(FeedList)

    @property
    def story_list(self) -> StoryList:
        return self.query_one(StoryList)

    @property
    def story_view(self) -> StoryView:
        return self.query_one(StoryView)

    @property
    def progress(self) -> RefreshProgress:
        return self.query_one(RefreshProgress)

    def command_targets(self) -> list[Widget | App[object]]:
        """Where palette commands run: the app, this screen, then the panes."""
        return [self, self.app, self.story_list, self.story_view, self.feed_list]

    def on_mount(self) -> None:
        self.feed_list.border_title = Content("Feeds")
        self.feed_list.set_entries(feed_entries(self.newsdesk.store), select=self.source)
        self.show_source(self.source)
        self.set_pane("stories")
        self.story_list.focus()

    # -- panes ---------------------------------------------------------------------------------------------------
    def pane_widget(self, pane: str) -> Widget:
        return {"feeds": self.feed_list, "stories": self.story_list, "story": self.story_view}[pane]

    def set_pane(self, pane: str) -> None:
        self.pane = pane
        for name in PANES:
            self.set_class(name == pane, f"-pane-{name}")

    def focus_pane(self, pane: str) -> None:
        self.set_pane(pane)
        self.pane_widget(pane).focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        for pane in PANES:
            widget = self.pane_widget(pane)
            if event.widget is widget or widget in event.widget.ancestors:
                self.set_pane(pane)

    def action_next_pane(self) -> None:
        self.focus_pane(PANES[(PANES.index(self.pane) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.focus_pane(PANES[(PANES.index(self.pane) - 1) % len(PANES)])

    def action_back(self) -> None:
        if self.pane == "story":
            self.focus_pane("stories")
        elif self.pane == "stories":
            self.focus_pane("feeds")

    # -- sources and lists ---------------------------------------------------------------------------------------
    def show_source(self, key: str, *, keep: bool = False) -> None:
        """Fill the story list from a source (``all``, ``feed:ID``...)."""
        self.source = key
        store = self.newsdesk.store
        rows = stories_of(store, key)
        self.story_list.set_rows(rows, keep=keep)
        self.story_list.border_title = Content(f"{source_label(store, key)} · {len(rows):,}")

    def reload(self) -> None:
        """Redraw both lists from the store, the cursors staying on the same feed and story."""
        if self._reload_timer is not None:
            self._reload_timer.stop()
            self._reload_timer = None
        self._last_reload = time.monotonic()
        self.feed_list.set_entries(feed_entries(self.newsdesk.store))
        self.show_source(self.source, keep=True)

    def update_counts(self) -> None:
        self.feed_list.set_entries(feed_entries(self.newsdesk.store))

    def _schedule_reload(self) -> None:
        """Reload now, or once a second at most while stories keep arriving (a reload re-sorts the list)."""
        if self._reload_timer is not None:
            return
        wait = self._last_reload + RELOAD_EVERY - time.monotonic()
        if wait <= 0:
            self.reload()
        else:
            self._reload_timer = self.set_timer(wait, self.reload)

    def on_feed_list_highlighted(self, message: FeedList.Highlighted) -> None:
        if message.entry.key != self.source:
            self.show_source(message.entry.key)

    def on_feed_list_chosen(self, message: FeedList.Chosen) -> None:
        if message.entry.key != self.source:
            self.show_source(message.entry.key)
        self.focus_pane("stories")

    def on_story_list_chosen(self, message: StoryList.Chosen) -> None:
        self.open_story(message.header)
        self.focus_pane("story")

    # -- stories -------------------------------------------------------------------------------------------------
    @property
    def current(self) -> StoryHeader | None:
        """The story the keys act on: the one under the story list's cursor (opening one moves the cursor)."""
        return self.story_list.current

    def open_story(self, header: StoryHeader) -> None:
        """Show a story; mark it read when the config says so."""
        app = self.newsdesk
        story = app.store.story(header.id)
        if story is None:
            app.notify("That story is gone (purged, or its feed was removed).", severity="warning")
            return
        if app.config.mark_read_on_open and not app.store.is_read(header.id):
            self._set_read(header.id, True)
        feed = app.store.get_feed(story.feed_id)
        self.story_view.show(story, feed.name if feed else "", app.clock())

    def _write(self, action: str, do: Callable[[], object]) -> bool:
        """Run a store write; a failure (read-only store, full disk) becomes a notification."""
        try:
            do()
        except StoreError as exc:
            self.app.notify(f"Cannot {action}: {exc}", severity="error", markup=False)
            return False
        return True

    def _set_read(self, story_id: str, read: bool) -> None:
        if self._write("mark the story", lambda: self.newsdesk.store.set_read([story_id], read)):
            self.story_list.refresh_story(story_id)
            self.update_counts()

    def _step_unread(self, step: int) -> None:
        rows, store = self.story_list.rows, self.newsdesk.store
        index = self.story_list.cursor
        opened = self.story_view.story
        if not (opened is not None and 0 <= index < len(rows) and opened.id == rows[index].id):
            index -= step  # nothing open here yet: the cursor's own story counts
        index += step
        while 0 <= index < len(rows):
            if not store.is_read(rows[index].id):
                self.story_list.move_cursor(index)
                self.open_story(rows[index])
                return
            index += step
        self.app.notify("No more unread stories " + ("below." if step > 0 else "above."))

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def action_page_down(self) -> None:
        current, view = self.current, self.story_view
        if current is None:
            return
        if view.story is None or view.story.id != current.id:
            self.open_story(current)
        elif view.at_end:
            self._step_unread(1)
        else:
            view.scroll_page_down(animate=False)

    def action_toggle_read(self) -> None:
        if self.current is not None:
            self._set_read(self.current.id, not self.newsdesk.store.is_read(self.current.id))

    def action_toggle_bookmark(self) -> None:
        current, store = self.current, self.newsdesk.store
        if current is None:
            return
        marked = store.is_bookmarked(current.id)
        if self._write(
            "change the bookmark",
            lambda: store.unbookmark(current.id) if marked else store.bookmark(current.id),
        ):
            self.story_list.refresh_story(current.id)
            self.update_counts()
            self.app.notify("Bookmark removed." if marked else "Bookmarked.")

    def action_open_link(self) -> None:
        if self.current is None:
            return
        if not self.current.link:
            self.app.notify("This story has no link.", severity="warning")
            return
        self.newsdesk.open_link(self.current.link)

    def action_mark_feed_read(self) -> None:
        ids = [h.id for h in self.story_list.rows]
        changed: list[int] = []
        if self._write("mark the stories", lambda: changed.append(self.newsdesk.store.set_read(ids))):
            self.story_list.invalidate()
            self.update_counts()
            count = changed[0] if changed else 0
            self.app.notify(f"Marked {count:,} {'story' if count == 1 else 'stories'} read.")

    def action_search(self) -> None:
        self.app.notify("search: coming soon")

    # -- refresh -------------------------------------------------------------------------------------------------
    def action_refresh_feed(self) -> None:
        self.newsdesk.start_refresh(feeds_of(self.newsdesk.store, self.source))

    def action_refresh_all(self) -> None:
        self.newsdesk.start_refresh(None)

    def action_show_errors(self) -> None:
        from .errors import ErrorsScreen

        self.app.push_screen(ErrorsScreen(self.newsdesk.store, self.newsdesk.clock))

    def refresh_started(self, total: int) -> None:
        self.progress.start(total)

    def refresh_progressed(self, progress: Progress) -> None:
        self.progress.advance(progress.done, progress.total, progress.current, progress.errors)
        result = progress.result
        if result is not None and (
            result.outcome in ("failed", "gone")
            or (progress.new_story_ids and shows_feed(self.newsdesk.store, self.source, result.feed_id))
        ):
            self._schedule_reload()
        elif progress.new_story_ids:
            self._schedule_reload_counts()

    def _schedule_reload_counts(self) -> None:
        if self._reload_timer is None:
            self.update_counts()

    def refresh_finished(self, results: list[FeedResult], cancelled: bool) -> None:
        self.progress.finish()
        self.reload()
        new = sum(r.new for r in results)
        failed = sum(1 for r in results if r.outcome in ("failed", "gone"))
        words = [f"{new:,} new {'story' if new == 1 else 'stories'}"]
        if failed:
            words.append(f"{failed} {'feed' if failed == 1 else 'feeds'} failed (e lists them)")
        head = f"Refresh cancelled after {len(results)} feeds" if cancelled else "Refresh done"
        self.app.notify(f"{head}: {', '.join(words)}.", severity="warning" if failed else "information")
