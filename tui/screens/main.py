"""The reader: feed list, story list and story view, and the keys that move between and act on them.

Wide terminals show the three panes at once; at 80 columns or fewer one pane shows at a time (the focused one),
like a mail client: enter goes deeper, escape or backspace goes back. The panes never hold state the store does
not: read marks and bookmarks are written to the store the moment they change, and the lists are redrawn from it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from feeds.saved_searches import name_of
from feeds.text import counted

from ..widgets.enrich_panes import EntityPane, RelatedPane
from ..widgets.feed_list import FeedList
from ..widgets.footer import KeyBar
from ..widgets.refresh_progress import RefreshProgress
from ..widgets.search_bar import SearchBar
from ..widgets.sources import (
    BOOKMARK_TAG,
    empty_text,
    feed_entries,
    feeds_of,
    read_in_part_words,
    shows_feed,
    source_label,
    stories_of,
)
from ..widgets.story_list import StoryList
from ..widgets.story_view import StoryView
from ..writes import writes
from .bookmark_actions import BookmarkActions
from .enrich_actions import EnrichActions
from .group_actions import GroupActions
from .place import ReaderPlace
from .read_only import ReadOnlyCopy
from .saved_search_actions import SavedSearchActions
from .search_mode import SearchMode
from .story_actions import READING_BINDINGS, StoryActions

if TYPE_CHECKING:
    from collections.abc import Sequence

    from feeds.model import Feed, StoryHeader
    from feeds.refresh import FeedResult, Progress

    from ..app import NewsdeskApp

NARROW_MAX = 80  #: at this many columns or fewer, one pane at a time
PANES = ("feeds", "stories", "story")
#: On a narrow screen, the parts of the layout that make way for each pane (see MainScreen.set_pane).
_OFF = {"feeds": ("right",), "stories": ("feed-list", "story-pane"), "story": ("feed-list", "story-list")}
_SWAPPED = ("feed-list", "right", "story-list", "story-pane")
RELOAD_EVERY = 1.0  #: seconds between story-list reloads while a refresh brings new stories


class MainScreen(
    ReaderPlace,
    ReadOnlyCopy,
    GroupActions,
    SavedSearchActions,
    SearchMode,
    EnrichActions,
    BookmarkActions,
    StoryActions,
    Screen[None],
):
    """The three panes. ``pane`` is the focused one; in narrow mode it is the only one shown."""

    AUTO_FOCUS = "#story-list"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_MAX + 1, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(  # before next_unread: on n, the footer shows the first binding the screen allows
            "n",
            "next_match",
            "Next match",
            id="search.next_match",
            tooltip="In a story opened from search: the next match, then the next result's first",
        ),
        Binding(
            "n",
            "next_unread",
            "Next unread",
            id="story.next_unread",
            tooltip="Open the next unread story, copies in ×N groups too",
        ),
        Binding(
            "p",
            "previous_unread",
            "Prev unread",
            id="story.previous_unread",
            tooltip="Open the previous unread story, copies in ×N groups too",
            show=False,
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
            "m",
            "toggle_read",
            "Toggle read",
            id="story.toggle_read",
            tooltip="Mark the story read or unread (a collapsed ×N row: every copy)",
        ),
        Binding(
            "b",
            "toggle_bookmark",
            "Bookmark",
            id="story.bookmark",
            tooltip="Bookmark the story, or remove its bookmark (×N row: every copy's)",
        ),
        Binding(
            "B",
            "edit_bookmark",
            "Note/tags",
            id="story.bookmark_edit",
            tooltip="Note and tags for the story's bookmark (saves it too)",
            show=False,
            priority=True,  # the note typed straight after B goes into the dialog (tui/typeahead.py)
        ),
        Binding(
            "o",
            "open_link",
            "Open link",
            id="story.open_link",
            tooltip="Open the story's link in the browser",
        ),
        Binding(
            "u",
            "show_links",
            "Links",
            id="story.links",
            tooltip="Every link of the story, to open any (o opens its page)",
            show=False,
        ),
        Binding(
            "A",
            "mark_feed_read",
            "Mark all read",
            id="feeds.mark_read",
            tooltip="Mark every story in the list read (asks first across feeds)",
            show=False,
        ),
        Binding(
            "r",
            "refresh_feed",
            "Refresh",
            id="feeds.refresh",
            tooltip="Fetch the feed or group listed (other lists: every feed)",
        ),
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            id="feeds.refresh_all",
            tooltip="Fetch new stories of every feed",
            show=False,
        ),
        Binding(
            "e",
            "show_errors",
            "Feed errors",
            id="feeds.errors",
            tooltip="List failing feeds (!) and feeds read in part (~, larger than the size cap), with retry",
            show=False,
        ),
        # A priority binding runs in the app's own turn, before it hands the next key on: "/amazon" typed in one
        # go reached the list as "/" then "a", "m", ... (A marked the list read, o opened a link) while the bar
        # was opening. See SearchMode.action_search.
        Binding("slash", "search", "Search", id="search.open", tooltip="Search stories", priority=True),
        Binding(
            "ctrl+s",
            "toggle_search_sort",
            "Sort results",
            id="search.sort",
            tooltip="Order search results by relevance or by date",
            show=False,
        ),
        Binding(
            "N",
            "previous_match",
            "Previous match",
            id="search.previous_match",
            tooltip="In a story opened from search: the previous match (n: the next one)",
            show=False,
        ),
        *READING_BINDINGS,  # with the story list's z and M, for the story view: see GroupActions.check_action
        Binding(
            "E",
            "focus_entities",
            "Names",
            id="story.entities",
            tooltip="The story's names, by type; again: hide the sidebar",
            show=False,
        ),
        Binding(
            "L",
            "focus_related",
            "Related",
            id="story.related",
            tooltip="Related stories (enter opens one); again: hide the sidebar",
            show=False,
        ),
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
            tooltip="Go back a pane (during a refresh, escape cancels it)",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.source = "all"
        self.pane = "stories"
        self._reload_timer: Timer | None = None
        self._reload_full = False
        self._last_reload = 0.0

    @property
    def newsdesk(self) -> NewsdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.newsdesk
        with Horizontal(id="panes"):
            yield FeedList(id="feed-list").add_class("-off")  # the story list is the first pane
            with Vertical(id="right"):
                yield SearchBar(id="search-bar")
                yield StoryList(app.store, clock=app.clock, id="story-list")
                with Horizontal(id="story-pane", classes="-off"):
                    yield StoryView(text_width=app.config.text_width, id="story-view")
                    with Vertical(id="sidebar"):  # shown by E or L (tui/screens/enrich_actions.py)
                        yield RelatedPane(id="related")
                        yield EntityPane(id="entities")
        yield RefreshProgress(id="refresh-progress")
        yield KeyBar()

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
        self.source = self.restored_place()
        self.feed_list.set_entries(feed_entries(self.newsdesk.store), select=self.source)
        self.show_source(self.source)
        self.select_restored_story()  # the first enrichment pass waits for the search index (EnrichActions)
        self.watch_the_writer()

    # -- panes ---------------------------------------------------------------------------------------------------
    def pane_widget(self, pane: str) -> Widget:
        return {"feeds": self.feed_list, "stories": self.story_list, "story": self.story_view}[pane]

    def set_pane(self, pane: str) -> None:
        """Make ``pane`` the current one. On a narrow screen the others make way: they carry ``-off``, which the
        stylesheet hides only there. The class goes on the panes themselves, not on the screen: a class change
        on the screen restyled every widget in it, 40-50 ms for each focus move even on a wide screen."""
        self.pane = pane
        off = _OFF[pane]
        for name in _SWAPPED:
            self.query_one(f"#{name}").set_class(name in off, "-off")

    def focus_pane(self, pane: str) -> None:
        """Focus a pane; the pane classes follow the focus (see below), so a narrow screen shows it.

        Focus moves first and the old pane hides after: hiding a focused widget would blur it to nowhere.
        """
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
        if self.pane == "stories" and self.search_active:  # from the results back to the query
            self.search_bar.open()
        elif self.pane == "story":
            self.focus_pane("stories")
        elif self.pane == "stories":
            self.focus_pane("feeds")

    # -- sources and lists ---------------------------------------------------------------------------------------
    def show_source(self, key: str, *, keep: bool = False) -> None:
        """Fill the story list from a source (``all``, ``feed:ID``...; ``search:NAME`` fills it in a worker)."""
        if self.show_saved_source(key, keep=keep):
            return
        self.source = key
        store = self.newsdesk.store
        rows = stories_of(store, key)
        # Only an empty list says why: All's and a group's words read every feed (20,000: 10 ms a key press).
        empty = "" if rows else empty_text(store, key, self.newsdesk.key_for)
        self.story_list.set_rows(rows, keep=keep, empty=empty)
        self.retitle(rows)

    def retitle(self, rows: Sequence[StoryHeader] | None = None) -> None:
        """The story list's title: the source's name and how many stories its rows show, a duplicate group's copies
        once, then with them ("All · 43 (45 with copies)", :meth:`StoryList.count_text`). The feed list counts
        stories, every copy (its Unread 45 is that title's 45). Unread and Bookmarks count what is unread or
        bookmarked now: a story marked read or a bookmark taken off keeps its row (``m`` or ``b`` again takes it
        back). Search results count theirs the same way (:meth:`retitle_search`); a saved search's title counts its
        matches the same way (saved_search_actions). ``rows``: the source's stories as just read (show_source), so
        the unread or bookmarked ones are not looked up again."""
        store, key = self.newsdesk.store, self.source
        if self.search_active:
            self.retitle_search()  # the groups arrived over the results
            return
        if name_of(key) is not None:
            self._retitle_saved(key)  # the groups arrived over its stories
            return
        stories = rows  # None: the list's own rows
        if rows is None and key == "unread":
            unread = store.unread_ids()
            stories = [header for header in self.story_list.all_rows if header.id in unread]
        elif rows is None and (key == "bookmarks" or key.startswith(BOOKMARK_TAG)):
            stories = stories_of(store, key)
        self._title_count(self.story_list.count_text(stories))

    def _title_count(self, count: str) -> None:
        """The story list's title: the source's name, ``count`` (:meth:`retitle`), and a ~ feed's "read in part"."""
        store, key = self.newsdesk.store, self.source
        in_part = read_in_part_words(store, key, self.newsdesk.key_for)
        self.story_list.border_title = Content(f"{source_label(store, key)} · {count}{in_part}")

    def reload(self) -> None:
        """Redraw both lists from the store, the cursors staying on the same feed and story."""
        self._cancel_scheduled()
        self.feed_list.set_entries(feed_entries(self.newsdesk.store))
        if self.search_active:
            self.rerun_search()
        else:
            self.show_source(self.source, keep=True)

    def update_counts(self, *, full: bool = False) -> None:
        """Redraw the feed list's counts (``full``: its rows, failing marks too) from the store, and the title of
        an Unread or Bookmarks list (:meth:`retitle`): it went on counting a story marked read until a reload."""
        entries = self.count_feeds(full=full)
        if self.source == "unread" and not self.search_active and not self.story_list.folds:
            # Nothing folds: the feed list's Unread count, just made, is the title's (no unread rows to find)
            self._title_count(f"{next(e.count for e in entries if e.key == 'unread'):,}")
        elif self.source == "unread" or self.source == "bookmarks" or self.source.startswith(BOOKMARK_TAG):
            self.retitle()

    def _cancel_scheduled(self) -> None:
        self._last_reload = time.monotonic()
        self._reload_full = False
        if self._reload_timer is not None:
            self._reload_timer.stop()
            self._reload_timer = None

    def _schedule(self, *, full: bool) -> None:
        """Reload (``full``: the story list too, else the counts) now, or at most once a second while a refresh
        keeps finishing feeds: a reload re-sorts every story, too costly per feed with 200 feeds."""
        self._reload_full = self._reload_full or full
        if self._reload_timer is not None:
            return
        wait = self._last_reload + RELOAD_EVERY - time.monotonic()
        if wait <= 0:
            self._run_scheduled()
        else:
            self._reload_timer = self.set_timer(wait, self._run_scheduled)

    def _run_scheduled(self) -> None:
        full = self._reload_full
        self._cancel_scheduled()
        if full:
            self.reload()
        else:
            self.update_counts(full=True)  # titles and failing marks may have changed too

    def on_feed_list_highlighted(self, message: FeedList.Highlighted) -> None:
        if message.entry.key != self.source:
            self.show_source(message.entry.key)

    def on_feed_list_chosen(self, message: FeedList.Chosen) -> None:
        if message.entry.key != self.source:
            self.show_source(message.entry.key)
        self.focus_pane("stories")
        self.keep_place()

    def on_story_list_chosen(self, message: StoryList.Chosen) -> None:
        self.open_story(message.header)
        self.focus_pane("story")
        self.keep_place()

    # -- refresh -------------------------------------------------------------------------------------------------
    @writes("refresh feeds")
    def action_refresh_feed(self) -> None:
        self.newsdesk.start_refresh(feeds_of(self.newsdesk.store, self.source))

    @writes("refresh feeds")
    def action_refresh_all(self) -> None:
        self.newsdesk.start_refresh(None)

    def action_show_errors(self) -> None:
        from .errors import ErrorsScreen

        self.app.push_screen(ErrorsScreen(self.newsdesk.store, self.newsdesk.clock))

    def refresh_started(self, feeds: list[Feed]) -> None:
        self.progress.start(len(feeds), {f.id: f.name for f in feeds})

    @property
    def panes_gone(self) -> bool:
        """The app is shutting down and the panes are going (Textual removes them from the leaves up, in no order
        we can rely on): a refresh ending now has nothing to update."""
        return not all(bool(self.query(pane)) for pane in (RefreshProgress, FeedList, StoryList))

    def refresh_progressed(self, progress: Progress) -> None:
        """One feed finished: advance the bar; bring its new stories in if they belong to the shown list."""
        if self.panes_gone:
            return
        result = progress.result
        finished = result.feed_id if result is not None else None
        self.progress.advance(progress.done, progress.total, progress.current, progress.errors, finished)
        self.search_index_new(progress.new_story_ids)
        if result is None:
            return
        if progress.new_story_ids and shows_feed(self.newsdesk.store, self.source, result.feed_id):
            self._schedule(full=True)
        elif progress.new_story_ids or result.outcome in ("failed", "gone"):
            self._schedule(full=False)

    def refresh_finished(self, results: list[FeedResult], cancelled: bool) -> None:
        if self.panes_gone:
            return
        self.progress.finish()
        self.search_index_settle()
        self.reload()
        self.start_enrich()
        new = sum(r.new for r in results)
        failed = sum(1 for r in results if r.outcome in ("failed", "gone"))
        words = [counted(new, "new story", "new stories")]
        if failed:
            errors = self.newsdesk.key_for("feeds.errors")
            words.append(
                f"1 feed failed ({errors} shows it)"
                if failed == 1
                else f"{failed} feeds failed ({errors} lists them)"
            )
        if part := sum(1 for r in results if r.read_in_part):
            # larger than the size cap: read in part, which is no failure (see feeds.oversize)
            errors = self.newsdesk.key_for("feeds.errors")
            words.append(f"{counted(part, 'feed', 'feeds')} read in part ({errors} says why)")
        done = counted(len(results), "feed", "feeds")
        head = f"Refresh cancelled after {done}" if cancelled else "Refresh done"
        self.app.notify(f"{head}: {', '.join(words)}.", severity="warning" if failed else "information")
