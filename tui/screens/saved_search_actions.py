"""Saved searches on the main screen: saving the bar's query, the virtual feeds and their counts, delete, rename.

A mixin of :class:`~tui.screens.main.MainScreen`, beside :class:`~tui.screens.search_mode.SearchMode` whose
index it searches. Nothing here runs a search on the event loop: the unread counts of every saved search are
computed in one thread worker each time the feed list is redrawn from the store (after a refresh, a read mark, a
bookmark), and the stories of the selected saved search in another, newest first, like a feed. Until the index
is ready the counts stay blank and the list says it is indexing; :class:`IndexReady` fills both in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import work
from textual.content import Content
from textual.message import Message
from textual.worker import get_current_worker

from feeds import saved_searches as ss
from feeds.model import StoryHeader
from feeds.saved_searches import SavedSearch, key_of, name_of

from ..commands import Command
from ..widgets.dupe_groups import with_copies
from ..widgets.feed_list import SAVED_GROUP, FeedList
from ..writes import writes
from .host import ScreenHost
from .save_search import ConfirmScreen, NameScreen

if TYPE_CHECKING:
    from textual.widget import Widget

    from feeds.search.index import SearchResult


@dataclass
class SavedCounted(Message):
    """The count worker finished: every saved search with its unread count (None: it failed; ``error`` says
    why)."""

    searches: list[SavedSearch] | None
    error: str = ""
    #: the shown saved search's key and the stories it matches now: their ids when its list folds duplicate
    #: groups (the title counts a group once), else only their number
    shown: tuple[str, frozenset[str] | int] | None = None


@dataclass
class SavedShown(Message):
    """The stories of the saved search ``key``, newest first, and the result whose terms mark the matches."""

    key: str
    rows: list[StoryHeader]
    result: SearchResult


class SavedSearchActions(ScreenHost):
    """The saved-search half of the main screen; the host screen's members are described by ScreenHost."""

    _saved_shown: str | None = None  #: the saved search whose stories the story list holds
    _saved_select: str | None = None  #: a story to put the cursor on when those stories arrive
    saved_result: SearchResult | None = None  #: the shown saved search's result (its matches are marked)
    _saved_matches: frozenset[str] | int = (
        0  #: the stories the shown saved search matches (its title's), or their number
    )
    _counting = False  #: a count worker runs: further requests wait for it and run once after
    _count_again = False

    # -- counts ----------------------------------------------------------------------------------------------------
    def on_feed_list_rebuilt(self, message: FeedList.Rebuilt) -> None:
        self.recount_saved()

    def recount_saved(self, select: str | None = None) -> None:
        """Show the saved searches' names now (last counts kept) and count them again in a worker."""
        old = {s.name: s.unread for s in self.feed_list.saved}
        searches = [SavedSearch(s.name, s.query, old.get(s.name, -1)) for s in ss.saved(self.newsdesk.store)]
        if searches != self.feed_list.saved or select is not None:
            self.feed_list.set_saved(searches, select=select)
        service = self.search_service
        if not searches or service is None or not service.ready:
            return
        if self._counting:  # a burst of read marks (n, n, n...) costs one more count, not one per mark
            self._count_again = True
            return
        self._counting = True
        name = name_of(self.source) if not self.search_active and self._saved_shown == self.source else None
        query = self.newsdesk.store.saved_searches().get(name) if name else None
        self._count_saved(None if query is None else (self.source, query), self.story_list.folds)

    @work(thread=True, group="saved-count", exit_on_error=False)
    def _count_saved(self, shown: tuple[str, str] | None, folds: bool) -> None:
        """Count every saved search's unread stories, and the matches of the one shown (``shown``: its key and
        query), whose title counts them: a mark can change them (``is:unread``, ``is:bookmarked``, a bookmark's
        ``tag:``) while the marked row stays in the list so the key can take the mark back. Their ids only when
        the list ``folds`` duplicate groups (the title counts a group once); else their number, which the index
        counts without listing every match at each read mark."""
        service = self.search_service
        assert service is not None
        try:
            now = self.newsdesk.clock()
            marks = ss.MarksSnapshot(service.store)
            searches = ss.counted(service, now=now, marks=marks)
            total: tuple[str, frozenset[str] | int] | None = None
            if shown is not None:
                match = ss.match_ids if folds else ss.match_count
                total = (shown[0], match(service, shown[1], now=now, marks=marks))
            self.post_message(SavedCounted(searches, shown=total))
        except Exception as exc:  # a failure must not leave later counts waiting for this one forever
            self.post_message(SavedCounted(None, f"{exc.__class__.__name__}: {exc}"))
            raise

    def on_saved_counted(self, message: SavedCounted) -> None:
        self._counting = False
        if message.searches is None:
            text = f"Could not count the saved searches: {message.error}"
            self.app.notify(text, severity="warning", markup=False)
            return
        names = [s.name for s in message.searches]
        # Names that differ mean a save or delete came meanwhile: its own recount follows.
        if names == list(self.newsdesk.store.saved_searches()):
            self.feed_list.set_saved(message.searches)
        if message.shown is not None:
            self._retitle_saved(*message.shown)
        if self._count_again:
            self._count_again = False
            self.recount_saved()

    def _retitle_saved(self, key: str, matches: frozenset[str] | int | None = None) -> None:
        """The title of the shown saved search counts what it matches now (``matches``; None: the last known),
        a duplicate group's copies once, then with them ("Rail · 3 (5 with copies)"), as the story list's and
        the search results' titles do: it counted every copy. A story marked read (or a bookmark taken off)
        keeps its row, and with ``is:unread`` (or ``is:bookmarked``) in the query the title went on counting it
        until the list reloaded, as the Unread and Bookmarks titles did. Redone when the groups arrive: a count
        made while the list folded nothing is then counted again, as ids."""
        name = name_of(key)
        if name is not None and key == self.source == self._saved_shown and not self.search_active:
            if matches is not None:
                self._saved_matches = matches
            found = self._saved_matches
            if isinstance(found, int):
                shown = found
                if self.story_list.folds:  # the groups came after the count: it cannot fold, ids can
                    self.recount_saved()
            else:
                shown, found = self.story_list.count_shown(found), len(found)
            self.story_list.border_title = Content(f"{name} · {shown:,}{with_copies(shown, found)}")

    def on_index_ready(self, message: Message) -> None:
        if self.panes_gone:  # quitting (see on_index_updated)
            return
        self.recount_saved()
        if name_of(self.source) and not self.search_active:
            self.show_source(self.source, keep=True)

    def on_index_updated(self, message: Message) -> None:
        """New stories were indexed: recount (coalesced); once the refresh is over, the shown list too. Not as the
        app quits: the index's update a refresh started can end after the feed list is gone (NoMatches)."""
        if self.panes_gone:
            return
        self.recount_saved()
        if name_of(self.source) and not self.search_active and not self.newsdesk.refreshing:
            self.show_source(self.source, keep=True)

    def on_names_stored(self, message: Message) -> None:
        """The enrichment pass found names (it starts as a refresh ends, and the first start names every story):
        ``person:``, ``org:``, ``place:`` and ``entity:`` match more now. The counts were made before and stayed
        so until some read mark recounted them. Not as the app quits (see :meth:`on_index_updated`)."""
        if self.panes_gone:
            return
        self.recount_saved()
        if name_of(self.source) and not self.search_active and not self.newsdesk.refreshing:
            self.show_source(self.source, keep=True)

    # -- a saved search as the story list's source -------------------------------------------------------------
    def show_saved_source(self, key: str, *, keep: bool = False) -> bool:
        """Fill the story list from a saved search (in a worker); False when ``key`` is not one."""
        name = name_of(key)
        if name is None:
            if self._saved_shown is not None and not self.search_active:
                self.story_list.title_marks = None  # a feed's titles carry no marks
            self._saved_shown = None
            self.saved_result = None
            return False
        self.source = key
        keep = keep and self._saved_shown == key
        if not keep:
            self._saved_shown = None
            self.saved_result = None
            self.story_list.title_marks = None
            self.story_list.set_rows([])
        query = self.newsdesk.store.saved_searches().get(name) if name else None
        service = self.search_service
        if query is None:
            label = "Choose a saved search below" if not name else f"{name} (deleted)"
            self.story_list.border_title = Content(f"{SAVED_GROUP} · {label}")
        elif service is None or not service.ready:
            self.story_list.border_title = Content(f"{name} · indexing…")
        else:
            self._load_saved(key, query)
        return True

    @work(thread=True, exclusive=True, group="saved-show", exit_on_error=False)
    def _load_saved(self, key: str, query: str) -> None:
        service = self.search_service
        assert service is not None
        result, rows = ss.results(service, query, now=self.newsdesk.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(SavedShown(key, rows, result))

    def on_saved_shown(self, message: SavedShown) -> None:
        if message.key != self.source or self.search_active:
            return  # the reader moved on meanwhile
        keep = self._saved_shown == message.key
        self._saved_shown = message.key
        self.saved_result = message.result
        self.story_list.title_marks = message.result.highlight if message.result.terms else None
        self.story_list.set_rows(message.rows, keep=keep, empty="No story matches this saved search.")
        self.story_list.invalidate()
        if self._saved_select is not None:
            self.story_list.select_id(self._saved_select)
            self._saved_select = None
        self._retitle_saved(message.key, frozenset(row.id for row in message.rows))

    def select_when_shown(self, story_id: str) -> None:
        """Put the cursor on ``story_id`` once the saved search being loaded is shown (after leaving search)."""
        self._saved_select = story_id

    # -- save, delete, rename --------------------------------------------------------------------------------------
    @writes("save searches")
    def action_save_search(self) -> None:
        """Ask a name for the query in the search bar (the query itself by default) and save it."""
        typed = self.search_bar.query_text if self.search_active else ""
        query = typed.strip()
        # A space after the last word ends it in the box ("kim sum " looks for the word "sum", not every sum-word):
        # saved without it, the saved search read that word as still being typed and listed more than the box.
        complete = typed != typed.rstrip()
        if not query:
            search = self.newsdesk.key_for("search.open")
            self.app.notify(f"Type a query in the search bar ({search}) first, then save it.")
            return

        def done(name: str | None) -> None:
            if name is None:
                return
            existed = name.strip() in self.newsdesk.store.saved_searches()
            stored: list[str] = []
            if self._write(
                "save the search",
                lambda: stored.append(ss.save(self.newsdesk.store, name, query, complete=complete)),
            ):
                self.recount_saved()
                verb = "replaced" if existed else "saved"
                self.app.notify(
                    f"Search {stored[0]!r} {verb}: it is under {SAVED_GROUP} in the feed list.", markup=False
                )

        self.app.push_screen(NameScreen("Save search", f"Save the search  {query}  as:", query[:80]), done)

    def on_feed_list_saved_action(self, message: FeedList.SavedAction) -> None:
        if message.action == "delete":
            self._delete_saved(message.name)
        else:
            self._rename_saved(message.name)

    def _delete_saved(self, name: str) -> None:
        def done(yes: bool | None) -> None:
            if not yes or not self._write("delete the search", lambda: ss.delete(self.newsdesk.store, name)):
                return
            self.recount_saved()
            current = self.feed_list.current
            if self.source == key_of(name):
                self.show_source(current.key if current else "all")
            self.app.notify(f"Saved search {name!r} deleted.", markup=False)

        query = self.newsdesk.store.saved_searches().get(name, "")
        self.app.push_screen(ConfirmScreen("Delete saved search", f"Delete {name!r}  ({query})?"), done)

    def action_rename_saved_search(self) -> None:
        """Rename the saved search under the feed list's cursor (its F2 runs this in its own turn)."""
        name = self.feed_list.current_saved
        if name is not None:
            self._rename_saved(name)

    def _rename_saved(self, name: str) -> None:
        def done(new: str | None) -> None:
            if new is None:
                return
            stored: list[str] = []
            if not self._write(
                "rename the search", lambda: stored.append(ss.rename(self.newsdesk.store, name, new))
            ):
                return
            was_shown = self.source == key_of(name)
            self.recount_saved(select=key_of(stored[0]))
            if was_shown:
                self.show_source(key_of(stored[0]))

        self.app.push_screen(NameScreen("Rename saved search", f"New name for  {name}:", name), done)

    # -- the command palette ---------------------------------------------------------------------------------------
    def action_open_saved_search(self, name: str) -> None:
        """Show the stories of the saved search ``name`` (from the palette)."""
        if self.search_active:
            self.close_search()
        key = key_of(name)
        if not self.feed_list.select_key(key):
            self.app.notify(f"No saved search named {name!r}.", markup=False)
            return
        if self.source != key:
            self.show_source(key)
        self.focus_pane("stories")

    def palette_commands(self) -> list[Command]:
        """Palette entries beyond the key bindings: save the bar's query, and each saved search by name."""
        screen = cast("Widget", self)
        out = [
            Command(
                "search: Save search",
                "Save the query in the search bar as a virtual feed",
                screen,
                "save_search",
            )
        ]
        for name, query in self.newsdesk.store.saved_searches().items():
            action = f"open_saved_search({name!r})"
            out.append(Command(f"saved: {name}", f"Show the saved search: {query}", screen, action))
        return out
