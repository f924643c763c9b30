"""A ``--read-only`` reader keeping its lists up with the copy that writes the store.

A mixin of :class:`~tui.screens.main.MainScreen`. The read-only copy keeps the catalog it read at start; the
writer's refreshes purge stories (retention) and drop a removed feed's. The lists went on showing those until the
copy restarted, and opening one said it was gone. Every few seconds, and at once when a story opened is found
gone, a thread worker asks the store to forget what the writer purged
(:meth:`~feeds.store.Store.drop_purged_elsewhere`: one ``stat`` while nothing changed, the changed feeds' files
read off the UI thread); when it forgot any, the lists are drawn again, the cursor kept on its story.
"""

from __future__ import annotations

from textual import work
from textual.worker import Worker, WorkerState

from .host import ScreenHost

#: Seconds between looks at the stories folder: soon enough that a purged story does not linger in the list.
LOOK_EVERY = 5.0


class ReadOnlyCopy(ScreenHost):
    """Purged stories leaving a read-only copy's lists; the host screen's members are described by ScreenHost."""

    def watch_the_writer(self) -> None:
        """Called once the screen is mounted: a read-only copy looks for the writer's purges from now on."""
        if self.newsdesk.store.readonly:
            self.set_interval(LOOK_EVERY, self.look_for_purges)

    def look_for_purges(self) -> None:
        """Look now (in a worker); also when a story opened is found gone (see StoryActions.open_story)."""
        self._drop_purged()

    @work(thread=True, group="purged", exit_on_error=False)
    def _drop_purged(self) -> list[str]:
        # Not exclusive: a look cancelled would have forgotten its stories with none to redraw the lists for them.
        return self.newsdesk.store.drop_purged_elsewhere()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "purged" and event.state == WorkerState.SUCCESS and worker.result:
            self.reload()
