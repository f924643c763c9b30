"""Duplicate groups in the reader: found in a worker, shown collapsed by the story list, marked read as one.

A mixin of :class:`~tui.screens.main.MainScreen`. The groups come from the related index, which the enrichment
worker loads or builds after the first paint (see :mod:`.enrich_actions`); when that worker finishes, a second
thread worker asks the index for its groups (MinHash bands over every story: linear, a fraction of a second at
50k stories, cached by the index until it changes) and hands the story list a plain id -> group map. Nothing
here runs before the first paint or on the UI thread's time but the final, O(stories) regrouping of the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, WorkerState

from ..widgets.dupe_groups import membership
from ..widgets.story_list import StoryList
from ..writes import writes
from .host import ScreenHost
from .story_actions import every_copy

if TYPE_CHECKING:
    from feeds.enrich import RelatedService


class GroupActions(ScreenHost):
    """Duplicate-group behaviour; the host screen's members are described by ScreenHost."""

    #: True once the first groups reached the story list (or finding them failed): tests wait for it.
    groups_ready: bool = False

    def start_groups(self) -> None:
        """Find the duplicate groups again, in the background (after each enrichment pass)."""
        self._find_groups(self.related_service)

    @work(thread=True, exclusive=True, group="dupes", exit_on_error=False)
    def _find_groups(self, service: RelatedService) -> dict[str, str]:
        return membership(service.index.duplicate_groups())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group, state = event.worker.group, event.state
        if group == "enrich" and state == WorkerState.SUCCESS:
            self.start_groups()
        elif group == "dupes" and event.worker.is_finished:
            result = event.worker.result
            if (
                state == WorkerState.SUCCESS
                and isinstance(result, dict)
                and self.story_list.set_groups(result)
            ):
                self.retitle()  # the title counts a group's copies once, as its row shows them
                opened = self.story_view.story
                if opened is not None:  # its related stories fold their copies into ×N rows now
                    self.show_related(opened.id, keep=True)
                from .entity_pivot import EntityPivot

                for screen in self.app.screen_stack:  # and an open pivot's stories
                    if isinstance(screen, EntityPivot):
                        screen.show_result()
            self.groups_ready = state != WorkerState.CANCELLED
            # Finding the groups freed its working memory: give it back. The last background build to end.
            self.newsdesk.settle_heap(idle=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The group keys of the main screen answer in the story view, and only while the story list's cursor row
        stands for the story shown (opening a story puts the cursor on it); elsewhere they would act on a row the
        reader is not looking at. In the story list its own bindings answer first (the palette runs the screen's)."""
        if action in ("toggle_group", "mark_group_read"):
            return self.story_list.has_focus or (
                self.story_view.has_focus_within and self._cursor_row_is_read()
            )
        return super().check_action(action, parameters)

    def _cursor_row_is_read(self) -> bool:
        opened, stories = self.story_view.story, self.story_list
        return opened is not None and any(h.id == opened.id for h in stories.stands_for(stories.cursor))

    def action_toggle_group(self) -> None:
        """``z`` in the story view: show or hide the copies of the story being read under its row."""
        self.story_list.action_toggle_group()

    @writes("mark stories read")
    def action_mark_group_read(self) -> None:
        """``M`` in the story view: mark every copy of the story being read read."""
        self.story_list.action_mark_group_read()

    def on_story_list_group_read(self, message: StoryList.GroupRead) -> None:
        message.stop()
        ids, store = message.story_ids, self.newsdesk.store
        changed: list[int] = []
        if self._write("mark the stories", lambda: changed.append(store.set_read(ids))):
            self.story_list.invalidate()
            self.update_counts()
            count = len(ids)
            self.app.notify(f"Marked {every_copy(count)} read.", timeout=3)
