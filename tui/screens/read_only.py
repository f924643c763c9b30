"""A ``--read-only`` reader keeping its lists up with the copy that writes the store.

A mixin of :class:`~tui.screens.main.MainScreen`. The read-only copy keeps the catalog it read at start; the
writer's refreshes bring stories and purge others (retention), `newsdesk add`, `remove` and `rename` change the
feeds, and its reader marks stories read and bookmarks them. The lists went on showing all of it as it was (no new
story ever, a removed feed listed with no stories) until the copy restarted, and opening a purged story said it was
gone. Every few seconds, and at once when a story opened is found gone, a thread worker asks the store what the
writer changed (:meth:`~feeds.store.Store.follow_writer`: a few ``stat`` calls while nothing changed, the changed
files read off the UI thread) and hands the stories that came and went to the search index; when anything
changed, the lists are drawn again, the cursor kept on its story, and the open story's sidebar with them. A list of
a feed (or group) or saved search the writer removed moves to All, and says why (searching from it, search goes
back to All); one of a saved search it renamed stays, under the new name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, WorkerState

from feeds.saved_searches import key_of, name_of

from ..widgets.sources import feeds_of, in_group, with_failing
from .host import ScreenHost

if TYPE_CHECKING:
    from feeds.store_watch import WriterNews

#: Seconds between looks at the data folder: soon enough that a purged story does not linger in the list.
LOOK_EVERY = 5.0


class ReadOnlyCopy(ScreenHost):
    """The writer's changes reaching a read-only copy's lists; the host screen's members are described by
    ScreenHost."""

    def watch_the_writer(self) -> None:
        """Called once the screen is mounted: a read-only copy looks for the writer's changes from now on."""
        if self.newsdesk.store.readonly:
            self.set_interval(LOOK_EVERY, self.look_for_purges)

    _looking = False  #: a look runs: another asked for meanwhile runs once after it
    _look_again = False

    def look_for_purges(self) -> None:
        """Look now (in a worker); also when a story opened is found gone (see StoryActions.open_story). One
        look at a time: two at once could each read a file the writer replaced twice and take in the older."""
        if self._looking:
            self._look_again = True
            return
        self._looking = True
        self._follow_writer()

    @work(thread=True, group="purged", exit_on_error=False)
    def _follow_writer(self) -> WriterNews:
        # Not exclusive: a look cancelled would have forgotten its stories with none to redraw the lists for them.
        news = self.newsdesk.store.follow_writer()
        search = self.search_service
        if search is not None:  # here, at each look, not on every keystroke (see SearchService.search)
            search.forget(news.purged)
            if news.retold:
                search.recheck(news.retold)
        if (news.new or news.named) and self._related_ready:  # the sidebar suggests them, and finds theirs
            related = self.related_service
            named = related.named_since(news.named)  # indexed as they came, before the writer named them
            if news.new or named:
                related.update(named)
        return news

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "purged" or not worker.is_finished:
            return
        self._looking = False
        if event.state == WorkerState.SUCCESS and worker.result:
            self.writer_changed(worker.result)
        if self._look_again:
            self._look_again = False
            self.look_for_purges()

    def writer_changed(self, news: WriterNews) -> None:
        """Redraw what the writer's changes touch: the lists, the open story's sidebar, an entity pivot on top. The
        list of a feed or group the writer removed would stay empty ("This feed was removed."), its row gone from
        the feed list, and one of a saved search it deleted titled "NAME (deleted)": it moves to All, and says
        why. A feed errors dialog open lists the failing feeds again, as the writer's own does after a refresh."""
        store = self.newsdesk.store
        if news.statuses or news.feeds:
            from .errors import ErrorsScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, ErrorsScreen):
                    screen.reload()
        if not news.relist:  # a refresh's statuses: the lists show none of it but a feed's failing mark
            if news.failing:
                self.feed_list.replace_entries(with_failing(self.feed_list.feed_rows, store, news.failing))
                if not self.search_active and self.source in {f"feed:{fid}" for fid in news.failing}:
                    self.retitle()  # its list's title says the feed was read in part, or no longer
            return
        # Searching, the list to go back to: Escape went back to "Rail (deleted)", or to an empty list.
        key = self._search_return[0] if self.search_active else self.source
        gone = None
        name = name_of(key)
        if news.removed and key.startswith(("feed:", "tag:")) and not feeds_of(store, key):
            names = [f.name for f in news.removed if key == f"feed:{f.id}" or in_group(f, key)]
            gone = f"“{names[0]}” was" if len(names) == 1 else "Its feeds were"
        elif name is not None and news.renamed.get(name) in store.saved_searches():
            self.saved_renamed(key, key_of(news.renamed[name]))
        elif news.feeds and name is not None and name not in store.saved_searches():
            gone = f"The saved search “{name}” was"  # else its list stayed, titled "NAME (deleted)"
        if gone is not None:
            self.app.notify(
                f"{gone} removed by another newsdesk on this data folder: showing All.", markup=False
            )
            if self.search_active:  # the results stay; search goes back to All
                self._search_return = ("all", None)
                if self.source == key:  # not when the feed list's cursor went to another list since
                    self.source = "all"  # before the cursor moves: its highlight would fill the list with All
                    self.feed_list.select_key("all")
            else:
                self.feed_list.select_key("all")
                self.show_source("all")
        self.reload()
        self.refresh_enrichment()
        opened = self.story_view.story
        if opened is not None and (news.bookmarks or news.removed):  # its note and tags, its feed gone
            self.show_bookmark(opened.id)
        if news.purged:
            from .entity_pivot import EntityPivot

            for screen in self.app.screen_stack:
                if isinstance(screen, EntityPivot):
                    screen.show_result()

    def saved_renamed(self, old: str, new: str) -> None:
        """The saved search shown (``old``, a key) was renamed by the writer: its list stays, under the new name
        (drawn by the reload that follows), the cursors on the search and its story, as the writer's own rename
        leaves them. Taken for a deletion, it moved to All and said the search was removed."""
        self.recount_saved(select=new)
        self.source = new
        if self.search_active:  # the list shown once search closes
            source, story_id = self._search_return
            self._search_return = (new if source == old else source, story_id)
        elif (at := self.current) is not None:
            self.select_when_shown(at.id)
