"""Where the reader was: the list shown and the story under the cursor, kept in the store for the next start.

A mixin of :class:`~tui.screens.main.MainScreen`. A restart opened on All with the cursor at the top, whatever the
reader was reading: a newsboat user comes back to the feed they left. The place is written (by the store, whole
and atomically, like every user record) when a story is opened, when a list is chosen with enter, and on quitting;
at start it is used only if its list still exists (a removed feed, a deleted saved search or tag: All, without a
word), and the cursor goes back to its story if the list still holds it.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from feeds.saved_searches import name_of
from feeds.storage import StoreError
from feeds.store import Store

from ..widgets.sources import feed_entries
from .host import ScreenHost


def place_exists(store: Store, key: str) -> bool:
    """Whether the list ``key`` can still be shown: a feed list entry, or a saved search still saved. The lists
    always there and a feed's are known without building the feed list, which counted every feed's unread
    stories (at 20,000 feeds about 0.1 s of the start, before the list was built again to be shown)."""
    name = name_of(key)
    if name is not None:
        return bool(name) and name in store.saved_searches()
    if key in _ALWAYS:
        return True
    if key.startswith(_FEED):
        return store.get_feed(key.removeprefix(_FEED)) is not None  # every feed has its row
    return any(entry.key == key for entry in feed_entries(store))


_ALWAYS = frozenset({"all", "unread", "bookmarks"})  #: the first rows of :func:`feed_entries`, always there
_FEED = "feed:"


class ReaderPlace(ScreenHost):
    """Keeps and restores the reader's place; the host screen's members are described by ScreenHost."""

    _place_story: str | None = None  #: the story to put the cursor on once the restored list shows it

    if TYPE_CHECKING:

        def recount_saved(self, select: str | None = None) -> None: ...  # SavedSearchActions

    def restored_place(self) -> str:
        """The list to start on: the one kept by the last run if it still exists, else All. Its story, if one
        was kept, is put under the cursor by :meth:`select_restored_story` once the list is filled."""
        store = self.newsdesk.store
        try:
            source, story = store.reader_place()
            if not place_exists(store, source):
                return "all"
        except StoreError:  # an unreadable record is no reason to refuse to start: All, as on a first run
            return "all"
        self._place_story = story
        if story is not None and name_of(source) is not None:
            self.select_when_shown(story)  # a saved search's stories arrive from a worker
            self._place_story = None
        return source

    def select_restored_story(self) -> None:
        """Put the feed list's cursor on a restored saved search (the feed list lists them once counted), and the
        story list's on the kept story, if the list shows it (a purged story leaves the cursor on top)."""
        if name_of(self.source):
            self.recount_saved(select=self.source)
        story, self._place_story = self._place_story, None
        if story is not None:
            self.story_list.select_id(story)

    def keep_place(self) -> None:
        """Write where the reader is now. Search results are not a place to come back to: the list under them
        is kept. A failed write (a full disk) keeps the last place; nothing to tell the user while they quit."""
        current = self.story_list.current if not self.search_active else None
        with contextlib.suppress(StoreError):
            self.newsdesk.store.keep_reader_place(self.source, current.id if current is not None else None)
